"""Fair at any size: deferred acceptance, then its empty slots filled along least-envy paths.

Deferred acceptance (``stable.py``) leaves no blocking pair but may leave slots empty that
another allocation fills. Finding the largest allocation with the fewest blocking pairs
is NP-hard (Biró, Manlove and Mittal, 2010) and so is the largest weakly stable one with
ties (Manlove et al., 2002), so the integer programme proves it only on plans it can
solve in time. For the others this builds a good allocation directly, in the spirit of
Biró-Manlove-Mittal's observation that a maximum matching with few blocking pairs lies
"near" a stable one: starting from deferred acceptance, each empty slot that a maximum
allocation would fill is filled along an augmenting path (one unplaced person takes a
slot, its holder moves on, ..., the last mover takes the empty slot), the path chosen by
Dijkstra's algorithm under an estimate of the blocking pairs each step creates:

* someone entering a full post P behind people of higher priority creates a blocking
  pair with every envious candidate of P (unplaced, or placed at a county they rank
  below P) whose priority is higher than the newcomer's;
* a holder moved to a county they rank lower may come to envy the post they left and
  those ranked in between (counted as the rank difference); a person who gave no
  preferences is indifferent, so moving them costs nothing.

Every path keeps everyone placed, so the allocation grows by one slot per path until it
fills as many as any allocation can. The exact count of blocking pairs is then ``envy``'s.
"""

from __future__ import annotations

import heapq
import time
from bisect import bisect_left, insort

from ...highs import report
from ...plan.posts import Instance
from .envy import priority

# Paths taken from one search: the costs of the later ones are those before the earlier were
# applied, so a batch trades a little accuracy for far fewer searches. Measured on the
# "tight" benchmark plan (672 paths): one path a search 12.4 s and 1,728 blocking pairs;
# 16 a search 0.98 s and 1,727; 64, 0.33 s and 1,720; all in one search 0.24 s and 1,746.
BATCH = 64


def fill_least_envy(instance: Instance, start: dict[int, int], most: int,
                    deadline: float | None = None) -> dict[int, int]:
    """``start`` (an allocation obeying the quotas: person -> post) grown along least-envy
    augmenting paths until it fills ``most`` slots, no path is left, or ``deadline``
    (``time.monotonic()``) has passed."""
    people, posts = instance.people, instance.posts
    order = sorted(range(len(people)), key=lambda i: priority(people[i].score, people[i].id))
    prio = [0] * len(people)  # 0 = the highest priority
    for k, i in enumerate(order):
        prio[i] = k
    rank_at = [{ref.index: rank for ref, rank in p.edges} for p in people]
    placed = dict(start)
    holders: list[set[int]] = [set() for _ in posts]
    for i, j in placed.items():
        holders[j].add(i)
    # cand[j]: the priorities of those who would envy post j if it held someone worse.
    cand: list[list[int]] = [[] for _ in posts]

    def envied(i: int) -> list[int]:
        here = placed.get(i)
        if here is None:
            return [ref.index for ref, _ in people[i].edges]
        mine = rank_at[i][here]
        if mine is None:
            return []
        return [ref.index for ref, rank in people[i].edges if rank is not None and rank < mine]

    def mark(i: int, add: bool) -> None:
        for j in envied(i):
            if add:
                insort(cand[j], prio[i])
            else:
                del cand[j][bisect_left(cand[j], prio[i])]

    for i in range(len(people)):
        mark(i, True)

    # Each person's options as (post, rank or 0) and each post's room, as plain ints: the
    # path search reads them a few million times on a national plan.
    options = [[(ref.index, rank or 0) for ref, rank in p.edges if ref.quota > 0] for p in people]
    room = [ref.quota - len(holders[ref.index]) for ref in posts]
    search = _Search(options, placed, holders, room, cand, prio)

    def put(i: int, j: int | None) -> None:
        """Person i to post j (None: unplaced), with every table that follows from it."""
        mark(i, False)
        old = placed.pop(i, None)
        if old is not None:
            holders[old].discard(i)
            room[old] += 1
        if j is not None:
            placed[i] = j
            holders[j].add(i)
            room[j] -= 1
        mark(i, True)

    while len(placed) < most and (deadline is None or time.monotonic() < deadline):
        found = search.paths(min(BATCH, most - len(placed)))
        if not found:  # no allocation is larger: ``most`` was a bound, not reached
            break
        for moves in found:
            for i, j in moves:  # each enters the post the next one leaves
                put(i, j)
        report("filling", filled=len(placed), slots=most)

    def at(j: int) -> int:
        """The blocking pairs at post j: its candidates before its lowest holder (all, with room)."""
        if room[j] > 0:
            return len(cand[j])
        if not holders[j]:  # a post of no slots: nobody's to envy
            return 0
        return bisect_left(cand[j], max(prio[h] for h in holders[j]))

    # Then each blocking pair (x, post j) is tried as a swap with j's lowest holder y: x takes
    # y's slot, y takes x's (where y may fill it) or leaves; kept only when it lowers the exact
    # count of blocking pairs at every post it touches. Slots filled stay as they are.
    improved = True
    while improved and (deadline is None or time.monotonic() < deadline):
        improved = False
        for j in range(len(posts)):
            if room[j] > 0 or not holders[j]:
                continue
            for x in [order[k] for k in cand[j][:at(j)]]:  # those who envy j, best first
                if room[j] > 0 or j == placed.get(x):
                    continue
                y = max(holders[j], key=prio.__getitem__)
                if prio[y] < prio[x]:
                    continue  # no longer a blocking pair
                q = placed.get(x)
                if q is not None and q not in rank_at[y]:
                    continue  # y cannot take x's slot
                touched = {j, *rank_at[x], *rank_at[y], *([q] if q is not None else [])}
                before = sum(at(k) for k in touched)
                put(x, None)
                put(y, q)
                put(x, j)
                if sum(at(k) for k in touched) < before:
                    improved = True
                    continue
                put(x, None)
                put(y, j)
                put(x, q)
    return placed


