"""`sanqu budget`: the Yunnan figures, exact fen arithmetic, and breakdowns that always add up."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SMALL, VALID, run, run_json
from sanqu import budget
from sanqu.money.fen import split_table, split_units, to_fen
from sanqu.plan.models import Placement, Plan
from sanqu.plan.periods import months_by_year

MONEY = ("central", "local", "dispatch", "training", "total")


def test_yunnan_2022_figures():
    data = run_json("budget")
    assert data["totals"] == {"professionals": 90, "central": "1800000.00", "local": "1800000.00",
                              "dispatch": "3600000.00", "training": "0.00", "total": "3600000.00"}
    years = {row["year"]: row for row in data["by_year"]}
    assert years[2022]["months"] == 5 and years[2022]["dispatch"] == "1500000.00"
    assert years[2023]["months"] == 7 and years[2023]["dispatch"] == "2100000.00"
    assert len(data["by_county"]) == 26 and len(data["by_prefecture"]) == 14
    yiliang = next(r for r in data["by_county"] if r["code"] == "530628")
    assert yiliang["professionals"] == 4 and yiliang["dispatch"] == "160000.00"
    diqing = next(r for r in data["by_prefecture"] if r["code"] == "5334")
    assert diqing["professionals"] == 10 and diqing["total"] == "400000.00"
    assert "by_agency" not in data


def _adds_up(data):
    for view in ("by_prefecture", "by_county", "by_year") + (("by_agency",) if "by_agency" in data else ()):
        for key in MONEY:
            assert sum(Decimal(r[key]) for r in data[view]) == Decimal(data["totals"][key]), (view, key)
        for r in data[view]:
            assert Decimal(r["dispatch"]) == Decimal(r["central"]) + Decimal(r["local"])
            assert Decimal(r["total"]) == Decimal(r["dispatch"]) + Decimal(r["training"])
            for key in MONEY:
                assert r[key] == f"{Decimal(r[key]):.2f}"  # strings, exactly two decimals


def test_small_plan_training_and_breakdowns_add_up():
    data = run_json("budget", "--counties", VALID / "counties.yaml")
    # 3 trainees x 5 days x 400 = 6,000.00 for Yiliang's post.
    assert data["totals"]["training"] == "6000.00"
    assert data["totals"]["dispatch"] == "280000.00"
    assert data["totals"]["total"] == "286000.00"
    _adds_up(data)


def test_uneven_plan_still_adds_up_to_the_fen(tmp_path):
    text = (VALID / "counties.yaml").read_text(encoding="utf-8")
    text = text.replace("central_per_person_year: 20000", "central_per_person_year: 20000.01")
    text = text.replace("service_start: 2022-08-01", "service_start: 2022-10-01")
    text = text.replace("service_months: 12", "service_months: 7")
    text = text.replace("training_days: 5", "training_days: 7")
    plan = tmp_path / "uneven.yaml"
    plan.write_text(text, encoding="utf-8")
    data = run_json("budget", "--counties", plan)
    # 7 people x 20,000.01 x 7/12 = 81,666.7075 -> 81,666.71 (half up)
    assert data["totals"]["central"] == "81666.71"
    years = {r["year"]: r for r in data["by_year"]}
    assert years[2022]["months"] == 3 and years[2023]["months"] == 4
    # 2022: 7 x 20,000.01 x 3/12 = 35,000.0175 -> 35,000.02; 2023 takes the rest.
    assert years[2022]["central"] == "35000.02" and years[2023]["central"] == "46666.69"
    _adds_up(data)


def test_by_year_table_and_reconciliation_line():
    result = run("budget", "--by", "year")
    assert result.exit_code == 0
    assert "2022 (5 months)" in result.stdout and "1,500,000.00" in result.stdout
    assert "90 people × 40,000.00 = 3,600,000.00" in result.stdout


def test_csv_is_one_row_per_county_with_the_json_keys():
    text = run("budget", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 26
    assert set(("code", "professionals") + MONEY) <= set(rows[0])
    assert sum(Decimal(r["total"]) for r in rows) == Decimal("3600000.00")


def test_markdown_has_a_totals_row():
    md = run("budget", "--format", "markdown").stdout
    assert md.startswith("| prefecture |") and "| **total** | 90 |" in md


def test_budget_of_an_allocation_adds_agencies(tmp_path):
    allocation = tmp_path / "allocation.json"
    made = run("allocate", *SMALL, "--format", "json", "-o", allocation)
    assert made.exit_code == 0 and made.stdout == ""
    data = run_json("budget", "--counties", VALID / "counties.yaml", "--allocation", allocation)
    assert data["basis"] == "allocation"
    agencies = {r["agency"]: r for r in data["by_agency"]}
    placed = json.loads(allocation.read_text(encoding="utf-8"))["assignments"]
    for agency, row in agencies.items():
        assert row["professionals"] == sum(1 for a in placed if a["agency"] == agency)
    assert data["totals"]["professionals"] == 7
    _adds_up(data)
    table = run("budget", "--counties", VALID / "counties.yaml", "--allocation", allocation,
                "--by", "agency")
    assert table.exit_code == 0 and "A01" in table.stdout


def test_agency_view_needs_an_allocation():
    result = run("budget", "--by", "agency")
    assert result.exit_code == 1 and "--allocation" in result.stderr


def test_allocation_for_another_plan_is_refused(tmp_path):
    allocation = tmp_path / "a.json"
    assert run("allocate", "--format", "json", "-o", allocation).exit_code == 0  # Yunnan
    result = run("budget", "--counties", VALID / "counties.yaml", "--allocation", allocation)
    assert result.exit_code == 1
    assert f"{allocation}:2:11: wrong-plan" in result.stderr


def test_items_add_up_and_show(tmp_path):
    text = (VALID / "counties.yaml").read_text(encoding="utf-8").replace("  training_days: 5\n", """  training_days: 5
  central_items:
    - {item: work subsidy, item_zh: 工作补贴, amount: 14000}
    - {item: transport and travel, amount: 3000}
    - {item: insurance, amount: 1000}
    - {item: training, amount: "2000.00"}
