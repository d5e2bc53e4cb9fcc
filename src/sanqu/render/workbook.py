"""Excel workbooks (``-o FILE.xlsx``): named tables as sheets, real numbers, yuan formats.

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

from ..read.bounds import column_letters

MONEY_FORMAT = '#,##0.00" 元"'
FIXED_DATE = dt.datetime(2000, 1, 1)  # document properties carry no build time


@dataclass
class Sheet:
    """A named table: header, rows, and which columns hold money."""

    name: str
    header: list[str]
    rows: list[list]
    money: set[int] = field(default_factory=set)
    bold_last: bool = False  # a totals row: written as SUM formulas, cached with the exact figures
    title: str | None = None  # a title row above the table, for a sheet to attach to a report
    unit: str | None = None   # "单位：元" under the title, right-aligned
    chart: Chart | None = None  # a native chart of some columns, beside the table


@dataclass
class Chart:
    """A native Excel chart (drawn by Excel and WPS) of columns of a sheet's rows."""

    title: str
    categories: int  # the column naming each row (quarters)
    series: list[int]  # the columns charted, one series each, named by their headers
    rows: int | None = None  # how many rows from the first are charted (None: all but a totals row)


def _width(value) -> int:
    text = "" if value is None else (f"{value:,.2f}" if isinstance(value, Decimal) else str(value))
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def workbook(sheets: list[Sheet]) -> bytes:
    """The sheets as an .xlsx file's bytes."""
    import xlsxwriter  # only when a workbook is written (-o FILE.xlsx)

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_DATE, "title": sheets[0].name if sheets else ""})
    formats = {(money, last): book.add_format({"border": 1, "bold": last, **(
        {"num_format": MONEY_FORMAT} if money else {})}) for money in (False, True) for last in (False, True)}
    header_format = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE"})
    title_format = book.add_format({"bold": True, "font_size": 14})
    unit_format = book.add_format({"align": "right"})
    taken: set[str] = set()
    for sheet in sheets:
        ws = book.add_worksheet(_sheet_name(sheet.name, taken))
        top = 0
        if sheet.title:
            ws.write_string(0, 0, sheet.title, title_format)
            top = 1
            if sheet.unit:
                ws.write_string(1, len(sheet.header) - 1, sheet.unit, unit_format)
                top = 2
        ws.write_row(top, 0, sheet.header, header_format)
        ws.freeze_panes(top + 1, 0)
        # Ready to print: landscape A4, one page wide, the title and header on every page.
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0, top)
        widths = [_width(h) for h in sheet.header]
        first = top + 1
        for r, row in enumerate(sheet.rows, start=first):
            last = sheet.bold_last and r == top + len(sheet.rows)
            for c, value in enumerate(row):
                if value is None or value == "":
                    ws.write_blank(r, c, None, formats[(False, last)])
                    continue
                style = formats[(c in sheet.money, last)]
                if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    # A money total is the sum of the rows above: a formula. (Not a head count:
                    # by year, the same people are counted in each year they serve.)
                    if last and r > first and c in sheet.money:
                        column = _column(c)
                        ws.write_formula(r, c, f"=SUM({column}{first + 1}:{column}{r})", style, float(value))
                    else:
                        ws.write_number(r, c, float(value), style)
                else:
                    ws.write_string(r, c, str(value), style)
                widths[c] = max(widths[c], _width(value))
        for c, width in enumerate(widths):
            ws.set_column(c, c, min(60, width + 2))
        if sheet.chart is not None and sheet.rows:
            _chart(book, ws, sheet, first)
    book.close()
    return buffer.getvalue()


def _chart(book, ws, sheet: Sheet, first: int) -> None:
    spec = sheet.chart
    assert spec is not None
    count = spec.rows if spec.rows is not None else len(sheet.rows) - (1 if sheet.bold_last else 0)
    if count <= 0:
        return
    chart = book.add_chart({"type": "column"})
    name = ws.get_name()
    last = first + count - 1
    for c in spec.series:
        chart.add_series({"name": [name, first - 1, c], "categories": [name, first, spec.categories, last,
                                                                        spec.categories],
                          "values": [name, first, c, last, c]})
    chart.set_title({"name": spec.title})
    chart.set_y_axis({"num_format": "#,##0"})
    chart.set_legend({"position": "bottom"})
    ws.insert_chart(first + len(sheet.rows) + 1, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})


def _column(index: int) -> str:
    """A spreadsheet column's letters from a 0-based index: 0 -> A, 26 -> AA."""
    return column_letters(index + 1)


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, made from any text (an id like "O'Brien[1]"): none of
    []:*?/\\, no apostrophe at either end, at most 31 characters, not empty, not "History",
    and unlike every name in ``taken`` (case aside, as Excel compares them); added to it."""
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    name = name.strip().strip("'").strip()[:31].strip().strip("'") or "Sheet"
    if name.casefold() == "history":
        name += " 1"
    base, k = name, 1
    while name.casefold() in taken:
        k += 1
        name = f"{base[:31 - len(str(k)) - 1]} {k}"
    taken.add(name.casefold())
    return name
