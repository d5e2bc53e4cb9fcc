"""A workbook's size, decided before it is read: never a crash or gigabytes for a 5 KB file.

calamine holds a sheet as a grid from A1 to its farthest cell (32 bytes a cell, and a
Python value each once read), and unpacks a workbook's parts whole: one cell typed at
XFD1048576 asks for 550 GB, and a zip bomb unpacks a few megabytes into gigabytes. So
before calamine opens a zip workbook (xlsx, xlsm, WPS's .et, ods), its parts are unpacked
as a stream, counted and scanned: a part past ``MAX_UNPACKED`` bytes, or a sheet whose
grid passes ``MAX_CELLS``, is refused with its farthest cell named; the rows hidden in
Excel are collected on the way, to be named (they are read as any other row).
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

MAX_CELLS = 8_000_000  # rows x columns of a sheet's grid: 256 MB in calamine, as much again read
MAX_UNPACKED = 512 * 1024 * 1024  # bytes a part of a workbook may unpack to
_CHUNK = 8 * 1024 * 1024


class TooLarge(Exception):
    """A workbook past a bound: the message's key and its parameters."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


@dataclass
class Extent:
    """How far a sheet reaches (1-based), and the rows hidden in it."""

    rows: int = 0
    columns: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    # A formula's cell whose saved value is an error (#DIV/0!) or missing: calamine reads
    # both as an empty cell, which would pass as "no preference". Cell label -> the error
    # ("" when no value was saved).
    formulas: dict[str, str] = field(default_factory=dict)


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _stream(book: zipfile.ZipFile, name: str, cut: bytes):
    """A part's bytes in pieces that each end at ``cut`` (so no tag is split between
    two), counted as they unpack; past ``MAX_UNPACKED`` raises TooLarge."""
    size, carry = 0, b""
    with book.open(name) as part:
        while True:
            chunk = part.read(_CHUNK)
            size += len(chunk)
            if size > MAX_UNPACKED:
                raise TooLarge("problem.unpacks_too_large", part=name, limit=MAX_UNPACKED // 2**20)
            if not chunk:
                if carry:
                    yield carry
                return
            buffer = carry + chunk
            end = buffer.rfind(cut)
            if end < 0:
                carry = buffer
                continue
            end += len(cut)
            carry = buffer[end:]
            yield buffer[:end]


def _unpacked_within_bound(book: zipfile.ZipFile, name: str) -> None:
    for _ in _stream(book, name, b">"):
        pass


# --------------------------------------------------------------------------- xlsx

_ROW = re.compile(rb"<row\b([^>]*)>")
_R = re.compile(rb'\sr="(\d+)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_VALUED = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"[^>/]*>')  # a cell with a value (not <c .../>)
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}\d+)"([^>/]*)><f\b[^>]*?(?:/>|>[^<]*</f>)(?:<v>([^<]*)</v>)?')
_ANY_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')


def _xlsx_extent(book: zipfile.ZipFile, name: str) -> Extent:
    """How far a worksheet part reaches, as calamine will hold it: to its farthest cell
    with a value (an empty ``<c r="H9"/>`` holds nothing), wherever it stands in the
    file; and the rows hidden in it. A cell without a reference first (its place is its
    order in the row) is counted row by row."""
    extent = Extent()
    for piece in _stream(book, name, b">"):
        for attributes in _ROW.findall(piece):
            if _HIDDEN.search(attributes):
                number = _R.search(attributes)
                extent.hidden_rows.append(int(number.group(1)) if number else 0)
        refs = _VALUED.findall(piece)
        if refs:
            letters = {ref for ref, _ in refs}
            extent.columns = max(extent.columns, *(column_number(x) for x in letters))
            extent.rows = max(extent.rows, max(map(int, (row for _, row in refs))))
        if b"<f" in piece:
            for ref, attributes, value in _FORMULA.findall(piece):
                error = b't="e"' in attributes
                if error or not value:
                    extent.formulas[ref.decode()] = value.decode("utf-8", "replace") if error else ""
        if piece.count(b"</c>") > len(refs):  # a cell with a value and no reference first
            for row_text in piece.split(b"<row")[1:]:
                number = _R.search(row_text[:row_text.find(b">") + 1])
                cells = row_text.count(b"</c>")
                if cells:
                    extent.rows = max(extent.rows, int(number.group(1)) if number else extent.rows + 1)
                    found = [column_number(m.group(1)) for m in _ANY_REF.finditer(row_text)]
                    extent.columns = max(extent.columns, row_text.count(b"<c"), *found)
        _check(extent)
    return extent


