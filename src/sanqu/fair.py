"""The fair method: most slots filled, then the fewest blocking pairs, then score, then ranks.

A maximum allocation with the fewest blocking pairs is NP-hard in general (Biró,
Manlove and Mittal, 2010), so this is a 0-1 programme. Per eligible pair e = (A, P) a
blocking indicator b_e is forced to 1 unless A is placed at least as well as P's county
(W_e = 1) or P is full of people of higher priority than A (H_e = quota):

    quota * b_e + quota * W_e + H_e >= quota

Minimising the sum of b counts exactly the blocking pairs of ``envy.py``. Long sums
(a post with many candidates, a person with many options) go through running-total
variables so that the model grows with the pairs, not with their square.
"""

from __future__ import annotations

import time

import numpy as np

from . import milp
from .allocation import AllocationError, Instance, Solution
from .envy import priority
from .optimal import PRESOLVE_LIMIT, _Model, _score_units, _transportation

DIRECT_TERMS = 12  # a sum longer than this goes through a running total


def solve_fair(instance: Instance, time_limit: float | None = None,
               forced: tuple[int, int] | None = None) -> Solution:
    """The fair lexicographic optimum, proven, or flagged when ``time_limit`` runs out.

    ``forced`` (person index, post index) fixes one placement: ``--explain`` uses it to
    show what would have happened otherwise.
    """
    model = _Model(instance)
    if not model.edges:
        return Solution({})
    deadline = None if time_limit is None else time.monotonic() + time_limit
    program, levels = build(model, forced)
    if forced is None and _stable_is_maximum(instance):
        # Deferred acceptance found an allocation of the largest size with no blocking
        # pair, so that level's optimum is 0: fix it instead of searching for it.
        levels[1].known = 0
    try:
        result = milp.solve(program, levels, deadline, presolve=len(model.edges) < PRESOLVE_LIMIT)
    except milp.SolverError as exc:
        if forced is not None:
            raise
        raise AllocationError(str(exc)) from None
    if result.x is None:  # out of time before any allocation: fall back, flagged
        if model.team_pairs() or instance.plan.rules.max_per_agency is not None:
            fallback = model.fallback()
        else:
            fallback = _transportation(instance)
            fallback.proven_optimal = False
        fallback.status = result.status + "; the solver found no allocation in time, " \
            "a rule-abiding fallback is shown"
        return fallback
    chosen = result.x[: len(model.edges)]
    placed = {model.edges[e][0]: model.edges[e][1] for e in np.flatnonzero(chosen == 1)}
    return Solution(placed, proven_optimal=result.proven, status=result.status)


def what_if(instance: Instance, method: str, forced: tuple[int, int],
            time_limit: float | None = None) -> Solution | None:
    """The best allocation by ``method``'s order with one placement forced; None if no
    allocation that obeys the rules has it. For ``--explain``."""
    model = _Model(instance)
    if not model.edges:
        return None
    program, levels = build(model, forced, envy=method == "fair")
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        result = milp.solve(program, levels, deadline)
    except milp.SolverError:
        return None
    if result.x is None:
        return None
    chosen = result.x[: len(model.edges)]
    placed = {model.edges[e][0]: model.edges[e][1] for e in np.flatnonzero(chosen == 1)}
    return Solution(placed, proven_optimal=result.proven, status=result.status)


def solve_kept(instance: Instance, method: str, stay: list[tuple[int, int]],
               time_limit: float | None = None) -> Solution:
    """``method``'s optimum with the placements ``stay`` (person, post) kept.

    With no team rule and no agency cap every kept placement is simply fixed. With
    either, keeping them all may be impossible: a first level then keeps as many as
    possible, so that only those a rule forces are moved.
    """
    model = _Model(instance)
    if not model.edges:  # nobody left who may fill anything
        return Solution({})
    rules = instance.plan.rules
    program, levels = build(model, envy=method == "fair", stay=stay,
                            fix=rules.min_team <= 1 and rules.max_per_agency is None)
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        result = milp.solve(program, levels, deadline)
    except milp.SolverError as exc:
        raise AllocationError(str(exc)) from None
    if result.x is None:
        raise AllocationError(result.status + " before any allocation was found; "
                              "give --time-limit more time")
    chosen = result.x[: len(model.edges)]
    placed = {model.edges[e][0]: model.edges[e][1] for e in np.flatnonzero(chosen == 1)}
    return Solution(placed, proven_optimal=result.proven, status=result.status)


