"""`sanqu allocate`: hand-checked cases, the contract's output, and invariants on random plans."""

from __future__ import annotations

import csv
import io
import itertools
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SMALL, VALID, run, run_json
from sanqu import allocate
from sanqu.plan.models import Applicants, Plan

# ---------------------------------------------------------------- hand-checked

def test_small_plan_optimal_by_hand():
    data = run_json("allocate", *SMALL, "--method", "optimal")
    placed = {a["professional"]: (a["county"], a["programme"], a["preference_rank"])
              for a in data["assignments"]}
    # Top seven scores fit (91+88+82.5+79+75+70.5+64 = 550); P002 only accepts 530628, so
    # P001 (82.5) yields 530628 and takes their second choice, Shangri-La's station post.
    assert data["summary"] == {"slots": 7, "filled": 7, "score_total": 550, "blocking_pairs": 1,
                               "preference_rank_total": 7, "first_choice": 5, "no_preference": 1,
                               "applicants": 9, "unassigned": 2}
    assert placed["P001"] == ("533401", "station_support", 2)
    assert placed["P002"] == ("530628", "county_service", 1)
    assert placed["P007"] == ("530628", "county_service", 1)
    # P003 named no county: rank is null, and counted apart from the first choices.
    assert placed["P003"][2] is None
    assert {u["professional"] for u in data["unassigned"]} == {"P008", "P009"}
    assert data["proven_optimal"] is True and data["method"] == "optimal"


def test_small_plan_fair_by_hand():
    # Optimal gives Yiliang (530628) to P002 (75) and sends P001 (82.5), who ranked it
    # first, to her second choice: one blocking pair. Fair fills the same 7 slots with
    # none: P001 takes Yiliang, P002 (who accepts only Yiliang) stays out, and P008 (60)
    # fills Deqin instead, so the score total is 550 - 75 + 60 = 535.
    optimal = run_json("allocate", *SMALL, "--method", "optimal")
    assert optimal["blocking_pairs"] == [{"professional": "P001", "county": "530628",
                                          "programme": "county_service", "overtaken_by": ["P002"]}]
    data = run_json("allocate", *SMALL)
    assert data["method"] == "fair"  # the default
    assert data["summary"]["filled"] == 7 and data["summary"]["blocking_pairs"] == 0
    assert data["summary"]["score_total"] == 535 and data["blocking_pairs"] == []
    placed = {a["professional"]: (a["county"], a["preference_rank"]) for a in data["assignments"]}
    assert placed["P001"] == ("530628", 1) and placed["P008"] == ("533422", 1)
    assert {u["professional"] for u in data["unassigned"]} == {"P002", "P009"}
    # The waiting list of Yiliang: the unplaced who may fill it, best priority first.
    waiting = {(w["county"], w["programme"]): w["professionals"] for w in data["waiting_list"]}
    assert waiting[("530628", "county_service")] == ["P002", "P009"]
    assert len(data["waiting_list"]) == len(data["posts"])


def test_compare_shows_what_each_method_costs():
    data = run_json("allocate", *SMALL, "--compare")
    rows = {r["method"]: r for r in data["compare"]}
    assert list(rows) == ["optimal", "fair", "stable"]
    assert (rows["optimal"]["score_total"], rows["optimal"]["blocking_pairs"]) == (550, 1)
    assert (rows["fair"]["score_total"], rows["fair"]["blocking_pairs"]) == (535, 0)
    assert rows["stable"]["blocking_pairs"] == 0
    for row in rows.values():
        assert set(row) >= {"method", "filled", "slots", "score_total", "blocking_pairs",
                            "first_choice", "unplaced"}
    table = run("allocate", *SMALL, "--compare", "--lang", "zh")
    assert table.exit_code == 0 and "阻塞对" in table.stdout and "公平" in table.stdout


def test_compare_says_why_stable_did_not_run(small_files):
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace("min_team: 1", "min_team: 2"),
                        encoding="utf-8")
    data = run_json("allocate", "--counties", counties, "--agencies", agencies, "--compare")
    stable = data["compare"][2]
    assert stable["method"] == "stable" and stable["filled"] is None
    assert "min_team" in stable["note"]


