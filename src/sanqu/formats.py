"""Every result in every output format: ``RENDERERS[kind][format](result, lang, view)``.

A renderer returns text (json, csv, markdown) or a list of rich objects (table).

JSON and CSV keys are the public contract (``shared/contract.md``); the table, CSV
and Markdown views are drawn from the same data so they never disagree.
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from fractions import Fraction

from .budgeting import MONEY_KEYS
from .i18n import Named, t
from .money import as_json, fmt, to_fen

# ---------------------------------------------------------------- shared helpers

def to_json(data) -> str:
    """Deterministic JSON: input order kept, Chinese as is, one record per line.

    Containers that hold other containers are spread over lines and indented; flat ones
    (an assignment, a budget row, a summary) stay on one line, which keeps a national
    allocation readable, diffable and quick to write.
    """
    out: list[str] = []
    _json_lines(data, 0, out)
    return "".join(out) + "\n"


_flat = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _json_lines(value, depth: int, out: list[str]) -> None:
    if isinstance(value, dict):
        items = value.items()
        if not items or not any(isinstance(v, (dict, list)) for v in value.values()):
            out.append(_flat(value))
            return
        pad = "  " * (depth + 1)
        out.append("{\n")
        for i, (key, item) in enumerate(items):
            out.append(f"{pad}{_flat(key)}: ")
            _json_lines(item, depth + 1, out)
            out.append(",\n" if i < len(value) - 1 else "\n")
        out.append("  " * depth + "}")
    elif isinstance(value, list):
        if not value or not any(isinstance(v, (dict, list)) for v in value):
            out.append(_flat(value))
            return
        pad = "  " * (depth + 1)
        out.append("[\n")
        last = len(value) - 1
        for i, item in enumerate(value):
            out.append(pad)
            _json_lines(item, depth + 1, out)
            out.append(",\n" if i < last else "\n")
        out.append("  " * depth + "]")
    else:
        out.append(_flat(value))


def score_number(score: Decimal):
    """A score as a JSON number: an int when whole, else the float that prints as the Decimal.

    Scores have at most four decimals and totals at most a dozen digits, so the shortest
    float repr reproduces the decimal text exactly.
    """
    return int(score) if score == score.to_integral_value() else float(score)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7f, 0xa0)] if c != 0x0a}


def plain(value) -> str:
    """Text from the input as a person may safely read it: control characters (an ESC that
    would clear or retitle the terminal) shown escaped, never sent raw."""
    return ("" if value is None else str(value)).translate(_CONTROL)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """A CSV cell: numbers as they are; text that a spreadsheet would run as a formula is
    prefixed with ' (OWASP's rule against CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text.startswith(_FORMULA_START):
        try:
            Decimal(text)  # a signed number such as -16666.67 stays a number
        except ArithmeticError:
            text = "'" + text
    return plain(text)


def to_csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _md_cell(value) -> str:
    return plain(value).replace("|", "\\|").replace("\n", " ")


def to_markdown(header: list[str], rows: list[list], align: str = "") -> str:
    """A GitHub-flavoured Markdown table; ``align`` has one of l/r per column."""
    align = align or "l" * len(header)
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _table(title: str | None, header: list[str] | None, rows: list[list], align: str = ""):
    """A rich table; ``header=None`` for a two-column key/value table without a header."""
    from rich.table import Table
    from rich.text import Text

    # Every cell and title is plain Text: a name like "Li Wei [formerly Li Wu]" is not markup.
    table = Table(title=None if title is None else Text(plain(title)), box=_box(),
                  title_justify="left", show_header=header is not None)
    header = header or [""] * (len(rows[0]) if rows else 2)
    align = align or "l" * len(header)
    for name, a in zip(header, align):
        table.add_column(Text(plain(name)), justify="right" if a == "r" else "left")
    for row in rows:
        table.add_row(*(v if isinstance(v, Text) else Text(plain(v)) for v in row))
    return table


