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
    import xlsxwriter  # only when a workbook is written (-o FILE.xlsx)

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
