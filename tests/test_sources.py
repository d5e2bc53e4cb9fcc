"""Which files a command reads: the user's own, or the bundled sample, never a mix of both."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import VALID, run


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path / "data"


def test_bundled_sample_is_announced_on_stderr(folder):
    result = run("allocate", "--format", "json")
    assert result.exit_code == 0
    assert "bundled sample" in result.stderr and "not real people" in result.stderr
    assert len([line for line in result.stderr.splitlines() if "bundled" in line]) == 1
    assert json.loads(result.stdout)["plan"] == "yunnan-2022"
    zh = run("validate", "--lang", "zh")
    assert "内置示例" in zh.stderr


def test_users_yml_file_is_read_not_the_sample(folder):
    shutil.copy(VALID / "counties.yaml", folder / "counties.yaml")
    shutil.copy(VALID / "agencies.yaml", folder / "agencies.yml")
    result = run("allocate", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["plan"] == "test-plan"
    assert {a["professional"] for a in data["assignments"]} <= {f"P00{i}" for i in range(1, 10)}
    assert "bundled" not in result.stderr


@pytest.mark.parametrize("command", ["validate", "allocate", "budget"])
def test_plan_without_applicants_is_refused_not_mixed(folder, command):
    shutil.copy(VALID / "counties.yaml", folder / "counties.yaml")
    result = run(command)
    if command == "budget":  # the budget needs no applicants: the user's plan alone is fine
        assert result.exit_code == 0 and "Test plan" not in result.stderr
        assert "bundled" not in result.stderr
        return
    assert result.exit_code == 1
    assert "data/agencies.yaml is missing" in result.stderr
    assert "P1" not in result.stdout  # none of the sample's people


@pytest.mark.parametrize("command", ["validate", "allocate", "budget"])
def test_applicants_without_plan_is_refused(folder, command):
    shutil.copy(VALID / "agencies.yaml", folder / "agencies.yaml")
    result = run(command)
    assert result.exit_code == 1
    assert "data/counties.yaml is missing" in result.stderr and result.stdout == ""


def test_a_given_file_completes_the_pair(folder):
    shutil.copy(VALID / "counties.yaml", folder / "counties.yaml")
    result = run("allocate", "--agencies", VALID / "agencies.yaml", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["plan"] == "test-plan"


def test_dangling_link_or_folder_is_not_replaced_by_the_sample(folder):
    (folder / "counties.yaml").symlink_to(folder / "gone.yaml")
    result = run("budget")
    assert result.exit_code == 1 and "yunnan" not in result.stdout.lower()
    (folder / "counties.yaml").unlink()
    (folder / "counties.yaml").mkdir()
    result = run("budget")
    assert result.exit_code == 1 and result.stdout == ""


def test_two_forms_of_one_file_are_ambiguous(folder):
    shutil.copy(VALID / "counties.yaml", folder / "counties.yaml")
    shutil.copy(VALID / "agencies.yaml", folder / "agencies.yaml")
    shutil.copy(VALID / "agencies.yaml", folder / "agencies.yml")
    result = run("allocate")
    assert result.exit_code == 1 and "ambiguous-file" in result.stderr
