"""The validate report for people: the plan's summary, stated figures, notes, problems."""

from __future__ import annotations

from ..i18n import Named, t
from ..money.fen import fmt
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _validation_rows(report, lang: str) -> list[list]:
    plan = report.inputs.plan
    info, funding = plan.plan, plan.funding
    title = info.title_in(lang)
    missing = "-"
    agencies = report.inputs.applicants.agencies if report.inputs.applicants is not None else None
    applicants = report.applicant_count()
    rows = [
        [t(lang, "val.plan"), f"{info.id}: {title}" if title else info.id],
        [t(lang, "val.province_year"), f"{Named(info.province, info.province_zh).pick(lang)}, {info.year}"],
        [t(lang, "val.service"), t(lang, "val.service_value", start=info.service_start.isoformat(),
                                   months=info.service_months)],
        *([[t(lang, "val.deadline"), info.agreement_deadline.isoformat()]] if info.agreement_deadline else []),
        [t(lang, "val.prefectures"), len(plan.prefectures)],
        [t(lang, "val.counties"), report.county_count()],
        [t(lang, "val.posts"), sum(1 for _ in plan.posts())],
    ]
    for programme, (posts, slots) in report.programmes().items():
        rows.append([f"  {t(lang, 'programme.' + programme)}",
                     t(lang, "val.programme_value", posts=posts, slots=slots)])
    rows += [
        [t(lang, "val.slots"), sum(post.quota for _, _, post in plan.posts())],
        [t(lang, "val.trainees"), sum(post.trainees for _, _, post in plan.posts())],
        [t(lang, "val.agencies"), missing if agencies is None else len(agencies)],
        [t(lang, "val.applicants"), missing if applicants is None else applicants],
        [t(lang, "val.dispatch"), t(lang, "val.dispatch_value",
                                    dispatch=fmt(funding.central_per_person_year + funding.local_per_person_year),
                                    central=fmt(funding.central_per_person_year),
                                    local=fmt(funding.local_per_person_year))],
        [t(lang, "val.training"), t(lang, "val.training_value", rate=fmt(funding.training_per_person_day),
                                    days=funding.training_days)],
    ]
    return rows


def _stated_rows(report, lang: str, tick: str = "✓") -> list[list]:
    rows = []
    for item in report.stated():
        if item.ok:
            mark = tick
        elif item.actual is None:
            mark = t(lang, "val.not_checked")
        else:
            mark = f"{item.actual - item.stated:+d}"
        rows.append([t(lang, "stated." + item.figure), item.stated, "" if item.actual is None else item.actual, mark])
    return rows


def _stated_header(lang: str) -> list[str]:
    return [t(lang, "val.figure"), t(lang, "val.stated"), t(lang, "val.data"), t(lang, "val.check")]


def _notes(report, lang: str) -> list[str]:
    return [t(lang, "val.note", place=n.place, name=n.name, note=n.note) for n in report.notes()]


def _verdict(report, lang: str) -> str:
    errors = sum(1 for p in report.problems if p.severity == "error")
    warnings = len(report.problems) - errors
    if not report.ok:
        return t(lang, "val.invalid", errors=errors, warnings=warnings)
    return t(lang, "val.valid_warnings", warnings=warnings) if warnings else t(lang, "val.valid")


def validation_table(report, lang: str = "en", view=None) -> list:
    out = []
    if report.inputs.plan is not None:
        out.append(table(t(lang, "val.plan_title"), None, _validation_rows(report, lang)))
        if report.stated():
            out.append(table(t(lang, "val.stated_title"), _stated_header(lang), _stated_rows(report, lang), "lrrr"))
        out += [line(note) for note in _notes(report, lang)]
    out.append(line(_verdict(report, lang), style="bold green" if report.ok else "bold red"))
    return out


def validation_markdown(report, lang: str = "en", view=None) -> str:
    parts = []
    if report.inputs.plan is not None:
        parts.append(to_markdown(["", ""], _validation_rows(report, lang), "ll"))
        if report.stated():
            parts.append(to_markdown(_stated_header(lang), _stated_rows(report, lang, "ok"), "lrrl"))
        parts += [f"- {note}\n" for note in _notes(report, lang)]
    if report.problems:
        parts.append(to_markdown(cols(lang, "file", "line", "column", "code", "message"),
                                 [[p.file, p.line, p.column, p.code, p.render(lang)]
                                  for p in report.problems], "lrrll"))
    parts.append(f"**{_verdict(report, lang)}**\n")
    return "\n".join(parts)


def validation_csv(report, lang: str = "en", view=None) -> str:
    return to_csv(["file", "line", "column", "path", "code", "severity", "message"],
                  [[p.file, p.line, p.column, p.path, p.code, p.severity, p.render(lang)]
                   for p in report.problems])


def validation_sheets(report, lang: str) -> list[Sheet]:

    sheets = []
    if report.inputs.plan is not None:
        sheets.append(Sheet(t(lang, "val.plan_title"), ["", ""], _validation_rows(report, lang)))
        if report.stated():
            sheets.append(Sheet(t(lang, "val.stated_title"), _stated_header(lang), _stated_rows(report, lang, "ok")))
    # A workbook's problems at SHEET!CELL, as Excel names a cell; a text file's at LINE:COLUMN.
    header = cols(lang, "file", "place", "code", "severity", "message")
    sheets.append(Sheet(t(lang, "val.problems"), header,
                        [[p.file, f"{p.sheet}!{p.cell}" if p.sheet is not None else f"{p.line}:{p.column}", p.code,
                          t(lang, "severity." + p.severity), p.render(lang)] for p in report.problems]))
    return sheets


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": validation_table, "csv": validation_csv,
           "markdown": validation_markdown, "sheets": validation_sheets}
