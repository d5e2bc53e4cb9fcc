"""Deciding who goes where: the problem as the solvers see it, and the result as people read it.

``allocate()`` builds an Instance (people, posts, eligible edges with their preference
ranks), hands it to a method (``optimal.py`` or ``stable.py``), and turns the chosen
pairs into an Allocation with a reason for every empty slot and every person not placed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from types import ModuleType

from ..i18n import Msg
from ..plan.models import Applicants, Placement, Plan, post_label
from ..plan.posts import Instance, Person, PostRef
from ..plan.values import format_score, score_number
from .solve.envy import BlockingPair, blocking_pairs, waiting_list
from .solve.solution import AllocationError, Solution

# The methods by name, in the order --compare shows them; each is solve/<name>.py.
METHODS = ("optimal", "fair", "stable")


def solver(method: str) -> ModuleType:
    """The module of one method. Only the methods used are loaded: stable needs no NumPy."""
    if method not in METHODS:
        raise AllocationError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    return import_module(f".solve.{method}", __package__)


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
    bound: int | None = None  # not proven: the most slots any allocation could fill
    reason: Msg | None = None  # not proven: why, in the output's language
    envy_floor: int | None = None  # fair, not proven: the lower bound on blocking pairs known
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
    def blocking_pairs_bound(self) -> int | None:
        """fair: no allocation filling as many slots has fewer blocking pairs than this (the
        count itself when proven); None for the other methods and for a kept allocation."""
        if self.method != "fair" or self.changes is not None:
            return None
        if self.proven_optimal:
            return len(self.blocking)
        return self.envy_floor or 0

    @property
    def score_total(self) -> Decimal:
        return sum((a.person.score for a in self.assignments), start=Decimal(0))

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu allocate --format json``: the contract's keys, then extra detail."""
        texts: dict[int, str] = {}  # a shared reason is rendered once
        return {
            "plan": self.plan_id,
            "method": self.method,
            "proven_optimal": self.proven_optimal,
            "status": self.status,
            "assignments": [{
                "professional": a.person.id,
                "agency": a.person.agency.id,
                "county": a.post.county.code,
                "programme": a.post.programme.value,
                "score": score_number(a.person.score),
                "preference_rank": a.preference_rank,
                "name": a.person.professional.name,
                "name_zh": a.person.professional.name_zh,
                "prefecture": a.post.prefecture.code,
                "county_name": a.post.county.name,
                "county_name_zh": a.post.county.name_zh,
                "agency_name": a.person.agency.name,
                "agency_name_zh": a.person.agency.name_zh,
                **_period(self, a.person.index),
            } for a in self.assignments],
            "posts": [{
                "county": ref.county.code,
                "programme": ref.programme.value,
                "quota": ref.quota,
                "filled": self.filled[ref.index],
                "prefecture": ref.prefecture.code,
                "name": ref.county.name,
                "name_zh": ref.county.name_zh,
            } for ref in self.instance.posts],
            "unassigned": [{"professional": p.id, "reason": _rendered(reason, lang, texts), "agency": p.agency.id,
                            "score": score_number(p.score)}
                           for p, reason in self.unassigned],
            "shortfalls": [{"county": ref.county.code, "programme": ref.programme.value,
                            "empty": empty, "cause": cause.render(lang)}
                           for ref, empty, cause in self.shortfalls],
            "summary": {
                "slots": self.slots,
                "filled": sum(self.filled),
                "score_total": score_number(self.score_total),
                "blocking_pairs": len(self.blocking),
                "preference_rank_total": sum(a.preference_rank or 0 for a in self.assignments),
                "first_choice": first_choices(self),
                "no_preference": no_preference(self),
                "applicants": len(self.instance.people),
                "unassigned": len(self.unassigned),
                **({} if self.bound is None else {"bound": self.bound}),
                **({} if self.blocking_pairs_bound is None else {"blocking_pairs_bound": self.blocking_pairs_bound}),
            },
            "blocking_pairs": [{"professional": b.professional, "county": b.post.county.code,
                                "programme": b.post.programme.value, "overtaken_by": b.overtaken_by}
                               for b in self.blocking],
            "waiting_list": [{"county": ref.county.code, "programme": ref.programme.value,
                              "professionals": self.waiting[ref.index]}
                             for ref in self.instance.posts],
            **_keep_data(self, lang),
        }

    def agency_names(self) -> dict[str, tuple[str, str | None]]:
        """Each agency's (name, Chinese name), for the budget's lines."""
        return {p.agency.id: (p.agency.name, p.agency.name_zh) for p in self.instance.people}

    def placements(self) -> list[Placement]:
        """Everyone this allocation pays for: each placed person, and with --keep those who
        left, for the months they served."""
        out: list[Placement] = []
        for a in self.assignments:
            start, end = self.periods[a.person.index] if self.periods else (None, None)
            out.append(Placement(a.post.county.code, a.post.programme.value, a.person.agency.id, start, end,
                                 a.person.id))
        for r in self.withdrawn or ():
            out.append(Placement(r.county, r.programme.value, r.agency, r.start, r.end, r.professional))
        return out

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
    if instance is None or instance.plan is not plan or instance.applicants is not applicants:
        instance = Instance.build(plan, applicants)
    # Every method's solve_<name>(instance, time_limit); stable needs no limit: it ends at once.
    solution = getattr(solver(method), f"solve_{method}")(instance, time_limit)
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
                        solution.proven_optimal, solution.status, solution.bound, solution.reason,
                        envy_floor=solution.envy_bound)
    result.by_person = {a.person.index: a for a in assignments}
    result.by_post = [[] for _ in posts]
    for a in assignments:  # already sorted best score first within each post
        result.by_post[a.post.index].append(a)
        result.sent[a.person.agency.id] = result.sent.get(a.person.agency.id, 0) + 1
    result.blocking = blocking_pairs(instance.people, posts, solution.placed)
    result.waiting = waiting_list(instance.people, posts, solution.placed)
    said: dict = {}
    result.unassigned = [(p, unassigned_reason(result, p, said)) for p in instance.people
                         if p.index not in result.by_person]
    result.shortfalls = [(ref, ref.quota - filled[ref.index], shortfall_cause(result, ref))
                         for ref in posts if filled[ref.index] < ref.quota]
    return result


