"""Reading a text file safely: bounded in size as it is read, its encoding told from its bytes.

UTF-8 (with or without a BOM) and UTF-16 with a BOM (Notepad's "Unicode") are read;
a YAML file in GB18030/GBK is named as such; a CSV file (Excel's on a Chinese Windows) is
read in it (``csv_rows``).
"""

from __future__ import annotations

import codecs
import csv
import io
from array import array
from collections.abc import Iterator
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


def decode(raw: bytes, display: str) -> str:
    """Text from bytes: UTF-16 by its BOM, else UTF-8 (a GBK file is named as such)."""
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


# What a file under a .csv name holds when it is not text: named, never read as the wrong thing.
_BINARY_KINDS = ((b"PK\x03\x04", "xlsx"), (b"\xd0\xcf\x11\xe0", "xls"))
CSV_HEAD = 1 << 20  # the bytes that decide a CSV file's encoding


def csv_rows(path: Path, display: str, lines: array | None = None) -> Iterator[list[str]]:
    """A CSV file's rows, streamed (a million blank lines cost no more than their bytes).

    UTF-16 by its BOM, else UTF-8, else GB18030 when its first megabyte is not UTF-8: a
    UTF-8 file with a line in another encoding further on is refused at that line, never
    decoded whole as the wrong one. A quote never closed, a text after a closing quote,
    a cell past the csv module's field limit, and a cell whose lines look like rows it
    swallowed are refused at their line. ``lines`` (when given) gets each row's first line.
    """
    def fail(key: str, line: int = 1, code: str = "bad-csv", **params) -> ProblemError:
        return ProblemError([make_problem(display, line, 1, "", code, Msg(key, params))])

    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise fail("problem.no_file", code="no-file") from None
    except IsADirectoryError:
        raise fail("problem.folder", code="no-file") from None
    except OSError as exc:
        raise fail("problem.unreadable", code="no-file", detail=exc.strerror or str(exc)) from None
    with handle:
        head = handle.read(CSV_HEAD)
        kind = next((k for magic, k in _BINARY_KINDS if head.startswith(magic)), None)
        if kind is not None:
            raise fail("problem.workbook_as_csv", code="encoding", kind=kind)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            if b"\x00" in head:
                raise fail("problem.binary_csv", code="encoding")
            told = _head_encoding(head)
            if told is None:
                raise fail("problem.mixed_encoding", _first_bad_line(path, "utf-8"), "encoding")
            encoding = told
        handle.seek(0)
        reader = csv.reader(io.TextIOWrapper(handle, encoding=encoding, newline=""), strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise fail("problem.mixed_encoding", _first_bad_line(path, encoding), "encoding") from None
            except csv.Error as exc:
                text = str(exc)
                if "end of data" in text:
                    raise fail("problem.unclosed_quote", start, end=reader.line_num) from None
                if "field limit" in text:
                    raise fail("problem.csv_field_limit", start, limit=csv.field_size_limit()) from None
                if "expected after" in text:
                    raise fail("problem.text_after_quote", reader.line_num) from None
                raise fail("problem.bad_csv", reader.line_num, detail=text) from None
            end = reader.line_num
            if end - start > 1 and any(_swallowed(value) for value in row):
                raise fail("problem.swallowed_rows", start, end=end)
            if lines is not None:
                lines.append(start)
            start = end + 1
            yield row


def _swallowed(value: str) -> bool:
    """Whether a cell's later lines look like rows of the file (three or more commas):
    a quote opened by mistake and closed by another one further on."""
    return "\n" in value and any(line.count(",") >= 3 for line in value.split("\n")[1:])


def _head_encoding(head: bytes) -> str | None:
    """UTF-8 when the file's first megabyte is, GB18030 when its lines are not UTF-8; None
    when some are UTF-8 beyond ASCII and others not (a line pasted from another file)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    lines = head.split(b"\n")[:-1] or [head]  # the last may be cut in the middle
    utf8 = False
    for line in lines:
        try:
            line.decode("utf-8")
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            if utf8:
                return None
    return "gb18030"


def _first_bad_line(path: Path, encoding: str) -> int:
    """The first line not in ``encoding`` (the decoder fails a block ahead of the reader)."""
    if encoding == "utf-16":
        return 1  # its lines are not split at a byte
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                return number
    return 1