def _fmt_score(score: Decimal) -> str:
    return f"{score:.1f}" if score == score.quantize(Decimal("0.1")) else str(score)


def _box():
    """Plain ASCII rules on a dumb terminal; light lines elsewhere."""
    from rich import box

    return box.ASCII if os.environ.get("TERM") == "dumb" else box.SIMPLE_HEAD


# ---------------------------------------------------------------- validate

def validation_data(report, lang: str = "en") -> dict:
    """``sanqu validate --format json``."""
    errors = sum(1 for p in report.problems if p.severity == "error")
    return {
        "ok": report.ok,
        "files": {"counties": str(report.inputs.plan_path),
                  "agencies": str(report.inputs.agencies_path)},
        "errors": errors,
        "warnings": len(report.problems) - errors,
        "problems": [p.as_dict(lang) for p in report.problems],
        "summary": report.summary(),
    }


def _validation_rows(summary: dict, lang: str) -> list[list]:
    f = summary["funding"]
    title = summary["title_zh"] if lang == "zh" and summary["title_zh"] else summary["title"]
    rows = [
        [t(lang, "val.plan"), f"{summary['plan']}: {title}" if title else summary["plan"]],
        [t(lang, "val.province_year"),
         f"{Named(summary['province'], summary['province_zh']).pick(lang)}, {summary['year']}"],
        [t(lang, "val.service"), t(lang, "val.service_value", start=summary["service_start"],
                                   months=summary["service_months"])],
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
    from rich.text import Text

    out = []
    summary = report.summary()
    if summary is not None:
        out.append(_table(t(lang, "val.plan_title"), None, _validation_rows(summary, lang)))
        if summary["stated"]:
            out.append(_table(t(lang, "val.stated_title"), _stated_header(lang),
                              _stated_rows(summary, lang), "lrrr"))
        out += [Text(plain(note)) for note in _notes(summary, lang)]
    out.append(Text(_verdict(report, lang), style="bold green" if report.ok else "bold red"))
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
        parts.append(to_markdown(["file", "line", "column", "code", "message"],
                                 [[p.file, p.line, p.column, p.code, p.render(lang)]
                                  for p in report.problems], "lrrll"))
    parts.append(f"**{_verdict(report, lang)}**\n")
    return "\n".join(parts)


def validation_csv(report, lang: str = "en", view=None) -> str:
    return to_csv(["file", "line", "column", "path", "code", "severity", "message"],
                  [[p.file, p.line, p.column, p.path, p.code, p.severity, p.render(lang)]
                   for p in report.problems])


# ---------------------------------------------------------------- allocate

ASSIGNMENT_KEYS = ["professional", "agency", "county", "programme", "score", "preference_rank"]


def allocation_data(result, lang: str = "en") -> dict:
    """``sanqu allocate --format json``: the contract's keys, then extra detail."""
    return {
        "plan": result.plan_id,
        "method": result.method,
        "proven_optimal": result.proven_optimal,
        "status": result.status,
        "assignments": [{
            "professional": a.person.id,
            "agency": a.person.agency.id,
            "county": a.post.county.code,
            "programme": a.post.programme.value,
            "score": score_number(a.person.score),
            "preference_rank": a.preference_rank,
            "name": a.person.professional.name,
            "name_zh": a.person.professional.name_zh,
            "prefecture": a.post.prefecture.code,
            "county_name": a.post.county.name,
            "county_name_zh": a.post.county.name_zh,
            **_period(result, a.person.index),
        } for a in result.assignments],
        "posts": [{
            "county": ref.county.code,
            "programme": ref.programme.value,
            "quota": ref.quota,
            "filled": result.filled[ref.index],
            "prefecture": ref.prefecture.code,
            "name": ref.county.name,
            "name_zh": ref.county.name_zh,
        } for ref in result.instance.posts],
        "unassigned": [{"professional": p.id, "reason": reason.render(lang), "agency": p.agency.id,
                        "score": score_number(p.score)}
                       for p, reason in result.unassigned],
        "shortfalls": [{"county": ref.county.code, "programme": ref.programme.value,
                        "empty": empty, "cause": cause.render(lang)}
                       for ref, empty, cause in result.shortfalls],
        "summary": {
            "slots": result.slots,
            "filled": sum(result.filled),
            "score_total": score_number(result.score_total),
            "blocking_pairs": len(result.blocking),
            "preference_rank_total": sum(a.preference_rank or 0 for a in result.assignments),
            "first_choice": first_choices(result),
            "applicants": len(result.instance.people),
            "unassigned": len(result.unassigned),
        },
        "blocking_pairs": [{"professional": b.professional, "county": b.post.county.code,
                            "programme": b.post.programme.value, "overtaken_by": b.overtaken_by}
                           for b in result.blocking],
        "waiting_list": [{"county": ref.county.code, "programme": ref.programme.value,
                          "professionals": result.waiting[ref.index]}
                         for ref in result.instance.posts],
        **_keep_data(result, lang),
    }


def _period(result, index: int) -> dict:
    """``start`` and ``end`` of a placement, written with --keep."""
    if result.periods is None:
        return {}
    start, end = result.periods[index]
    return {"start": start.isoformat(), "end": end.isoformat()}


def _keep_data(result, lang: str) -> dict:
    if result.changes is None:
        return {}
    from .keeping import post_label

    return {
        "changes": [{"professional": c.professional, "kind": c.kind, "from": post_label(c.before),
                     "to": post_label(c.after), "effective": c.effective.isoformat(),
                     **({"reason": c.reason.render(lang)} if c.reason is not None else {})}
                    for c in result.changes],
        "withdrawn": [{"professional": r.professional, "agency": r.agency, "county": r.county,
                       "programme": r.programme.value, "start": r.start.isoformat(),
                       "end": r.end.isoformat()} for r in result.withdrawn],
    }


def first_choices(result) -> int:
    """How many were placed at their first choice (someone with no preferences counts too)."""
    return sum(1 for a in result.assignments if a.preference_rank in (1, None))


def _name(obj, lang: str) -> str:
    """A county's, prefecture's or person's name in the language of the output."""
    return Named(obj.name, obj.name_zh).pick(lang)


def _post_label(ref, lang: str, code: bool = True) -> str:
    parts = [_name(ref.county, lang)] + ([ref.county.code] if code else [])
    return " ".join(parts + [t(lang, "programme." + ref.programme.value)])


def _assignment_rows(result) -> list[list]:
    return [[a.person.id, a.person.agency.id, a.post.county.code, a.post.programme.value,
             _fmt_score(a.person.score), a.preference_rank, a.person.professional.name,
             a.person.professional.name_zh, a.post.prefecture.code, a.post.county.name,
             a.post.county.name_zh]
            for a in result.assignments]


ASSIGNMENT_EXTRA = ["name", "name_zh", "prefecture", "county_name", "county_name_zh"]


def allocation_csv(result, lang: str = "en", view=None) -> str:
    return to_csv(ASSIGNMENT_KEYS + ASSIGNMENT_EXTRA, _assignment_rows(result))


def summary_line(result, lang: str = "en") -> str:
    """One line a report can quote: slots filled, score, who was left out, and the proof."""
    if result.method == "stable":
        proof = t(lang, "alloc.stable")
    else:
        proof = t(lang, "alloc.proven" if result.proven_optimal else "alloc.not_proven")
    line = t(lang, "alloc.summary", method=t(lang, "method." + result.method),
             filled=sum(result.filled), slots=result.slots, score=_fmt_score(result.score_total),
             unplaced=len(result.unassigned), applicants=len(result.instance.people), proof=proof,
             blocking=len(result.blocking))
    if not result.proven_optimal:
        line += f" ({result.status})"
    return line


def _cols(lang: str, *keys: str) -> list[str]:
    return [t(lang, "col." + key) for key in keys]


def allocation_table(result, lang: str = "en", view=None) -> list:
    from rich.text import Text

    rows = []
    current = None
    for ref in result.instance.posts:
        if ref.prefecture.code != current:
            current = ref.prefecture.code
            rows.append([f"{_name(ref.prefecture, lang)} ({current})", "", "", "", "", "", "", ""])
        placed = result.placed_at(ref.index)
        label = "  " + _post_label(ref, lang)
        status = f"{result.filled[ref.index]}/{ref.quota}"
        if not placed:
            rows.append([label, status, "-", "", "", "", "", ""])
        for k, a in enumerate(placed):
            rows.append([label if k == 0 else "", status if k == 0 else "", a.person.id,
                         _name(a.person.professional, lang), a.person.agency.id,
                         _fmt_score(a.person.score),
                         "-" if a.preference_rank is None else a.preference_rank,
                         t(lang, "qualification." + a.person.professional.qualification.value)])
    method = t(lang, "method." + result.method)
    out = [_table(t(lang, "alloc.title", method=method, plan=result.plan_id),
                  _cols(lang, "post", "filled", "id", "name", "agency", "score", "rank",
                        "qualification"), rows, "lrllllrl")]
    if result.shortfalls:
        out.append(_table(t(lang, "alloc.unfilled"), _cols(lang, "post", "empty", "cause"),
                          [[_post_label(ref, lang), empty, cause.render(lang)]
                           for ref, empty, cause in result.shortfalls], "lrl"))
    if result.blocking:
        out.append(_table(t(lang, "alloc.blocking", n=len(result.blocking)),
                          _cols(lang, "id", "post", "overtaken_by"), _blocking_rows(result, lang),
                          "lll"))
    if result.unassigned:
        out.append(_table(t(lang, "alloc.not_placed"),
                          _cols(lang, "id", "name", "agency", "score", "reason"),
                          [[p.id, _name(p.professional, lang), p.agency.id, _fmt_score(p.score),
                            reason.render(lang)] for p, reason in result.unassigned], "lllrl"))
    waiting = _waiting_rows(result, lang)
    if waiting:
        out.append(_table(t(lang, "alloc.waiting"), _cols(lang, "post", "count", "waiting"),
                          waiting, "lrl"))
    out.append(Text(summary_line(result, lang), style="bold" if result.proven_optimal else "bold red"))
    return out


def _blocking_rows(result, lang: str) -> list[list]:
    return [[b.professional, _post_label(b.post, lang),
             ", ".join(b.overtaken_by) if b.overtaken_by else t(lang, "alloc.free_slot")]
            for b in result.blocking]


def _waiting_rows(result, lang: str) -> list[list]:
    return [[_post_label(ref, lang), len(result.waiting[ref.index]),
             ", ".join(result.waiting[ref.index])]
            for ref in result.instance.posts if result.waiting[ref.index]]


def allocation_markdown(result, lang: str = "en", view=None) -> str:
    rows = [[_name(a.post.prefecture, lang), _name(a.post.county, lang),
             t(lang, "programme." + a.post.programme.value), a.person.id,
             _name(a.person.professional, lang), a.person.agency.id,
             _fmt_score(a.person.score), "-" if a.preference_rank is None else a.preference_rank]
            for a in result.assignments]
    parts = [f"**{summary_line(result, lang)}**\n",
             to_markdown(_cols(lang, "prefecture", "county", "programme", "id", "name", "agency",
                               "score", "rank"), rows, "llllllrr")]
    if result.shortfalls:
        parts.append(to_markdown(_cols(lang, "post", "empty", "cause"),
                                 [[_post_label(ref, lang, code=False), empty, cause.render(lang)]
                                  for ref, empty, cause in result.shortfalls], "lrl"))
    if result.unassigned:
        parts.append(to_markdown(_cols(lang, "id", "agency", "score", "reason"),
                                 [[p.id, p.agency.id, _fmt_score(p.score), reason.render(lang)]
                                  for p, reason in result.unassigned], "llrl"))
    if result.blocking:
        parts.append(f"**{t(lang, 'alloc.blocking', n=len(result.blocking))}**\n\n" + to_markdown(
            _cols(lang, "id", "post", "overtaken_by"), _blocking_rows(result, lang), "lll"))
    waiting = _waiting_rows(result, lang)
    if waiting:
        parts.append(f"**{t(lang, 'alloc.waiting')}**\n\n" + to_markdown(
            _cols(lang, "post", "count", "waiting"), waiting, "lrl"))
    return "\n".join(parts)


# ---------------------------------------------------------------- compare

COMPARE_KEYS = ["method", "filled", "slots", "score_total", "blocking_pairs", "first_choice",
                "unplaced"]


def comparison_data(comparison, lang: str = "en") -> dict:
    """``sanqu allocate --compare --format json``."""
    rows = []
    for method, result, refused in comparison.results:
        if result is None:
            rows.append({"method": method, **{k: None for k in COMPARE_KEYS[1:]},
                         "note": refused})
            continue
        rows.append({"method": method, "filled": sum(result.filled), "slots": result.slots,
                     "score_total": score_number(result.score_total),
                     "blocking_pairs": len(result.blocking), "first_choice": first_choices(result),
                     "unplaced": len(result.unassigned), "proven_optimal": result.proven_optimal})
    return {"plan": comparison.plan_id, "compare": rows}


def _compare_header(lang: str) -> list[str]:
    return _cols(lang, *COMPARE_KEYS)


def _compare_rows(comparison, lang: str) -> list[list]:
    rows = []
    for row in comparison_data(comparison, lang)["compare"]:
        name = t(lang, "method." + row["method"])
        if row["filled"] is None:
            rows.append([name, t(lang, "compare.refused", reason=row["note"]), "", "", "", "", ""])
            continue
        rows.append([name, row["filled"], row["slots"], _fmt_score(Decimal(str(row["score_total"]))),
                     row["blocking_pairs"], row["first_choice"], row["unplaced"]])
    return rows


def comparison_table(comparison, lang: str = "en", view=None) -> list:
    return [_table(t(lang, "compare.title", plan=comparison.plan_id), _compare_header(lang),
                   _compare_rows(comparison, lang), "lrrrrrr")]


def comparison_markdown(comparison, lang: str = "en", view=None) -> str:
    return to_markdown(_compare_header(lang), _compare_rows(comparison, lang), "lrrrrrr")


def comparison_csv(comparison, lang: str = "en", view=None) -> str:
    return to_csv(COMPARE_KEYS, [[row[k] for k in COMPARE_KEYS]
                                 for row in comparison_data(comparison, lang)["compare"]])


# ---------------------------------------------------------------- diff

def diff_data(diff, lang: str = "en") -> dict:
    """``sanqu diff --format json``: the contract's shape."""
    from .diffing import by_year, delta, totals
    from .keeping import post_label

    data: dict = {"plan": diff.plan_id}
    if diff.changes is not None:
        data["changes"] = [{"professional": c.professional, "kind": c.kind,
                            "from": post_label(c.before), "to": post_label(c.after),
                            "effective": c.effective.isoformat()} for c in diff.changes]
    else:
        data["posts"] = [{"county": p.county, "programme": p.programme, "field": p.field,
                          "before": p.before, "after": p.after} for p in diff.posts]
    data["budget"] = {
        "before": totals(diff.before.totals), "after": totals(diff.after.totals),
        "delta": totals(delta(diff.before.totals, diff.after.totals)),
        "by_year": [{"year": year, "before": totals(a), "after": totals(b), "delta": totals(d)}
                    for year, a, b, d in by_year(diff)],
    }
    return data


def _diff_title(diff, lang: str) -> str:
    title = diff.title_zh if lang == "zh" and diff.title_zh else diff.title
    return t(lang, "diff.title", title=title or diff.plan_id)


def _post_text(post, lang: str) -> str:
    return "" if post is None else f"{post['county']} {t(lang, 'programme.' + post['programme'])}"


def _diff_sections(diff, lang: str) -> list[tuple[str, list[str], list[list], str]]:
    """The request's tables: (caption, header, rows, alignment)."""
    data = diff_data(diff, lang)
    sections = []
    if "changes" in data:
        sections.append((t(lang, "diff.changes", n=len(data["changes"])),
                         _cols(lang, "id", "change", "from", "to", "effective"),
                         [[c["professional"], t(lang, "change." + c["kind"]),
                           _post_text(c["from"], lang), _post_text(c["to"], lang), c["effective"]]
                          for c in data["changes"]], "lllll"))
    else:
        sections.append((t(lang, "diff.posts", n=len(data["posts"])),
                         _cols(lang, "county", "programme", "field", "before", "after"),
                         [[p["county"], t(lang, "programme." + p["programme"]) if p["programme"]
                           else "", p["field"], "" if p["before"] is None else p["before"],
                           "" if p["after"] is None else p["after"]] for p in data["posts"]],
                         "lllrr"))
    money = [t(lang, "money." + k) for k in ("professionals",) + MONEY_KEYS]
    b = data["budget"]
    rows = [[t(lang, "diff." + name), b[name]["professionals"]] +
            [fmt(Decimal(b[name][k])) for k in MONEY_KEYS] for name in ("before", "after", "delta")]
    sections.append((t(lang, "diff.budget"), [""] + money, rows, "lrrrrrr"))
    rows = []
    for entry in b["by_year"]:
        for name in ("before", "after", "delta"):
            rows.append([f"{entry['year']} {t(lang, 'diff.' + name)}", entry[name]["professionals"]] +
                        [fmt(Decimal(entry[name][k])) for k in MONEY_KEYS])
    sections.append((t(lang, "diff.by_year"), [t(lang, "view.year")] + money, rows, "lrrrrrr"))
    return sections


def diff_table(diff, lang: str = "en", view=None) -> list:
    from rich.text import Text

    out: list = [Text(plain(_diff_title(diff, lang)), style="bold"), Text(t(lang, "diff.unit"))]
    out += [_table(caption, header, rows, align) for caption, header, rows, align
            in _diff_sections(diff, lang)]
    return out


def diff_markdown(diff, lang: str = "en", view=None) -> str:
    parts = [f"## {_diff_title(diff, lang)}\n", f"{t(lang, 'diff.unit')}\n"]
    parts += [f"**{caption}**\n\n" + to_markdown(header, rows, align)
              for caption, header, rows, align in _diff_sections(diff, lang)]
    return "\n".join(parts)


def _pair(post: dict | None) -> list[str]:
    return ["", ""] if post is None else [post["county"], post["programme"]]


def diff_csv(diff, lang: str = "en", view=None) -> str:
    data = diff_data(diff, lang)
    if "changes" in data:
        return to_csv(["professional", "kind", "from_county", "from_programme", "to_county",
                       "to_programme", "effective"],
                      [[c["professional"], c["kind"], *_pair(c["from"]), *_pair(c["to"]),
                        c["effective"]] for c in data["changes"]])
    return to_csv(["county", "programme", "field", "before", "after"],
                  [[p["county"], p["programme"], p["field"], p["before"], p["after"]]
                   for p in data["posts"]])


# ---------------------------------------------------------------- explain

def explanation_data(explanation, lang: str = "en") -> dict:
    data = explanation.as_dict(lang)
    data["options"] = [{**o, "lowest_score": None if o["lowest_score"] is None
                        else score_number(o["lowest_score"])} for o in data["options"]]
    return data


def _explanation_rows(explanation, lang: str) -> list[list]:
    return [[o["rank"] if o["rank"] is not None else "-",
             f"{Named(o['county_name'], o['county_name_zh']).pick(lang)} {o['county']}",
             t(lang, "programme." + o["programme"]), f"{o['filled']}/{o['quota']}",
             "" if o["lowest_score"] is None else _fmt_score(o["lowest_score"]),
             "".join(m.render(lang) for m in o["verdict"])] for o in explanation.options]


def _explanation_header(lang: str) -> list[str]:
    return _cols(lang, "rank", "county", "programme", "filled", "lowest", "verdict")


def explanation_table(explanation, lang: str = "en", view=None) -> list:
    from rich.text import Text

    return [Text(plain(explanation.headline.render(lang)), style="bold"),
            _table(None, _explanation_header(lang), _explanation_rows(explanation, lang), "rllrrl")]


def explanation_markdown(explanation, lang: str = "en", view=None) -> str:
    return f"**{explanation.headline.render(lang)}**\n\n" + to_markdown(
        _explanation_header(lang), _explanation_rows(explanation, lang), "rllrrl")


def explanation_csv(explanation, lang: str = "en", view=None) -> str:
    return to_csv(["rank", "county", "programme", "filled", "lowest_score", "verdict"],
                  [[o["rank"], o["county"], o["programme"], o["filled"],
                    "" if o["lowest_score"] is None else _fmt_score(o["lowest_score"]),
                    "".join(m.render(lang) for m in o["verdict"])] for o in explanation.options])


# ---------------------------------------------------------------- budget

def _money_dict(line) -> dict:
    return {key: as_json(getattr(line, key)) for key in MONEY_KEYS}


def budget_data(result, lang: str = "en") -> dict:
    """``sanqu budget --format json``."""
    data = {
        "plan": result.plan_id,
        "basis": result.basis,
        "totals": {"professionals": result.totals.professionals, **_money_dict(result.totals)},
        "by_prefecture": [{"code": l.key, "name": l.label, "name_zh": l.label_zh,
                           "professionals": l.professionals, **_money_dict(l)}
                          for l in result.by_prefecture],
        "by_county": [{"code": l.key, "name": l.label, "name_zh": l.label_zh,
                       "professionals": l.professionals, **_money_dict(l)} for l in result.by_county],
        "by_year": [{"year": l.key, "months": l.months, "professionals": l.professionals,
                     **_money_dict(l)} for l in result.by_year],
    }
    if result.by_agency is not None:
        data["by_agency"] = [{"agency": l.key, "professionals": l.professionals, **_money_dict(l)}
                             for l in result.by_agency]
    if result.items:
        data["items"] = {part: [{"item": name, "item_zh": name_zh, "amount": as_json(amount)}
                                for name, name_zh, amount in items]
                         for part, items in result.items.items()}
    return data


def _budget_header(lang: str, view: str) -> list[str]:
    return [t(lang, "view." + view)] + [t(lang, "money." + k) for k in
                                         ("professionals",) + MONEY_KEYS]


def budget_label(line, lang: str) -> str:
    """How a budget row is named: '2022 (5 months)', '5306 Zhaotong', or an agency id."""
    if line.months is not None:
        return t(lang, "budget.months", year=line.key, months=line.months)
    if line.label and line.label != str(line.key):
        return f"{line.key} {Named(line.label, line.label_zh).pick(lang)}"
    return str(line.key)


def _budget_rows(result, view: str, lang: str, bold=lambda text: text) -> list[list]:
    rows = [[budget_label(l, lang), l.professionals] + [fmt(getattr(l, k)) for k in MONEY_KEYS]
            for l in result.view(view)]
    totals = result.totals
    rows.append([bold(t(lang, "budget.total")), totals.professionals] +
                [bold(fmt(getattr(totals, k))) for k in MONEY_KEYS])
    return rows


def reconciliation(result, lang: str = "en") -> str:
    """One line that shows the total is what the standard says it should be."""
    central, local = result.per_person_year
    per_person = (central + local) * result.service_months / 12
    totals = result.totals
    people = totals.professionals
    if result.person_months != people * result.service_months:  # someone served part of the year
        exact = Fraction(central + local) * result.person_months / 12
        line = t(lang, "budget.reconcile_months", months=result.person_months,
                 per_month=fmt(to_fen(Fraction(central + local) / 12)), dispatch=fmt(totals.dispatch))
    else:
        exact = Fraction(people * per_person)
        line = t(lang, "budget.reconcile", people=people, per_person=fmt(per_person),
                 dispatch=fmt(totals.dispatch))
    if exact != Fraction(totals.dispatch):
        shown = Decimal(exact.numerator) / Decimal(exact.denominator)
        line += t(lang, "budget.rounded", exact=shown if exact.denominator in (1, 2, 4, 5, 10, 20, 25,
                                                                            50, 100) else f"{shown:.4f}…")
    if totals.training:
        line += t(lang, "budget.training", training=fmt(totals.training), total=fmt(totals.total))
    return line


def budget_table(result, lang: str = "en", view: str = "prefecture") -> list:
    from rich.text import Text

    title = t(lang, "budget.title", plan=result.plan_id, view=t(lang, "view." + view),
              basis=t(lang, "budget.basis." + result.basis))
    out = [_table(title, _budget_header(lang, view), _budget_rows(result, view, lang), "lrrrrrr"),
           Text(reconciliation(result, lang))]
    for part, items in result.items.items():
        out.append(_table(t(lang, "budget.items", part=t(lang, "part." + part)),
                          _cols(lang, "item", "amount"),
                          [[Named(name, name_zh).pick(lang), fmt(amount)]
                           for name, name_zh, amount in items], "lr"))
    return out


def budget_markdown(result, lang: str = "en", view: str = "prefecture") -> str:
    text = to_markdown(_budget_header(lang, view),
                       _budget_rows(result, view, lang, bold=lambda x: f"**{x}**"), "lrrrrrr")
    return text + f"\n{reconciliation(result, lang)}\n"


def budget_csv(result, lang: str = "en", view: str = "county") -> str:
    """One row per county (or per ``view``) with the JSON keys; money as plain decimals."""
    key = {"prefecture": "code", "county": "code", "year": "year", "agency": "agency"}[view]
    named = view in ("prefecture", "county")
    header = [key] + (["name", "name_zh"] if named else []) + (["months"] if view == "year" else []) + \
        ["professionals", *MONEY_KEYS]
    rows = [[l.key] + ([l.label, l.label_zh] if named else []) + ([l.months] if view == "year" else []) +
            [l.professionals] + [as_json(getattr(l, k)) for k in MONEY_KEYS]
            for l in result.view(view)]
    return to_csv(header, rows)


def _as_json(data_function):
    return lambda result, lang="en", view=None: to_json(data_function(result, lang))


def _as_xlsx(kind: str):
    def render(result, lang="en", view=None) -> bytes:
        from . import spreadsheet
        return spreadsheet.render(kind, result, lang, view)
    return render


RENDERERS = {
    "validate": {"table": validation_table, "json": _as_json(validation_data),
                 "csv": validation_csv, "markdown": validation_markdown,
                 "xlsx": _as_xlsx("validate")},
    "allocate": {"table": allocation_table, "json": _as_json(allocation_data),
                 "csv": allocation_csv, "markdown": allocation_markdown,
                 "xlsx": _as_xlsx("allocate")},
    "compare": {"table": comparison_table, "json": _as_json(comparison_data),
                "csv": comparison_csv, "markdown": comparison_markdown,
                "xlsx": _as_xlsx("compare")},
    "diff": {"table": diff_table, "json": _as_json(diff_data), "csv": diff_csv,
             "markdown": diff_markdown, "xlsx": _as_xlsx("diff")},
    "explain": {"table": explanation_table, "json": _as_json(explanation_data),
                "csv": explanation_csv, "markdown": explanation_markdown,
                "xlsx": _as_xlsx("explain")},
    "budget": {"table": budget_table, "json": _as_json(budget_data),
               "csv": budget_csv, "markdown": budget_markdown, "xlsx": _as_xlsx("budget")},
}
