"""The integer programme as a pure builder: the rules' rows, and each method's objective levels.

Every method that needs HiGHS (optimal under a rule, fair, the kept and what-if
variants) builds here. For the fair method, per eligible pair e = (A, P) a blocking
indicator b_e is forced to 1 unless A is placed at least as well as P's county
(W_e = 1) or P is full of people of higher priority than A (H_e = quota):

    quota * b_e + quota * W_e + H_e >= quota

Minimising the sum of b counts exactly the blocking pairs of ``envy.py``. Long sums
(a post with many candidates, a person with many options) go through running-total
variables so that the model grows with the pairs, not with their square.
"""

from __future__ import annotations

import numpy as np

from ...highs import Level, Program, SolverError, fold
from .bound import team_caps
from .envy import priority
from .rules import RuleModel

DIRECT_TERMS = 12  # a sum longer than this goes through a running total


def placed_of(model: RuleModel, x) -> dict[int, int]:
    """person index -> post index, from a solution vector of ``build``'s programme."""
    chosen = x[: len(model.edges)]
    return {model.edges[e][0]: model.edges[e][1] for e in np.flatnonzero(chosen == 1)}


def build(model: RuleModel, forced: tuple[int, int] | None = None, envy: bool = True,
          stay: list[tuple[int, int]] | None = None, fix: bool = False):
    """The fair programme and its four objective levels (three without ``envy``: optimal's).

    ``stay``: placements to keep, fixed when ``fix``, else kept as many as possible first.
    """
    instance = model.instance
    program = Program()
    n_x = len(model.edges)
    program.add_vars(n_x)
    program.upper_var[:n_x] = [float(u) for u in model.upper]
    for es, cap in model.base_rows:
        program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    for j, cap in sorted(team_caps(model).items()):  # whole teams cannot fill the quota exactly
        es = model.by_post[j]
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
            raise SolverError("that person cannot fill that post")
        program.lower_var[edge_of[forced]] = 1.0
    kept = [edge_of[pair] for pair in stay or ()]
    if fix:
        for e in kept:
            program.lower_var[e] = 1.0

    b0 = -1
    if envy:  # optimal's order has no envy level: none of its rows or variables
        # Edges per person (by rank) and per post (by priority), for W_e and H_e.
        by_person: dict[int, list[int]] = {}
        by_post: dict[int, list[int]] = {}
        for e, (i, j, _) in enumerate(model.edges):
            by_person.setdefault(i, []).append(e)
            by_post.setdefault(j, []).append(e)
        people = instance.people
        at_least_as_well: dict[int, tuple[list[int], list[float]]] = {}
        for es in by_person.values():
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
        for es in by_post.values():
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
    units = model.units
    x_ones = np.zeros(n)
    x_ones[:n_x] = 1
    blocking = np.zeros(n)
    if envy:
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
        keep_level = [Level("placements kept", stays, len(kept))]
    levels = [
        *keep_level,
        Level("slots", -x_ones, placements),
        *([Level("blocking pairs", blocking, n_x)] if envy else []),
        *fold([Level("score", -scores, placements * int(max(units, default=0))),
                    Level("ranks", ranks, placements * int(ranks.max(initial=0)))]),
    ]
    return program, levels


def _running_sums(program: Program, es: list[int]):
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