def test_bundled_plan_fills_all_90_slots():
    data = run_json("allocate")
    assert data["summary"]["slots"] == 90 and data["summary"]["filled"] == 90
    assert all(p["filled"] == p["quota"] for p in data["posts"])
    assert len(data["assignments"]) == 90 and len(data["unassigned"]) == 166 - 90
    assert all(u["reason"] for u in data["unassigned"])


def test_json_has_the_contract_keys_in_order():
    data = run_json("allocate", *SMALL)
    assert list(data)[:2] == ["plan", "method"]
    for key in ("plan", "method", "assignments", "posts", "unassigned", "summary"):
        assert key in data
    assert list(data["assignments"][0])[:6] == ["professional", "agency", "county", "programme",
                                               "score", "preference_rank"]
    assert list(data["posts"][0])[:4] == ["county", "programme", "quota", "filled"]
    assert list(data["unassigned"][0])[:2] == ["professional", "reason"]
    assert list(data["summary"])[:3] == ["slots", "filled", "score_total"]
    assert data["assignments"][0]["score"] in (91, 88)  # whole scores are JSON integers


def test_same_input_same_bytes():
    first = run("allocate", *SMALL, "--format", "json").stdout
    second = run("allocate", *SMALL, "--format", "json").stdout
    assert first == second
    bundled = [run("allocate", "--format", fmt).stdout for fmt in ("json", "json", "csv", "csv")]
    assert bundled[0] == bundled[1] and bundled[2] == bundled[3]


def test_csv_rows_start_with_the_assignment_keys():
    result = run("allocate", *SMALL, "--format", "csv")
    assert result.stdout.startswith("\ufeff")  # a BOM, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][:6] == ["professional", "agency", "county", "programme", "score",
                           "preference_rank"]
    assert len(rows) == 1 + 7
    p003 = next(r for r in rows if r[0] == "P003")
    assert p003[5] == ""  # no rank


def test_table_and_markdown_show_people_and_reasons():
    table = run("allocate", *SMALL, "--method", "optimal")
    assert table.exit_code == 0
    assert "Yiliang County" in table.stdout and "P007" in table.stdout
    assert "ranked below the 2 placed at Deqin County, lowest score 70.5" in table.stdout
    assert "7 of 7 slots filled" in table.stdout and "proven optimal" in table.stdout
    md = run("allocate", *SMALL, "--format", "markdown").stdout
    assert "| Zhaotong | Yiliang County | county_service | P007 |" in md


def test_chinese_report():
    table = run("allocate", *SMALL, "--lang", "zh", "--method", "optimal")
    assert table.exit_code == 0
    assert "彝良县 530628 县级服务" in table.stdout and "李伟" in table.stdout
    assert "排在德钦县已安排的2人之后，最低分70.5" in table.stdout
    assert "7个名额已填7个" in table.stdout and "已证明最优" in table.stdout
    md = run("allocate", *SMALL, "--format", "markdown", "--lang", "zh").stdout
    assert "| 昭通市 | 彝良县 | 县级服务 | P007 |" in md
    # The locale decides when --lang is not given.
    assert "已证明最优" in run("allocate", *SMALL, env={"LANG": "zh_CN.UTF-8"}).stdout
    # JSON keys and codes stay the contract's; reasons follow the language.
    data = run_json("allocate", *SMALL, "--lang", "zh", "--method", "optimal")
    assert data["assignments"][0]["programme"] == "county_service"
    assert data["unassigned"][0]["reason"].startswith("排在")


def test_stable_method_on_small_plan():
    data = run_json("allocate", *SMALL, "--method", "stable")
    assert data["method"] == "stable"
    placed = {a["professional"]: a["county"] for a in data["assignments"]}
    # P003 (91, no preferences) proposes in plan order, so to 530628 first; with P007 (88)
    # it holds 530628 against P001 (82.5), who moves on to Shangri-La, and P002 (75).
    assert placed["P003"] == "530628" and placed["P007"] == "530628"
    assert placed["P001"] == "533401"
    assert "P002" not in placed


