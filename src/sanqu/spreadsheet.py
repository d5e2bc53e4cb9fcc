"""Excel workbooks (``-o FILE.xlsx``): one sheet per view, real numbers, yuan formats.

Built with XlsxWriter. Cells hold numbers, not text, so sums and pivots work; money
has a two-decimal yuan format; the header row is frozen; columns are as wide as their
longest text, counting a Chinese character as two. The same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from .i18n import Named, t

MONEY_FORMAT = '#,##0.00" 元"'
FIXED_DATE = dt.datetime(2000, 1, 1)  # document properties carry no build time


@dataclass
class Sheet:
    """A named table: header, rows, and which columns hold money."""

    name: str
    header: list[str]
    rows: list[list]
    money: set[int] = field(default_factory=set)
    bold_last: bool = False  # a totals row


def _width(value) -> int:
    text = "" if value is None else (f"{value:,.2f}" if isinstance(value, Decimal) else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def workbook(sheets: list[Sheet]) -> bytes:
    """The sheets as an .xlsx file's bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_DATE, "title": sheets[0].name if sheets else ""})
    header_format = book.add_format({"bold": True, "bottom": 1})
    money_format = book.add_format({"num_format": MONEY_FORMAT})
    bold_money = book.add_format({"num_format": MONEY_FORMAT, "bold": True})
    bold = book.add_format({"bold": True})
    for sheet in sheets:
        ws = book.add_worksheet(_sheet_name(sheet.name))
        ws.write_row(0, 0, sheet.header, header_format)
        ws.freeze_panes(1, 0)
        widths = [_width(h) for h in sheet.header]
        for r, row in enumerate(sheet.rows, start=1):
            last = sheet.bold_last and r == len(sheet.rows)
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if c in sheet.money:
                    ws.write_number(r, c, float(value), bold_money if last else money_format)
                elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    ws.write_number(r, c, float(value), bold if last else None)
                else:
                    ws.write_string(r, c, str(value), bold if last else None)
                widths[c] = max(widths[c], _width(value))
        for c, width in enumerate(widths):
            ws.set_column(c, c, min(60, width + 2))
    book.close()
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


# ---------------------------------------------------------------- per result

def allocation_sheets(result, lang: str) -> list[Sheet]:
    from .formats import _name, _post_label

    col = lambda *keys: [t(lang, "col." + k) for k in keys]  # noqa: E731
    assignments = Sheet(t(lang, "alloc.title", method=t(lang, "method." + result.method),
                          plan=result.plan_id),
                        col("id", "name", "agency", "prefecture", "county", "programme",
                            "score", "rank", "qualification"),
                        [[a.person.id, _name(a.person.professional, lang), a.person.agency.id,
                          _name(a.post.prefecture, lang), _name(a.post.county, lang),
                          t(lang, "programme." + a.post.programme.value), a.person.score,
                          a.preference_rank,
                          t(lang, "qualification." + a.person.professional.qualification.value)]
                         for a in result.assignments])
    posts = Sheet(t(lang, "col.post"), col("prefecture", "county", "programme", "quota", "filled"),
                  [[_name(ref.prefecture, lang), _name(ref.county, lang),
                    t(lang, "programme." + ref.programme.value), ref.quota,
                    result.filled[ref.index]] for ref in result.instance.posts])
    unplaced = Sheet(t(lang, "alloc.not_placed"), col("id", "name", "agency", "score", "reason"),
                     [[p.id, _name(p.professional, lang), p.agency.id, p.score, reason.render(lang)]
                      for p, reason in result.unassigned])
    from .formats import _blocking_rows, _waiting_rows

    sheets = [assignments, posts, unplaced]
    if result.shortfalls:
        sheets.append(Sheet(t(lang, "alloc.unfilled"), col("post", "empty", "cause"),
                            [[_post_label(ref, lang), empty, cause.render(lang)]
                             for ref, empty, cause in result.shortfalls]))
    sheets.append(Sheet(t(lang, "col.blocking_pairs"), col("id", "post", "overtaken_by"),
                        _blocking_rows(result, lang)))
    sheets.append(Sheet(t(lang, "col.waiting"), col("post", "count", "waiting"),
                        _waiting_rows(result, lang)))
    return sheets


def diff_sheets(diff, lang: str) -> list[Sheet]:
    """The adjustment request: title and unit lines above each table, ready to attach."""
    from .formats import _diff_sections, _diff_title

    sheets = []
    for caption, header, rows, _ in _diff_sections(diff, lang):
        lead = [[_diff_title(diff, lang)], [t(lang, "diff.unit")], [caption], header]
        sheets.append(Sheet(caption, lead[0] + [""] * (len(header) - 1),
                            lead[1:] + rows))
    return sheets


def comparison_sheets(comparison, lang: str) -> list[Sheet]:
    from .formats import _compare_header, _compare_rows

    return [Sheet(t(lang, "compare.title", plan=comparison.plan_id), _compare_header(lang),
                  _compare_rows(comparison, lang))]


def budget_sheets(result, lang: str) -> list[Sheet]:
    from .budgeting import MONEY_KEYS
    from .formats import budget_label

    header_money = [t(lang, "money." + k) for k in ("professionals",) + MONEY_KEYS]
    money_columns = set(range(2, 2 + len(MONEY_KEYS)))
    sheets = []
    for view in ("prefecture", "county", "year", "agency"):
        lines = result.view(view)
        if not lines:
            continue
        rows = [[budget_label(line, lang), line.professionals] +
                [getattr(line, k) for k in MONEY_KEYS] for line in lines]
        totals = result.totals
        rows.append([t(lang, "budget.total"), totals.professionals] +
                    [getattr(totals, k) for k in MONEY_KEYS])
        sheets.append(Sheet(t(lang, "view." + view), [t(lang, "view." + view)] + header_money,
                            rows, money_columns, bold_last=True))
    for part, items in result.items.items():
        sheets.append(Sheet(t(lang, "budget.items", part=t(lang, "part." + part)),
                            [t(lang, "col.item"), t(lang, "col.amount")],
                            [[Named(name, name_zh).pick(lang), amount]
                             for name, name_zh, amount in items], {1}))
    return sheets


def validation_sheets(report, lang: str) -> list[Sheet]:
    from .formats import _stated_header, _stated_rows, _validation_rows

    sheets = []
    summary = report.summary()
    if summary is not None:
        sheets.append(Sheet(t(lang, "val.plan_title"), ["", ""], _validation_rows(summary, lang)))
        if summary["stated"]:
            sheets.append(Sheet(t(lang, "val.stated_title"), _stated_header(lang),
                                _stated_rows(summary, lang, "ok")))
    sheets.append(Sheet("problems", ["file", "line", "column", "code", "severity", "message"],
                        [[p.file, p.line, p.column, p.code, p.severity, p.render(lang)]
                         for p in report.problems]))
    return sheets


def explanation_sheets(explanation, lang: str) -> list[Sheet]:
    from .formats import _explanation_header, _explanation_rows

    return [Sheet(explanation.professional, _explanation_header(lang),
                  _explanation_rows(explanation, lang))]


SHEETS = {"validate": validation_sheets, "allocate": allocation_sheets,
          "compare": comparison_sheets, "diff": diff_sheets,
          "explain": explanation_sheets, "budget": budget_sheets}


def render(kind: str, result, lang: str = "en", view=None) -> bytes:
    """``-o FILE.xlsx``: the workbook for a result of ``kind``."""
    return workbook(SHEETS[kind](result, lang))