def _xlsx_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part (``xl/worksheets/sheet1.xml``), from the workbook's index."""
    names = set(book.namelist())
    if "xl/workbook.xml" not in names:
        return {}
    targets = {}
    if "xl/_rels/workbook.xml.rels" in names:
        rels = _read_small(book, "xl/_rels/workbook.xml.rels")
        for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
            rid, target = re.search(rb'\sId="([^"]*)"', tag), re.search(rb'\sTarget="([^"]*)"', tag)
            if rid and target:
                path = target.group(1).decode("utf-8", "replace")
                path = path.lstrip("/") if path.startswith("/") else str(PurePosixPath("xl") / path)
                targets[rid.group(1)] = path
    parts = {}
    for tag in re.findall(rb"<sheet\b[^>]*>", _read_small(book, "xl/workbook.xml")):
        name = re.search(rb'\sname="([^"]*)"', tag)
        rid = re.search(rb'\sr:id="([^"]*)"', tag) or re.search(rb'\s\w+:id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            parts[html.unescape(name.group(1).decode("utf-8", "replace"))] = targets[rid.group(1)]
    return parts


def _read_small(book: zipfile.ZipFile, name: str) -> bytes:
    return b"".join(_stream(book, name, b">"))


# --------------------------------------------------------------------------- ods

_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*?)(/?)>")
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


def _ods_extent(book: zipfile.ZipFile) -> Extent:
    """How far the largest sheet of an ods file reaches. LibreOffice repeats an empty row
    or cell to the sheet's end (``number-rows-repeated="1048571"``): that counts once; a
    repeated cell or row with a value counts as many times as it is repeated."""
    extent = Extent()
    rows = 0
    for piece in _stream(book, "content.xml", b"</table:table-row>"):
        for i, table in enumerate(piece.split(b"<table:table ")):
            if i:
                rows = 0  # a new sheet
            for row_text in table.split(b"<table:table-row")[1:]:
                head = _ODS_ROW.match(b"<table:table-row" + row_text)
                width, valued = 0, False
                for attributes, _ in _ODS_CELL.findall(row_text):
                    repeated = _COLUMNS_REPEATED.search(attributes)
                    has_value = b"value-type" in attributes
                    n = int(repeated.group(1)) if repeated else 1
                    width += n if has_value else 1
                    valued = valued or has_value
                times = _ROWS_REPEATED.search(head.group(1)) if head else None
                rows += int(times.group(1)) if times and valued else 1
                extent.columns = max(extent.columns, width)
                extent.rows = max(extent.rows, rows)
                _check(extent)
    return extent


# --------------------------------------------------------------------------- checks

def column_letters(n: int) -> str:
    """A cell's column as Excel names it: 1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _check(extent: Extent) -> None:
    if extent.rows * extent.columns > MAX_CELLS:
        raise TooLarge("problem.sheet_too_large", corner=f"{column_letters(extent.columns)}{extent.rows}",
                       rows=extent.rows, columns=extent.columns, cells=extent.rows * extent.columns,
                       limit=MAX_CELLS)


def check_parts(book: zipfile.ZipFile) -> None:
    """Every part calamine unpacks when it opens the workbook, within ``MAX_UNPACKED``."""
    for name in book.namelist():
        if name.endswith((".xml", ".rels")) and "worksheets/" not in name and name != "content.xml":
            _unpacked_within_bound(book, name)


def sheet_extent(book: zipfile.ZipFile, sheet: str) -> Extent | None:
    """How far ``sheet`` reaches (xlsx) or the largest sheet (ods); None when the zip is
    neither (calamine then says what it is)."""
    names = set(book.namelist())
    if "content.xml" in names:
        return _ods_extent(book)
    part = _xlsx_parts(book).get(sheet)
    if part is None or part not in names:
        return None
    return _xlsx_extent(book, part)
