"""Generic writers: (header, rows) as JSON, CSV, Markdown and rich tables; text made safe.

Every renderer of ``render/`` builds its header and rows once and hands them to these.
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal

from ..i18n import t
from .terminal import plain


def to_json(data) -> str:
    """Deterministic JSON: input order kept, Chinese as is, one record per line.

    Containers that hold other containers are spread over lines and indented; flat ones
    (an assignment, a budget row, a summary) stay on one line, which keeps a national
    allocation readable, diffable and quick to write.
    """
    out: list[str] = []
    _json_lines(data, 0, out)
    return "".join(out) + "\n"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
# The C encoder made once, not once a value as ``encode`` does: a national allocation
# writes 50,000 one-line records.
_MAKE = getattr(json.encoder, "c_make_encoder", None)  # the accelerator, where Python has it
_ONE_LINE = None if _MAKE is None else _MAKE(
    None, _ENCODER.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)


def _flat(value) -> str:
    if _ONE_LINE is None:  # pragma: no cover - Python without the json accelerator
        return _ENCODER.encode(value)
    return "".join(_ONE_LINE(value, 0))


_CONTAINERS = (dict, list)


def _json_lines(value, depth: int, out: list[str]) -> None:
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, _CONTAINERS):
                break
        else:  # empty or flat: one line
            out.append(_flat(value))
            return
        pad = "  " * (depth + 1)
        out.append("{\n")
        last = len(value) - 1
        for i, (key, item) in enumerate(value.items()):
            out.append(f"{pad}{_flat(key)}: ")
            _json_lines(item, depth + 1, out)
            out.append(",\n" if i < last else "\n")
        out.append("  " * depth + "}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, _CONTAINERS):
                break
        else:
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


FAST_ROWS = 2_000  # longer tables are laid out here, not by rich's Table (see Fit._lines)


def table(title: str | None, header: list[str] | None, rows: list[list], align: str = "") -> Fit:
    """A table that never cuts a figure; ``header=None`` for a two-column key/value table."""
    header = header or [""] * (len(rows[0]) if rows else 2)
    align = align or "l" * len(header)
    cells = [[plain(v) for v in row] for row in rows]
    return Fit(None if title is None else plain(title), [plain(h) for h in header], cells, align,
               show_header=any(header))


class Fit:
    """A table drawn to the terminal's width without ever cutting a number, a code or an id.

    Figures and short unbroken cells (codes, ids) keep exactly their width; text columns
    take what is left and fold. When the figures alone are too wide, the padding tightens;
    when that is not enough, each row is stacked as "header: value" lines instead.
    """

    def __init__(self, title: str | None, header: list[str], rows: list[list[str]], align: str,
                 show_header: bool = True):
        self.title, self.header, self.rows, self.align = title, header, rows, align
        self.show_header = show_header
        self.whole = [a == "r" or all(_unbroken(row[c]) for row in rows)
                      for c, a in enumerate(align)]

    def _widths(self, headers: bool) -> list[int]:
        """Each column's least width: a figure's whole width (and its header's, with
        ``headers``; else the header folds, but not below 6), else at most 8 (text folds)."""
        from rich.cells import cell_len  # as for the tables themselves: only when one is drawn

        widths = []
        for c, name in enumerate(self.header):
            widest = max((cell_len(row[c]) for row in self.rows), default=0)
            if self.whole[c]:
                widths.append(max(widest, cell_len(name) if headers else min(cell_len(name), 6), 1))
            else:
                widths.append(max(1, min(max(widest, cell_len(name)), 8)))
        return widths

    def __rich_console__(self, console, options):
        n = len(self.header)
        # Besides the cells: a (blank) rule between columns and at each edge, and padding:
        # one space on each side of a cell, or none when space is short.
        for headers, padding, extra in ((True, (0, 1), 3 * n + 1), (False, (0, 1), 3 * n + 1),
                                        (False, (0, 0), n + 1)):
            widths = self._widths(headers)
            if sum(widths) + extra <= options.max_width:
                yield self._table(padding, widths)
                return
        yield from self._stacked()

    def _table(self, padding, widths: list[int]):
        # rich is imported only when a table is drawn: JSON, CSV and Markdown never need it.
        from rich import box
        from rich.console import JustifyMethod
        from rich.table import Table
        from rich.text import Text

        rules = box.ASCII if os.environ.get("TERM") == "dumb" else box.SIMPLE_HEAD
        table = Table(title=None if self.title is None else Text(self.title), box=rules,
                      title_justify="left", show_header=self.show_header, padding=padding,
                      pad_edge=padding != (0, 0))  # the wide layout exactly as it always was
        for name, a, whole, least in zip(self.header, self.align, self.whole, widths, strict=True):
            justify: JustifyMethod = "right" if a == "r" else "left"
            if whole:  # exactly its width: never shrunk, never cut
                table.add_column(Text(name, overflow="fold"), justify=justify, width=least,
                                 overflow="fold")
            else:  # text takes what is left, folding where it must
                table.add_column(Text(name, overflow="fold"), justify=justify, min_width=least,
                                 ratio=1, overflow="fold")
        for row in self.rows:
            table.add_row(*(Text(v) for v in row))
        return table

    def _natural(self) -> list[int]:
        """Each column as wide as its widest cell or header: nothing folds."""
        from rich.cells import cell_len  # as in _widths

        return [max([cell_len(name)] + [cell_len(row[c]) for row in self.rows])
                for c, name in enumerate(self.header)]

    def as_lines(self, width: int) -> str | None:
        """The table as plain aligned lines, written past rich, for a table too long for
        rich's Table (about a millisecond a row: a national allocation's tables took 13 s);
        None when it is short, or does not fit ``width`` unfolded (rich then lays it out)."""
        if len(self.rows) <= FAST_ROWS:
            return None
        widths = self._natural()
        if sum(widths) + 2 * len(widths) > width:
            return None
        return self._lines(widths)

    def _lines(self, widths: list[int]) -> str:
        from rich.cells import cell_len  # as in _widths

        def cells(values: list[str]) -> str:
            padded = [" " * (w - cell_len(v)) + v if a == "r" else v + " " * (w - cell_len(v))
                      for v, w, a in zip(values, widths, self.align, strict=True)]
            return ("  " + "  ".join(padded)).rstrip()

        out = [self.title, ""] if self.title else []
        if self.show_header:
            rule = "-" if os.environ.get("TERM") == "dumb" else "─"
            out += [cells(self.header), "  " + "  ".join(rule * w for w in widths)]
        out += [cells(row) for row in self.rows]
        return "\n".join(out) + "\n"  # cells, headers and title are already plain (table())

    def _stacked(self):
        from rich.text import Text  # as in _table

        if self.title:
            yield Text(self.title)
        for row in self.rows:
            yield Text(row[0], style="bold")
            for name, value in zip(self.header[1:], row[1:], strict=True):
                if value:
                    yield Text(f"  {name}: {value}")


def _unbroken(text: str) -> bool:
    """A code, an id or a figure: short and without spaces, so never to be broken."""
    return len(text) <= 14 and not any(ch.isspace() for ch in text)


def line(text: str, style: str = ""):
    """A line of text for a rich rendering: plain, never read as markup."""
    from rich.text import Text  # as for table(): only when a table is drawn

    return Text(plain(text), style=style)


def cols(lang: str, *keys: str) -> list[str]:
    """Column headers in the output's language."""
    return [t(lang, "col." + key) for key in keys]
