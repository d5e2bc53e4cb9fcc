"""Safe YAML reading that remembers where every value came from.

One pass over libyaml's events builds plain Python data (dicts, lists, str, int,
Decimal, bool, None) and a table of positions, so that any later problem can name
``file:line:col``. It refuses what a hand-written plan never needs and an attacker
would use: duplicate keys, anchors and aliases, explicit tags, and absurd depth or size.
One plain scalar is read as YAML 1.1 reads it, except where that misleads: floats stay
exact (Decimal), timestamps stay text, and numbers it would misread are kept as written
(``MisreadNumber``) for the models to refuse with a reason. Punctuation a Chinese input
method types where YAML needs ASCII (``quota：4``) is pointed at where it breaks a file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ..i18n import Msg, Named, library_message
from ..problems import Problem, ProblemError, Severity, format_path, make_problem
from .blockyaml import read_block_yaml
from .text import read_text

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


_SPECIAL_FLOATS = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


# The first characters of every implicit type of YAML 1.1's resolver (null, bool, int, float,
# timestamp, merge, value); a plain scalar starting otherwise is text. It has none keyed on
# any character (None) nor by path, which this relies on.
_TYPED_FIRST = frozenset(first for first in yaml.SafeLoader.yaml_implicit_resolvers if first)
assert None not in yaml.SafeLoader.yaml_implicit_resolvers and not yaml.SafeLoader.yaml_path_resolvers


class MisreadNumber(str):
    """A number YAML 1.1 would misread (020000 as octal 8192, 1:20 as 80, 0x1F): kept as the
    text that was written, so that the models refuse it and say why, never guess."""

    __slots__ = ()


_MISREAD = re.compile(r"[-+]?(0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)")


def scalar(loader, value: str, implicit) -> object:
    """A scalar as YAML 1.1 resolves it, except floats (Decimal), timestamps (text) and
    numbers it would misread (``MisreadNumber``)."""
    if value and value[0] not in _TYPED_FIRST and implicit[0]:
        return value  # no implicit type starts with this character: text, as resolve would say
    tag = loader.resolve(yaml.ScalarNode, value, implicit)
    if tag == _NULL_TAG:
        return None
    if tag == _BOOL_TAG:
        return value.lower() in ("yes", "true", "on")
    if tag in (_INT_TAG, _FLOAT_TAG) and _MISREAD.fullmatch(value):
        return MisreadNumber(value)
    if tag == _INT_TAG and len(value) > 30:  # no count or amount has 30 digits; int() may refuse 4,300
        return value
    if tag == _INT_TAG:
        return loader.construct_yaml_int(yaml.ScalarNode(tag, value))
    if tag == _FLOAT_TAG:
        # Never a binary float: 0.30 stays Decimal("0.30"), so money and scores are exact.
        text = value.replace("_", "").lower()
        try:
            return Decimal(_SPECIAL_FLOATS.get(text, text))
        except InvalidOperation:
            return value
    # Timestamps stay text: the models parse dates and explain impossible ones.
    return value


# Punctuation a Chinese input method types in place of YAML's, and what YAML needs.
FULL_WIDTH = {"：": ": ", "，": ", ", "［": "[", "］": "]", "｛": "{", "｝": "}", "\u3000": " ",
               "－": "-", "＂": '"', "＇": "'"}


def full_width(text: str, lines: list[int]) -> tuple[int, int, str] | None:
    """The first full-width punctuation mark on these lines (1-based), outside quotes."""
    all_lines = text.splitlines()
    for number in lines:
        if not 1 <= number <= len(all_lines):
            continue
        quote = None
        for column, char in enumerate(all_lines[number - 1], start=1):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in FULL_WIDTH:
                return number, column, char
    return None


try:  # the C parser is an order of magnitude faster; fall back where libyaml is absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 50



@dataclass
class Document:
    """A loaded YAML file: its data, and where each value (and each key) stands.

    Positions are worked out only when a problem asks for one: the first call to
    ``where`` parses the text a second time, recording marks. Valid files, the usual
    case, never pay for them.
    """

    file: str
    data: object
    text: str = ""
    _positions: dict[tuple, tuple[int, int]] | None = None
    _key_positions: dict[tuple, tuple[int, int]] | None = None

    def _locate(self) -> None:
        if self._positions is None:
            located = _parse(self.text, self.file, record=True)
            self._positions, self._key_positions = located._positions, located._key_positions

    @property
    def positions(self) -> dict[tuple, tuple[int, int]]:
        self._locate()
        return self._positions or {}

    @property
    def key_positions(self) -> dict[tuple, tuple[int, int]]:
        self._locate()
        return self._key_positions or {}

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``; of its key with ``key=True``; else its nearest parent."""
        path = tuple(path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        positions = self.positions
        while path:
            if path in positions:
                return positions[path]
            path = path[:-1]
        return positions.get((), (1, 1))

    def place(self, path: tuple) -> str:
        """``file:line:col`` of the value at ``path``, for naming it in another message."""
        line, column = self.where(path)
        return f"{self.file}:{line}:{column}"

    def first_place(self, path: tuple) -> Msg:
        """Where an earlier value stands, as a duplicate's message names it: its line."""
        return Msg("place.line", {"line": self.where(path)[0]})

    def problem(self, path: tuple, code: str, message, *, key: bool = False,
                severity: Severity = "error") -> Problem:
        """A Problem about the value at ``path`` in this file; ``message`` is an i18n Msg."""
        line, column = self.where(path, key=key)
        return make_problem(self.file, line, column, format_path(path), code, message, severity)


def load_yaml(path: Path | str, display: str | None = None) -> Document:
    """Read and parse one YAML file safely, keeping positions. Raises ProblemError."""
    path = Path(path)
    display = display or str(path)
    return parse_yaml(read_text(path, display), display)


def _mark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def parse_yaml(text: str, display: str) -> Document:
    """Parse YAML text into a Document. Raises ProblemError with every reason it cannot.

    Plain block YAML, what scripts and most people write, is read line by line (2.5x
    faster); libyaml reads everything else, and every file with a problem to explain."""
    known, data = read_block_yaml(text, _plain)
    if known:
        return Document(display, data, text)
    try:
        return _parse(text, display, record=False)
    except _Relocate:
        return _parse(text, display, record=True)


_RESOLVER: Any = None


def _plain(value: str) -> object:
    """A plain scalar's value, by the same rule as libyaml's reading (``scalar``)."""
    global _RESOLVER
    if _RESOLVER is None:
        _RESOLVER = _Loader("")
    return scalar(_RESOLVER, value, (True, False))


class _Relocate(Exception):
    """The fast pass found a problem whose message needs marks it did not keep."""


def _parse(text: str, display: str, *, record: bool) -> Document:
    """One pass over libyaml's events; with ``record``, note every value's and key's mark."""
    doc = Document(display, None, text)
    positions: dict[tuple, tuple[int, int]] = {}
    key_positions: dict[tuple, tuple[int, int]] = {}
    if record:
        doc._positions, doc._key_positions = positions, key_positions
    loader = _Loader(text)
    cache: dict[tuple, object] = {}  # plain scalars repeat (codes, enums): resolve each once
    # Each open collection: [container, path, pending key or _NO_KEY, key mark]
    stack: list[list] = []
    documents = 0
    problems: list[Problem] = []

    def fail(event, path: tuple, code: str, message_key: str, **params) -> ProblemError:
        line, column = _mark(event)
        return ProblemError([make_problem(display, line, column, format_path(path), code,
                                          Msg(message_key, params))])

    def refuse(event) -> None:
        """Anchors, aliases and explicit tags: what a plan never needs and an attack uses."""
        where = stack[-1][1] if stack else ()
        if event.anchor:
            raise fail(event, where, "yaml-alias", "problem.yaml_alias", anchor=f"&{event.anchor}")
        raise fail(event, where, "yaml-tag", "problem.yaml_tag", tag=event.tag)

    def place(value, event, is_collection: bool):
        """Put a finished value into its parent; returns the value's path."""
        if not stack:
            doc.data = value
            if record:
                positions[()] = _mark(event)
            return ()
        top = stack[-1]
        container = top[0]
        if container.__class__ is list:
            if record or is_collection:
                vpath = top[1] + (len(container),)
                if record:
                    positions[vpath] = _mark(event)
            else:
                vpath = None
            container.append(value)
            return vpath
        key = top[2]
        if key is _NO_KEY:  # this value is a key
            if is_collection:
                raise fail(event, top[1], "yaml-key", "problem.yaml_key")
            if not isinstance(value, str):  # null:, 1.5:, true:, 2022-08-01: read as no name
                raise fail(event, top[1], "yaml-key", "problem.yaml_key_text", key=event.value or "~")
            if value in container:
                if not record:  # say where the first one is: parse again, noting marks
                    raise _Relocate
                first = key_positions.get(top[1] + (value,), (0, 0))
                raise fail(event, top[1] + (value,), "duplicate-key", "problem.duplicate_key",
                           key=value, first=first[0])
            top[2] = value
            if record:
                top[3] = _mark(event)
            return None
        container[key] = value
        top[2] = _NO_KEY
        if record or is_collection:
            vpath = top[1] + (key,)
            if record:
                key_positions[vpath] = top[3]
                positions[vpath] = _mark(event)
            return vpath
        return None

    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    skipped = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()  # libyaml's events carry their fields per kind
            if event is None:
                break
            kind = event.__class__
            if kind is scalar_event:
                if event.anchor or event.tag not in (None, "!"):
                    refuse(event)
                implicit = event.implicit
                if implicit[0]:  # plain scalar: its meaning depends only on its text
                    value = cache.get(event.value, _NO_KEY)
                    if value is _NO_KEY:
                        value = cache[event.value] = scalar(loader, event.value, implicit)
                else:
                    value = event.value
                place(value, event, False)
            elif kind in ends:
                stack.pop()
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor or event.tag not in (None, "!"):
                    refuse(event)
                if len(stack) >= MAX_DEPTH:
                    raise fail(event, stack[-1][1], "too-deep", "problem.too_deep", depth=MAX_DEPTH)
                value = {} if kind is mapping_start else []
                vpath = place(value, event, True)
                stack.append([value, vpath, _NO_KEY, None])
            elif kind is yaml.AliasEvent:
                raise fail(event, stack[-1][1] if stack else (), "yaml-alias",
                           "problem.yaml_alias", anchor=f"*{event.anchor}")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(event, (), "yaml-documents", "problem.yaml_documents")
            elif kind not in skipped:  # pragma: no cover - every event kind is handled above
                raise fail(event, (), "yaml-syntax", "problem.yaml_syntax",
                           english=f"unexpected {kind.__name__}")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            message += f" (the construct began at line {start.line + 1})"
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            message += " (YAML does not allow tabs for indentation; use spaces)"
        lines = sorted({line} | ({start.line + 1} if start is not None else set()))
        typed = full_width(text, lines)
        if typed is not None:  # the likely cause, where it stands and what to type instead
            line, column, char = typed
            problems.append(make_problem(display, line, column, "", "yaml-syntax", Msg(
                "problem.full_width", {"char": char, "ascii": FULL_WIDTH[char]})))
        else:
            problems.append(make_problem(display, line, column, "", "yaml-syntax",
                                         Msg("problem.yaml_syntax", {"english": _said(message)})))
    except yaml.YAMLError as exc:  # reader errors such as control characters
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(make_problem(display, line, column, "", "yaml-syntax", Msg(
            "problem.yaml_syntax", {"english": _said(str(exc).splitlines()[0])})))
    except RecursionError:
        problems.append(make_problem(display, 1, 1, "", "too-deep",
                                     Msg("problem.too_deep", {"depth": MAX_DEPTH})))
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
    if problems:
        raise ProblemError(problems)
    return doc


def _said(message: str) -> Named:
    """libyaml's message, with its translation where it is one sanqu knows."""
    return library_message("yaml", message)


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<no key>"


_NO_KEY = _NoKey()
