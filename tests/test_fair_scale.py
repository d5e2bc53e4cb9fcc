"""Fair at every size: past the size the programme is searched at, fair is deferred acceptance
grown along least-envy paths (``decide/solve/fill.py``), checked here against the other
methods on random plans larger than brute force reaches."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanqu import allocate
from sanqu.decide.solve import fair
from sanqu.plan.models import Applicants, Plan

COUNTIES = [f"5306{k:02d}" for k in range(21, 33)]


@st.composite
def plans(draw):
    """Up to 12 counties of 0 to 4 slots and 60 applicants: deferred acceptance often leaves
    slots empty that another allocation fills (few preferences, many sharing a county)."""
    counties = draw(st.lists(st.sampled_from(COUNTIES), min_size=2, max_size=12, unique=True))
    posts = [(code, draw(st.sampled_from(["county_service", "station_support"])), draw(st.integers(0, 4)))
             for code in counties]
    people = []
    for i in range(draw(st.integers(5, 60))):
        prefs = draw(st.one_of(st.none(), st.lists(st.sampled_from(counties), unique=True, min_size=1,
                                                      max_size=3)))
        people.append({"id": f"P{i:03d}", "name": f"Person {i}", "qualification": "intermediate",
                       "score": str(Decimal(draw(st.integers(600, 1000))) / 10),
                       **({"preferences": prefs} if prefs is not None else {}),
                       "agency": draw(st.sampled_from(["A1", "A2", "A3"]))})
    plan = Plan.model_validate({
        "plan": {"id": "t", "province": "Yunnan", "year": 2022, "service_start": "2022-08-01",
                 "service_months": 12},
        "funding": {"central_per_person_year": 1, "local_per_person_year": 1, "training_per_person_day": 1},
        "prefectures": [{"code": "5306", "name": "Z", "counties": [
            {"code": code, "name": code, "posts": [{"programme": programme, "quota": quota}]}
            for code, programme, quota in posts]}]})
    agencies: dict[str, list] = {}
    for person in people:
        agencies.setdefault(person.pop("agency"), []).append(person)
    return plan, Applicants.model_validate(
        {"agencies": [{"id": a, "name": a, "professionals": ps} for a, ps in sorted(agencies.items())]})


@pytest.mark.parametrize("searched", [False, True])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(instance=plans())
def test_fair_fills_as_many_as_optimal_with_no_more_blocking_pairs(instance, searched, monkeypatch):
    plan, applicants = instance
    if not searched:  # as on a national plan: the least-envy allocation, not the programme
        monkeypatch.setattr(fair, "SEARCH_LIMIT", 0)
    by = {method: allocate(plan, applicants, method) for method in ("fair", "optimal", "stable")}
    filled = {method: len(result.assignments) for method, result in by.items()}
    envy = {method: len(result.blocking) for method, result in by.items()}
    assert filled["fair"] == filled["optimal"] >= filled["stable"]
    assert envy["fair"] <= envy["optimal"]
    if filled["optimal"]:  # (with nothing to fill, nothing is searched and nothing is in doubt)
        assert by["fair"].proven_optimal == searched
    people = {a.person.id for a in by["fair"].assignments}
    assert len(people) == filled["fair"]  # nobody twice
    for ref in by["fair"].instance.posts:
        assert by["fair"].filled[ref.index] <= ref.quota


def test_the_least_envy_allocation_is_searched_no_further_past_the_limit(monkeypatch):
    """The bundled plan as if it were national: the same 90 slots without a blocking pair,
    flagged as not searched for a proof, with its bound."""
    from sanqu import load_inputs

    plan, applicants = load_inputs()
    monkeypatch.setattr(fair, "SEARCH_LIMIT", 0)
    result = allocate(plan, applicants, "fair")
    assert len(result.assignments) == 90 and len(result.blocking) == 0
    assert not result.proven_optimal and result.bound == 90
    assert "past the 0 up to which the fair programme is solved" in result.status
