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
from ..output import plain


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


def table(title: str | None, header: list[str] | None, rows: list[list], align: str = ""):
    """A rich table; ``header=None`` for a two-column key/value table without a header."""
    # rich is imported only when a table is drawn: JSON, CSV and Markdown never need it.
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # Every cell and title is plain Text: a name like "Li Wei [formerly Li Wu]" is not markup.
    rules = box.ASCII if os.environ.get("TERM") == "dumb" else box.SIMPLE_HEAD
    table = Table(title=None if title is None else Text(plain(title)), box=rules,
                  title_justify="left", show_header=header is not None)
    header = header or [""] * (len(rows[0]) if rows else 2)
    align = align or "l" * len(header)
    for name, a in zip(header, align, strict=True):
        table.add_column(Text(plain(name)), justify="right" if a == "r" else "left")
    for row in rows:
        table.add_row(*(v if isinstance(v, Text) else Text(plain(v)) for v in row))
    return table


def line(text: str, style: str = ""):
    """A line of text for a rich rendering: plain, never read as markup."""
    from rich.text import Text  # as for table(): only when a table is drawn

    return Text(plain(text), style=style)


def cols(lang: str, *keys: str) -> list[str]:
    """Column headers in the output's language."""
    return [t(lang, "col." + key) for key in keys]
