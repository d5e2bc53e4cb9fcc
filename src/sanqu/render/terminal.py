"""Text for a terminal: consoles that honour NO_COLOR, TERM=dumb and pipes; input text made safe to show."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable

PLAIN_WIDTH = 200

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7f, 0xa0)] if c != 0x0a}


def plain(value) -> str:
    """Text from the input as a person may safely read it: control characters (an ESC that
    would clear or retitle the terminal) shown escaped, never sent raw."""
    return ("" if value is None else str(value)).translate(_CONTROL)


def make_console(*, stderr: bool = False, file=None, width: int | None = None):
    """A rich Console per call, honouring NO_COLOR, TERM=dumb and non-terminal output."""
    from rich.console import Console  # rich loads only when something is printed through it

    if file is not None:  # rendering into text for a file: no colour, no wrapping
        return Console(file=file, width=width or PLAIN_WIDTH, color_system=None, force_terminal=False,
                       legacy_windows=False, soft_wrap=False)
    width = _columns()
    console = Console(stderr=stderr, highlight=False, width=width)
    if not console.is_terminal:
        return Console(stderr=stderr, highlight=False, width=PLAIN_WIDTH, color_system=None)
    return console


def _columns() -> int | None:
    """COLUMNS when it is a usable width; 0, negative or garbage means "ask the terminal"
    (rich would otherwise draw nothing at all)."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return None
    try:
        return int(value) if int(value) >= 20 else 80
    except ValueError:
        return 80


def laid_out(item, width: int) -> str | None:
    """A long table's own plain lines (``Fit.as_lines``), written past rich; else None."""
    direct = getattr(item, "as_lines", None)
    return direct(width) if direct is not None else None


def piped_width() -> int | None:
    """The width of text piped to another program: COLUMNS where it is set and usable
    (``COLUMNS=80 sanqu budget | less``), else None (wide, 200 columns)."""
    return _columns() if os.environ.get("COLUMNS") else None


def render_text(renderables: Iterable, width: int | None = None) -> str:
    """Render rich objects to plain text, as they would print on a colourless terminal
    ``width`` columns wide (default 200: a file's text never depends on the terminal)."""
    buffer = io.StringIO()
    console = make_console(file=buffer, width=width)
    for item in renderables:
        text = laid_out(item, console.width)
        if text is not None:
            buffer.write(text)
        else:
            console.print(item)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