def test_stable_refuses_rules_it_cannot_honour(tmp_path, small_files):
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace("min_team: 1", "min_team: 2"),
                        encoding="utf-8")
    result = run("allocate", "--counties", counties, "--agencies", agencies, "--method", "stable")
    assert result.exit_code == 1
    assert "--method fair or optimal" in result.stderr and "Traceback" not in result.stderr
    zh = run("allocate", "--counties", counties, "--agencies", agencies, "--method", "stable",
             "--lang", "zh")
    assert zh.exit_code == 1 and "错误：稳定方法只遵守" in zh.stderr


def test_explain_placed_and_not_placed():
    placed = run_json("allocate", *SMALL, "--method", "optimal", "--explain", "P001")
    assert placed["placed"] == {"county": "533401", "programme": "station_support",
                                "preference_rank": 2}
    first = placed["options"][0]
    assert first["county"] == "530628" and first["rank"] == 1 and first["lowest_score"] == 75
    # The truth, found by solving again with P001 forced there: fair's 535 against 550.
    assert first["verdict"] == ("held by P002 (75.0) of lower priority; placing them here "
                                "would lower the score total by 15.0")
    assert placed["options"][1]["verdict"] == "ranked no higher than where they are placed"
    table = run("allocate", *SMALL, "--method", "optimal", "--explain", "P008")
    assert table.exit_code == 0
    assert "P008" in table.stdout and "not placed" in table.stdout
    assert "all 2 placed here come before them (lowest 70.5, theirs 60.0)" in table.stdout
    # Fair places P001 at her first choice; P002 is told who holds it, with priority.
    fair = run_json("allocate", *SMALL, "--explain", "P002")
    assert fair["placed"] is None
    assert fair["options"][0]["verdict"].startswith("full; all 2 placed here come before them")
    assert "better overall" not in json.dumps(fair)
    missing = run("allocate", *SMALL, "--explain", "P999")
    assert missing.exit_code == 1 and "P999" in missing.stderr


def test_explain_names_ineligibility(tmp_path, small_files):
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace(
        "min_qualification: none", "min_qualification: intermediate"), encoding="utf-8")
    data = run_json("allocate", "--counties", counties, "--agencies", agencies, "--explain", "P002")
    assert data["placed"] is None
    assert "below the required intermediate" in data["reason"]
    assert "qualification assistant is below the required intermediate" in data["options"][0]["verdict"]


def test_shortfall_reported_and_strict_fails(tmp_path, small_files):
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace(
        "            quota: 2\n", "            quota: 6\n", 1).replace("professionals: 7", "professionals: 11"),
        encoding="utf-8")
    args = ["allocate", "--counties", counties, "--agencies", agencies]
    lenient = run(*args, "--format", "json")
    assert lenient.exit_code == 0
    data = json.loads(lenient.stdout)
    short = data["shortfalls"][0]
    assert short["county"] == "530628" and short["empty"] > 0
    assert "applicants can fill this post" in short["cause"]
    assert "slot(s) left empty" in lenient.stderr
    strict = run(*args, "--strict", "--format", "json")
    assert strict.exit_code == 1 and "--strict" in strict.stderr