""")
    plan = tmp_path / "items.yaml"
    plan.write_text(text, encoding="utf-8")
    data = run_json("budget", "--counties", plan)
    items = data["items"]["central"]
    assert [i["amount"] for i in items] == ["98000.00", "21000.00", "7000.00", "14000.00"]
    assert sum(Decimal(i["amount"]) for i in items) == Decimal(data["totals"]["central"])
    assert "work subsidy" in run("budget", "--counties", plan).stdout
    zh = run("budget", "--counties", plan, "--lang", "zh").stdout
    assert "中央财政资金明细" in zh and "工作补贴" in zh and "98,000.00" in zh


# ---------------------------------------------------------------- exact arithmetic

def test_to_fen_rounds_half_up():
    assert to_fen(Decimal("0.125")) == Decimal("0.13")  # banker's rounding would give 0.12
    assert to_fen(Fraction(1, 200)) == Decimal("0.01")
    assert to_fen(Fraction(1, 3)) == Decimal("0.33")


def test_split_largest_remainder():
    thirds = [10000] * 3  # 33.333... yuan each in thirds of a fen, total 100.00
    assert split_units(thirds, 3) == [3334, 3333, 3333]
    assert split_units([1, 2], 3) == [0, 1]  # 1/3 and 2/3 of a fen: the larger gets the fen


def test_months_by_year():
    assert months_by_year(__import__("datetime").date(2022, 8, 1), 12) == [(2022, 5), (2023, 7)]
    assert months_by_year(__import__("datetime").date(2022, 1, 15), 36) == [
        (2022, 12), (2023, 12), (2024, 12)]


@given(st.lists(st.lists(st.integers(0, 10**8), min_size=3, max_size=3), min_size=1, max_size=30))
def test_split_table_adds_up_every_way(table):
    """Cells in sevenths of a fen, as a budget's person-months make them."""
    cells = split_table(table, 7)
    exact = [[Fraction(x, 7) for x in row] for row in table]
    total = sum(c for row in cells for c in row)
    assert total == round_half_up(sum((x for row in exact for x in row), Fraction(0)))
    for row, exact_row in zip(cells, exact, strict=True):  # each row within a fen of its exact total
        assert abs(sum(row) - sum(exact_row, Fraction(0))) < 1
    for c in range(3):  # and so is each column
        column = sum(row[c] for row in cells)
        assert abs(column - sum((row[c] for row in exact), Fraction(0))) < 1


