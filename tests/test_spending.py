"""The funds against the budget: the ledger read like the applicants, every breakdown adding
up to the fen, the accrual as person-months, each planted misuse found at its line."""

from __future__ import annotations

import csv
import json
import random
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import run
from sanqu.read.inputs import load_plan
from sanqu.read.ledger import read_ledger
from sanqu.year.spending import spending

HEADER = ["日期", "凭证号", "县", "资金来源", "支出科目", "金额", "培训人天", "人员编号", "摘要", "项目类别"]


def _plan_file(tmp_path: Path) -> Path:
    """The bundled plan with a training budget: 20 trainees per post, 10 days at 400.00."""
    text = Path("data/counties.yaml").read_text(encoding="utf-8") if Path("data/counties.yaml").exists() else \
        (Path(__file__).parents[1] / "data" / "counties.yaml").read_text(encoding="utf-8")
    text = text.replace("training_days: 0", "training_days: 10")
    text = re.sub(r"quota: (\d+)\}", r"quota: \1, trainees: 20}", text)
    path = tmp_path / "counties.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _clean_lines(plan, rng: random.Random, months=(8, 9, 10, 11, 12)) -> list[list]:
    """Ordinary payments, each month at each county about what accrues: the subsidy from
    the central funds, activities from the local, and a training session."""
    lines = []
    for _, county in plan.counties():
        for post in county.posts:
            quota = post.quota
            # A county with two posts says which: 项目类别.
            programme = post.programme.value if len(county.posts) > 1 else ""
            for month in months:
                day = f"2022-{month:02d}-{rng.randint(1, 28):02d}"
                k = len(lines)
                subsidy = f"{quota * 1666 + rng.randint(0, 99) / 100:.2f}"
                lines.append([day, f"记-{k:04d}", county.code, "中央", "工作补贴", subsidy, "", "", "补贴", programme])
                activities = f"{quota * 1600 + rng.randint(0, 99) / 100:.2f}"
                lines.append([day, f"记-{k:04d}", county.code, "地方", "项目活动", activities, "", "", "", programme])
                lines.append([day, f"记-{k + 1:04d}", county.code, "培训", "", "6000.00", "15", "", "培训", programme])
    return lines