def test_a_search_stopped_early_says_not_proven(tmp_path, monkeypatch):
    # The bundled plan with a team rule and an agency cap is a hard integer programme
    # (seconds to prove). Stopped after one branch-and-bound node (deterministic, unlike
    # a time limit), the result must say loudly that it is not proven, as a warning.
    import sanqu.highs

    monkeypatch.setattr(sanqu.highs, "NODE_LIMIT", 1)
    plan = tmp_path / "counties.yaml"
    text = (VALID.parent.parent.parent / "data" / "counties.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("min_team: 1", "min_team: 2").replace(
        "max_per_agency: null", "max_per_agency: 3"), encoding="utf-8")
    for method in ("optimal", "fair"):
        result = run("allocate", "--counties", plan, "--method", method, "--format", "json")
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["proven_optimal"] is False and "node limit reached" in data["status"]
        summary = data["summary"]
        assert summary["filled"] <= summary["bound"] <= summary["slots"]
        table = run("allocate", "--counties", plan, "--method", method)
        assert f"at most {summary['bound']} of the 90 slots can be filled" in " ".join(table.stdout.split())
        unplaced = data["unassigned"][0]["professional"]
        why = run("allocate", "--counties", plan, "--method", method, "--explain", unplaced)
        assert why.exit_code == 0, why.stderr
        assert "not proven optimal" in why.stdout and "better overall allocation" not in why.stdout
        zh = run("allocate", "--counties", plan, "--method", method, "--lang", "zh")
        assert "未证明最优（优化填满名额数时达到节点上限" in "".join(zh.stdout.split()).replace("(", "（")
        assert "node limit" not in zh.stdout + zh.stderr and "节点上限" in zh.stderr
        assert "warning: the allocation is NOT PROVEN OPTIMAL" in result.stderr
        assert "error:" not in result.stderr


# ---------------------------------------------------------------- properties on random plans

COUNTIES = ["530628", "530322", "530325"]


@st.composite
def tiny_instances(draw, rules: bool):
    posts = []
    for code in COUNTIES:
        for programme in ("county_service", "station_support"):
            if draw(st.booleans()):
                posts.append((code, programme, draw(st.integers(0, 3))))
    if not posts:
        posts.append(("530628", "county_service", 1))
    people = []
    for i in range(draw(st.integers(1, 6))):
        prefs = draw(st.one_of(st.none(), st.lists(st.sampled_from(COUNTIES), unique=True, max_size=3)))
        programmes = draw(st.one_of(st.none(), st.sampled_from(
            [["county_service"], ["station_support"]])))
        people.append({
            "id": f"P{i:02d}", "name": f"Person {i}",
            "qualification": draw(st.sampled_from(["none", "assistant", "intermediate", "senior"])),
            "score": str(Decimal(draw(st.integers(500, 1000))) / 10),
            **({"preferences": prefs} if prefs is not None else {}),
            **({"programmes": programmes} if programmes is not None else {}),
            "agency": draw(st.sampled_from(["A1", "A2"])),
        })
    rule_set = {}
    if rules:
        rule_set = {"min_team": draw(st.integers(1, 2)),
                    "max_per_agency": draw(st.one_of(st.none(), st.integers(1, 3))),
                    "min_qualification": draw(st.sampled_from(["none", "assistant"]))}
    return _models(posts, people, rule_set)


def _models(posts, people, rules):
    counties: dict[str, list] = {}
    for code, programme, quota in posts:
        counties.setdefault(code, []).append({"programme": programme, "quota": quota})
    plan = Plan.model_validate({
        "plan": {"id": "t", "province": "Yunnan", "year": 2022, "service_start": "2022-08-01",
                 "service_months": 12},
        "funding": {"central_per_person_year": 1, "local_per_person_year": 1,
                    "training_per_person_day": 1},
        "rules": rules,
        "prefectures": [{"code": "5306", "name": "Z", "counties": [
            {"code": code if code.startswith("5306") else "5306" + code[4:], "name": code,
             "posts": ps} for code, ps in counties.items()]}],
    })
    remap = {code: code if code.startswith("5306") else "5306" + code[4:] for code in COUNTIES}
    agencies: dict[str, list] = {}
    for p in people:
        p = dict(p)
        agency = p.pop("agency")
        if "preferences" in p:
            p["preferences"] = [remap[c] for c in p["preferences"]]
        agencies.setdefault(agency, []).append(p)
    applicants = Applicants.model_validate(
        {"agencies": [{"id": a, "name": a, "professionals": ps} for a, ps in sorted(agencies.items())]})
    return plan, applicants


