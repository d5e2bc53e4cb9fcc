"""The quarterly progress report: who is in post on the quarter's last day, the person-months
as an independent count, the quarter's changes and no other, the funds as ``spending``
says them that day, and a workbook to attach."""

from __future__ import annotations

import datetime as dt
import json
import random
import zipfile
from pathlib import Path

import pytest

from conftest import run
from sanqu.read.inputs import load_plan
from test_spending import _clean_lines, _plan_file, _write_csv

CONTRACT_KEYS = ["plan", "quarter", "from", "to", "in_post", "person_months", "changes", "funds", "training",
                 "findings"]


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> dict[str, Path]:
    """The bundled allocation, two leaving from 1 November 2022, and one more from 1 February 2023."""
    folder = tmp_path_factory.mktemp("rounds")
    first = folder / "allocation.json"
    assert run("allocate", "--format", "json", "-o", first).exit_code == 0
    placed = [a["professional"] for a in json.loads(first.read_text())["assignments"]]
    october = folder / "allocation-november.json"
    result = run("allocate", "--keep", first, "--withdraw", f"{placed[0]},{placed[1]}", "--effective", "2022-11-01",
                 "--format", "json", "-o", october)
    assert result.exit_code == 0, result.output
    february = folder / "allocation-february.json"
    result = run("allocate", "--keep", october, "--withdraw", placed[2], "--effective", "2023-02-01",
                 "--format", "json", "-o", february)
    assert result.exit_code == 0, result.output
    return {"first": first, "november": october, "february": february, "left": placed[:3]}


def _report(*args) -> dict:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _served_months(record: dict, first: dt.date, last: dt.date) -> int:
    """Months of the quarter [first, last] in which this person is paid: every calendar month from
    the month of ``start`` to the month of ``end`` (the budget's whole months)."""
    start, end = dt.date.fromisoformat(record["start"]), dt.date.fromisoformat(record["end"])
    months = range(_month_index(first), _month_index(last) + 1)
    return sum(1 for m in months if _month_index(start) <= m <= _month_index(end))


@pytest.mark.parametrize("quarter", ["2022Q3", "2022Q4", "2023Q1", "2023Q2", "2023Q3"])
def test_in_post_and_person_months_are_an_independent_count(rounds, quarter):
    data = _report("--quarter", quarter, "--allocation", rounds["february"])
    assert list(data) == CONTRACT_KEYS
    saved = json.loads(rounds["february"].read_text())
    people = saved["assignments"] + saved["withdrawn"]
    last = dt.date.fromisoformat(data["to"])
    service = (dt.date(2022, 8, 1), dt.date(2023, 7, 31))
    assert data["in_post"]["on"] == data["to"]
    assert dt.date.fromisoformat(data["from"]) == max(service[0], dt.date.fromisoformat(data["from"]))
    on_duty = [p for p in people if p["start"] <= data["to"] <= p["end"]]
    assert data["in_post"]["in_post"] == len(on_duty) == 90  # every leaver was replaced from the day they left
    by_post = {(p["county"], p["programme"]): p["in_post"] for p in data["in_post"]["by_post"]}
    for post in by_post:
        assert by_post[post] == sum(1 for p in on_duty if (p["county"], p["programme"]) == post)
    assert data["in_post"]["slots"] == sum(p["quota"] for p in data["in_post"]["by_post"]) == 90
    first = dt.date.fromisoformat(data["from"])
    assert data["person_months"]["quarter"] == sum(_served_months(p, first, last) for p in people)
    assert data["person_months"]["to_date"] == sum(_served_months(p, service[0], last) for p in people)


