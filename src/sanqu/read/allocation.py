"""An allocation JSON written by sanqu, read back and checked: against its plan, and
against the applicants when they are given (``--keep``, ``budget --allocation``, ``diff``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from ..i18n import Msg
from ..plan.models import AllocationFile, Applicants, Placement, Plan
from ..plan.periods import service_end
from ..plan.posts import Instance, plan_posts
from ..problems import Problem, ProblemError
from .fields import validate_document
from .sources import display_name
from .yamldoc import Document, load_yaml


def read_allocation(path: Path | str, plan: Plan, applicants: Applicants | None = None, *,
                    instance: Instance | None = None) -> AllocationFile:
    """An allocation JSON file written by sanqu, checked against the plan. Raises ProblemError.

    A file of another plan gets one message, not one per post. With ``applicants`` every
    placement is also checked against them: a known person, of that agency, at a post
    they may fill (``instance``: the one already built for these inputs, if any).
    """
    path = Path(path)
    doc = load_yaml(path, display_name(path))  # JSON is YAML: one loader, one set of positions
    record, problems = validate_document(doc, AllocationFile)
    if record is not None and record.plan != plan.plan.id:
        problems.append(doc.problem(("plan",), "wrong-plan", Msg(
            "problem.wrong_plan", {"found": record.plan, "expected": plan.plan.id})))
    elif record is not None:
        problems += _checked_against_plan(doc, record, plan)
    if record is not None and applicants is not None and not problems:
        problems += _against_applicants(doc, record, plan, applicants, instance)
    if record is None or any(p.severity == "error" for p in problems):
        raise ProblemError(problems)
    return record


def _checked_against_plan(doc: Document, record: AllocationFile, plan: Plan) -> list[Problem]:
    """Each placement at a post of the plan, for whole months inside its service period, each
    person once (placed, or withdrawn: never both, never twice), and no post paying for more
    people in any month than its quota: what the budget counts must be what the plan allows."""
    problems = []
    quotas = {ref.key: ref.quota for ref in plan_posts(plan)}
    first, last = plan.plan.service_start, service_end(plan)
    placed: Counter = Counter()
    in_post: Counter = Counter()  # (post, service month) -> people paid
    full: set = set()  # posts already said to be over their quota
    seen: set[str] = set()
    for part in ("assignments", "withdrawn"):
        for i, a in enumerate(getattr(record, part)):
            key = (a.county, a.programme.value)
            where = (part, i)
            programme = Msg(f"programme.{a.programme.value}")
            if a.professional in seen:
                problems.append(doc.problem(where + ("professional",), "duplicate-id", Msg(
                    "problem.placed_twice" if part == "assignments" else "problem.listed_twice",
                    {"id": a.professional})))
                continue  # counted once: their months are not paid twice
            seen.add(a.professional)
            if key not in quotas:
                problems.append(doc.problem(where + ("county",), "unknown-post", Msg(
                    "problem.unknown_post", {"county": a.county, "programme": programme})))
                continue
            start, end = a.start or first, a.end or last
            period = {"id": a.professional, "start": start.isoformat(), "end": end.isoformat(),
                      "first": first.isoformat(), "last": last.isoformat()}
            if not first <= start <= end <= last:
                problems.append(doc.problem(where, "bad-period", Msg("problem.bad_period", period)))
                continue
            if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
                problems.append(doc.problem(where, "bad-period", Msg("problem.part_months", period)))
                continue
            if part == "assignments":
                placed[key] += 1
                if placed[key] == quotas[key] + 1:
                    full.add(key)
                    problems.append(doc.problem(where, "over-quota", Msg(
                        "problem.over_quota", {"county": a.county, "quota": quotas[key], "programme": programme})))
            for month in _months(start, end):
                in_post[key, month] += 1
                if in_post[key, month] == quotas[key] + 1 and key not in full:
                    full.add(key)
                    problems.append(doc.problem(where, "over-quota", Msg("problem.over_quota_month", {
                        "county": a.county, "quota": quotas[key], "programme": programme,
                        "month": f"{month[0]}-{month[1]:02d}", "n": quotas[key] + 1})))
    return problems


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The calendar months from ``start`` to ``end``, as (year, month)."""
    return [((start.month - 1 + k) // 12 + start.year, (start.month - 1 + k) % 12 + 1)
            for k in range((end.year - start.year) * 12 + end.month - start.month + 1)]


def _against_applicants(doc: Document, record: AllocationFile, plan: Plan,
                        applicants: Applicants, instance: Instance | None) -> list[Problem]:
    """Each placement of an allocation file checked against the applicants who applied."""
    if instance is None or instance.plan is not plan or instance.applicants is not applicants:
        instance = Instance.build(plan, applicants)
    people = {p.id: p for p in instance.people}
    problems = []
    for part in ("assignments", "withdrawn"):
        for i, a in enumerate(getattr(record, part)):
            where = (part, i)
            person = people.get(a.professional)
            if person is None:
                problems.append(doc.problem(where + ("professional",), "unknown-professional", Msg(
                    "problem.alloc_unknown_person", {"id": a.professional})))
            elif person.agency.id != a.agency:
                problems.append(doc.problem(where + ("agency",), "wrong-agency", Msg(
                    "problem.alloc_wrong_agency", {"id": a.professional, "agency": a.agency,
                                                   "actual": person.agency.id})))
            elif all(ref.key != (a.county, a.programme.value) for ref, _ in person.edges):
                problems.append(doc.problem(where + ("county",), "not-eligible", Msg(
                    "problem.alloc_not_eligible", {"id": a.professional, "county": a.county})))
    return problems


def load_allocation(path: Path | str, plan: Plan) -> list[Placement]:
    """The placements of an allocation file for the budget. Raises ProblemError.

    One per person placed, and per person withdrawn for the months they served; start
    and end are None where the file gives none (the plan's service period).
    """
    return placements_of(read_allocation(path, plan))


def agency_names_of(record, applicants: Applicants | None = None) -> dict[str, tuple[str, str | None]]:
    """Each agency's (name, Chinese name): from the applicants when given, else as the
    allocation file names them (sanqu writes agency_name beside each placement)."""
    if applicants is not None:
        return {a.id: (a.name, a.name_zh) for a in applicants.agencies}
    names: dict[str, tuple[str, str | None]] = {}
    for a in [*record.assignments, *record.withdrawn]:
        if a.agency_name:
            names.setdefault(a.agency, (a.agency_name, a.agency_name_zh))
    return names


def placements_of(record: AllocationFile) -> list[Placement]:
    """Everyone an allocation file pays for (``AllocationFile.placements``)."""
    return record.placements()
