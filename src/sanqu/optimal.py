"""The proven-optimal method: most slots filled, then highest total score, then best ranks.

Without the team rule (and without an agency cap) this is a transportation problem:
posts expanded into one column per slot, solved exactly as a minimum-cost full
bipartite matching (SciPy's LAPJVsp) on integer costs. The three levels of the
objective fold into one integer weight per edge, which is exact because

* (1) and (2) together are a vertex weight ``score + 1`` on the placed person, and the
  sets of people that can be placed together form a matroid, so the heaviest such set
  is also one of the largest (every weight is positive);
* (3) is a tie-breaker under a multiplier larger than any possible rank sum.

All costs stay far below 2**53, so float64 arithmetic in the solver is exact. With
``rules.min_team`` it becomes a true integer programme, solved by HiGHS one objective
level at a time, each level fixed exactly (integers) before the next.
"""

from __future__ import annotations

import time

import numpy as np

from .allocation import AllocationError, Instance, Solution

EXACT = 2**53
# Objective totals below this are handled exactly by HiGHS's float arithmetic and
# tolerances (integral objective, zero relative gap); past it, solve level by level.
SINGLE_OBJECTIVE_LIMIT = 2.0**40


def _score_units(instance: Instance) -> list[int]:
    """Scores as integers, scaled by the finest number of decimals in the data."""
    places = max((max(0, -p.score.as_tuple().exponent) for p in instance.people), default=0)
    scale = 10 ** places
    return [int(p.score * scale) for p in instance.people]


def solve_optimal(instance: Instance, time_limit: float | None = None) -> Solution:
    """The lexicographic optimum, proven (or flagged as not proven when time runs out)."""
    rules = instance.plan.rules
    if rules.min_team <= 1 and rules.max_per_agency is None:
        return _transportation(instance)
    return _integer_programme(instance, time_limit)


def _slot_counts(instance: Instance) -> list[int]:
    """Slots worth modelling per post: its quota, but never more than the people who can fill it."""
    eligible = [0] * len(instance.posts)
    for person in instance.people:
        for ref, _ in person.edges:
            eligible[ref.index] += 1
    return [min(ref.quota, eligible[ref.index]) for ref in instance.posts]


def _edge_arrays(instance: Instance):
    """Every eligible (person, post, rank) as three integer arrays; rank 0 = no preferences."""
    people, posts, ranks = [], [], []
    for person in instance.people:
        for ref, rank in person.edges:
            people.append(person.index)
            posts.append(ref.index)
            ranks.append(rank or 0)
    return (np.asarray(people, dtype=np.int64), np.asarray(posts, dtype=np.int64),
            np.asarray(ranks, dtype=np.int64))


def _transportation(instance: Instance) -> Solution:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    slots = np.asarray(_slot_counts(instance), dtype=np.int64)
    first_slot = np.concatenate(([0], np.cumsum(slots))).astype(np.int64)
    m = int(first_slot[-1])
    n = len(instance.people)
    if m == 0:
        return Solution({})
    units = np.asarray(_score_units(instance), dtype=np.int64)
    person, post, rank = _edge_arrays(instance)
    rank_weight = m * int(rank.max(initial=0)) + 1
    cost_ceiling = (int(units.max(initial=0)) + 1) * rank_weight + 1
    if cost_ceiling * m >= EXACT:
        raise AllocationError("the plan is too large for exact integer costs; "
                              "use fewer score decimals")
    # Each edge once per slot of its post: slot rows, person columns, integer costs.
    cost = cost_ceiling - ((units[person] + 1) * rank_weight - rank)
    per_edge = slots[post]
    edge_of = np.repeat(np.arange(len(post)), per_edge)
    offset = np.arange(len(edge_of)) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    rows = np.concatenate((first_slot[post][edge_of] + offset, np.arange(m)))
    # One "left empty" column per slot keeps a full matching possible.
    cols = np.concatenate((person[edge_of], np.arange(n, n + m)))
    costs = np.concatenate((cost[edge_of], np.full(m, cost_ceiling))).astype(np.float64)
    graph = csr_matrix((costs, (rows, cols)), shape=(m, n + m))
    try:
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    except ValueError as exc:  # pragma: no cover - the dummy columns make it feasible
        raise AllocationError(f"the matching solver failed: {exc}") from None
    slot_post = np.repeat(np.arange(len(slots)), slots)
    real = col_ind < n
    placed = dict(zip(col_ind[real].tolist(), slot_post[row_ind[real]].tolist()))
    return Solution(placed)


