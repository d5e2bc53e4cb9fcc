"""How many slots any allocation can fill at most: a maximum flow, solved as an LP.

People -> posts, each person once, each post up to its quota, each agency up to
``max_per_agency``. The constraint matrix is two laminar families (person within
agency; post), so it is totally unimodular and the LP optimum is the integral maximum:
exact without the team rule. With the team rule, an agency sends a post 0 people or a
team of ``need``..``c`` (``c``: its eligible applicants there), which caps each post at
the largest such sum within its quota. That cap gives a valid upper bound, reported
beside any result the solver could not prove (measured on the region benchmark: the
bound equals the optimum).
"""

from __future__ import annotations

import numpy as np

from .program import Level, Program, solve
from .rules import RuleModel


def team_cap(quota: int, need: int, sizes: list[int]) -> int:
    """The largest total <= ``quota`` made of 0 or need..size from each of ``sizes``."""
    full = (1 << (quota + 1)) - 1
    reachable = 1  # bit s set: a total of s people is possible
    for size in sizes:
        step = reachable
        for take in range(need, min(size, quota) + 1):
            step |= reachable << take
        reachable = step & full
    return reachable.bit_length() - 1


def team_caps(model: RuleModel) -> dict[int, int]:
    """Posts the team rule keeps below their quota, with the most they can take."""
    if model.rules.min_team <= 1:
        return {}
    sizes: dict[int, list[int]] = {}
    for (_, j), es in model.by_team.items():
        if model.upper[es[0]]:  # an agency that can field a team here at all
            sizes.setdefault(j, []).append(len(es))
    caps = {}
    for j in model.by_post:
        quota = model.instance.posts[j].quota
        cap = team_cap(quota, model.need(j), sizes.get(j, []))
        if cap < quota:
            caps[j] = cap
    return caps


def most_slots(model: RuleModel, teams: bool = True) -> int:
    """The most slots an allocation can fill (an upper bound under the team rule)."""
    if not model.edges:
        return 0
    program = Program()
    n_x = len(model.edges)
    program.add_vars(n_x, integer=False)
    program.upper_var[:n_x] = [float(u) for u in model.upper]
    for es, cap in model.base_rows:
        program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    if teams:
        for j, cap in team_caps(model).items():
            es = model.by_post[j]
            program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    ones = np.zeros(n_x)
    ones[:] = -1.0
    result = solve(program, [Level("slots", ones, n_x)], None)
    assert result.x is not None  # an LP with x = 0 feasible always has an optimum
    return int(round(float(result.x.sum())))
