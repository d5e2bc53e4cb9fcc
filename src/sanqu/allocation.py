"""Deciding who goes where: the problem as the solvers see it, and the result as people read it.

``allocate()`` builds an Instance (people, posts, eligible edges with their preference
ranks), hands it to a method (``optimal.py`` or ``stable.py``), and turns the chosen
pairs into an Allocation with a reason for every empty slot and every person not placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .solve.envy import BlockingPair, blocking_pairs, waiting_list
from .solve.fair import solve_fair
from .solve.instance import AllocationError, Instance, Person, PostRef, Solution
from .solve.optimal import solve_optimal
from .solve.stable import solve_stable
from .i18n import Msg
from .models import Agency, Applicants, Plan, Professional

# The methods by name, in the order --compare shows them.
METHODS = {"optimal": solve_optimal, "fair": solve_fair, "stable": solve_stable}


@dataclass
class Assignment:
    person: Person
    post: PostRef
    preference_rank: int | None


@dataclass
class Allocation:
    """The result: placements, fill per post, and a reason for everything left over."""

    plan_id: str
    method: str
    instance: Instance
    assignments: list[Assignment]
    filled: list[int]                      # per post, in plan order
    unassigned: list[tuple[Person, Msg]]
    shortfalls: list[tuple[PostRef, int, Msg]]  # post, empty slots, cause
    proven_optimal: bool = True
    status: str = "optimal"
    by_person: dict[int, Assignment] = field(default_factory=dict)
    by_post: list[list[Assignment]] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # people placed per agency
    blocking: list[BlockingPair] = field(default_factory=list)
    waiting: list[list[str]] = field(default_factory=list)  # per post, in priority order
    # Set by --keep (keeping.py): each placement's (start, end), what changed, who left.
    periods: dict | None = None
    changes: list | None = None
    withdrawn: list | None = None

    @property
    def slots(self) -> int:
        return sum(ref.quota for ref in self.instance.posts)

    @property
    def score_total(self) -> Decimal:
        return sum((a.person.score for a in self.assignments), start=Decimal(0))

    def placed_at(self, post_index: int) -> list[Assignment]:
        """The people placed at a post, best score first."""
        return self.by_post[post_index]

    def lowest_score(self, post_index: int) -> Decimal | None:
        placed = self.by_post[post_index]
        return placed[-1].person.score if placed else None


def allocate(plan: Plan, applicants: Applicants, method: str = "fair",
             time_limit: float | None = None, *, instance: Instance | None = None) -> Allocation:
    """Allocate professionals to posts by ``method`` ("fair", "optimal" or "stable").

    ``instance`` may pass in the Instance already built for these inputs (``read_inputs``
    builds one to check eligibility) so that the work is not done twice.
    """
    if instance is None or instance.plan is not plan:
        instance = Instance.build(plan, applicants)
    if method not in METHODS:
        raise AllocationError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if method == "stable":
        solution = solve_stable(instance)
    else:
        solution = METHODS[method](instance, time_limit)
    return _explain(instance, method, solution)


def _rank(person: Person, post: PostRef) -> int | None:
    for ref, rank in person.edges:
        if ref.index == post.index:
            return rank
    raise AllocationError(f"internal error: {person.id} placed at a post they cannot fill")


def _explain(instance: Instance, method: str, solution: Solution) -> Allocation:
    posts = instance.posts
    assignments = []
    filled = [0] * len(posts)
    for person in instance.people:
        post_index = solution.placed.get(person.index)
        if post_index is None:
            continue
        post = posts[post_index]
        filled[post_index] += 1
        assignments.append(Assignment(person, post, _rank(person, post)))
    for i, count in enumerate(filled):
        if count > posts[i].quota:
            raise AllocationError(f"internal error: post {posts[i].key} over its quota")
    # Report order: posts in plan order, then best score first, then id.
    assignments.sort(key=lambda a: (a.post.index, -a.person.score, a.person.id))
    result = Allocation(instance.plan.plan.id, method, instance, assignments, filled, [], [],
                        solution.proven_optimal, solution.status)
    result.by_person = {a.person.index: a for a in assignments}
    result.by_post = [[] for _ in posts]
    for a in assignments:  # already sorted best score first within each post
        result.by_post[a.post.index].append(a)
        result.sent[a.person.agency.id] = result.sent.get(a.person.agency.id, 0) + 1
    result.blocking = blocking_pairs(instance.people, posts, solution.placed)
    result.waiting = waiting_list(instance.people, posts, solution.placed)
    result.unassigned = [(p, unassigned_reason(result, p)) for p in instance.people
                         if p.index not in result.by_person]
    result.shortfalls = [(ref, ref.quota - filled[ref.index], shortfall_cause(result, ref))
                         for ref in posts if filled[ref.index] < ref.quota]
    return result


def format_score(score: Decimal) -> str:
    """A score as people write it: one decimal at least (81.0), more only when given."""
    return f"{score:.1f}" if score == score.quantize(Decimal("0.1")) else f"{score}"


def unassigned_reason(result: Allocation, person: Person) -> Msg:
    """Why this applicant was not placed, as a sentence a person understands."""
    rules = result.instance.plan.rules
    if not person.edges:
        prof = person.professional
        if prof.qualification.level < rules.min_qualification.level:
            return Msg("reason.qualification", {"have": prof.qualification.value,
                                                "need": rules.min_qualification.value})
        if prof.preferences == []:
            return Msg("reason.empty_preferences")
        return Msg("reason.no_match")
    below = []
    for ref, _ in person.edges:
        placed = result.placed_at(ref.index)
        if len(placed) < ref.quota:
            # A free slot they could fill: only a rule or the method's trade-offs kept them out.
            if rules.min_team > 1:
                return Msg("reason.team_left_open", {"place": ref.place, "n": rules.min_team})
            if rules.max_per_agency is not None:
                return Msg("reason.agency_cap", {"agency": person.agency.id,
                                                 "n": rules.max_per_agency})
            return Msg("reason.free_slot", {"place": ref.place})
        below.append((ref, len(placed), placed[-1].person.score))
    ref, count, lowest = below[0]
    params = {"count": count, "place": ref.place, "score": format_score(lowest)}
    if person.score < lowest or (person.score == lowest and result.method == "stable"):
        head = Msg("reason.ranked_below", params)
    else:
        head = Msg("reason.better_fill", params)
    if rules.max_per_agency is not None:
        if result.sent.get(person.agency.id, 0) >= rules.max_per_agency:
            return Msg("reason.agency_cap_and", {"agency": person.agency.id,
                                                 "n": rules.max_per_agency, "head": head})
    return head if len(below) == 1 else Msg("reason.all_full", {"head": head})


def shortfall_cause(result: Allocation, ref: PostRef) -> Msg:
    """Why a post has empty slots."""
    eligible = result.instance.candidates[ref.index]
    if not eligible:
        return Msg("short.nobody")
    free = [p for p in eligible if p.index not in result.by_person]
    if not free:
        elsewhere = len(eligible) - result.filled[ref.index]
        if elsewhere:
            return Msg("short.only_elsewhere", {"n": len(eligible), "k": elsewhere})
        return Msg("short.only", {"n": len(eligible)})
    rules = result.instance.plan.rules
    if rules.min_team > 1:
        return Msg("short.team", {"n": rules.min_team})
    if rules.max_per_agency is not None:
        return Msg("short.cap", {"n": rules.max_per_agency})
    return Msg("short.method", {"n": len(free), "method": Msg(f"method.{result.method}")})


@dataclass
class Comparison:
    """Every method on the same input: the allocation, or why the method could not run."""

    plan_id: str
    results: list[tuple[str, "Allocation | None", str | None]]


def compare(plan: Plan, applicants: Applicants, time_limit: float | None = None) -> Comparison:
    """Run optimal, fair and stable on the same input, for ``sanqu allocate --compare``."""
    instance = Instance.build(plan, applicants)
    results: list[tuple[str, Allocation | None, str | None]] = []
    for method in METHODS:
        try:
            results.append((method, allocate(plan, applicants, method, time_limit,
                                             instance=instance), None))
        except AllocationError as exc:  # stable cannot honour the team rule or the agency cap
            results.append((method, None, str(exc)))
    return Comparison(plan.plan.id, results)
