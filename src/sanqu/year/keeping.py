"""Changes during the year: keep an allocation, withdraw people, refill, say what changed.

``sanqu allocate --keep FILE --withdraw ID --effective DATE``: every placement in FILE
stays, except the withdrawn; the slots they free (and any FILE left empty) are filled
from those neither placed nor withdrawn, by the chosen method's order. Only where a
rule (a team under ``min_team``, an agency cap) makes keeping everyone impossible does
anyone else move, as few as possible (``solve.fair.solve_kept``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..decide.allocation import Allocation, _explain, solver
from ..decide.solve.solution import AllocationError, Solution
from ..decide.solve.stable import solve_stable
from ..i18n import Msg
from ..plan.models import AllocationFile, Applicants, PlacedRecord, Plan
from ..plan.periods import service_end
from ..plan.posts import Instance, Person, candidates_of


@dataclass
class Change:
    """One person's change: withdrawn, placed or moved, from and to which post, from when."""

    professional: str
    kind: str  # "withdrawn" | "placed" | "moved"
    before: tuple[str, str] | None  # (county code, programme)
    after: tuple[str, str] | None
    effective: dt.date
    reason: Msg | None = None


def check_effective(plan: Plan, effective: dt.date | None) -> dt.date:
    """The effective date: the first day of a month inside the service period."""
    if effective is None:
        return plan.plan.service_start
    start, end = plan.plan.service_start, service_end(plan)
    if effective.day != 1 or not start <= effective <= end:
        raise AllocationError(Msg("keep.bad_effective", {
            "date": effective.isoformat(), "start": start.isoformat(), "end": end.isoformat()}))
    return effective


def keep(plan: Plan, applicants: Applicants, previous: AllocationFile, withdraw: list[str],
         effective: dt.date | None = None, method: str = "fair",
         time_limit: float | None = None) -> Allocation:
    """The allocation ``previous`` with ``withdraw`` gone and their slots refilled."""
    if previous.plan != plan.plan.id:
        raise AllocationError(Msg("keep.wrong_plan", {"found": previous.plan,
                                                         "expected": plan.plan.id}))
    when = check_effective(plan, effective)
    before = {r.professional: r for r in previous.assignments}
    for ident in withdraw:
        if ident not in before:
            raise AllocationError(Msg("keep.not_placed", {"id": ident}))
        started = before[ident].start or plan.plan.service_start
        if when < started:  # their successor would be paid for months they are paid for too
            raise AllocationError(Msg("keep.before_start", {"id": ident, "date": when.isoformat(),
                                                             "start": started.isoformat()}))
    gone = set(withdraw) | {r.professional for r in previous.withdrawn}
    pool = applicants.model_copy(update={"agencies": [
        agency.model_copy(update={"professionals": [
            p for p in agency.professionals if p.id not in gone]})
        for agency in applicants.agencies]})
    instance = Instance.build(plan, pool)
    person_of = {p.id: p for p in instance.people}
    post_of = {ref.key: ref for ref in instance.posts}
    stay: list[tuple[int, int]] = []
    for ident, record in before.items():
        if ident in gone:
            continue
        person = person_of.get(ident)
        ref = post_of.get((record.county, record.programme.value))
        if person is None:
            raise AllocationError(Msg("keep.unknown_person", {"id": ident}))
        if ref is None or all(r.index != ref.index for r, _ in person.edges):
            raise AllocationError(Msg("keep.not_eligible", {"id": ident,
                                                               "county": record.county}))
        stay.append((person.index, ref.index))

    if method == "stable":
        solution = _refill_stable(instance, stay)
    elif method in ("fair", "optimal"):
        solution = solver("fair").solve_kept(instance, method, stay, time_limit)
    else:
        raise AllocationError(f"unknown method {method!r}")
    result = _explain(instance, method, solution)
    _record_changes(result, plan, previous, withdraw, when)
    return result


def _refill_stable(instance: Instance, stay: list[tuple[int, int]]) -> Solution:
    """Deferred acceptance among the unplaced, for the slots the kept leave free."""
    kept = dict(stay)
    taken = [0] * len(instance.posts)
    for j in kept.values():
        taken[j] += 1
    posts = [replace(ref, quota=ref.quota - taken[ref.index]) for ref in instance.posts]
    free = [p for p in instance.people if p.index not in kept]
    people = [Person(k, p.agency, p.professional,
                     [(posts[ref.index], rank) for ref, rank in p.edges if posts[ref.index].quota])
              for k, p in enumerate(free)]
    residual = Instance(instance.plan, posts, people, candidates_of(posts, people))
    refill = solve_stable(residual)
    placed = {**kept, **{free[k].index: j for k, j in refill.placed.items()}}
    return Solution(placed, status=refill.status)


def _record_changes(result: Allocation, plan: Plan, previous: AllocationFile,
                    withdraw: list[str], when: dt.date) -> None:
    """Fill in each assignment's period, the withdrawn with the months they served, and changes."""
    start, end = plan.plan.service_start, service_end(plan)
    before = {r.professional: r for r in previous.assignments}
    rules = plan.rules
    changes: list[Change] = []
    for ident in withdraw:
        changes.append(Change(ident, "withdrawn", _post(before[ident]), None, when))
    periods: dict[int, tuple[dt.date, dt.date]] = {}
    after = {a.person.id: a for a in result.assignments}
    for a in result.assignments:
        was = before.get(a.person.id)
        if was is not None and _post(was) == a.post.key:
            periods[a.person.index] = (was.start or start, was.end or end)
            continue
        periods[a.person.index] = (when, end)
        if was is None:
            changes.append(Change(a.person.id, "placed", None, a.post.key, when))
        else:
            changes.append(Change(a.person.id, "moved", _post(was), a.post.key, when,
                                  _rule_reason(rules)))
    for ident, record in before.items():
        if ident not in after and ident not in withdraw:
            changes.append(Change(ident, "moved", _post(record), None, when, _rule_reason(rules)))
    served = list(previous.withdrawn)
    for ident in withdraw:
        record = before[ident]
        first = record.start or start
        if when > first:  # they served some months: the budget still pays for them
            served.append(record.model_copy(update={"start": first,
                                                    "end": when - dt.timedelta(days=1)}))
    result.periods = periods
    result.changes = changes
    result.withdrawn = served


def _post(record: PlacedRecord) -> tuple[str, str]:
    return (record.county, record.programme.value)


def _rule_reason(rules) -> Msg:
    if rules.min_team > 1:
        return Msg("keep.moved_team", {"n": rules.min_team})
    return Msg("keep.moved_cap", {"n": rules.max_per_agency})