def test_the_quarters_changes_and_only_its_own_even_from_a_file_kept_twice(rounds):
    left = rounds["left"]
    q3 = _report("--quarter", "2022Q3", "--allocation", rounds["february"])
    q4 = _report("--quarter", "2022Q4", "--allocation", rounds["february"])
    q1 = _report("--quarter", "2023Q1", "--allocation", rounds["february"])
    assert q3["changes"] == []
    withdrawn = {c["professional"] for c in q4["changes"] if c["kind"] == "withdrawn"}
    assert withdrawn == set(left[:2])
    assert {c["effective"] for c in q4["changes"]} == {"2022-11-01"}
    assert sum(1 for c in q4["changes"] if c["kind"] == "placed") == 2
    assert {c["professional"] for c in q1["changes"] if c["kind"] == "withdrawn"} == {left[2]}
    assert all(c["effective"] == "2023-02-01" for c in q1["changes"])
    gone = next(c for c in q4["changes"] if c["professional"] == left[0])
    assert gone["from"] is not None and gone["to"] is None


def test_on_the_quotas_every_post_is_full_and_the_funds_are_the_budget():
    data = _report("--quarter", "2022Q4")
    assert data["in_post"]["in_post"] == data["in_post"]["slots"] == 90
    assert data["person_months"] == {"quarter": 270, "to_date": 450}
    budget = run("budget", "--format", "json")
    quarters = {row["quarter"]: row for row in json.loads(budget.stdout)["by_quarter"]}
    assert data["funds"]["quarter"]["total"] == quarters["2022Q4"]["total"] == "900000.00"
    assert data["funds"]["to_date"]["total"] == "1500000.00"  # 2022Q3's 600,000 and 2022Q4's
    assert data["training"] == {"person_days": None, "spent": None}


def test_with_a_ledger_the_funds_are_spending_as_of_the_quarters_last_day(tmp_path):
    plan = _plan_file(tmp_path)
    ledger = _write_csv(tmp_path / "ledger.csv", _clean_lines(load_plan(plan), random.Random(8)))
    data = _report("--quarter", "2022Q3", "--ledger", ledger, "--counties", plan)
    spending = run("spending", "--ledger", ledger, "--counties", plan, "--as-of", "2022-09-30", "--format", "json")
    expected = json.loads(spending.stdout)
    assert data["funds"] == {k: v for k, v in expected.items() if k != "findings"}
    assert data["findings"] == expected["findings"]
    # Training: 15 person-days, 6,000.00 at each of 27 posts in August and September; not October's.
    assert data["training"] == {"person_days": 27 * 2 * 15, "spent": f"{27 * 2 * 6000}.00"}


