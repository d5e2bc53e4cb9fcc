"""Where results go: stdout, or a file written atomically that is never one of the inputs."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .i18n import Msg
from .problems import SanquError

PLAIN_WIDTH = 200

_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7f, 0xa0)] if c != 0x0a}


def plain(value) -> str:
    """Text from the input as a person may safely read it: control characters (an ESC that
    would clear or retitle the terminal) shown escaped, never sent raw."""
    return ("" if value is None else str(value)).translate(_CONTROL)


class OutputError(SanquError):
    """The result cannot be written where asked; nothing was changed."""


def make_console(*, stderr: bool = False, file=None):
    """A rich Console per call, honouring NO_COLOR, TERM=dumb and non-terminal output."""
    from rich.console import Console  # rich loads only when something is printed through it

    if file is not None:  # rendering into text for a file: no colour, no wrapping
        return Console(file=file, width=PLAIN_WIDTH, color_system=None, force_terminal=False,
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


def render_text(renderables: Iterable) -> str:
    """Render rich objects to plain text, as they would print on a wide, colourless terminal."""
    buffer = io.StringIO()
    console = make_console(file=buffer)
    for item in renderables:
        text = laid_out(item, console.width)
        if text is not None:
            buffer.write(text)
        else:
            console.print(item)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_atomic(target: Path, text: str | bytes, inputs: Iterable[Path] = (), *,
                 encoding: str = "utf-8") -> None:
    """Write ``text`` (or bytes) to ``target`` via a temporary file in the folder and a rename.

    Refuses to write over an input, and leaves any existing file untouched on failure.
    """
    target = Path(target)
    if len(target.name.encode()) > 255:
        raise OutputError(Msg("out.cannot", {"path": target, "why": "the file name is too long"}))
    for source in inputs:
        if source is not None and (_same_file(target, Path(source))
                                   or target.resolve() == Path(source).resolve()):
            raise OutputError(Msg("out.input", {"path": target}))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(Msg("out.no_folder", {"path": target, "folder": folder}))
    if target.is_dir():
        raise OutputError(Msg("out.is_folder", {"path": target}))
    data = text if isinstance(text, bytes) else text.encode(encoding)
    if target.exists() and not target.is_file():
        # A device or pipe (/dev/stdout, /dev/full): write into it; never rename over it.
        try:
            with open(target, "wb") as handle:
                handle.write(data)
                handle.flush()
        except OSError as exc:
            raise OutputError(Msg("out.cannot", {"path": target, "why": exc.strerror or exc})) from None
        return
    fd = None
    tmp = None
    try:
        # A short temporary name: a legal 250-byte target name must still be writable.
        fd, tmp = tempfile.mkstemp(prefix=".sanqu-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            fd = None
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
        tmp = None
    except PermissionError:
        raise OutputError(Msg("out.permission", {"path": target})) from None
    except OSError as exc:
        raise OutputError(Msg("out.unchanged", {"path": target, "why": exc.strerror or exc})) from None
    finally:
        if fd is not None:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