def _eligible(plan, prof):
    from sanqu.plan.models import Qualification
    levels = list(Qualification)
    out = []
    for _, county, post in plan.posts():
        if post.quota == 0:
            continue
        if levels.index(prof.qualification) < levels.index(plan.rules.min_qualification):
            continue
        if prof.preferences is not None and county.code not in prof.preferences:
            continue
        if prof.programmes is not None and post.programme not in prof.programmes:
            continue
        rank = None if prof.preferences is None else prof.preferences.index(county.code) + 1
        out.append(((county.code, post.programme.value), rank))
    # Most wanted first: by preference rank, then plan order (stable sort).
    return sorted(out, key=lambda item: item[1] or 0)


def _feasible(plan, people, choice) -> bool:
    quotas = {(c.code, p.programme.value): p.quota for _, c, p in plan.posts()}
    count: dict = {}
    per_agency: dict = {}
    teams: dict = {}
    for (agency, _), post in zip(people, choice, strict=True):
        if post is None:
            continue
        count[post] = count.get(post, 0) + 1
        per_agency[agency] = per_agency.get(agency, 0) + 1
        teams[(agency, post)] = teams.get((agency, post), 0) + 1
    if any(n > quotas[post] for post, n in count.items()):
        return False
    cap = plan.rules.max_per_agency
    if cap is not None and any(n > cap for n in per_agency.values()):
        return False
    return all(n >= min(plan.rules.min_team, quotas[post]) for (_, post), n in teams.items())


def _best(plan, applicants, key):
    """The greatest ``key(people, choice, combo)`` over every feasible assignment."""
    people = [(a.id, p) for a in applicants.agencies for p in a.professionals]
    options = [[(None, None)] + _eligible(plan, p) for _, p in people]
    best = None
    for combo in itertools.product(*options):
        choice = [post for post, _ in combo]
        if best is not None and sum(post is not None for post in choice) < best[0]:
            continue  # fewer slots filled can never win: the first level is slots
        if not _feasible(plan, people, choice):
            continue
        value = key(people, choice, combo)
        best = value if best is None or value > best else best
    return best


def _score(people, choice) -> Decimal:
    return sum((p.score for (_, p), post in zip(people, choice, strict=True) if post is not None),
               Decimal(0))


def brute_force_key(plan, applicants):
    """The best (filled, score, -rank sum) over every possible assignment."""
    return _best(plan, applicants, lambda people, choice, combo: (
        sum(post is not None for post in choice), _score(people, choice),
        -sum(rank or 0 for post, rank in combo if post is not None)))

def _key(result):
    return (sum(result.filled), result.score_total,
            -sum(a.preference_rank or 0 for a in result.assignments))


def _check_invariants(plan, applicants, result):
    ids = [a.person.id for a in result.assignments]
    assert len(ids) == len(set(ids)), "someone placed twice"
    for ref in result.instance.posts:
        assert result.filled[ref.index] <= ref.quota
    people = [(a.id, p) for a in applicants.agencies for p in a.professionals]
    for a in result.assignments:
        assert (a.post.key, a.preference_rank) in _eligible(plan, a.person.professional)
    by_id = {a.person.id: a.post.key for a in result.assignments}
    assert _feasible(plan, people, [by_id.get(p.id) for _, p in people])
    assert len(result.assignments) + len(result.unassigned) == len(people)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(rules=False))
def test_optimal_equals_brute_force_without_rules(instance):
    plan, applicants = instance
    result = allocate(plan, applicants, "optimal")
    _check_invariants(plan, applicants, result)
    assert _key(result) == brute_force_key(plan, applicants)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(rules=True))
def test_optimal_equals_brute_force_with_rules(instance):
    plan, applicants = instance
    result = allocate(plan, applicants, "optimal")
    assert result.proven_optimal
    _check_invariants(plan, applicants, result)
    assert _key(result) == brute_force_key(plan, applicants)


