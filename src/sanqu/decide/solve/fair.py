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
from .formulation import build
from .outcome import Fallback, finish, solution_of, stopped
from .rules import RuleModel
from .solution import AllocationError, Solution
from .stable import solve_stable


def solve_fair(instance: Instance, time_limit: float | None = None) -> Solution:
    """The fair lexicographic optimum, proven, or flagged when ``time_limit`` runs out."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    model = RuleModel(instance)
    if not model.edges:
        return Solution({})
    fallback = None if deadline is None else Fallback("fair", model)  # made first: see outcome.py
    program, levels = build(model)
    if _stable_is_maximum(instance, fallback):
        # Deferred acceptance found an allocation of the largest size with no blocking
        # pair, so that level's optimum is 0: fix it instead of searching for it.
        levels[1].known = 0
    try:
        # No feasibility jump under a time limit: on this model it overran it (program.py).
        result = solve(program, levels, deadline, presolve=len(model.edges) < PRESOLVE_LIMIT, jump=False)
    except SolverError as exc:
        raise AllocationError(str(exc)) from None
    return finish("fair", model, result, fallback)


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


def _stable_is_maximum(instance: Instance, fallback: Fallback | None) -> bool:
    """Whether deferred acceptance (no blocking pair) fills as many slots as any allocation.

    Only without the team rule and the agency cap, which deferred acceptance ignores.
    """
    rules = instance.plan.rules
    if not rules.free:
        return False
    most = fallback.bound if fallback is not None else most_filled(instance)
    return len(solve_stable(instance).placed) == most
