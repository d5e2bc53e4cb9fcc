"""Changes during the year: --keep/--withdraw/--effective, budgets by person-months, sanqu diff."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings

from conftest import SMALL, VALID, run, run_json
from sanqu import allocate
from sanqu.plan.models import AllocationFile
from sanqu.year.keeping import keep
from test_allocate import (
    _eligible,
    _fair_key,
    _feasible,
    contract_blocking_pairs,
    tiny_instances,
)


def _write(tmp_path, name, *args):
    target = tmp_path / name
    result = run("allocate", *SMALL, *args, "--format", "json", "-o", target)
    assert result.exit_code == 0, result.stderr
    return target, json.loads(target.read_text(encoding="utf-8"))


def test_withdrawal_refills_from_the_waiting_list_and_keeps_everyone_else(tmp_path):
    current, before = _write(tmp_path, "current.json")
    _, after = _write(tmp_path, "october.json", "--keep", current, "--withdraw", "P001",
                      "--effective", "2022-10-01")
    # P001 left Yiliang; P002 heads its waiting list and takes the slot from 1 October.
    assert after["changes"] == [
        {"professional": "P001", "kind": "withdrawn", "effective": "2022-10-01",
         "from": {"county": "530628", "programme": "county_service"}, "to": None},
        {"professional": "P002", "kind": "placed", "effective": "2022-10-01", "from": None,
         "to": {"county": "530628", "programme": "county_service"}},
    ]
    kept = {a["professional"]: (a["county"], a["programme"]) for a in before["assignments"]}
    now = {a["professional"]: a for a in after["assignments"]}
    for ident, post in kept.items():
        if ident != "P001":
            assert (now[ident]["county"], now[ident]["programme"]) == post
            assert (now[ident]["start"], now[ident]["end"]) == ("2022-08-01", "2023-07-31")
    assert "P001" not in now
    assert (now["P002"]["start"], now["P002"]["end"]) == ("2022-10-01", "2023-07-31")
    assert after["withdrawn"] == [{"professional": "P001", "agency": "A01", "county": "530628",
                                   "programme": "county_service", "start": "2022-08-01",
                                   "end": "2022-09-30"}]


def test_budget_counts_each_persons_own_months(tmp_path):
    # P008 leaves Deqin on 1 October and nobody else may fill it: 7 x 12 - 10 = 74
    # person-months, 32 of them in 2022 (6 x 5 + 2) and 42 in 2023 (6 x 7).
    current, _ = _write(tmp_path, "current.json")
    october, data = _write(tmp_path, "october.json", "--keep", current, "--withdraw", "P008",
                           "--effective", "2022-10-01")
    assert data["summary"]["filled"] == 6
    money = run_json("budget", "--counties", VALID / "counties.yaml", "--allocation", october)

    def fen(months):
        exact = Fraction(20000) * months / 12
        return f"{Decimal(round(exact * 100)) / 100:.2f}"

    assert money["totals"]["central"] == fen(74) == "123333.33"
    years = {y["year"]: y for y in money["by_year"]}
    assert years[2022]["central"] == fen(32) and years[2023]["central"] == fen(42)
    assert years[2022]["professionals"] == 7 and years[2023]["professionals"] == 6
    for part in ("central", "local", "training", "total"):
        assert sum(Decimal(y[part]) for y in money["by_year"]) == Decimal(money["totals"][part])
        assert sum(Decimal(c[part]) for c in money["by_county"]) == Decimal(money["totals"][part])


def test_keep_refuses_what_it_cannot_do(tmp_path):
    current, _ = _write(tmp_path, "current.json")
    not_placed = run("allocate", *SMALL, "--keep", current, "--withdraw", "P002")
    assert not_placed.exit_code == 1 and "P002 is not placed" in not_placed.stderr
    mid_month = run("allocate", *SMALL, "--keep", current, "--withdraw", "P001",
                    "--effective", "2022-10-05")
    assert mid_month.exit_code == 1 and "first day of a month" in mid_month.stderr
    too_late = run("allocate", *SMALL, "--keep", current, "--effective", "2023-08-01")
    assert too_late.exit_code == 1 and "2023-07-31" in too_late.stderr
    other = tmp_path / "other.json"
    other.write_text(current.read_text(encoding="utf-8").replace('"test-plan"', '"other-plan"'),
                     encoding="utf-8")
    wrong = run("allocate", *SMALL, "--keep", other)
    assert wrong.exit_code == 1 and wrong.stderr.count("other-plan") == 1
    assert run("allocate", *SMALL, "--withdraw", "P001").exit_code == 2  # needs --keep


def test_comma_separated_withdrawals_and_no_second_placement(tmp_path):
    current, _ = _write(tmp_path, "current.json")
    first, _ = _write(tmp_path, "first.json", "--keep", current, "--withdraw", "P001,P007",
                      "--effective", "2022-09-01")
    _, second = _write(tmp_path, "second.json", "--keep", first, "--effective", "2022-11-01")
    placed = {a["professional"] for a in second["assignments"]}
    assert not placed & {"P001", "P007"}  # withdrawn earlier: never placed again
    assert {w["professional"] for w in second["withdrawn"]} == {"P001", "P007"}


def test_diff_is_the_adjustment_request(tmp_path):
    current, _ = _write(tmp_path, "current.json")
    october, _ = _write(tmp_path, "october.json", "--keep", current, "--withdraw", "P008",
                        "--effective", "2022-10-01")
    args = ["--counties", VALID / "counties.yaml"]
    forward = run_json("diff", current, october, *args)
    assert [c["kind"] for c in forward["changes"]] == ["withdrawn"]
    assert forward["changes"][0]["effective"] == "2022-10-01"
    assert forward["budget"]["delta"]["central"] == "-16666.67"  # 10 months of 20,000 / 12
    backward = run_json("diff", october, current, *args)
    assert [c["kind"] for c in backward["changes"]] == ["placed"]
    for key in ("central", "local", "dispatch", "training", "total"):
        assert Decimal(backward["budget"]["delta"][key]) == -Decimal(forward["budget"]["delta"][key])
        for a, b in zip(forward["budget"]["by_year"], backward["budget"]["by_year"], strict=True):
            assert Decimal(a["delta"][key]) == -Decimal(b["delta"][key])
    same = run_json("diff", current, current, *args)
    assert same["changes"] == [] and same["budget"]["delta"]["total"] == "0.00"
    zh = run("diff", current, october, *args, "--lang", "zh")
    assert zh.exit_code == 0 and "调整申请" in zh.stdout and "单位：元" in zh.stdout
    for name in ("request.xlsx", "request.md", "request.csv"):
        result = run("diff", current, october, *args, "-o", tmp_path / name, "--lang", "zh")
        assert result.exit_code == 0 and (tmp_path / name).stat().st_size > 0


def test_diff_of_two_plans_lists_post_changes(tmp_path):
    new = tmp_path / "counties.yaml"
    new.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "quota: 2\n            trainees: 3", "quota: 3\n            trainees: 3").replace(
        "professionals: 7", "professionals: 8"), encoding="utf-8")
    data = run_json("diff", VALID / "counties.yaml", new)
    assert data["posts"] == [{"county": "530628", "programme": "county_service",
                              "field": "quota", "before": 2, "after": 3}]
    assert data["budget"]["delta"]["dispatch"] == "40000.00"


# ---------------------------------------------------------------- properties

def _keep_brute_force(plan, applicants, kept, gone):
    """The best whole-allocation key over every refill, with ``kept`` fixed."""
    people = [(a.id, p) for a in applicants.agencies for p in a.professionals if p.id not in gone]
    options = []
    for _, p in people:
        if p.id in kept:
            options.append([(kept[p.id], r) for post, r in _eligible(plan, p) if post == kept[p.id]])
        else:
            options.append([(None, None)] + _eligible(plan, p))
    best = None
    for combo in itertools.product(*options):
        choice = [post for post, _ in combo]
        if not _feasible(plan, people, choice):
            continue
        where = {p.id: post for (_, p), post in zip(people, choice, strict=True) if post is not None}
        everyone = applicants.model_copy(update={"agencies": [
            a.model_copy(update={"professionals": [p for p in a.professionals if p.id not in gone]})
            for a in applicants.agencies]})
        key = (len(where), -len(contract_blocking_pairs(plan, everyone, where)),
               sum((p.score for (_, p), post in zip(people, choice, strict=True) if post), Decimal(0)),
               -sum(r or 0 for post, r in combo if post is not None))
        best = key if best is None or key > best else best
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(rules=False))
def test_keep_changes_only_the_withdrawn_and_refills_optimally(instance):
    plan, applicants = instance
    first = allocate(plan, applicants, "fair")
    if not first.assignments:
        return
    record = AllocationFile.model_validate({"plan": plan.plan.id, "assignments": [
        {"professional": a.person.id, "agency": a.person.agency.id, "county": a.post.county.code,
         "programme": a.post.programme.value} for a in first.assignments]})
    gone = [first.assignments[0].person.id]
    result = keep(plan, applicants, record, gone, None, "fair")
    kept = {a.person.id: a.post.key for a in first.assignments[1:]}
    now = {a.person.id: a.post.key for a in result.assignments}
    assert all(now[ident] == post for ident, post in kept.items())
    assert gone[0] not in now
    assert _fair_key(result) == _keep_brute_force(plan, applicants, kept, set(gone))


def _swap_posts(text: str, first: str, second: str) -> str:
    data = json.loads(text)
    a, b = (next(x for x in data["assignments"] if x["professional"] == i) for i in (first, second))
    a["county"], b["county"] = b["county"], a["county"]
    a["programme"], b["programme"] = b["programme"], a["programme"]
    return json.dumps(data)


def test_a_budgeted_allocation_is_checked_against_the_applicants(tmp_path):
    current, data = _write(tmp_path, "current.json")
    args = ["--counties", VALID / "counties.yaml", "--agencies", VALID / "agencies.yaml"]
    text = current.read_text(encoding="utf-8")
    cases = {"unknown-professional": text.replace('"P001"', '"P999"'),
             "wrong-agency": text.replace('"professional": "P001", "agency": "A01"',
                                          '"professional": "P001", "agency": "NOPE"'),
             "not-eligible": _swap_posts(text, "P007", "P003")}  # P007 accepts 530628 only
    for code, changed in cases.items():
        assert changed != text, code
        bad = tmp_path / f"{code}.json"
        bad.write_text(changed, encoding="utf-8")
        result = run("budget", *args, "--allocation", bad)
        assert result.exit_code == 1 and f": {code}: " in result.stderr, (code, result.stderr)
    checked = run("budget", *args, "--allocation", current)
    assert checked.exit_code == 0 and "not checked" not in checked.stderr
    unchecked = run("budget", "--counties", VALID / "counties.yaml", "--allocation", current)
    assert unchecked.exit_code == 0 and "not checked against the applicants" in unchecked.stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=tiny_instances(rules=False))
def test_diff_with_itself_is_empty_and_reversed_flips_every_sign(instance):
    from sanqu.year.diff import diff_allocations

    plan, applicants = instance
    first = allocate(plan, applicants, "fair")
    if not first.assignments:
        return
    old = AllocationFile.model_validate(first.to_dict())
    new = AllocationFile.model_validate(keep(plan, applicants, old, [first.assignments[0].person.id],
                                             None, "fair").to_dict())
    assert diff_allocations(plan, old, old).to_dict()["changes"] == []
    forward, backward = (diff_allocations(plan, a, b).to_dict() for a, b in ((old, new), (new, old)))
    flips = {"withdrawn": "placed", "placed": "withdrawn", "moved": "moved"}
    assert sorted((c["professional"], flips[c["kind"]]) for c in forward["changes"]) == \
        sorted((c["professional"], c["kind"]) for c in backward["changes"])
    for key in ("central", "local", "dispatch", "training", "total"):
        assert Decimal(forward["budget"]["delta"][key]) == -Decimal(backward["budget"]["delta"][key])


def test_a_withdrawal_that_breaks_a_team_moves_as_few_as_possible_and_says_why(small_files, tmp_path):
    # min_team 2: A03 sends P007 and P009 to Yiliang (530628). When P007 withdraws, P009 alone
    # would break the team rule: P009 must leave too (named, with the reason), nobody else moves.
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace("min_team: 1", "min_team: 2"),
                        encoding="utf-8")
    plan_args = ["--counties", counties, "--agencies", agencies]
    current = tmp_path / "current.json"
    current.write_text(json.dumps({"plan": "test-plan", "assignments": [
        {"professional": "P007", "agency": "A03", "county": "530628", "programme": "county_service"},
        {"professional": "P009", "agency": "A03", "county": "530628", "programme": "county_service"},
        {"professional": "P003", "agency": "A01", "county": "533401", "programme": "county_service"},
        {"professional": "P001", "agency": "A01", "county": "533401", "programme": "county_service"},
    ]}), encoding="utf-8")
    result = run("allocate", *plan_args, "--keep", current, "--withdraw", "P007",
                 "--effective", "2022-10-01", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    changed = {c["professional"]: c for c in data["changes"]}
    assert changed["P007"]["kind"] == "withdrawn"
    assert changed["P009"]["kind"] == "moved" and "team rule" in changed["P009"]["reason"]
    placed = {a["professional"]: a["county"] for a in data["assignments"]}
    assert placed["P003"] == "533401" and placed["P001"] == "533401"  # the others stay