def _write_csv(path: Path, lines: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(lines)
    return path


def _write_xlsx(path: Path, lines: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "支出明细"
    sheet.append(["2022年三区计划支出明细账"])  # a title row above the headers
    sheet.append(HEADER)
    for line in lines:
        sheet.append([line[0], line[1], line[2], line[3], line[4], float(line[5]), *line[6:]])
    book.save(path)
    return path


def _json(*args) -> dict:
    result = run("spending", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _adds_up(data: dict) -> None:
    for view in ("by_source", "by_county"):
        for key in ("budget", "to_date", "spent", "remaining"):
            assert sum(Decimal(row[key]) for row in data[view]) == Decimal(data["totals"][key]), (view, key)
    assert sum(Decimal(row["spent"]) for row in data["by_item"]) == Decimal(data["totals"]["spent"])
    assert sum(Decimal(row["spent"]) for row in data["by_quarter"]) == Decimal(data["totals"]["spent"])


def test_a_clean_ledger_adds_up_and_has_no_findings(tmp_path):
    plan = load_plan()
    lines = _clean_lines(plan, random.Random(1))
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines), "--as-of", "2022-12-31",
                 "--counties", _plan_file(tmp_path))
    _adds_up(data)
    assert data["findings"] == []
    assert data["elapsed_months"] == 5 and data["entries"] == len(lines) and data["entries_after"] == 0
    spent = sum(Decimal(line[5]) for line in lines)
    assert Decimal(data["totals"]["spent"]) == spent
    # Five of twelve months of 90 people at 40,000 a year, and of 27 posts' training
    # (20 trainees x 10 days x 400.00 each): the 序时进度.
    assert data["totals"]["to_date"] == f"{Decimal(1500000) + Decimal(27 * 80000) * 5 / 12:.2f}"
    to_date = Decimal(data["totals"]["to_date"])
    assert data["totals"]["rate"] == f"{(spent / to_date).quantize(Decimal('0.0001'), rounding='ROUND_HALF_UP')}"


def test_xlsx_csv_yaml_and_folder_forms_give_the_same_json(tmp_path):
    plan = load_plan()
    lines = _clean_lines(plan, random.Random(2), months=(8, 9))
    csv_file = _write_csv(tmp_path / "ledger.csv", lines)
    xlsx_file = _write_xlsx(tmp_path / "ledger.xlsx", lines)
    yaml_file = tmp_path / "ledger.yaml"
    keys = ["date", "voucher", "county", "source", "item", "amount", "person_days", "professional", "note",
            "programme"]
    yaml_file.write_text("entries:\n" + "".join(
        "  - {" + ", ".join(f"{k}: '{v}'" for k, v in zip(keys, line, strict=True) if v) + "}\n"
        for line in lines),
        encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "q3").mkdir(parents=True)
    _write_csv(folder / "q3" / "a.csv", lines[:30])
    _write_csv(folder / "b.csv", lines[30:])
    plan_file = _plan_file(tmp_path)
    results = [_json("--ledger", path, "--counties", plan_file) for path in (csv_file, xlsx_file, yaml_file, folder)]
    for data in results:
        data.pop("entries_after")
        assert data["findings"] == []
    assert results[0] == results[1] == results[2] == results[3]


def test_the_accrual_is_the_person_months_served_by_then():
    """An independent count: each placed person's months among those elapsed, at the rates."""
    from sanqu.year.spending import elapsed_months

    plan = load_plan()
    import datetime as dt

    for as_of in ("2022-08-30", "2022-08-31", "2022-12-31", "2023-03-15", "2023-07-31", "2024-01-01"):
        day = dt.date.fromisoformat(as_of)
        months = elapsed_months(plan, day)
        expected_months = {"2022-08-30": 0, "2022-08-31": 1, "2022-12-31": 5, "2023-03-15": 7,
                           "2023-07-31": 12, "2024-01-01": 12}[as_of]
        assert months == expected_months
        ledger = read_ledger(_one_line(day), plan)
        result = spending(plan, ledger, None, day)
        people = sum(post.quota for _, _, post in plan.posts())
        funding = plan.funding
        per_year = funding.central_per_person_year + funding.local_per_person_year
        exact = Fraction(people * months) * Fraction(per_year) / 12
        assert Decimal(result.totals.to_date) / 100 == Decimal(exact.numerator) / Decimal(exact.denominator)


def _one_line(day) -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    line = [day.isoformat(), "记-1", "530628", "中央", "工作补贴", "1.00", "", "", "", ""]
    return _write_csv(folder / "l.csv", [line])


MISUSES = {
    "unknown-item": lambda line: line.__setitem__(4, "招待费"),
    "wrong-source": lambda line: (line.__setitem__(3, "中央"), line.__setitem__(4, "管理费用")),
    "unknown-county": lambda line: line.__setitem__(2, "不存在县"),
    "training-over-rate": lambda line: (line.__setitem__(3, "培训"), line.__setitem__(4, ""),
                                        line.__setitem__(6, "2"), line.__setitem__(5, "900.00")),
    "outside-service": lambda line: line.__setitem__(0, "2022-07-15"),
}


@pytest.mark.parametrize("seed", range(6))
def test_each_planted_misuse_is_found_at_its_line_and_nothing_else(tmp_path, seed):
    plan = load_plan()
    rng = random.Random(seed)
    lines = _clean_lines(plan, rng)
    planted = {}
    for code, plant in MISUSES.items():
        k = rng.randrange(len(lines))
        while k in planted.values() or lines[k][3] == "培训":  # items belong to central and local lines
            k = rng.randrange(len(lines))
        plant(lines[k])
        planted[code] = k
    duplicate_of = next(k for k in range(len(lines)) if k not in planted.values())
    lines.append(list(lines[duplicate_of]))
    planted["duplicate-line"] = len(lines) - 1
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines), "--counties", _plan_file(tmp_path))
    found = {(f["code"], f["line"]) for f in data["findings"]}
    # The CSV's line numbers: the header is line 1, ledger line k is line k + 2.
    assert found == {(code, k + 2) for code, k in planted.items()}
    _adds_up(data)


def test_over_budget_is_found_at_the_line_that_crossed_it(tmp_path):
    lines = [["2022-09-01", "记-1", "530628", "中央", "工作补贴", "50000.00", "", "", "", ""],
             ["2022-09-02", "记-2", "530628", "中央", "工作补贴", "40000.00", "", "", "", ""],
             ["2022-09-03", "记-3", "530628", "中央", "工作补贴", "1.00", "", "", "", ""]]
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines))
    over = [f for f in data["findings"] if f["code"] == "over-budget"]
    # 彝良 has 4 places: 80,000.00 of central money; the second line crosses it, once.
    assert [(f["line"], f["voucher"]) for f in over] == [(3, "记-2")]
    strict = run("spending", "--ledger", tmp_path / "ledger.csv", "--strict")
    assert strict.exit_code == 1 and "over-budget" in strict.stderr