def round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


@st.composite
def random_plans(draw):
    counties = []
    for i in range(draw(st.integers(1, 6))):
        counties.append({"code": f"5306{i:02d}", "name": f"C{i}", "posts": [
            {"programme": "county_service", "quota": draw(st.integers(0, 9)),
             "trainees": draw(st.integers(0, 20))}]})
    cents = st.integers(0, 5_000_000).map(lambda c: f"{Decimal(c) / 100:.2f}")
    return Plan.model_validate({
        "plan": {"id": "p", "province": "Yunnan", "year": 2022,
                 "service_start": f"2022-{draw(st.integers(1, 12)):02d}-01",
                 "service_months": draw(st.integers(1, 36))},
        "funding": {"central_per_person_year": draw(cents), "local_per_person_year": draw(cents),
                    "training_per_person_day": draw(cents), "training_days": draw(st.integers(0, 30))},
        "prefectures": [{"code": "5306", "name": "Z", "counties": counties}],
    })


@settings(max_examples=200, deadline=None)
@given(random_plans())
def test_every_breakdown_adds_up_on_random_plans(plan):
    data = budget(plan).to_dict()
    _adds_up(data)
    people = sum(p.quota for _, _, p in plan.posts())
    funding = plan.funding
    exact = Fraction(people * (funding.central_per_person_year + funding.local_per_person_year)
                     * plan.plan.service_months) / 12
    assert Decimal(data["totals"]["dispatch"]) - to_fen(exact) in (Decimal("0"), Decimal("0.01"),
                                                                     Decimal("-0.01"))


def _exact_lines(plan) -> dict:
    """Each line's exact amounts, from the notice's rules alone: a person-year costs the
    central and local rates, prorated by months in each year; training follows the post."""
    from sanqu.plan.periods import months_by_year

    funding = plan.funding
    years = months_by_year(plan.plan.service_start, plan.plan.service_months)
    lines: dict = {}
    for prefecture, county, post in plan.posts():
        for year, months in years:
            central = Fraction(post.quota * months) * Fraction(funding.central_per_person_year) / 12
            local = Fraction(post.quota * months) * Fraction(funding.local_per_person_year) / 12
            training = (Fraction(post.trainees * funding.training_days * months, plan.plan.service_months)
                        * Fraction(funding.training_per_person_day)) if post.quota else Fraction(0)
            amounts = {"central": central, "local": local, "training": training,
                       "dispatch": central + local, "total": central + local + training}
            for line in (("totals",), ("by_prefecture", prefecture.code), ("by_county", county.code),
                         ("by_year", year)):
                target = lines.setdefault(line, dict.fromkeys(MONEY, Fraction(0)))
                for key in MONEY:
                    target[key] += amounts[key]
    return lines


@settings(max_examples=300, deadline=None)
@given(random_plans())
def test_every_line_dispatch_and_total_included_is_within_a_fen_of_exact(plan):
    data = budget(plan).to_dict()
    exact = _exact_lines(plan)
    shown = {("totals",): data["totals"]}
    for view, key in (("by_prefecture", "code"), ("by_county", "code"), ("by_year", "year")):
        shown.update({(view, row[key]): row for row in data[view]})
    for line, amounts in exact.items():
        for key in MONEY:
            assert abs(Fraction(Decimal(shown[line][key])) - amounts[key]) < Fraction(1, 100), (line, key)


