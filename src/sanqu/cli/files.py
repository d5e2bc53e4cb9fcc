"""Where results go when they go to a file: written atomically, never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..i18n import Msg
from ..problems import SanquError


class OutputError(SanquError):
    """The result cannot be written where asked; nothing was changed."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(target: Path, inputs: Iterable[Path | None] = (), *, force: bool = False) -> None:
    """Refuse, before any work, a target that is an input, lies inside an input folder (the
    files read from it, and whatever the next read would take in), or is a recorded
    allocation (``sanqu allocate``'s JSON: a decision) unless ``force``."""
    target = Path(target)
    if len(target.name.encode()) > 255:
        raise OutputError(Msg("out.cannot", {"path": target, "why": "the file name is too long"}))
    where = _resolved(target)
    for source in inputs:
        if source is None:
            continue
        source = Path(source)
        if _same_file(target, source) or where == _resolved(source):
            raise OutputError(Msg("out.input", {"path": target}))
        if source.is_dir() and where is not None and _resolved(source) in where.parents:
            raise OutputError(Msg("out.in_folder", {"path": target, "folder": source}))
    if not force and is_allocation(target):
        raise OutputError(Msg("out.allocation", {"path": target}))


def is_allocation(path: Path) -> bool:
    """Whether ``path`` is an allocation sanqu wrote (a JSON object with its plan and assignments)."""
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    return text.startswith("{") and '"assignments"' in text and '"plan"' in text


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return None


def write_atomic(target: Path, text: str | bytes, inputs: Iterable[Path | None] = (), *,
                 encoding: str = "utf-8", force: bool = False) -> None:
    """Write ``text`` (or bytes) to ``target`` via a temporary file in the folder and a rename.

    Refuses to write over an input (or into an input folder, or over a recorded allocation
    without ``force``), and leaves any existing file untouched on failure.
    """
    target = Path(target)
    check_target(target, inputs, force=force)
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


def check_folder(target: Path) -> None:
    """A folder that may be written whole: new, or empty (before any work is done for it)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise OutputError(Msg("docs.folder_exists", {"path": target}))


def write_folder(target: Path, files: dict[str, bytes], inputs: Iterable[Path] = ()) -> None:
    """Write ``files`` into the folder ``target``, whole or not at all: into a new folder
    beside it, renamed into place at the end. ``target`` must be new or empty."""
    target = Path(target)
    check_folder(target)
    for source in inputs:
        if source is not None and Path(source).resolve().parent == target.resolve():
            raise OutputError(Msg("out.input", {"path": target}))
    parent = target.resolve().parent
    if not parent.is_dir():
        raise OutputError(Msg("out.no_folder", {"path": target, "folder": parent}))
    staging = Path(tempfile.mkdtemp(prefix=".sanqu-", dir=parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(staging, target)
    except OSError as exc:
        raise OutputError(Msg("out.unchanged", {"path": target, "why": exc.strerror or exc})) from None
    finally:
        if staging.exists():
            for leftover in staging.iterdir():
                leftover.unlink()
            staging.rmdir()
