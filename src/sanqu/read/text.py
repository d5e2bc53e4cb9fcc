"""Reading a text file safely: bounded in size as it is read, its encoding told from its bytes.

UTF-8 (with or without a BOM) and UTF-16 with a BOM (Notepad's "Unicode") are read;
GB18030/GBK (Excel's CSV on a Chinese Windows) where the caller allows it, else named.
"""

from __future__ import annotations

from pathlib import Path

from ..i18n import Msg
from ..problems import ProblemError, make_problem

MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20


def _fail(display: str, code: str, key: str, line: int = 1, column: int = 1, **params) -> ProblemError:
    return ProblemError([make_problem(display, line, column, "", code, Msg(key, params))])


def read_bytes(path: Path, display: str) -> bytes:
    """The file's bytes, counted as they are read: a pipe or a device cannot exhaust memory."""
    chunks, size = [], 0
    try:
        with open(path, "rb") as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _fail(display, "too-large", "problem.too_large", limit=MAX_BYTES)
                chunks.append(chunk)
    except FileNotFoundError:
        raise _fail(display, "no-file", "problem.no_file") from None
    except IsADirectoryError:
        raise _fail(display, "no-file", "problem.folder") from None
    except OSError as exc:
        raise _fail(display, "no-file", "problem.unreadable", detail=exc.strerror or str(exc)) from None
    return b"".join(chunks)


def decode(raw: bytes, display: str, *, gbk: bool = False) -> str:
    """Text from bytes: UTF-16 by its BOM, else UTF-8, else (``gbk``) GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail(display, "encoding", "problem.not_utf8") from None
    if b"\x00" in raw:
        raise _fail(display, "encoding", "problem.binary")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if gbk:
            try:
                return raw.decode("gb18030")
            except UnicodeDecodeError:
                raise _fail(display, "encoding", "problem.csv_encoding") from None
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        key = "problem.not_utf8"
        try:
            raw.decode("gb18030")
            key = "problem.gbk"
        except UnicodeDecodeError:
            pass
        raise _fail(display, "encoding", key, line, column) from None


def read_text(path: Path, display: str) -> str:
    """The file's text (UTF-8 or UTF-16 with a BOM), or a ProblemError saying what it is instead."""
    return decode(read_bytes(path, display), display)
