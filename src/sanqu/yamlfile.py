"""Safe YAML reading that remembers where every value came from.

One pass over libyaml's events builds plain Python data (dicts, lists, str, int,
Decimal, bool, None) and a table of positions, so that any later problem can name
``file:line:col``. It refuses what a hand-written plan never needs and an attacker
would use: duplicate keys, anchors and aliases, explicit tags, and absurd depth or size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .problems import Problem, ProblemError, format_path

try:  # the C parser is an order of magnitude faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 50

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class Document:
    """A loaded YAML file: its data, and where each value (and each key) stands."""

    file: str
    data: object
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``; of its key with ``key=True``; else its nearest parent."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: tuple, code: str, message: str, *, key: bool = False,
                severity: str = "error") -> Problem:
        """A Problem about the value at ``path`` in this file."""
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, format_path(path), code, message, severity)


def read_text(path: Path, display: str) -> str:
    """The file's text as UTF-8 (BOM allowed), or a ProblemError that says what it is instead."""
    def fail(code: str, message: str) -> ProblemError:
        return ProblemError([Problem(display, 1, 1, "", code, message)])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail("too-large", f"the file is {size:,} bytes; sanqu reads at most {MAX_BYTES:,}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no-file", "no such file") from None
    except IsADirectoryError:
        raise fail("no-file", "this is a folder, not a file") from None
    except PermissionError:
        raise fail("no-file", "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise fail("no-file", f"cannot read the file: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise fail("encoding", "this is a binary file, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "the file is not UTF-8"
        try:
            raw.decode("gb18030")
            hint += (" (it looks like GBK/GB18030, as saved by some Windows editors;"
                     " save it as UTF-8)")
        except UnicodeDecodeError:
            pass
        raise ProblemError([Problem(display, line, column, "", "encoding", hint)]) from None


def load_yaml(path: Path | str, display: str | None = None) -> Document:
    """Read and parse one YAML file safely, keeping positions. Raises ProblemError."""
    path = Path(path)
    display = display or str(path)
    return parse_yaml(read_text(path, display), display)


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _scalar(loader, event) -> object:
    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    value = event.value
    if tag == _NULL_TAG:
        return None
    if tag == _BOOL_TAG:
        return value.lower() in ("yes", "true", "on", "y")
    if tag == _INT_TAG:
        return loader.construct_yaml_int(yaml.ScalarNode(tag, value))
    if tag == _FLOAT_TAG:
        # Never a binary float: 0.30 stays Decimal("0.30"), so money and scores are exact.
        text = value.replace("_", "").lower()
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        try:
            return Decimal(special.get(text, text))
        except InvalidOperation:
            return value
    # Timestamps stay text: the models parse dates and explain impossible ones.
    return value


def parse_yaml(text: str, display: str) -> Document:
    """Parse YAML text into a Document. Raises ProblemError with every reason it cannot."""
    doc = Document(display, None)
    loader = _Loader(text)
    # Each open collection: [container, path, pending_key, pending_key_mark]
    stack: list[list] = []
    documents = 0
    problems: list[Problem] = []

    def fail(line: int, column: int, path: tuple, code: str, message: str) -> ProblemError:
        return ProblemError([Problem(display, line, column, format_path(path), code, message)])

    def place(value, event, is_collection: bool):
        """Put a finished value into its parent; returns the value's path."""
        line, column = _mark(event)
        if not stack:
            doc.data = value
            doc.positions[()] = (line, column)
            return ()
        top = stack[-1]
        container, cpath = top[0], top[1]
        if isinstance(container, list):
            vpath = cpath + (len(container),)
            container.append(value)
            doc.positions[vpath] = (line, column)
            return vpath
        if top[2] is _NO_KEY:  # this value is a key
            if is_collection:
                raise fail(line, column, cpath, "yaml-key", "a mapping key must be plain text")
            if value in container:
                first = doc.key_positions.get(cpath + (value,))
                where = f" (first at line {first[0]})" if first else ""
                raise fail(line, column, cpath + (value,), "duplicate-key",
                           f"duplicate key {value!r}{where}; YAML would silently keep only the last")
            top[2], top[3] = value, (line, column)
            return None
        key = top[2]
        vpath = cpath + (key,)
        container[key] = value
        doc.key_positions[vpath] = top[3]
        doc.positions[vpath] = (line, column)
        top[2] = _NO_KEY
        return vpath

    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, column = _mark(event)
                    raise fail(line, column, (), "yaml-documents",
                               "more than one YAML document in the file; keep one")
                continue
            line, column = _mark(event)
            if kind is yaml.AliasEvent:
                raise fail(line, column, stack[-1][1] if stack else (), "yaml-alias",
                           f"aliases (*{event.anchor}) are not allowed; write the value out")
            if getattr(event, "anchor", None):
                raise fail(line, column, stack[-1][1] if stack else (), "yaml-alias",
                           f"anchors (&{event.anchor}) are not allowed; write the value out")
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and kind is not yaml.MappingEndEvent and kind is not yaml.SequenceEndEvent:
                raise fail(line, column, stack[-1][1] if stack else (), "yaml-tag",
                           f"explicit tags ({tag}) are not allowed")
            if kind is yaml.ScalarEvent:
                place(_scalar(loader, event), event, False)
            elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                if len(stack) >= MAX_DEPTH:
                    raise fail(line, column, stack[-1][1], "too-deep",
                               f"nested more than {MAX_DEPTH} levels deep")
                value = {} if kind is yaml.MappingStartEvent else []
                vpath = place(value, event, True)
                stack.append([value, vpath, _NO_KEY, None])
            elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            message += f" (the construct began at line {start.line + 1})"
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            message += " (YAML does not allow tabs for indentation; use spaces)"
        problems.append(Problem(display, line, column, "", "yaml-syntax", message))
    except yaml.YAMLError as exc:  # reader errors such as control characters
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(display, line, column, "", "yaml-syntax", str(exc).splitlines()[0]))
    except RecursionError:
        problems.append(Problem(display, 1, 1, "", "too-deep", "the file is nested too deeply"))
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if problems:
        raise ProblemError(problems)
    return doc


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<no key>"


_NO_KEY = _NoKey()