def _objective_stages(ones, scores, ranks, *, matroid: bool, placements: int):
    """The objective as HiGHS should see it: one exact weighted sum when it fits, else levels.

    Each level's weight exceeds the largest possible total of the levels below it, so the
    single weighted sum is the lexicographic objective exactly while it stays well inside
    float64's exact integers (and HiGHS's tolerances). Larger instances are solved level
    by level, each level's optimum fixed (integer data) before the next.
    """
    max_rank = int(ranks.max(initial=0))
    rank_weight = placements * max_rank + 1
    if matroid:  # slots and score fold together exactly (see the module docstring)
        upper = (scores + ones) * rank_weight
        if placements * float(upper.max(initial=0)) < SINGLE_OBJECTIVE_LIMIT:
            return [("objective", -upper + ranks)]
        return [("score", -(scores + ones)), ("ranks", ranks)]
    slot_weight = placements * int(scores.max(initial=0)) + 1
    upper = (ones * slot_weight + scores) * rank_weight
    if placements * float(upper.max(initial=0)) < SINGLE_OBJECTIVE_LIMIT:
        return [("objective", -upper + ranks)]
    return [("slots", -ones), ("score", -scores), ("ranks", ranks)]


def _integer_programme(instance: Instance, time_limit: float | None) -> Solution:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    rules = instance.plan.rules
    edges = [(p.index, ref.index, rank or 0) for p in instance.people for ref, rank in p.edges]
    n_x = len(edges)
    if n_x == 0:
        return Solution({})
    units = _score_units(instance)
    agency_of = [p.agency.id for p in instance.people]

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def add_row(entries, lo, hi):
        r = len(lower)
        for c, v in entries:
            rows.append(r)
            cols.append(c)
            vals.append(v)
        lower.append(lo)
        upper.append(hi)

    by_person: dict[int, list[int]] = {}
    by_post: dict[int, list[int]] = {}
    by_agency: dict[str, list[int]] = {}
    by_team: dict[tuple[str, int], list[int]] = {}
    for e, (i, j, _) in enumerate(edges):
        by_person.setdefault(i, []).append(e)
        by_post.setdefault(j, []).append(e)
        by_agency.setdefault(agency_of[i], []).append(e)
        by_team.setdefault((agency_of[i], j), []).append(e)
    for es in by_person.values():
        add_row([(e, 1.0) for e in es], 0, 1)
    for j, es in by_post.items():
        add_row([(e, 1.0) for e in es], 0, instance.posts[j].quota)
    if rules.max_per_agency is not None:
        for es in by_agency.values():
            add_row([(e, 1.0) for e in es], 0, rules.max_per_agency)
    n_y = 0
    fixed_zero: list[int] = []
    if rules.min_team > 1:
        for (agency, j), es in by_team.items():
            need = min(rules.min_team, instance.posts[j].quota)
            if len(es) < need:  # this agency cannot field a team here at all
                fixed_zero.extend(es)
                continue
            if need <= 1:
                continue
            y = n_x + n_y
            n_y += 1
            # sum(x) >= need*y and each x <= y: a team of at least `need`, or nobody.
            # (One x <= y row per person is a much tighter relaxation than a big-M row.)
            add_row([(e, 1.0) for e in es] + [(y, -float(need))], 0, np.inf)
            for e in es:
                add_row([(e, 1.0), (y, -1.0)], -np.inf, 0)
    n = n_x + n_y
    ub = np.ones(n)
    ub[fixed_zero] = 0
    base = coo_matrix((vals, (rows, cols)), shape=(len(lower), n)).tocsr()
    base_lo, base_hi = np.array(lower), np.array(upper)

    ones = np.zeros(n)
    ones[:n_x] = 1
    scores = np.zeros(n)
    scores[:n_x] = [units[i] for i, _, _ in edges]
    ranks = np.zeros(n)
    ranks[:n_x] = [r for _, _, r in edges]
    stages = _objective_stages(ones, scores, ranks, matroid=rules.min_team <= 1,
                               placements=min(len(instance.people), sum(ref.quota for ref in instance.posts)))

    deadline = None if time_limit is None else time.monotonic() + time_limit
    extra_rows, extra_lo, extra_hi = [], [], []
    best = None
    proven = True
    status = "optimal"
    for name, c in stages:
        options = {"disp": False, "mip_rel_gap": 0.0}
        if deadline is not None:
            options["time_limit"] = max(0.01, deadline - time.monotonic())
        matrix = vstack([base] + extra_rows).tocsr() if extra_rows else base
        constraint = LinearConstraint(matrix, np.concatenate([base_lo] + extra_lo),
                                      np.concatenate([base_hi] + extra_hi))
        result = milp(c, integrality=np.ones(n), bounds=Bounds(np.zeros(n), ub),
                      constraints=[constraint], options=options)
        if result.x is None:
            if best is None:
                raise AllocationError(f"the integer programme found no solution ({result.message})")
            proven, status = False, f"time limit reached while optimising {name}"
            break
        x = np.round(result.x).astype(np.int64)
        best = x
        if result.status != 0:
            proven, status = False, f"time limit reached while optimising {name}"
            break
        # Fix this level exactly (integer data) before optimising the next one.
        value = int(round(float(c @ x)))
        extra_rows.append(coo_matrix(c.reshape(1, -1)).tocsr())
        extra_lo.append(np.array([-np.inf]))
        extra_hi.append(np.array([value]))
    placed = {edges[e][0]: edges[e][1] for e in range(n_x) if best[e] == 1}
    return Solution(placed, proven_optimal=proven, status=status)
