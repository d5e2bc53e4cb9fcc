"""Every result in every output format: ``RENDERERS[kind][format](result) -> str | rich objects``.

The JSON shapes here are the public contract (``shared/contract.md``); the table, CSV
and Markdown views are drawn from the same data so they never disagree.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .money import as_json, fmt

FORMATS = ("table", "json", "csv", "markdown")


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


def to_csv(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def _md_cell(value) -> str:
    return ("" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")


def to_markdown(header: list[str], rows: list[list], align: str = "") -> str:
    """A GitHub-flavoured Markdown table; ``align`` has one of l/r per column."""
    align = align or "l" * len(header)
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |",
             "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _table(title: str | None, header: list[str] | None, rows: list[list], align: str = ""):
    """A rich table; ``header=None`` for a two-column key/value table without a header."""
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left",
                  show_header=header is not None)
    header = header or [""] * (len(rows[0]) if rows else 2)
    align = align or "l" * len(header)
    for name, a in zip(header, align):
        table.add_column(name, justify="right" if a == "r" else "left")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    return table


def _fmt_score(score: Decimal) -> str:
    return f"{score:.1f}" if score == score.quantize(Decimal("0.1")) else str(score)


# ---------------------------------------------------------------- validate

def validation_data(report) -> dict:
    """``sanqu validate --format json``."""
    errors = sum(1 for p in report.problems if p.severity == "error")
    return {
        "ok": report.ok,
        "files": {"counties": str(report.inputs.plan_path),
                  "agencies": str(report.inputs.agencies_path)},
        "errors": errors,
        "warnings": len(report.problems) - errors,
        "problems": [p.as_dict() for p in report.problems],
        "summary": report.summary(),
    }


def _validation_rows(summary: dict) -> list[list]:
    f = summary["funding"]
    rows = [
        ["plan", f"{summary['plan']}: {summary['title_zh'] or summary['title'] or ''}".rstrip(": ")],
        ["province, year", f"{summary['province']}, {summary['year']}"],
        ["service", f"from {summary['service_start']}, {summary['service_months']} months"],
        ["prefectures", summary["prefectures"]],
        ["counties", summary["counties"]],
        ["posts", summary["posts"]],
    ]
    for programme, entry in summary["programmes"].items():
        rows.append([f"  {programme}", f"{entry['posts']} posts, {entry['slots']} slots"])
    rows += [
        ["slots", summary["slots"]],
        ["trainees", summary["trainees"]],
        ["agencies", summary["agencies"] if summary["agencies"] is not None else "-"],
        ["applicants", summary["applicants"] if summary["applicants"] is not None else "-"],
        ["dispatch per person-year",
         f"{fmt(Decimal(f['dispatch_per_person_year']))} (central "
         f"{fmt(Decimal(f['central_per_person_year']))} + local "
         f"{fmt(Decimal(f['local_per_person_year']))})"],
        ["training", f"{fmt(Decimal(f['training_per_person_day']))} per person-day, "
                     f"{f['training_days']} days per trainee"],
    ]
    return rows


def _stated_rows(summary: dict, tick: str = "✓") -> list[list]:
    rows = []
    for item in summary["stated"]:
        if item["ok"]:
            mark = tick
        elif item["actual"] is None:
            mark = "not checked"
        else:
            mark = f"{item['actual'] - item['stated']:+d}"
        rows.append([item["figure"], item["stated"], "" if item["actual"] is None else item["actual"], mark])
    return rows


def validation_table(report) -> list:
    from rich.text import Text

    out = []
    summary = report.summary()
    if summary is not None:
        out.append(_table("Plan", None, _validation_rows(summary)))
        if summary["stated"]:
            out.append(_table("Stated figures", ["figure", "stated", "data", "check"],
                              _stated_rows(summary), "lrrr"))
        for note in summary["notes"]:
            out.append(Text(f"note ({note['place']} {note['name_zh'] or note['name']}): {note['note']}"))
    errors = sum(1 for p in report.problems if p.severity == "error")
    warnings = len(report.problems) - errors
    if report.ok:
        verdict = "valid" + (f", {warnings} warning(s)" if warnings else "")
    else:
        verdict = f"invalid: {errors} error(s), {warnings} warning(s)"
    out.append(Text(verdict, style="bold green" if report.ok else "bold red"))
    return out


def validation_markdown(report) -> str:
    summary = report.summary()
    parts = []
    if summary is not None:
        parts.append(to_markdown(["", ""], _validation_rows(summary), "ll"))
        if summary["stated"]:
            parts.append(to_markdown(["figure", "stated", "data", "check"],
                                     _stated_rows(summary, "ok"), "lrrl"))
        for note in summary["notes"]:
            parts.append(f"- Note ({note['place']} {note['name_zh'] or note['name']}): {note['note']}\n")
    if report.problems:
        parts.append(to_markdown(["file", "line", "column", "code", "message"],
                                 [[p.file, p.line, p.column, p.code, p.message]
                                  for p in report.problems], "lrrll"))
    return "\n".join(parts)


def validation_csv(report) -> str:
    return to_csv(["file", "line", "column", "path", "code", "severity", "message"],
                  [[p.file, p.line, p.column, p.path, p.code, p.severity, p.message]
                   for p in report.problems])


# ---------------------------------------------------------------- allocate

ASSIGNMENT_KEYS = ["professional", "agency", "county", "programme", "score", "preference_rank"]


def allocation_data(result) -> dict:
    """``sanqu allocate --format json``: the contract's keys, then extra detail."""
    posts = result.instance.posts
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
        } for a in result.assignments],
        "posts": [{
            "county": ref.county.code,
            "programme": ref.programme.value,
            "quota": ref.quota,
            "filled": result.filled[ref.index],
            "prefecture": ref.prefecture.code,
            "name": ref.county.name,
            "name_zh": ref.county.name_zh,
        } for ref in posts],
        "unassigned": [{"professional": p.id, "reason": reason, "agency": p.agency.id,
                        "score": score_number(p.score)}
                       for p, reason in result.unassigned],
        "shortfalls": [{"county": ref.county.code, "programme": ref.programme.value,
                        "empty": empty, "cause": cause} for ref, empty, cause in result.shortfalls],
        "summary": {
            "slots": result.slots,
            "filled": sum(result.filled),
            "score_total": score_number(result.score_total),
            "preference_rank_total": sum(a.preference_rank or 0 for a in result.assignments),
            "applicants": len(result.instance.people),
            "unassigned": len(result.unassigned),
        },
    }