def _blocking_pairs(plan, applicants, result):
    """Independent check: (person, post) pairs who both prefer each other to what they have."""
    placed = {a.person.id: a.post.key for a in result.assignments}
    holders: dict = {}
    for a in result.assignments:
        holders.setdefault(a.post.key, []).append(a.person.professional)
    quotas = {(c.code, p.programme.value): p.quota for _, c, p in plan.posts()}
    pairs = []
    for _, prof in ((a.id, p) for a in applicants.agencies for p in a.professionals):
        options = [post for post, _ in _eligible(plan, prof)]
        mine = placed.get(prof.id)
        better = options[: options.index(mine)] if mine in options else options
        for post in better:
            held = holders.get(post, [])
            if len(held) < quotas[post]:
                pairs.append((prof.id, post))
            elif any((prof.score, _neg(prof.id)) > (h.score, _neg(h.id)) for h in held):
                pairs.append((prof.id, post))
    return pairs


def _neg(text: str):
    return tuple(-ord(c) for c in text) + (1,)


@settings(max_examples=200, deadline=None)
@given(tiny_instances(rules=False))
def test_stable_has_no_blocking_pair(instance):
    plan, applicants = instance
    result = allocate(plan, applicants, "stable")
    _check_invariants(plan, applicants, result)
    assert _blocking_pairs(plan, applicants, result) == []


def test_library_result_equals_cli_json():
    from sanqu import load_inputs

    plan, applicants = load_inputs(VALID / "counties.yaml", VALID / "agencies.yaml")
    cli = run_json("allocate", *SMALL)
    assert allocate(plan, applicants).to_dict() == cli
    # ... and that shared result is right by the fixture, not only equal to itself.
    assert cli["summary"] == {"slots": 7, "filled": 7, "score_total": 535, "blocking_pairs": 0,
                              "preference_rank_total": 6, "first_choice": 6, "no_preference": 1,
                              "applicants": 9, "unassigned": 2, "blocking_pairs_bound": 0}
    assert sorted(a["professional"] for a in cli["unassigned"]) == sorted(
        {p.id for a in applicants.agencies for p in a.professionals}
        - {a["professional"] for a in cli["assignments"]})


@settings(max_examples=150, deadline=None)
@given(tiny_instances(rules=True))
def test_time_limit_fallback_obeys_every_rule(instance):
    from sanqu.decide.allocation import _explain
    from sanqu.decide.solve.greedy import greedy
    from sanqu.decide.solve.rules import RuleModel
    from sanqu.plan.posts import Instance

    plan, applicants = instance
    model = RuleModel(Instance.build(plan, applicants))
    result = _explain(model.instance, "optimal", greedy(model))
    assert not result.proven_optimal
    _check_invariants(plan, applicants, result)


# ---------------------------------------------------------------- fair: the contract's blocking pairs

def contract_blocking_pairs(plan, applicants, where):
    """Blocking pairs as the contract words them, from the input models alone.

    ``where`` maps professional id -> (county, programme) or is missing the unplaced.
    A county ranks above another when it comes earlier in the preferences; someone with
    no preferences ranks no county above another.
    """
    quotas = {(c.code, p.programme.value): p.quota for _, c, p in plan.posts()}
    people = [p for a in applicants.agencies for p in a.professionals]
    holders: dict = {}
    for prof in people:
        if prof.id in where:
            holders.setdefault(where[prof.id], []).append(prof)

    def rank(prof, county):
        return None if prof.preferences is None else prof.preferences.index(county)

    def higher(a, b):  # a has priority over b
        return a.score > b.score or (a.score == b.score and a.id < b.id)

    pairs = set()
    for prof in people:
        mine = where.get(prof.id)
        for post, _ in _eligible(plan, prof):
            if mine is not None:
                if prof.preferences is None or not rank(prof, post[0]) < rank(prof, mine[0]):
                    continue
            held = holders.get(post, [])
            lower = sorted(h.id for h in held if higher(prof, h))
            if len(held) < quotas[post] or lower:
                pairs.add((prof.id, post))
    return pairs


def brute_force_fair_key(plan, applicants):
    """The best (filled, -blocking pairs, score, -rank sum) over every feasible assignment."""
    def key(people, choice, combo):
        where = {p.id: post for (_, p), post in zip(people, choice, strict=True) if post is not None}
        return (len(where), -len(contract_blocking_pairs(plan, applicants, where)),
                _score(people, choice), -sum(rank or 0 for post, rank in combo if post is not None))
    return _best(plan, applicants, key)

