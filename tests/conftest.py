"""Shared helpers: run the CLI in-process with stdout and stderr apart, and fixture paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sanqu.cli import app

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
REPO = HERE.parent
SMALL = ["--counties", str(VALID / "counties.yaml"), "--agencies", str(VALID / "agencies.yaml")]


ENGLISH = {"LANG": "en_US.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": None}  # as CI: wide


def run(*args: str, env: dict | None = None):
    """Invoke ``sanqu ARGS`` in an English locale (unless ``env`` says otherwise)."""
    return CliRunner(env={**ENGLISH, **(env or {})}).invoke(app, [str(a) for a in args])


def run_json(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def small_files(tmp_path):
    """Writable copies of the small valid plan and pool."""
    counties = tmp_path / "counties.yaml"
    agencies = tmp_path / "agencies.yaml"
    counties.write_text((VALID / "counties.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    agencies.write_text((VALID / "agencies.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return counties, agencies
