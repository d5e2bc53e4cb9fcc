"""An allocation JSON written by sanqu, read back and checked: against its plan, and
against the applicants when they are given (``--keep``, ``budget --allocation``, ``diff``)."""

from __future__ import annotations

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
        quotas = {ref.key: ref.quota for ref in plan_posts(plan)}
        first, last = plan.plan.service_start, service_end(plan)
        placed: Counter = Counter()
        seen: dict[str, int] = {}
        for part in ("assignments", "withdrawn"):
            for i, a in enumerate(getattr(record, part)):
                key = (a.county, a.programme.value)
                where = (part, i)
                if key not in quotas:
                    problems.append(doc.problem(where + ("county",), "unknown-post", Msg(
                        "problem.unknown_post", {"county": a.county, "programme": Msg(
                            f"programme.{a.programme.value}")})))
                    continue
                start, end = a.start or first, a.end or last
                if not first <= start <= end <= last:
                    problems.append(doc.problem(where, "bad-period", Msg("problem.bad_period", {
                        "id": a.professional, "start": start.isoformat(), "end": end.isoformat(),
                        "first": first.isoformat(), "last": last.isoformat()})))
                if part == "withdrawn":
                    continue
                placed[key] += 1
                if placed[key] == quotas[key] + 1:
                    problems.append(doc.problem(where, "over-quota", Msg(
                        "problem.over_quota", {"county": a.county, "quota": quotas[key],
                                               "programme": Msg(f"programme.{a.programme.value}")})))
                if a.professional in seen:
                    problems.append(doc.problem(where + ("professional",), "duplicate-id",
                                                Msg("problem.placed_twice", {"id": a.professional})))
                seen.setdefault(a.professional, i)
    if record is not None and applicants is not None and not problems:
        problems += _against_applicants(doc, record, plan, applicants, instance)
    if record is None or any(p.severity == "error" for p in problems):
        raise ProblemError(problems)
    return record


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
