"""The line-by-line reader of plain block YAML may decline a file, never read it differently
from libyaml: held to libyaml's result on every file in the repository and on random
documents written with YAML's traps (indentation, continued lines, tabs, quotes, comments,
number forms, keys that are not names, duplicates, line ends)."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanqu.problems import ProblemError
from sanqu.read import yamldoc
from sanqu.read.blockyaml import read_block_yaml
from sanqu.read.text import read_text

REPO = Path(__file__).resolve().parent.parent
_FAILED = object()


def typed(value):
    """The value with every type and key order made visible: 1 != Decimal(1) != "1", NaN == NaN."""
    if isinstance(value, dict):
        return ("map", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", [typed(v) for v in value])
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    return (type(value).__name__, value)


def libyaml(text: str):
    try:
        return typed(yamldoc._parse(text, "f.yaml", record=False).data)
    except (ProblemError, yamldoc._Relocate):
        return _FAILED


def fast(text: str):
    known, data = read_block_yaml(text, yamldoc._plain)
    return typed(data) if known else None


def agrees(text: str) -> bool:
    """Whether the fast reader declined, or read what libyaml reads; True when it read it."""
    mine = fast(text)
    if mine is None:
        return False
    assert mine == libyaml(text), text
    return True


@pytest.mark.parametrize("path", sorted(p for p in REPO.glob("**/*.y*ml")
                                        if ".venv" not in p.parts and "out" not in p.parts),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_every_file_in_the_repository_reads_as_libyaml_reads_it(path: Path):
    try:
        text = read_text(path, path.name)
    except ProblemError:  # not text at all (a fixture of binary garbage): neither reads it
        return
    agrees(text)


def test_the_applicants_files_take_the_fast_way():
    # What a script or a spreadsheet writes is what it is for; a file it declined would
    # still be read, only slower, so this is what keeps the national plan's time.
    for path in (REPO / "data" / "agencies.yaml", REPO / "tests" / "fixtures" / "valid" / "agencies.yaml"):
        assert agrees(path.read_text(encoding="utf-8")), path


def test_a_file_with_a_problem_is_always_libyamls_to_explain():
    for text in ("a: 1\na: 2\n", "a: 1\n\tb: 2\n", "a: 1\n  b: 2\n", "- a\n  b\n", "a: [1, 2\n",
                 "on: 1\n", "a: 1\n---\nb: 2\n", "a: &x 1\nb: *x\n", "a: !!python/none x\n",
                 "a:\n  - x\n  b: 1\n", "a: b: c\n", "a: 'it''s'\n", 'a: "\\u0041"\n', "a: |\n  x\n"):
        assert fast(text) is None, text


def test_what_it_reads_it_reads_exactly():
    text = ("# a comment\nplan:\n  id: p-1   # trailing comment\n  year: 2022\n  score: 85.50\n"
            "  misread: 020000\n  time: 1:20\n  when: 2022-08-01\n  empty:\n  quoted: \"a # b\"\n"
            "  single: 'yes'\n  yes_word: yes\n  nothing: ~\nlist:\n- a\n-\n- [1, \"2\", x]\n"
            "people:\n  - id: P1\n    prefs: []\n  -   id: P2\n      name: Li Wei\r\n")
    assert agrees(text.replace("\r\n", "\n"))
    assert agrees(text)  # a Windows line end in the middle is declined, not misread
    data = read_block_yaml(text.replace("\r\n", "\n"), yamldoc._plain)[1]
    assert data["plan"]["score"] == Decimal("85.50") and data["plan"]["misread"] == "020000"
    assert data["plan"]["empty"] is None and data["list"] == ["a", None, [1, "2", "x"]]
    assert data["people"][1] == {"id": "P2", "name": "Li Wei"}


# Random documents: a tree written in block style, then lines broken in YAML's ways.
_WORDS = ["a", "id", "x1", "county", "name", "quota", "key", "preferences", "B_2", "score"]
_TRAP_WORDS = ["on", "null", "yes", "No", "~", "1", "a b", "\"a\"", "a.b", "-a", "李"]
_SCALARS = ["1", "-5", "+3", "020000", "0x1F", "1:20", "1_000", "1e3", "3.0", ".5", ".inf", "-.inf", ".nan",
            "2022-08-01", "true", "Off", "~", "null", "", "Li Wei", "李伟", "P001", "a#b", "a #b", "-x", "x?",
            "[1, 2]", "[]", "[a, 'b', \"c\"]", "'q'", "\"q\"", "x  ", "a\u3000b", "quota：4", "\u00a0x",
            "[\"360302\", \"360303\"]", "=", "<<", "0o17", "0b101", "1.5e-3", "12:30:00", "a,b", "a[1]"]
_TRAPS = ["a: b", "a:", "- x", "?x", "['a,b']", "[a b]", "{a: 1}", "'it''s'", "\"a\\tb\"", "\"unterminated",
          "*ref", "&anchor x", "!tag x", "|", ">", "%x", "@x", "`x", "  x", "x\t", "x\u2028y", "\u0085",
          "\ufeff", "\x07", "[1, [2]]", "[a,]", "'a' b", "\"a\" # c", "#x", "a #", "[] x"]


def _scalar(rng: random.Random) -> str:
    return rng.choice(_TRAPS) if rng.random() < 0.04 else rng.choice(_SCALARS)


def _key(rng: random.Random) -> str:
    return rng.choice(_TRAP_WORDS) if rng.random() < 0.03 else rng.choice(_WORDS)


def _tree(rng: random.Random, depth: int):
    kind = 0.5 + rng.random() / 2 if depth == 0 else rng.random()  # a collection at the top
    if depth > 3 or kind < 0.45:
        return _scalar(rng)
    if kind < 0.75:
        return {_key(rng): _tree(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [_tree(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def _write(value, indent: int, rng: random.Random, out: list[str], prefix: str = "") -> None:
    pad = " " * indent
    if isinstance(value, dict):
        first = True
        for key, item in value.items():
            head = ((prefix or pad) if first else pad) + f"{key}:"
            first = False
            if isinstance(item, (dict, list)) and item:
                out.append(head)
                step = rng.choice([0, 2, 2, 4]) if isinstance(item, list) else rng.choice([2, 2, 4])
                _write(item, indent + step, rng, out)
            else:
                out.append(f"{head} {item if not isinstance(item, (dict, list)) else '[]'}")
        if first:
            out.append(prefix + "{}" if prefix else pad + "{}")
    elif isinstance(value, list):
        for item in value:
            dash = pad + "-" + " " * rng.choice([1, 1, 3])
            if isinstance(item, dict) and item:
                _write(item, len(dash), rng, out, prefix=dash)
            elif isinstance(item, (dict, list)) and item:
                out.append(pad + "-")
                _write(item, indent + 2, rng, out)
            else:
                out.append(dash + str(item if not isinstance(item, (dict, list)) else "[]"))
        if not value:
            out.append(pad + "[]")
    else:
        out.append(pad + str(value))


def _break(lines: list[str], rng: random.Random) -> list[str]:
    for _ in range(rng.choice([0, 0, 1, 2])):
        if not lines:
            break
        k = rng.randrange(len(lines))
        how = rng.randrange(8)
        if how == 0:
            lines[k] = " " + lines[k]
        elif how == 1:
            lines[k] = lines[k][1:]
        elif how == 2:
            lines.insert(k, "  " + _scalar(rng))
        elif how == 3:
            lines.insert(k, rng.choice(["", "# note", "   # note", "---", "...", "\t", "%YAML 1.1"]))
        elif how == 4:
            lines[k] += rng.choice(["  # note", " ", "\t", ":", " #", "\r"])
        elif how == 5:
            lines[k] = lines[k].replace(" ", "\t", 1)
        elif how == 6:
            lines.insert(k, lines[k])
        else:
            lines[k] = lines[k].replace(":", "：", 1)
    return lines


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_random_documents_read_as_libyaml_reads_them_or_are_declined(seed: int):
    rng = random.Random(seed)
    lines: list[str] = []
    _write(_tree(rng, 0), rng.choice([0, 0, 2]), rng, lines)
    lines = _break(lines, rng)
    end = rng.choice(["\n", "\n", "\r\n", ""])
    agrees(end.join(lines) + end)


def test_the_random_documents_are_mostly_read_fast():
    # Else the test above would pass by declining everything.
    read = 0
    for seed in range(400):
        rng = random.Random(seed)
        lines: list[str] = []
        _write(_tree(rng, 0), 0, rng, lines)
        read += agrees("\n".join(lines) + "\n")
    assert read > 150
