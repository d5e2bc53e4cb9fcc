"""Allocation files edited by hand or tampered with, given to --keep, --allocation and diff:
each refused at its place with exit 1, never paid for more than the plan allows."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import SMALL, VALID, run

PLAN = ["--counties", str(VALID / "counties.yaml")]


@pytest.fixture(scope="module")
def october(tmp_path_factory) -> dict:
    """An allocation of the small plan after one withdrawal on 1 October, refilled."""
    folder = tmp_path_factory.mktemp("alloc")
    assert run("allocate", *SMALL, "-f", "json", "-o", folder / "a.json").exit_code == 0
    first = json.loads((folder / "a.json").read_text())["assignments"][0]["professional"]
    result = run("allocate", *SMALL, "--keep", folder / "a.json", "--withdraw", first, "--effective",
                 "2022-10-01", "-f", "json", "-o", folder / "b.json")
    assert result.exit_code == 0, result.stderr
    data = json.loads((folder / "b.json").read_text())
    assert data["withdrawn"] and any(a["start"] == "2022-10-01" for a in data["assignments"])
    return data


def _refused(tmp_path: Path, data: dict, *expected: str) -> None:
    """Every command that reads an allocation refuses it, saying each expected thing."""
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    for args in (("budget", *PLAN, "--allocation", path, "-f", "json"),
                 ("allocate", *SMALL, "--keep", path, "-f", "json"),
                 ("diff", path, path, *PLAN, "-f", "json")):
        result = run(*args)
        assert result.exit_code == 1, (args, result.stdout[:200])
        assert result.stdout == "" and "Traceback" not in result.stderr
        for words in expected:
            assert words in result.stderr, (args, result.stderr)


def test_one_person_placed_and_withdrawn_is_refused(tmp_path, october):
    data = copy.deepcopy(october)
    again = dict(data["assignments"][-1], start="2022-08-01", end="2022-08-31")
    data["withdrawn"].append(again)
    _refused(tmp_path, data, f"duplicate-id: professional {again['professional']} stands twice in the file")


def test_one_person_withdrawn_twice_is_refused(tmp_path, october):
    data = copy.deepcopy(october)
    data["withdrawn"].append(copy.deepcopy(data["withdrawn"][0]))
    _refused(tmp_path, data, "stands twice in the file (placed and withdrawn, or withdrawn twice)")


@pytest.mark.parametrize("start, end", [("2022-08-15", None), (None, "2023-07-30"), ("2022-09-02", "2022-12-31")])
def test_a_period_of_part_months_is_refused(tmp_path, october, start, end):
    data = copy.deepcopy(october)
    record = data["assignments"][0]
    record.update({k: v for k, v in (("start", start), ("end", end)) if v})
    _refused(tmp_path, data, "bad-period:", "not whole months")


def test_a_withdrawn_persons_months_never_overlap_their_successor(tmp_path, october):
    """A withdrawn person kept on the books for the whole year beside a full post: the budget
    would pay five people at a post of four."""
    data = copy.deepcopy(october)
    data["withdrawn"][0]["end"] = "2023-07-31"
    _refused(tmp_path, data, "over-quota:", "more than its quota")


def test_the_budget_never_pays_more_person_months_than_the_quotas(tmp_path, october):
    path = tmp_path / "october.json"
    path.write_text(json.dumps(october), encoding="utf-8")
    plan = json.loads(run("budget", *PLAN, "-f", "json").stdout)
    kept = json.loads(run("budget", *PLAN, "--allocation", path, "-f", "json").stdout)
    assert Decimal(kept["totals"]["dispatch"]) <= Decimal(plan["totals"]["dispatch"])


def test_a_withdrawal_effective_before_the_person_started_is_refused(tmp_path, october):
    path = tmp_path / "october.json"
    path.write_text(json.dumps(october), encoding="utf-8")
    newcomer = next(a["professional"] for a in october["assignments"] if a["start"] == "2022-10-01")
    result = run("allocate", *SMALL, "--keep", path, "--withdraw", newcomer, "--effective", "2022-09-01",
                 "-f", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"--effective 2022-09-01 is before {newcomer} started on 2022-10-01" in result.stderr
    on_the_day = run("allocate", *SMALL, "--keep", path, "--withdraw", newcomer, "--effective", "2022-10-01",
                     "-f", "json")
    assert on_the_day.exit_code == 0, on_the_day.stderr


@pytest.mark.parametrize("day", ["9999-12-31", "10000-01-01"])
def test_dates_past_the_calendar_are_refused_not_a_crash(tmp_path, october, day):
    data = copy.deepcopy(october)
    data["assignments"][0]["end"] = day
    _refused(tmp_path, data, "tampered.json:")
    plan = tmp_path / "counties.yaml"
    plan.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "service_start: 2022-08-01", f"service_start: {day}"), encoding="utf-8")
    for command in ("validate", "budget"):
        result = run(command, "--counties", plan, "--agencies", VALID / "agencies.yaml")
        assert result.exit_code == 1 and "internal error" not in result.stderr, result.stderr
        assert "counties.yaml:" in result.stderr


def test_a_date_option_past_the_calendar_is_a_usage_error(tmp_path, october):
    path = tmp_path / "october.json"
    path.write_text(json.dumps(october), encoding="utf-8")
    result = run("publicity", *PLAN, "--allocation", path, "--from", "9999-12-30", "-f", "markdown")
    assert result.exit_code == 2 and "is not a date from 1900-01-01 to 2200-12-31" in result.stderr
    assert "internal error" not in result.stderr


def test_a_flood_of_problems_of_one_kind_is_capped_and_counted(tmp_path, october):
    data = copy.deepcopy(october)
    data["assignments"] = [dict(data["assignments"][0], professional=f"X{k}", county="999999")
                           for k in range(5000)]
    path = tmp_path / "flood.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("budget", *PLAN, "--allocation", path)
    assert result.exit_code == 1
    assert result.stderr.count("unknown-post:") == 100
    assert "and 4,900 more problems of this kind (unknown-post)" in result.stderr