@settings(max_examples=150, deadline=None)
@given(random_plans(), st.randoms(use_true_random=False))
def test_an_allocations_agency_lines_are_within_a_fen_of_exact_too(plan, rng):
    """People of several agencies share a post's training by head count: every agency's,
    county's and year's line, dispatch and total included, stays within a fen."""
    from sanqu.plan.periods import months_by_year

    funding = plan.funding
    years = months_by_year(plan.plan.service_start, plan.plan.service_months)
    placements, exact = [], {}
    for _, county, post in plan.posts():
        agencies = [rng.choice(["A1", "A2", "A3"]) for _ in range(post.quota)]
        placements += [Placement(county.code, post.programme.value, a) for a in agencies]
        for agency in agencies:
            line = exact.setdefault(agency, dict.fromkeys(MONEY, Fraction(0)))
            for _, months in years:
                central = Fraction(months) * Fraction(funding.central_per_person_year) / 12
                local = Fraction(months) * Fraction(funding.local_per_person_year) / 12
                training = (Fraction(post.trainees * funding.training_days * months, plan.plan.service_months)
                            * Fraction(funding.training_per_person_day) / post.quota)
                for key, amount in (("central", central), ("local", local), ("training", training),
                                    ("dispatch", central + local), ("total", central + local + training)):
                    line[key] += amount
    data = budget(plan, placements).to_dict()
    _adds_up(data)
    for row in data["by_agency"]:
        for key in MONEY:
            assert abs(Fraction(Decimal(row[key])) - exact[row["agency"]][key]) < Fraction(1, 100), (row, key)


def test_agencies_are_named_wherever_they_appear(tmp_path):
    """Not only A01: the table, CSV, --explain and the budget by agency name the agency."""
    allocation = tmp_path / "a.json"
    assert run("allocate", *SMALL, "-o", allocation).exit_code == 0
    placed = json.loads(allocation.read_text(encoding="utf-8"))["assignments"][0]
    agency, name = placed["agency"], placed["agency_name"]
    assert name and f"{agency} {name}" in " ".join(run("allocate", *SMALL).stdout.split())
    rows = list(csv.DictReader(io.StringIO(run("allocate", *SMALL, "-f", "csv").stdout.lstrip("\ufeff"))))
    assert rows[0]["agency_name"] == name
    assert f"agency {agency} {name}" in run("allocate", *SMALL, "--explain", placed["professional"]).stdout
    by_agency = run("budget", "--counties", SMALL[1], "--allocation", allocation, "--by", "agency").stdout
    assert f"{agency} {name}" in " ".join(by_agency.split())
    data = run_json("budget", "--counties", SMALL[1], "--allocation", allocation)
    assert {r["agency"]: r["name"] for r in data["by_agency"]}[agency] == name


def _exact_periods(plan, axis: str, placements=None) -> dict:
    """Each quarter's (month's) exact amounts from the rules alone: the person-months in the
    period times the monthly rates; training by the post's months."""
    from sanqu.plan.periods import period_key, service_calendar

    funding = plan.funding
    calendar = service_calendar(plan.plan.service_start, plan.plan.service_months)
    out: dict = {}
    for _, county, post in plan.posts():
        people = [(None, None)] * post.quota if placements is None else [
            (p.start, p.end) for p in placements if p.county == county.code]
        for k, (year, month) in enumerate(calendar):
            key = period_key(year, month, axis)
            line = out.setdefault(key, dict.fromkeys(MONEY, Fraction(0)))
            first = plan.plan.service_start
            serving = sum(1 for start, end in people
                          if (start is None or (start.year - first.year) * 12 + start.month - first.month <= k)
                          and (end is None or (end.year - first.year) * 12 + end.month - first.month >= k))
            central = Fraction(serving) * Fraction(funding.central_per_person_year) / 12
            local = Fraction(serving) * Fraction(funding.local_per_person_year) / 12
            training = (Fraction(post.trainees * funding.training_days, plan.plan.service_months)
                        * Fraction(funding.training_per_person_day)) if people else Fraction(0)
            for name, amount in (("central", central), ("local", local), ("training", training),
                                 ("dispatch", central + local), ("total", central + local + training)):
                line[name] += amount
    return out