def _rendered(message: Msg, lang: str, texts: dict[int, str]) -> str:
    """``message`` in ``lang``, rendered once however many share it (``texts``: by identity)."""
    text = texts.get(id(message))
    if text is None:
        text = texts[id(message)] = message.render(lang)
    return text


def _period(result, index: int) -> dict:
    """``start`` and ``end`` of a placement, written with --keep."""
    if result.periods is None:
        return {}
    start, end = result.periods[index]
    return {"start": start.isoformat(), "end": end.isoformat()}


def _keep_data(result, lang: str) -> dict:
    if result.changes is None:
        return {}
    return {
        "changes": [{"professional": c.professional, "kind": c.kind, "from": post_label(c.before),
                     "to": post_label(c.after), "effective": c.effective.isoformat(),
                     **({"reason": c.reason.render(lang)} if c.reason is not None else {})}
                    for c in result.changes],
        "withdrawn": [{"professional": r.professional, "agency": r.agency, "county": r.county,
                       "programme": r.programme.value, "start": r.start.isoformat(),
                       "end": r.end.isoformat()} for r in result.withdrawn],
    }


def first_choices(result) -> int:
    """How many were placed at the county they named first (those who named none: ``no_preference``)."""
    return sum(1 for a in result.assignments if a.preference_rank == 1)


def no_preference(result) -> int:
    """How many were placed who named no county: neither a first choice nor a later one."""
    return sum(1 for a in result.assignments if a.preference_rank is None)


# Why someone was not placed, and why a post has empty slots: sentences a person understands.

def unassigned_reason(result: Allocation, person: Person, said: dict | None = None) -> Msg:
    """Why this applicant was not placed, as a sentence a person understands.

    ``said``: the sentences already made for this result, so that everyone left out for the
    same reason at the same post shares one (20,000 unplaced nationally, a few thousand reasons).
    """
    rules = result.instance.plan.rules
    if not person.edges:
        prof = person.professional
        if prof.qualification.level < rules.min_qualification.level:
            return Msg("reason.qualification", {"have": prof.qualification.value,
                                                "need": rules.min_qualification.value})
        if prof.preferences == []:
            return Msg("reason.empty_preferences")
        return Msg("reason.no_match")
    below = None  # the first post they may fill, full of people ranked above them
    more = False  # and whether there are others
    by_post = result.by_post
    for ref, _ in person.edges:
        placed = by_post[ref.index]
        if len(placed) < ref.quota:
            # A free slot they could fill: only a rule or the method's trade-offs kept them out.
            if rules.min_team > 1:
                return Msg("reason.team_left_open", {"place": ref.place, "n": rules.min_team})
            if rules.max_per_agency is not None:
                return Msg("reason.agency_cap", {"agency": person.agency.id,
                                                 "n": rules.max_per_agency})
            return Msg("reason.free_slot", {"place": ref.place})
        if below is None:
            below = (ref, len(placed), placed[-1].person.score)
        else:
            more = True
    assert below is not None  # every post they may fill is full: they have one at least
    ref, count, lowest = below
    ranked_below = person.score < lowest or (person.score == lowest and result.method == "stable")
    capped = rules.max_per_agency is not None and result.sent.get(person.agency.id, 0) >= rules.max_per_agency
    key = (ref.index, ranked_below, more, person.agency.id if capped else None)
    if said is not None and key in said:
        return said[key]
    params = {"count": count, "place": ref.place, "score": format_score(lowest)}
    head = Msg("reason.ranked_below" if ranked_below else "reason.better_fill", params)
    if capped:
        reason = Msg("reason.agency_cap_and", {"agency": person.agency.id, "n": rules.max_per_agency, "head": head})
    else:
        reason = Msg("reason.all_full", {"head": head}) if more else head
    if said is not None:
        said[key] = reason
    return reason


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
