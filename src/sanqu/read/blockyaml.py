"""Plain block YAML read line by line: the fast way through the large, regular files that
scripts and spreadsheets write (the national plan's 30,000 applicants: 0.25 s, not 0.65).

It knows a strict subset only: block mappings and sequences, keys that are identifiers,
plain scalars, quoted scalars without escapes, one-line flow lists of such, comments and
blank lines. On anything else, and on anything it is unsure of (a duplicate key, a tab, an
odd indentation, a line it does not know), it answers None and libyaml reads the file
instead, with every check and message of ``yamldoc``. So it may decline a file but never
read one differently: a test holds it to libyaml's result on every fixture and on random
documents. Scalars are resolved by ``yamldoc``'s one rule, passed in as ``resolve``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Characters libyaml reads as printable and never as a line break (no NEL, LS, PS, BOM),
# without the tab (YAML forbids it in indentation; libyaml explains it better).
_STRANGE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# One line: its indentation, a dash, a key, and what follows.
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_]*):(?: +|$))?(.*)$", re.MULTILINE)
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*| *)$')
_SINGLE = re.compile(r"'([^']*)'(?: +#.*| *)$")
_FLOW = re.compile(r"\[([^\[\]{}#]*)\](?: +#.*| *)$")
_FLOW_ITEM = re.compile(r""" *(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_.+][A-Za-z0-9_.+-]*|-[0-9][A-Za-z0-9_.+-]*)) *$""")
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MAX_DEPTH = 40  # deeper than any plan: libyaml's reading refuses what is too deep

_EMPTY = object()  # a key or dash with nothing after it: a nested node, or null
_UNSEEN = object()  # a value not written before


class _Declined(Exception):
    """Not in the subset: libyaml reads the file."""


def read_block_yaml(text: str, resolve: Callable[[str], object]) -> tuple[bool, object]:
    """(True, data) where the text is plain block YAML this reader knows; (False, None) else.

    ``resolve`` turns a plain scalar's text into its value, as the full reader would.
    """
    if "\r" in text:
        if "\r" in text.replace("\r\n", ""):
            return False, None
        text = text.replace("\r\n", "\n")
    if _STRANGE.search(text):
        return False, None
    try:
        return True, _read(text, resolve)
    except _Declined:
        return False, None


def _read(text: str, resolve: Callable[[str], object]) -> object:
    def scalar(rest: str) -> object:
        """The value written after ``key:`` or ``-``, or _EMPTY; declines what it does not know."""
        if not rest or rest[0] == "#":
            return _EMPTY
        first = rest[0]
        if first == '"':
            match = _DOUBLE.match(rest)
            if match is None:
                raise _Declined
            return match.group(1)
        if first == "'":
            match = _SINGLE.match(rest)
            if match is None:
                raise _Declined
            return match.group(1)
        if first == "[":
            match = _FLOW.match(rest)
            if match is None:
                raise _Declined
            inner = match.group(1)
            if not inner.strip(" "):
                return []
            items = []
            for part in inner.split(","):
                item = _FLOW_ITEM.match(part)
                if item is None:
                    raise _Declined
                double, single, bare = item.groups()
                items.append(resolve(bare) if bare is not None else double if double is not None else single)
            return items
        if first in _PLAIN_START and not (first == "-" and len(rest) > 1 and rest[1] != " "):
            raise _Declined
        cut = rest.find(" #")
        if cut >= 0:
            rest = rest[:cut]
        rest = rest.rstrip(" ")
        if ": " in rest or rest[-1] == ":":
            raise _Declined
        return resolve(rest)

    values: dict[str, object] = {}  # what each written value reads as (most repeat)
    keys: dict[str, str] = {}

    def key_of(name: str) -> str:
        key = resolve(name)
        if key.__class__ is not str:  # on:, null:, true: are not names
            raise _Declined
        keys[name] = key
        return key

    root: object = None
    # Open collections, innermost last: [indent, container, is_mapping].
    frames: list[list] = []
    waiting: tuple | None = None  # (container, key or index, indent, in a mapping): awaits its value

    for spaces, dash_written, name, rest in _LINE.findall(text):
        if not dash_written and not name:
            if not rest or rest[0] == "#":
                continue  # a blank line or a comment
            raise _Declined  # a scalar alone on its line: continued text, libyaml's to read
        indent = len(spaces)
        dash = bool(dash_written)
        if waiting is not None:
            parent, at, parent_indent, under_key = waiting
            waiting = None
            if indent > parent_indent or (under_key and dash and indent == parent_indent):
                if len(frames) >= _MAX_DEPTH:
                    raise _Declined
                node: list | dict = [] if dash else {}
                parent[at] = node
                frames.append([indent, node, not dash])
            else:
                parent[at] = None
        elif not frames:
            if root is not None:  # a second node at the top: libyaml explains
                raise _Declined
            root = [] if dash else {}
            frames.append([indent, root, not dash])
        # Close what this line's indentation ends: deeper collections, and a list written at
        # its mapping's own indentation when the mapping's next key comes.
        while frames and (frames[-1][0] > indent or (
                frames[-1][0] == indent and not frames[-1][2] and not dash
                and len(frames) > 1 and frames[-2][0] == indent and frames[-2][2])):
            frames.pop()
        if not frames or frames[-1][0] != indent or frames[-1][2] == dash:
            raise _Declined
        # Where this line's value goes: a new slot of the list, or a key of the mapping.
        container: list | dict
        slot: int | str
        if dash:
            items = frames[-1][1]
            if name:  # "- id: A01": a mapping starts in the list, at the key's column
                if len(frames) >= _MAX_DEPTH:
                    raise _Declined
                mapping: dict = {}
                items.append(mapping)
                indent += len(dash_written)
                frames.append([indent, mapping, True])
            else:
                items.append(None)
                container, slot, in_mapping = items, len(items) - 1, False
        else:
            mapping = frames[-1][1]
        if name:
            key = keys.get(name) or key_of(name)
            if key in mapping:
                raise _Declined  # a duplicate: libyaml's reading names both places
            mapping[key] = None
            container, slot, in_mapping = mapping, key, True
        value = values.get(rest, _UNSEEN)
        if value is _UNSEEN:
            value = values[rest] = scalar(rest)
        if value is _EMPTY:
            waiting = (container, slot, indent, in_mapping)
        else:  # each its own list, as libyaml's reading gives
            container[slot] = value.copy() if isinstance(value, list) else value  # type: ignore[index]
    if root is None:
        raise _Declined
    if waiting is not None:
        parent, at, _, _ = waiting
        parent[at] = None
    return root