class _Search:
    """The augmenting path of least estimated envy, as (person, post entered) moves: an
    unplaced person enters a post, one of its holders moves to another, ... until a post
    with room takes the last mover. Dijkstra over posts, edge costs as the module says."""

    def __init__(self, options, placed, holders, room, cand, prio):
        self.options, self.placed, self.holders, self.room = options, placed, holders, room
        self.cand, self.prio = cand, prio

    def paths(self, wanted: int) -> list[list[tuple[int, int]]]:
        """Up to ``wanted`` augmenting paths with no post or person in common, cheapest first,
        from one search (the costs as they stood before any of them)."""
        options, placed, holders, room, cand, prio = (self.options, self.placed, self.holders, self.room,
                                                      self.cand, self.prio)
        best_in: dict[int, tuple[int, int]] = {}  # post -> (cost, unplaced person) entering it first
        for i, mine in enumerate(options):
            if i in placed:
                continue
            for j, _ in mine:
                if room[j] > 0:
                    return [[(i, j)]]
                cost = bisect_left(cand[j], prio[i])  # candidates of j before i: their envy
                if j not in best_in or cost < best_in[j][0]:
                    best_in[j] = (cost, i)
        dist = {j: cost for j, (cost, _) in best_in.items()}
        came: dict[int, tuple[int, int]] = {}  # post -> (post left, mover)
        queue = [(cost, j) for j, cost in dist.items()]
        heapq.heapify(queue)
        done: set[int] = set()
        found: list[list[tuple[int, int]]] = []
        used: set[int] = set()  # posts and (negated, less one) people on the paths found
        while queue and len(found) < wanted:
            cost, j = heapq.heappop(queue)
            if j in done:
                continue
            done.add(j)
            if room[j] > 0:  # a path's end: kept if it crosses none found before
                moves = _unwind(j, came, best_in)
                marks = {k for _, k in moves} | {-1 - moves[0][0]}
                if not marks & used:
                    found.append(moves)
                    used |= marks
                continue
            for mover in sorted(holders[j]):
                mine = options[mover]
                here = next(rank for k, rank in mine if k == j)
                before = prio[mover]
                for k, rank in mine:
                    if k == j or k in done:
                        continue
                    # Moved to a county ranked lower: envy of those in between (none if indifferent).
                    step = cost + (rank - here if here and rank > here else 0)
                    if room[k] <= 0:
                        step += bisect_left(cand[k], before)
                    if step < dist.get(k, step + 1):
                        dist[k] = step
                        came[k] = (j, mover)
                        heapq.heappush(queue, (step, k))
        return found


def _unwind(end: int, came: dict[int, tuple[int, int]], best_in: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    moves = []
    j = end
    while j in came:
        left, mover = came[j]
        moves.append((mover, j))
        j = left
    moves.append((best_in[j][1], j))
    return moves[::-1]