def _fair_key(result):
    return (sum(result.filled), -len(result.blocking), result.score_total,
            -sum(a.preference_rank or 0 for a in result.assignments))


def _check_envy_reports(plan, applicants, result):
    where = {a.person.id: a.post.key for a in result.assignments}
    reported = {(b.professional, b.post.key) for b in result.blocking}
    assert reported == contract_blocking_pairs(plan, applicants, where)
    for b in result.blocking:  # overtaken_by: the holders of lower priority, or [] for a free slot
        held = [a.person for a in result.assignments if a.post.key == b.post.key]
        me = next(p for p in result.instance.people if p.id == b.professional)
        if len(held) < b.post.quota:
            assert b.overtaken_by == []
        else:
            assert set(b.overtaken_by) == {h.id for h in held if (h.score, me.id) < (me.score, h.id)}
    # Waiting list: every unplaced person who may fill the post, best priority first.
    for ref in result.instance.posts:
        expected = [p for a in applicants.agencies for p in a.professionals
                    if p.id not in where and ref.key in [post for post, _ in _eligible(plan, p)]]
        expected.sort(key=lambda p: (-p.score, p.id))
        assert result.waiting[ref.index] == [p.id for p in expected]


def _check_fair(instance):
    plan, applicants = instance
    result = allocate(plan, applicants, "fair")
    assert result.proven_optimal
    _check_invariants(plan, applicants, result)
    _check_envy_reports(plan, applicants, result)
    assert _fair_key(result) == brute_force_fair_key(plan, applicants)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(rules=False))
def test_fair_equals_brute_force_without_rules(instance):
    _check_fair(instance)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(rules=True))
def test_fair_equals_brute_force_with_rules(instance):
    _check_fair(instance)


@settings(max_examples=100, deadline=None)
@given(tiny_instances(rules=False))
def test_every_method_reports_its_blocking_pairs_and_waiting_list(instance):
    plan, applicants = instance
    for method in ("optimal", "stable"):
        result = allocate(plan, applicants, method)
        _check_envy_reports(plan, applicants, result)
    assert allocate(plan, applicants, "stable").blocking == []


def test_an_instance_built_for_other_applicants_is_not_reused():
    from sanqu import load_inputs
    from sanqu.plan.models import Applicants
    from sanqu.plan.posts import Instance

    plan, applicants = load_inputs(VALID / "counties.yaml", VALID / "agencies.yaml")
    old = Instance.build(plan, applicants)
    result = allocate(plan, Applicants(agencies=[]), "optimal", instance=old)
    assert result.assignments == []  # nobody applied: nobody is placed


@pytest.mark.parametrize("method", ["optimal", "fair"])
def test_greedy_wins_when_the_solver_stops_with_less(monkeypatch, tmp_path, method):
    """Out of time with a poor incumbent, the rule-abiding greedy allocation is returned,
    with the most slots any allocation could fill as its bound."""
    import numpy as np

    import sanqu.decide.solve.fair
    import sanqu.decide.solve.optimal
    from sanqu import load_inputs
    from sanqu.highs import Result

    plan_path = tmp_path / "team.yaml"
    plan_path.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "min_team: 1", "min_team: 2"), encoding="utf-8")
    plan, applicants = load_inputs(plan_path, VALID / "agencies.yaml")

    def stopped(program, levels, deadline, **options):  # nobody placed, not proven
        return Result(np.zeros(program.n), False, "time limit reached while optimising slots", "slots",
                      None, "time")

    monkeypatch.setattr(getattr(sanqu.decide.solve, method), "solve", stopped)
    result = allocate(plan, applicants, method)
    assert not result.proven_optimal
    assert "a greedy, rule-abiding allocation beat the solver's best" in result.status
    assert result.assignments
    _check_invariants(plan, applicants, result)
    best = brute_force_key(plan, applicants)[0]
    assert len(result.assignments) <= best <= result.bound <= result.to_dict()["summary"]["slots"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=tiny_instances(rules=True))