def test_not_in_post_with_an_allocation(tmp_path):
    allocation = tmp_path / "allocation.json"
    assert run("allocate", "--format", "json", "-o", allocation).exit_code == 0
    placed = json.loads(allocation.read_text())["assignments"][0]
    other = "530322" if placed["county"] != "530322" else "530628"
    lines = [["2022-09-01", "记-1", placed["county"], "中央", "工作补贴", "100.00", "", placed["professional"], "",
              placed["programme"]],
             ["2022-09-01", "记-2", other, "中央", "工作补贴", "100.00", "", placed["professional"], "", ""]]
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines), "--allocation", allocation)
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("not-in-post", 3)]


def test_xlsx_findings_name_the_sheet_and_cell(tmp_path):
    lines = [["2022-09-01", "记-1", "530628", "中央", "招待费", "100.00", "", "", "", ""]]
    data = _json("--ledger", _write_xlsx(tmp_path / "ledger.xlsx", lines))
    finding = data["findings"][0]
    place = (finding["code"], finding["sheet"], finding["cell"], finding["line"])
    assert place == ("unknown-item", "支出明细", "E3", 3)


@pytest.mark.parametrize("bad, message", [
    (["2022-13-01", "记-1", "530628", "中央", "工作补贴", "1.00"], "not a date"),
    (["2022-09-01", "记-1", "530628", "中央", "工作补贴", "一百元"], "not money"),
    (["2022-09-01", "记-1", "530628", "中央", "工作补贴", "1.005"], "not money"),
    (["2022-09-01", "记-1", "530628", "国库", "工作补贴", "1.00"], "none of central"),
])
def test_an_unreadable_line_is_an_input_problem(tmp_path, bad, message):
    path = _write_csv(tmp_path / "ledger.csv", [bad + ["", "", "", ""]])
    result = run("spending", "--ledger", path)
    assert result.exit_code == 1
    assert "ledger.csv:2:" in result.stderr and message in result.stderr
    assert "Traceback" not in result.output


def test_a_ledger_of_another_plan_is_refused(tmp_path):
    lines = [["2022-09-01", "记-1", "某某县", "中央", "工作补贴", "1.00", "", "", "", ""]]
    result = run("spending", "--ledger", _write_csv(tmp_path / "ledger.csv", lines))
    assert result.exit_code == 1 and "another plan" in result.stderr


def test_dates_in_the_forms_people_type_and_refunds(tmp_path):
    lines = [["2022/9/1", "记-1", "彝良", "中央", "工作补贴", "1,000.00", "", "", "", ""],
             ["2022年9月2日", "记-1", "彝良县", "中央", "工作补贴", "-250.50", "", "", "冲销"]]
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines))
    assert data["as_of"] == "2022-09-02" and data["totals"]["spent"] == "749.50"


def test_later_lines_are_left_out_and_counted(tmp_path):
    lines = _clean_lines(load_plan(), random.Random(3))
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines), "--as-of", "2022-09-30")
    later = sum(1 for line in lines if line[0] > "2022-09-30")
    assert later and data["entries_after"] == later and data["entries"] == len(lines) - later


def test_xlsx_has_a_sheet_per_section_and_a_native_chart(tmp_path):
    import openpyxl

    lines = _clean_lines(load_plan(), random.Random(4), months=(8,))
    out = tmp_path / "spending.xlsx"
    result = run("spending", "--ledger", _write_csv(tmp_path / "ledger.csv", lines), "-o", out, "--lang", "zh")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["按资金来源", "按支出科目", "按县（市、区）", "按季度"]
    quarters = book["按季度"]
    assert quarters["A1"].value.endswith("（按季度）") and quarters["C2"].value == "单位：元"
    assert isinstance(quarters["B4"].value, (int, float)) and quarters["B4"].number_format.startswith("#,##0.00")
    import zipfile

    assert any(name.startswith("xl/charts/chart") for name in zipfile.ZipFile(out).namelist())


