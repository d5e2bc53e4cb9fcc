"""The validate report for people: the plan's summary, stated figures, notes, problems."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Named, t
from ..money.fen import fmt
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _validation_rows(summary: dict, lang: str) -> list[list]:
    f = summary["funding"]
    title = summary["title_zh"] if lang == "zh" and summary["title_zh"] else summary["title"]
    rows = [
        [t(lang, "val.plan"), f"{summary['plan']}: {title}" if title else summary["plan"]],
        [t(lang, "val.province_year"),
         f"{Named(summary['province'], summary['province_zh']).pick(lang)}, {summary['year']}"],
        [t(lang, "val.service"), t(lang, "val.service_value", start=summary["service_start"],
                                   months=summary["service_months"])],
        *([[t(lang, "val.deadline"), summary["agreement_deadline"]]]
          if summary["agreement_deadline"] else []),
        [t(lang, "val.prefectures"), summary["prefectures"]],
        [t(lang, "val.counties"), summary["counties"]],
        [t(lang, "val.posts"), summary["posts"]],
    ]
    for programme, entry in summary["programmes"].items():
        rows.append([f"  {t(lang, 'programme.' + programme)}",
                     t(lang, "val.programme_value", posts=entry["posts"], slots=entry["slots"])])
    missing = "-"
    rows += [
        [t(lang, "val.slots"), summary["slots"]],
        [t(lang, "val.trainees"), summary["trainees"]],
        [t(lang, "val.agencies"), missing if summary["agencies"] is None else summary["agencies"]],
        [t(lang, "val.applicants"), missing if summary["applicants"] is None else summary["applicants"]],
        [t(lang, "val.dispatch"), t(lang, "val.dispatch_value",
                                    dispatch=fmt(Decimal(f["dispatch_per_person_year"])),
                                    central=fmt(Decimal(f["central_per_person_year"])),
                                    local=fmt(Decimal(f["local_per_person_year"])))],
        [t(lang, "val.training"), t(lang, "val.training_value",
                                    rate=fmt(Decimal(f["training_per_person_day"])),
                                    days=f["training_days"])],
    ]
    return rows


def _stated_rows(summary: dict, lang: str, tick: str = "✓") -> list[list]:
    rows = []
    for item in summary["stated"]:
        if item["ok"]:
            mark = tick
        elif item["actual"] is None:
            mark = t(lang, "val.not_checked")
        else:
            mark = f"{item['actual'] - item['stated']:+d}"
        rows.append([t(lang, "stated." + item["figure"]), item["stated"],
                     "" if item["actual"] is None else item["actual"], mark])
    return rows


def _stated_header(lang: str) -> list[str]:
    return [t(lang, "val.figure"), t(lang, "val.stated"), t(lang, "val.data"), t(lang, "val.check")]


def _notes(summary: dict, lang: str) -> list[str]:
    return [t(lang, "val.note", place=n["place"], name=Named(n["name"], n["name_zh"]),
              note=Named(n["note"], n["note_zh"])) for n in summary["notes"]]


def _verdict(report, lang: str) -> str:
    errors = sum(1 for p in report.problems if p.severity == "error")
    warnings = len(report.problems) - errors
    if not report.ok:
        return t(lang, "val.invalid", errors=errors, warnings=warnings)
    return t(lang, "val.valid_warnings", warnings=warnings) if warnings else t(lang, "val.valid")


def validation_table(report, lang: str = "en", view=None) -> list:
    out = []
    summary = report.summary()
    if summary is not None:
        out.append(table(t(lang, "val.plan_title"), None, _validation_rows(summary, lang)))
        if summary["stated"]:
            out.append(table(t(lang, "val.stated_title"), _stated_header(lang),
                              _stated_rows(summary, lang), "lrrr"))
        out += [line(note) for note in _notes(summary, lang)]
    out.append(line(_verdict(report, lang), style="bold green" if report.ok else "bold red"))
    return out


def validation_markdown(report, lang: str = "en", view=None) -> str:
    summary = report.summary()
    parts = []
    if summary is not None:
        parts.append(to_markdown(["", ""], _validation_rows(summary, lang), "ll"))
        if summary["stated"]:
            parts.append(to_markdown(_stated_header(lang), _stated_rows(summary, lang, "ok"), "lrrl"))
        parts += [f"- {note}\n" for note in _notes(summary, lang)]
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
    summary = report.summary()
    if summary is not None:
        sheets.append(Sheet(t(lang, "val.plan_title"), ["", ""], _validation_rows(summary, lang)))
        if summary["stated"]:
            sheets.append(Sheet(t(lang, "val.stated_title"), _stated_header(lang),
                                _stated_rows(summary, lang, "ok")))
    header = cols(lang, "file", "line", "column", "code", "severity", "message")
    sheets.append(Sheet(t(lang, "val.problems"), header,
                        [[p.file, p.line, p.column, p.code, t(lang, "severity." + p.severity), p.render(lang)]
                         for p in report.problems]))
    return sheets


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": validation_table, "csv": validation_csv,
           "markdown": validation_markdown, "sheets": validation_sheets}