def _place(ref) -> str:
    return ref.county.name_zh or ref.county.name


def _assignment_rows(result) -> list[list]:
    return [[a.person.id, a.person.agency.id, a.post.county.code, a.post.programme.value,
             _fmt_score(a.person.score), a.preference_rank, a.person.professional.name,
             a.person.professional.name_zh, a.post.prefecture.code, a.post.county.name,
             a.post.county.name_zh]
            for a in result.assignments]


def allocation_csv(result) -> str:
    return to_csv(ASSIGNMENT_KEYS + ["name", "name_zh", "prefecture", "county_name", "county_name_zh"],
                  _assignment_rows(result))


def _summary_line(result) -> str:
    filled = sum(result.filled)
    proof = "proven optimal" if result.proven_optimal else "NOT PROVEN OPTIMAL"
    if result.method == "stable":
        proof = "stable"
    line = (f"{result.method}: {filled} of {result.slots} slots filled, score total "
            f"{_fmt_score(result.score_total)}, {len(result.unassigned)} of "
            f"{len(result.instance.people)} applicants not placed; {proof}")
    if not result.proven_optimal:
        line += f" ({result.status})"
    return line


def allocation_table(result) -> list:
    from rich.text import Text

    rows = []
    current = None
    for ref in result.instance.posts:
        if ref.prefecture.code != current:
            current = ref.prefecture.code
            rows.append([f"{ref.prefecture.name_zh or ref.prefecture.name} ({current})",
                         "", "", "", "", "", "", ""])
        placed = result.placed_at(ref.index)
        label = f"  {_place(ref)} {ref.county.code} {ref.programme.value}"
        status = f"{result.filled[ref.index]}/{ref.quota}"
        if not placed:
            rows.append([label, status, "-", "", "", "", "", ""])
        for k, a in enumerate(placed):
            prof = a.person.professional
            rows.append([label if k == 0 else "", status if k == 0 else "", a.person.id,
                         prof.name_zh or prof.name, a.person.agency.id, _fmt_score(a.person.score),
                         "-" if a.preference_rank is None else a.preference_rank,
                         prof.qualification.value])
    out = [_table(f"Allocation ({result.method}) for {result.plan_id}",
                  ["post", "filled", "id", "name", "agency", "score", "rank", "qualification"],
                  rows, "lrllllrl")]
    if result.shortfalls:
        out.append(_table("Unfilled slots", ["post", "empty", "cause"],
                          [[f"{_place(ref)} {ref.county.code} {ref.programme.value}", empty, cause]
                           for ref, empty, cause in result.shortfalls], "lrl"))
    if result.unassigned:
        out.append(_table("Not placed", ["id", "name", "agency", "score", "reason"],
                          [[p.id, p.professional.name_zh or p.professional.name, p.agency.id,
                            _fmt_score(p.score), reason] for p, reason in result.unassigned],
                          "lllrl"))
    style = "bold" if result.proven_optimal else "bold red"
    out.append(Text(_summary_line(result), style=style))
    return out