def build(model: _Model, forced: tuple[int, int] | None = None, envy: bool = True,
          stay: list[tuple[int, int]] | None = None, fix: bool = False):
    """The fair programme and its four objective levels (three without ``envy``: optimal's).

    ``stay``: placements to keep, fixed when ``fix``, else kept as many as possible first.
    """
    instance = model.instance
    program = milp.Program()
    n_x = len(model.edges)
    program.add_vars(n_x)
    program.upper_var[:n_x] = [float(u) for u in model.upper]
    for es, cap in model.base_rows:
        program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    for agency, j in sorted(model.team_pairs()):
        es = model.by_team[(agency, j)]
        y = program.add_vars(1)
        need = float(model.need(j))
        program.add_row(es + [y], [1.0] * len(es) + [-need], 0.0, np.inf)
        for e in es:
            program.add_row([e, y], [1.0, -1.0], -np.inf, 0.0)
    edge_of = {(i, j): e for e, (i, j, _) in enumerate(model.edges)}
    if forced is not None:
        if forced not in edge_of:
            raise milp.SolverError("that person cannot fill that post")
        program.lower_var[edge_of[forced]] = 1.0
    kept = [edge_of[pair] for pair in stay or ()]
    if fix:
        for e in kept:
            program.lower_var[e] = 1.0

    # Edges per person (by rank) and per post (by priority), for W_e and H_e.
    by_person: dict[int, list[int]] = {}
    by_post: dict[int, list[int]] = {}
    for e, (i, j, _) in enumerate(model.edges):
        by_person.setdefault(i, []).append(e)
        by_post.setdefault(j, []).append(e)
    people = instance.people
    at_least_as_well: dict[int, tuple[list[int], list[float]]] = {}
    for i, es in by_person.items():
        es = sorted(es, key=lambda e: model.edges[e][2])
        levels_of = [model.edges[e][2] for e in es]
        sums = _running_sums(program, es)
        # Options of equal rank (no preferences, or two posts in one county) count alike.
        end = len(es)
        for k in range(len(es) - 1, -1, -1):
            if k + 1 < len(es) and levels_of[k + 1] != levels_of[k]:
                end = k + 1
            at_least_as_well[es[k]] = sums(end)
    higher: dict[int, tuple[list[int], list[float]]] = {}
    for j, es in by_post.items():
        es = sorted(es, key=lambda e: priority(people[model.edges[e][0]].score,
                                               people[model.edges[e][0]].id))
        sums = _running_sums(program, es)
        for k, e in enumerate(es):
            higher[e] = sums(k)
    b0 = program.add_vars(n_x)
    for e, (_, j, _) in enumerate(model.edges):
        quota = float(instance.posts[j].quota)
        w_cols, w_vals = at_least_as_well[e]
        h_cols, h_vals = higher[e]
        program.add_row([b0 + e] + w_cols + h_cols,
                        [quota] + [quota * v for v in w_vals] + h_vals, quota, np.inf)

    n = program.n
    units = _score_units(instance)
    x_ones = np.zeros(n)
    x_ones[:n_x] = 1
    blocking = np.zeros(n)
    blocking[b0:b0 + n_x] = 1
    scores = np.zeros(n)
    scores[:n_x] = [units[i] for i, _, _ in model.edges]
    ranks = np.zeros(n)
    ranks[:n_x] = [r for _, _, r in model.edges]
    placements = model.placements
    keep_level = []
    if kept and not fix:
        stays = np.zeros(n)
        stays[kept] = -1
        keep_level = [milp.Level("placements kept", stays, len(kept))]
    levels = [
        *keep_level,
        milp.Level("slots", -x_ones, placements),
        *([milp.Level("blocking pairs", blocking, n_x)] if envy else []),
        *milp.fold([milp.Level("score", -scores, placements * int(max(units, default=0))),
                    milp.Level("ranks", ranks, placements * int(ranks.max(initial=0)))]),
    ]
    return program, levels


def _running_sums(program: milp.Program, es: list[int]):
    """A function k -> (cols, vals) for the sum of the first k of ``es``.

    Short lists are summed directly; long ones through running-total variables
    t_k = t_{k-1} + x_k, so every row stays short.
    """
    if len(es) <= DIRECT_TERMS:
        return lambda k: (es[:k], [1.0] * k)
    first = program.add_vars(len(es), upper=1e9, integer=False)
    for k, e in enumerate(es):
        if k == 0:
            program.add_row([first, e], [1.0, -1.0], 0.0, 0.0)
        else:
            program.add_row([first + k, first + k - 1, e], [1.0, -1.0, -1.0], 0.0, 0.0)
    return lambda k: ([first + k - 1], [1.0]) if k else ([], [])


def _stable_is_maximum(instance: Instance) -> bool:
    """Whether deferred acceptance (no blocking pair) fills as many slots as any allocation.

    Only without the team rule and the agency cap, which deferred acceptance ignores.
    """
    rules = instance.plan.rules
    if rules.min_team > 1 or rules.max_per_agency is not None:
        return False
    from .stable import solve_stable

    return len(solve_stable(instance).placed) == len(_transportation(instance).placed)