def _periods_hold(plan, data, placements=None):
    for axis, view in (("quarter", "by_quarter"), ("month", "by_month")):
        exact = _exact_periods(plan, axis, placements)
        rows = data[view]
        assert [row[axis] for row in rows] == list(exact)
        for key in MONEY:  # the periods add up to the totals, and those of a year to the year
            assert sum(Decimal(row[key]) for row in rows) == Decimal(data["totals"][key])
            for year in data["by_year"]:
                assert sum(Decimal(row[key]) for row in rows if row[axis].startswith(str(year["year"]))) \
                    == Decimal(year[key]), (view, key, year["year"])
        for row in rows:  # each within a fen of exact, dispatch and total included
            for key in MONEY:
                assert abs(Fraction(Decimal(row[key])) - exact[row[axis]][key]) < Fraction(1, 100), (row, key)


@settings(max_examples=60, deadline=None)
@given(random_plans())
def test_quarters_and_months_add_up_to_their_years_and_stay_within_a_fen(plan):
    _periods_hold(plan, budget(plan).to_dict())


@settings(max_examples=40, deadline=None)
@given(random_plans(), st.randoms(use_true_random=False))
def test_quarters_of_an_allocation_with_people_leaving_add_up_too(plan, rng):
    import datetime as dt

    from sanqu.plan.periods import service_calendar

    calendar = service_calendar(plan.plan.service_start, plan.plan.service_months)
    placements = []
    for _, county, post in plan.posts():
        for _ in range(post.quota):
            end = None
            if rng.random() < 0.5:  # withdrawn at the end of some month of service
                year, month = calendar[rng.randrange(len(calendar))]
                end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            placements.append(Placement(county.code, post.programme.value, "A1", None, end))
    _periods_hold(plan, budget(plan, placements).to_dict(), placements)


def test_budget_by_quarter_table_names_the_quarters_in_chinese():
    result = run("budget", "--by", "quarter", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "2022年第三季度（2个月）" in result.stdout and "2022年第四季度（3个月）" in result.stdout
    data = run_json("budget")
    assert [row["quarter"] for row in data["by_quarter"]] == ["2022Q3", "2022Q4", "2023Q1", "2023Q2", "2023Q3"]
    assert data["by_quarter"][1]["total"] == "900000.00"


def test_the_reconciliation_line_is_true_as_printed(tmp_path):
    """`1080 person-months × 40,000.00 ÷ 12 = 3,600,000.00`: a person checking it by hand
    gets the total (a rounded monthly rate, 3,333.33, would not)."""
    import re as _re

    first = tmp_path / "allocation.json"
    assert run("allocate", "--format", "json", "-o", first).exit_code == 0
    who = json.loads(first.read_text())["assignments"][0]["professional"]
    kept = tmp_path / "october.json"
    assert run("allocate", "--keep", first, "--withdraw", who, "--effective", "2022-10-01", "--format", "json",
               "-o", kept).exit_code == 0
    for args, lang in (([], "en"), (["--allocation", kept], "en"), (["--allocation", kept], "zh")):
        text = run("budget", *args, "--lang", lang).stdout.strip().splitlines()[-1]
        numbers = [Decimal(n.replace(",", "")) for n in _re.findall(r"[\d,]+(?:\.\d+)?", text)]
        if "÷ 12" in text:
            months, per_year, twelve, dispatch = numbers[:4]
            assert twelve == 12 and months * per_year / 12 == dispatch, text
        else:
            people, per_person, dispatch = numbers[:3]
            assert people * per_person == dispatch, text