def allocation_markdown(result) -> str:
    header = ["prefecture", "county", "programme", "id", "name", "agency", "score", "rank"]
    rows = [[a.post.prefecture.name_zh or a.post.prefecture.name, _place(a.post),
             a.post.programme.value, a.person.id,
             a.person.professional.name_zh or a.person.professional.name, a.person.agency.id,
             _fmt_score(a.person.score), "-" if a.preference_rank is None else a.preference_rank]
            for a in result.assignments]
    parts = [f"**{_summary_line(result)}**\n", to_markdown(header, rows, "llllllrr")]
    if result.shortfalls:
        parts.append(to_markdown(["post", "empty", "cause"],
                                 [[f"{_place(ref)} {ref.programme.value}", empty, cause]
                                  for ref, empty, cause in result.shortfalls], "lrl"))
    if result.unassigned:
        parts.append(to_markdown(["id", "agency", "score", "reason"],
                                 [[p.id, p.agency.id, _fmt_score(p.score), reason]
                                  for p, reason in result.unassigned], "llrl"))
    return "\n".join(parts)


# ---------------------------------------------------------------- explain

def explanation_data(explanation) -> dict:
    data = explanation.as_dict()
    data["options"] = [{**o, "lowest_score": None if o["lowest_score"] is None
                        else score_number(o["lowest_score"])} for o in data["options"]]
    return data


def explanation_rows(explanation) -> list[list]:
    return [[o["rank"] if o["rank"] is not None else "-", f"{o['county_name_zh'] or o['county_name']} {o['county']}",
             o["programme"], f"{o['filled']}/{o['quota']}",
             "" if o["lowest_score"] is None else _fmt_score(o["lowest_score"]),
             o["verdict"]] for o in explanation.options]


def explanation_table(explanation) -> list:
    from rich.text import Text

    return [Text(explanation.headline, style="bold"),
            _table(None, ["rank", "county", "programme", "filled", "lowest placed", "verdict"],
                   explanation_rows(explanation), "rllrrl")]


def explanation_markdown(explanation) -> str:
    return f"**{explanation.headline}**\n\n" + to_markdown(
        ["rank", "county", "programme", "filled", "lowest placed", "verdict"],
        explanation_rows(explanation), "rllrrl")


def explanation_csv(explanation) -> str:
    return to_csv(["rank", "county", "programme", "filled", "lowest placed", "verdict"],
                  explanation_rows(explanation))


# ---------------------------------------------------------------- budget

def _money_dict(line) -> dict:
    return {key: as_json(getattr(line, key)) for key in ("central", "local", "dispatch",
                                                         "training", "total")}


