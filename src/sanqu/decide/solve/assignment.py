"""The plain transportation problem, solved exactly as a sparse bipartite matching.

Without the team rule and the agency cap, the optimum (most slots, then highest score,
then best ranks) is a minimum-cost full bipartite matching (SciPy's LAPJVsp) with posts
expanded into one column per slot, on integer costs. The three levels fold into one
integer weight per edge, which is exact because

* (1) and (2) together are a vertex weight ``score + 1`` on the placed person, and the
  sets of people that can be placed together form a matroid, so the heaviest such set
  is also one of the largest (every weight is positive);
* (3) is a tie-breaker under a multiplier larger than any possible rank sum.

All costs stay far below 2**53, so float64 arithmetic in the solver is exact.
"""

from __future__ import annotations

import numpy as np

from ...plan.posts import Instance
from .solution import AllocationError, Solution

EXACT = 2**53
# Edges after expanding each post into its slots. Past this the matching would need
# gigabytes (one post of 20,000 slots and 20,000 applicants: 4e8 edges), so the same
# optimum is found by the integer programme over pairs instead (optimal.py).
EXPANSION_LIMIT = 2_000_000


def score_units(instance: Instance) -> list[int]:
    """Scores as integers, scaled by the finest number of decimals in the data."""
    if instance.units is None:
        instance.units = _score_units(instance)
    return instance.units


def _score_units(instance: Instance) -> list[int]:
    places = max((max(0, -int(p.score.as_tuple().exponent)) for p in instance.people), default=0)
    scale = 10 ** places
    return [int(p.score * scale) for p in instance.people]


def slot_counts(instance: Instance) -> list[int]:
    """Slots worth modelling per post: its quota, but never more than the people who can fill it."""
    return [min(ref.quota, len(instance.candidates[ref.index])) for ref in instance.posts]


def expanded_size(instance: Instance) -> int:
    """How many edges the slot-expanded matching would have: each candidate once per slot."""
    return sum(slots * len(instance.candidates[j]) for j, slots in enumerate(slot_counts(instance)))


def cost_scale(instance: Instance) -> tuple[int, int]:
    """(rank weight, cost ceiling) of the folded integer costs, sized from what drives them:
    the rank sum of those placed is below ``placed x longest list``, and a cost is below
    ``(highest score in units + 1) x rank weight``."""
    slots = sum(slot_counts(instance))
    longest = max((rank or 0 for p in instance.people for _, rank in p.edges), default=0)
    rank_weight = min(slots, len(instance.people)) * longest + 1
    units = max(score_units(instance), default=0)
    return rank_weight, (units + 1) * rank_weight + 1


def fits_exactly(instance: Instance) -> bool:
    """Whether the folded costs of all slots stay exact in float64 (else: the programme,
    which solves the levels in turn, is used)."""
    _, ceiling = cost_scale(instance)
    return ceiling * sum(slot_counts(instance)) < EXACT


def matching_can_solve(instance: Instance) -> bool:
    """Whether the slot-expanded matching fits in memory and its folded costs stay exact."""
    return expanded_size(instance) <= EXPANSION_LIMIT and fits_exactly(instance)


def edge_arrays(instance: Instance):
    """Every eligible (person, post, rank) as three integer arrays; rank 0 = no preferences."""
    people, posts, ranks = [], [], []
    for person in instance.people:
        for ref, rank in person.edges:
            people.append(person.index)
            posts.append(ref.index)
            ranks.append(rank or 0)
    return (np.asarray(people, dtype=np.int64), np.asarray(posts, dtype=np.int64),
            np.asarray(ranks, dtype=np.int64))


def transportation(instance: Instance, most: int | None = None) -> Solution:
    """The lexicographic optimum without the team rule or the agency cap.

    ``most``: the most slots any allocation fills, where the caller knows it; when that is
    every slot, the matching needs no "left empty" column (0.15 s less nationally)."""
    # SciPy's sparse graph module costs a third of a second to import: only when used.
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    slots = np.asarray(slot_counts(instance), dtype=np.int64)
    first_slot = np.concatenate(([0], np.cumsum(slots))).astype(np.int64)
    m = int(first_slot[-1])
    n = len(instance.people)
    if m == 0:
        return Solution({})
    units = np.asarray(score_units(instance), dtype=np.int64)
    person, post, rank = edge_arrays(instance)
    rank_weight, cost_ceiling = cost_scale(instance)
    if cost_ceiling * m >= EXACT:  # callers check fits_exactly first: a bug if reached
        raise AllocationError("internal error: the matching's costs would not be exact")
    # Each edge once per slot of its post: slot rows, person columns, integer costs.
    cost = cost_ceiling - ((units[person] + 1) * rank_weight - rank)
    per_edge = slots[post]
    edge_of = np.repeat(np.arange(len(post)), per_edge)
    offset = np.arange(len(edge_of)) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    rows = first_slot[post][edge_of] + offset
    cols = person[edge_of]
    costs = cost[edge_of].astype(np.float64)
    if most is not None and most >= m:
        graph = csr_matrix((costs, (rows, cols)), shape=(m, n))  # every slot can be filled
    else:  # one "left empty" column per slot keeps a full matching possible
        graph = csr_matrix((np.concatenate((costs, np.full(m, cost_ceiling, dtype=np.float64))),
                            (np.concatenate((rows, np.arange(m))), np.concatenate((cols, np.arange(n, n + m))))),
                           shape=(m, n + m))
    try:
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    except (ValueError, MemoryError) as exc:
        raise AllocationError(f"the matching solver failed: {exc}") from None
    slot_post = np.repeat(np.arange(len(slots)), slots)
    real = col_ind < n
    placed = dict(zip(col_ind[real].tolist(), slot_post[row_ind[real]].tolist(), strict=True))
    return Solution(placed)