def test_the_ledgers_findings_as_of_the_quarter_and_agreements_unsigned(rounds, tmp_path):
    bad = [["2022-09-05", "记-1", "530628", "中央", "招待费", "800.00", "", "", "", ""],
           ["2022-10-05", "记-2", "530628", "中央", "礼品", "300.00", "", "", "", ""]]
    ledger = _write_csv(tmp_path / "ledger.csv", bad)
    signed = tmp_path / "signed.csv"
    saved = json.loads(rounds["first"].read_text())
    rows = [f"{a['professional']},2022-07-20" for a in saved["assignments"][1:]]
    signed.write_text("人员编号,签订日期\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = run("report", "--quarter", "2022Q3", "--allocation", rounds["first"], "--ledger", ledger,
                 "--agreements", signed, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    codes = [(f["code"], f["line"]) for f in data["findings"]]
    assert ("unknown-item", 2) in codes and ("unknown-item", 3) not in codes  # October's line is later
    unsigned = [f for f in data["findings"] if f["code"] == "unsigned-agreement"]
    assert len(unsigned) == 1 and saved["assignments"][0]["professional"] in unsigned[0]["message"]
    assert "unknown-item" in result.stderr and "unsigned-agreement" in result.stderr


@pytest.mark.parametrize("quarter", ["2022Q2", "2023Q4"])
def test_a_quarter_outside_the_service_period_is_an_error(quarter):
    result = run("report", "--quarter", quarter)
    assert result.exit_code == 1
    assert f"{quarter} has no day of the service period (2022-08-01 to 2023-07-31)" in result.stderr
    assert "Traceback" not in result.output


def test_a_quarter_not_written_as_one_is_a_usage_error():
    result = run("report", "--quarter", "2022Q5")
    assert result.exit_code == 2 and "not a quarter like 2022Q4" in result.stderr


@pytest.mark.parametrize("line, message", [
    (["2022-09-01", "记-1", "530628", "中央", "工作补贴", "一百元"], "not money"),
    (["2022-09-01", "记-1", "某某县", "中央", "工作补贴", "1.00"], "another plan"),
])
def test_an_unreadable_or_foreign_ledger_is_an_error(tmp_path, line, message):
    path = _write_csv(tmp_path / "ledger.csv", [line + ["", "", "", ""]])
    result = run("report", "--quarter", "2022Q3", "--ledger", path)
    assert result.exit_code == 1 and message in result.stderr
    assert "Traceback" not in result.output


def test_the_workbook_has_a_sheet_per_section_titles_and_a_chart(rounds, tmp_path):
    import openpyxl

    out = tmp_path / "2022Q4.xlsx"
    result = run("report", "--quarter", "2022Q4", "--allocation", rounds["february"], "-o", out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["在岗情况（2022-12-31）", "服务人月", "本季度人员变动", "本季度及累计预算",
                               "资金（按季度）"]
    in_post = book["在岗情况（2022-12-31）"]
    assert in_post["A1"].value.startswith("2022年云南省") and "2022年第四季度工作进展情况" in in_post["A1"].value
    assert [c.value for c in in_post[2]][:5] == ["序号", "县（市、区）", "项目", "名额", "在岗人数"]
    assert in_post.cell(in_post.max_row, 1).value == "合计" and in_post.cell(in_post.max_row, 5).value == 90
    changes = book["本季度人员变动"]
    assert changes.max_row == 2 + 4  # title, header, 2 withdrawn and 2 placed
    funds = book["本季度及累计预算"]
    assert funds["F2"].value == "单位：元" and funds["F4"].value == 900000
    assert funds["F4"].number_format.startswith("#,##0.00")
    charts = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 1


def test_markdown_for_a_briefing_in_chinese(rounds):
    result = run("report", "--quarter", "2022Q4", "--allocation", rounds["february"], "--format", "markdown",
                 "--lang", "zh")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# 2022年云南省")
    assert "2022-12-31 在岗 90 人（名额 90 个）；本季度服务 270 人月，累计 450 人月；人员变动 4 人次" in text
    for heading in ("## 在岗情况（2022-12-31）", "## 服务人月", "## 本季度人员变动", "## 本季度及累计预算"):
        assert heading in text


def _in_guide(text: str) -> bool:
    guide = (Path(__file__).parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")
    return " ".join(text.split()) in " ".join(guide.split())


def test_the_guides_q3_and_q4_figures_are_what_the_commands_print(tmp_path):
    folder = tmp_path / "yunnan-2025"
    plan = Path(__file__).parents[1] / "data" / "counties.yaml"
    assert run("init", folder, "--from", plan, "--sample-ledger").exit_code == 0
    for quarter in ("2025Q3", "2025Q4"):
        result = run("report", "--quarter", quarter, "--ledger", folder / "sample-ledger.csv",
                     "--counties", folder / "data" / "counties.yaml")
        assert result.exit_code == 0, result.output
        counts, funds = result.stdout.splitlines()[1:3]
        assert _in_guide(counts), counts
        assert _in_guide(funds.split(": ", 1)[1].split(";")[0]), funds
    assert "sample-ledger.csv:273: unknown-item" in result.stderr and _in_guide("`sample-ledger.csv:273`")


def test_the_guides_withdrawal_shows_in_its_quarter(rounds, tmp_path):
    october = tmp_path / "october.json"
    assert run("allocate", "--keep", rounds["first"], "--withdraw", "P023", "--effective", "2022-10-01",
               "--format", "json", "-o", october).exit_code == 0
    result = run("report", "--quarter", "2022Q4", "--allocation", october)
    assert _in_guide(result.stdout.splitlines()[1])
    data = _report("--quarter", "2022Q4", "--allocation", october)
    assert [(c["professional"], c["kind"]) for c in data["changes"]] == [("P016", "placed"), ("P023", "withdrawn")]