def budget_data(result) -> dict:
    """``sanqu budget --format json``."""
    def row(key_name, line, **extra):
        return {key_name: line.key, **extra, "professionals": line.professionals, **_money_dict(line)}

    data = {
        "plan": result.plan_id,
        "basis": result.basis,
        "totals": {"professionals": result.totals.professionals, **_money_dict(result.totals)},
        "by_prefecture": [row("code", l, name=l.label) for l in result.by_prefecture],
        "by_county": [row("code", l, name=l.label) for l in result.by_county],
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


BUDGET_HEADER = ["professionals", "central", "local", "dispatch", "training", "total"]


def _budget_rows(lines, with_label=True) -> list[list]:
    rows = []
    for l in lines:
        key = f"{l.key} {l.label}" if with_label and l.label and l.label != str(l.key) else str(l.key)
        if l.months is not None:
            key = f"{l.key} ({l.months} months)"
        rows.append([key, l.professionals] + [fmt(getattr(l, k)) for k in BUDGET_HEADER[1:]])
    return rows


def reconciliation(result) -> str:
    """One line that shows the total is what the standard says it should be."""
    central, local = result.per_person_year
    per_person = (central + local) * result.service_months / 12
    t = result.totals
    people = t.professionals
    line = f"{people} people × {fmt(per_person)} = {fmt(t.dispatch)}"
    if people * per_person != t.dispatch:
        line += f" (rounded to the fen from {people * per_person})"
    if t.training:
        line += f"; + training {fmt(t.training)} = {fmt(t.total)}"
    return line


def budget_table(result, view: str = "prefecture") -> list:
    from rich.text import Text

    total_row = ["total", result.totals.professionals] + [fmt(getattr(result.totals, k))
                                                          for k in BUDGET_HEADER[1:]]
    rows = _budget_rows(result.view(view)) + [total_row]
    table = _table(f"Budget of {result.plan_id} by {view} ({result.basis})",
                   [view] + BUDGET_HEADER, rows, "lrrrrrr")
    out = [table, Text(reconciliation(result))]
    for part, items in result.items.items():
        out.append(_table(f"{part} funds by item", ["item", "amount"],
                          [[name_zh or name, fmt(amount)] for name, name_zh, amount in items], "lr"))
    return out


def budget_markdown(result, view: str = "prefecture") -> str:
    total_row = ["**total**", result.totals.professionals] + [
        f"**{fmt(getattr(result.totals, k))}**" for k in BUDGET_HEADER[1:]]
    text = to_markdown([view] + BUDGET_HEADER, _budget_rows(result.view(view)) + [total_row],
                       "lrrrrrr")
    return text + f"\n{reconciliation(result)}\n"


def budget_csv(result, view: str = "county") -> str:
    """One row per county (or per ``view``) with the JSON keys; money as plain decimals."""
    key = {"prefecture": "code", "county": "code", "year": "year", "agency": "agency"}[view]
    header = [key] + (["name"] if view in ("prefecture", "county") else []) + \
        (["months"] if view == "year" else []) + ["professionals", "central", "local", "dispatch",
                                                  "training", "total"]
    rows = []
    for l in result.view(view):
        row = [l.key] + ([l.label] if view in ("prefecture", "county") else []) + \
            ([l.months] if view == "year" else []) + [l.professionals] + \
            [as_json(getattr(l, k)) for k in ("central", "local", "dispatch", "training", "total")]
        rows.append(row)
    return to_csv(header, rows)


RENDERERS = {
    "validate": {"table": validation_table, "json": lambda r: to_json(validation_data(r)),
                 "csv": validation_csv, "markdown": validation_markdown},
    "allocate": {"table": allocation_table, "json": lambda r: to_json(allocation_data(r)),
                 "csv": allocation_csv, "markdown": allocation_markdown},
    "explain": {"table": explanation_table, "json": lambda r: to_json(explanation_data(r)),
                "csv": explanation_csv, "markdown": explanation_markdown},
    "budget": {"table": budget_table, "json": lambda r, view=None: to_json(budget_data(r)),
               "csv": budget_csv, "markdown": budget_markdown},
}