def test_the_slots_bound_is_exact_without_teams_and_never_below_the_optimum(instance):
    from sanqu.decide.solve.bound import most_filled, most_slots
    from sanqu.decide.solve.rules import RuleModel
    from sanqu.plan.posts import Instance

    plan, applicants = instance
    best = brute_force_key(plan, applicants)[0]
    built = Instance.build(plan, applicants)
    bound = most_slots(RuleModel(built))
    if plan.rules.min_team <= 1:
        assert bound == best
    else:
        assert bound >= best
    assert most_filled(built) == bound  # augmenting paths without rules, the flow with them


def test_a_team_cap_is_the_largest_sum_of_whole_teams_within_the_quota():
    from sanqu.decide.solve.bound import team_cap

    assert team_cap(5, 2, [2, 2]) == 4  # two pairs; no team of one
    assert team_cap(5, 2, [3, 2]) == 5
    assert team_cap(5, 2, [9]) == 5
    assert team_cap(3, 2, [2, 2, 2]) == 2
    assert team_cap(4, 3, []) == 0


def test_levels_solved_one_after_another_give_the_lexicographic_optimum():
    """Levels too large to fold are solved in turn, each fixed before the next."""
    import numpy as np

    from sanqu.highs import Level, Program, fold, solve

    program = Program()
    program.add_vars(3)
    program.add_row([0, 1, 2], [1.0, 1.0, 1.0], 0.0, 2.0)  # at most two of three
    first = Level("first", -np.array([1.0, 1.0, 1.0]), 2**41)  # too large to fold
    second = Level("second", np.array([5.0, 1.0, 3.0]), 10)
    assert len(fold([first, second])) == 2
    result = solve(program, [first, second], None)
    assert result.proven and list(result.x) == [0.0, 1.0, 1.0]  # two chosen, the cheapest pair


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=tiny_instances(rules=False))
def test_the_matching_used_on_larger_plans_finds_the_brute_force_optimum(instance):
    """From MATCHING_FROM pairs up (tiny plans: below it, so the programme is tested
    above) the optimum comes from SciPy's matching: the same optimum."""
    import sanqu.decide.solve.optimal

    plan, applicants = instance
    start = sanqu.decide.solve.optimal.MATCHING_FROM
    sanqu.decide.solve.optimal.MATCHING_FROM = 0
    try:
        result = allocate(plan, applicants, "optimal")
    finally:
        sanqu.decide.solve.optimal.MATCHING_FROM = start
    _check_invariants(plan, applicants, result)
    assert result.proven_optimal and _key(result) == brute_force_key(plan, applicants)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=tiny_instances(rules=False))
def test_costs_too_large_for_the_matching_are_solved_level_by_level(instance):
    """Long preference lists and fine scores can make the matching's folded costs inexact
    in float64: the programme then solves the levels in turn, to the same optimum."""
    import sanqu.decide.solve.assignment
    import sanqu.decide.solve.optimal

    plan, applicants = instance
    start, exact = sanqu.decide.solve.optimal.MATCHING_FROM, sanqu.decide.solve.assignment.EXACT
    sanqu.decide.solve.optimal.MATCHING_FROM, sanqu.decide.solve.assignment.EXACT = 0, 1
    try:
        result = allocate(plan, applicants, "optimal")
    finally:
        sanqu.decide.solve.optimal.MATCHING_FROM, sanqu.decide.solve.assignment.EXACT = start, exact
    assert result.proven_optimal and _key(result) == brute_force_key(plan, applicants)


def test_explain_finds_people_by_id_in_any_case_or_by_name(small_files):
    counties, agencies = small_files
    args = ["--counties", counties, "--agencies", agencies]
    for wanted in ("p001", "Ｐ００１", "Li Wei", "李伟"):
        data = run_json("allocate", *args, "--explain", wanted)
        assert data["professional"] == "P001", wanted
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("name: Wang Fang", "name: Li Wei"),
                        encoding="utf-8")
    shared = run("allocate", *args, "--explain", "li wei")
    assert shared.exit_code == 1 and "P001 (A01), P002 (A01)" in shared.stderr
