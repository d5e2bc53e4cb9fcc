"""The fair method: most slots filled, then the fewest blocking pairs, then score, then ranks.

A maximum allocation with the fewest blocking pairs is NP-hard in general (Biró,
Manlove and Mittal, 2010), so this is a 0-1 programme (``model.py``), proven level by
level. Also here: the same order with placements kept (``--keep``) or one placement
forced (what ``--explain`` asks: what would it have cost?).
"""

from __future__ import annotations

import time

from ...highs import PRESOLVE_LIMIT, SolverError, solve
from ...i18n import Msg
from ...plan.posts import Instance
from .bound import most_filled
from .envy import blocking_pairs
from .fill import fill_least_envy
from .formulation import build
from .outcome import Fallback, finish, solution_of, stopped
from .rules import RuleModel
from .solution import AllocationError, Solution
from .stable import solve_stable

# Past this many eligible (person, post) pairs the fair programme is not searched: on the
# national benchmark plan (98,000 pairs) HiGHS did not finish the first level in 30 s and
# held 1.6 GB, while the least-envy allocation (``fill.py``) took half a second and had 6
# blocking pairs where optimal's had 5,047. Region-sized plans (about 10,000 pairs) stay proven.
SEARCH_LIMIT = 50_000


def solve_fair(instance: Instance, time_limit: float | None = None) -> Solution:
    """The fair lexicographic optimum, proven, or flagged when ``time_limit`` runs out (or the
    plan is past ``SEARCH_LIMIT``): then the best allocation known, by fair's order."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    model = RuleModel(instance)
    if not model.edges:
        return Solution({})
    least_envy, most, floor = None, None, 0
    if instance.plan.rules.free:  # deferred acceptance, grown to the largest size
        most = most_filled(instance, model)
        stable = solve_stable(instance).placed
        floor = unavoidable_envy(instance, len(stable), most)
        least_envy = Solution(fill_least_envy(instance, stable, most, deadline))
        envy = len(blocking_pairs(instance.people, instance.posts, least_envy.placed))
    rivals = [(least_envy, "least_envy")] if least_envy is not None else None
    if least_envy is not None and len(model.edges) > SEARCH_LIMIT:
        # The better of it and optimal's matching by fair's order: never more blocking pairs.
        return Fallback("fair", model, rivals, most, floor).unsearched(Msg("status.not_searched", {
            "pairs": len(model.edges), "limit": SEARCH_LIMIT}))
    # made first: see outcome.py
    fallback = None if deadline is None else Fallback("fair", model, rivals, most, floor)
    program, levels = build(model)
    if most is not None:
        # Without rules the most slots is the maximum matching's, known exactly: fixed
        # instead of searched for (the 'tight' plan: 4.6 s of its 20 s went to proving it).
        levels[0].known = -most  # the level minimises minus the slots filled
    if least_envy is not None and len(least_envy.placed) == most and envy == 0:
        # An allocation of the largest size with no blocking pair is at hand, so that
        # level's optimum is 0: fixed instead of searched for.
        levels[1].known = 0
    try:
        # No feasibility jump under a time limit: on this model it overran it (program.py).
        result = solve(program, levels, deadline, presolve=len(model.edges) < PRESOLVE_LIMIT, jump=False)
    except SolverError as exc:
        raise AllocationError(str(exc)) from None
    return finish("fair", model, result, fallback)


def unavoidable_envy(instance: Instance, stable_size: int, most: int) -> int:
    """A lower bound on the blocking pairs of any allocation filling ``most`` slots: 1 where
    deferred acceptance proves that one is unavoidable, else 0.

    An allocation with no blocking pair is stable. Where every applicant ranks the posts
    they may fill strictly (no two in one county, everyone with preferences), and posts
    rank by score then id, all stable allocations fill the same number of slots (the
    rural hospitals theorem, Roth 1986), deferred acceptance's; so if that is fewer than
    ``most``, every allocation filling ``most`` has a blocking pair. Ties (two programmes
    of one county, no preferences) let stable allocations differ in size: then nothing is
    claimed. The programme's own bound, where it is searched, can say more (``finish``).
    """
    if stable_size >= most:
        return 0
    for person in instance.people:
        ranks = [rank for _, rank in person.edges]
        if None in ranks or len(set(ranks)) < len(ranks):
            return 0
    return 1


def what_if(instance: Instance, method: str, forced: tuple[int, int],
            time_limit: float | None = None) -> Solution | None:
    """The best allocation by ``method``'s order with one placement forced; None if no
    allocation that obeys the rules has it. For ``--explain``."""
    model = RuleModel(instance)
    if not model.edges:
        return None
    program, levels = build(model, forced, envy=method == "fair")
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        result = solve(program, levels, deadline)
    except SolverError:
        return None
    if result.x is None:
        return None
    return solution_of(model, result)


def solve_kept(instance: Instance, method: str, stay: list[tuple[int, int]],
               time_limit: float | None = None) -> Solution:
    """``method``'s optimum with the placements ``stay`` (person, post) kept.

    With no team rule and no agency cap every kept placement is simply fixed. With
    either, keeping them all may be impossible: a first level then keeps as many as
    possible, so that only those a rule forces are moved.
    """
    model = RuleModel(instance)
    if not model.edges:  # nobody left who may fill anything
        return Solution({})
    rules = instance.plan.rules
    program, levels = build(model, envy=method == "fair", stay=stay,
                            fix=rules.free)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        result = solve(program, levels, deadline)
    except SolverError as exc:
        raise AllocationError(str(exc)) from None
    if result.x is None:
        raise AllocationError(Msg("status.nothing_in_time", {"stopped": stopped(result)}))
    return solution_of(model, result)
