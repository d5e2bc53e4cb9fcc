"""Every command and option has help text, and the README mentions each (sqlite-utils' habit)."""

from __future__ import annotations

import re

import pytest
import typer.main

from conftest import REPO
from sanqu.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")
GUIDE = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")


def _commands():
    group = typer.main.get_command(app)
    return [(name, cmd) for name, cmd in group.commands.items()]


@pytest.mark.parametrize("name,command", _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_has_help_and_is_documented(name, command):
    assert command.help and command.help.strip(), f"sanqu {name} has no help text"
    assert "Example:" in command.help, f"sanqu {name} --help shows no worked example"
    for text, where in ((README, "README"), (GUIDE, "docs/guide.md")):
        assert re.search(rf"sanqu {name}\b", text), f"{where} does not show sanqu {name}"
    for param in command.params:
        if param.name == "help":
            continue
        assert getattr(param, "help", None), f"sanqu {name} {param.opts} has no help text"
        if param.param_type_name == "argument":
            continue
        for text, where in ((README, "README"), (GUIDE, "docs/guide.md")):
            assert any(opt in text for opt in param.opts), f"{where} lacks {param.opts} of sanqu {name}"


def test_readme_starts_with_the_two_commands():
    head = README.split("## ", 1)[0]
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", head, re.S)
    assert len(blocks) >= 2
    assert "sanqu allocate" in blocks[0] and "pytest" in blocks[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = blocks[1].strip().splitlines()[-1]
    assert test_command in ci, "the CI script must run the README's test command"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_compare_table_shown_is_the_one_printed():
    from conftest import run

    result = run("allocate", "--compare")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.strip().startswith(("method", "optimal", "fair",
                                                                                    "stable"))]
    assert len(rows) == 4
    for text, where in ((README, "README"), (GUIDE, "docs/guide.md")):
        for row in rows:
            assert _words(row) in _words(text), f"{where} does not show the printed row {row.strip()!r}"
    optimal = rows[1].split()
    fair = rows[2].split()
    # The prose quotes the figures: blocking pairs of optimal, fair's first choices and no preference.
    assert f"exchange {optimal[4]} times" in _words(README) and f"with {optimal[4]} such" in _words(GUIDE)
    assert f"places {fair[5]} people at the county they named first (and {fair[6]} who named none" in _words(README)