def test_the_guides_ledger_gives_the_figures_the_guide_shows(tmp_path):
    guide = (Path(__file__).parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")
    block = guide.split("A small ledger:\n\n```\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "支出明细.csv"
    path.write_text(block, encoding="utf-8")
    result = run("spending", "--ledger", path, "--as-of", "2022-09-30")
    assert result.exit_code == 0, result.output
    headline = result.stdout.splitlines()[1].split(";")[0]
    assert " ".join(headline.split()) in " ".join(guide.split())
    data = _json("--ledger", path, "--as-of", "2022-09-30")
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("unknown-item", 5)]


def test_a_plan_without_funding_items_takes_any_item(tmp_path):
    text = _plan_file(tmp_path).read_text(encoding="utf-8")
    text = re.sub(r"  (central|local)_items:\n(    - .*\n)+", "", text)
    plan = tmp_path / "plain.yaml"
    plan.write_text(text, encoding="utf-8")
    assert "_items" not in text
    lines = [["2022-09-01", "记-1", "530628", "中央", "招待费", "100.00", "", "", "", ""]]
    data = _json("--ledger", _write_csv(tmp_path / "ledger.csv", lines), "--counties", plan)
    assert data["findings"] == []
    assert [(row["item"], row["budget"], row["spent"]) for row in data["by_item"] if row["source"] == "central"] \
        == [("招待费", None, "100.00")]


def test_init_writes_a_sample_ledger_marked_as_one_that_spending_reads(tmp_path):
    folder = tmp_path / "yunnan-2022"
    bundled = Path(__file__).parents[1] / "data" / "counties.yaml"
    result = run("init", folder, "--from", bundled, "--sample-ledger")
    assert result.exit_code == 0, result.output
    ledger = folder / "sample-ledger.csv"
    assert "SAMPLE" in ledger.read_text(encoding="utf-8-sig").splitlines()[0]
    data = _json("--ledger", ledger, "--counties", folder / "data" / "counties.yaml")
    _adds_up(data)
    # Two quarters of the new year's service at each post's monthly rates, and the one
    # payment for an item the plan does not list.
    assert data["elapsed_months"] == 5 and data["totals"]["rate"] is not None
    assert [f["code"] for f in data["findings"]] == ["unknown-item"]
    again = run("init", folder, "--sample-ledger")
    assert again.exit_code == 1  # never over an existing file


def test_a_line_of_cells_seen_before_is_still_checked_whole(tmp_path):
    """Lines whose every cell appeared in an earlier good line are read on a fast path; a
    line that combines them wrongly is still refused at its place."""
    good = [["2022-09-01", "记-1", "530628", "中央", "工作补贴", "100.00", "", "", "", ""],
            ["2022-09-01", "记-2", "530628", "培训", "", "4000.00", "10", "", "", ""]]
    bad = [["2022-09-01", "记-3", "530628", "中央", "", "100.00", "", "", "", ""],  # central needs an item
           ["2022-09-01", "记-4", "530628", "培训", "", "4000.00", "", "", "", ""],  # training needs its days
           ["2022-09-01", "", "530628", "中央", "工作补贴", "100.00", "", "", "", ""]]  # and a voucher
    result = run("spending", "--ledger", _write_csv(tmp_path / "ledger.csv", good * 3 + bad))
    assert result.exit_code == 1
    assert "ledger.csv:8:5: missing-value: item 支出科目 is empty" in result.stderr
    assert "ledger.csv:9:7: missing-value: person_days 培训人天 is empty" in result.stderr
    assert "ledger.csv:10:2: missing-value: voucher 凭证号 is empty" in result.stderr
    data = _json("--ledger", _write_csv(tmp_path / "good.csv", good * 3))
    assert data["entries"] == 6 and data["totals"]["spent"] == "12300.00"


def test_a_ledger_folder_names_every_file_it_does_not_read(tmp_path):
    import os

    plan = load_plan()
    lines = _clean_lines(plan, random.Random(3), months=(8,))
    folder = tmp_path / "ledger"
    (folder / "q3").mkdir(parents=True)
    _write_csv(folder / "q3" / "a.csv", lines[:30])
    _write_csv(folder / "b.csv ", lines[30:])  # a trailing space, as Windows users leave
    (folder / "说明.docx").write_bytes(b"PK")
    os.symlink(folder, folder / "loop")  # a folder that holds itself
    result = run("spending", "--ledger", folder, "--counties", _plan_file(tmp_path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entries"] == len(lines)
    assert "ledger/说明.docx:1:1: [warning] skipped-file: skipped: not a ledger file" in result.stderr
    assert "ledger/loop:1:1: [warning] skipped-file: skipped: a link to a folder, not followed" in result.stderr
