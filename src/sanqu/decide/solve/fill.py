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
        if people[i].edges:
            mark(i, True)

    def entering(i: int, j: int) -> int:
        """Blocking pairs i may cause by taking a slot at full post j: candidates before i."""
        return bisect_left(cand[j], prio[i])

    def moving(i: int, old: int, new: int) -> int:
        a, b = rank_at[i][old], rank_at[i][new]
        return 0 if a is None or b is None or b <= a else b - a

    while len(placed) < most and (deadline is None or time.monotonic() < deadline):
        moves = _least_envy_path(people, posts, placed, holders, entering, moving)
        if moves is None:  # no allocation is larger: ``most`` was a bound, not reached
            break
        for i, _ in moves:
            if people[i].edges:
                mark(i, False)
        for i, j in moves:
            old = placed.get(i)
            if old is not None:
                holders[old].discard(i)
            placed[i] = j
            holders[j].add(i)
        for i, _ in moves:
            mark(i, True)
        report("filling", filled=len(placed), slots=most)
    return placed


def _least_envy_path(people, posts, placed, holders, entering, moving) -> list[tuple[int, int]] | None:
    """The augmenting path of least estimated envy, as (person, post entered) moves:
    an unplaced person enters a post, one of its holders moves to another, ... until a
    post with room takes the last mover. Dijkstra over posts; None if there is none."""
    def full(j: int) -> bool:
        return len(holders[j]) >= posts[j].quota

    best_in: dict[int, tuple[int, int]] = {}  # post -> (cost, unplaced person) entering it first
    for person in people:
        if person.index in placed:
            continue
        for ref, _ in person.edges:
            j = ref.index
            if posts[j].quota == 0:
                continue
            if not full(j):
                return [(person.index, j)]
            cost = entering(person.index, j)
            if j not in best_in or cost < best_in[j][0]:
                best_in[j] = (cost, person.index)
    dist = {j: cost for j, (cost, _) in best_in.items()}
    came: dict[int, tuple[int, int]] = {}  # post -> (post left, mover)
    queue = [(cost, j) for j, cost in dist.items()]
    heapq.heapify(queue)
    done: set[int] = set()
    while queue:
        cost, j = heapq.heappop(queue)
        if j in done:
            continue
        done.add(j)
        if not full(j):
            return _unwind(j, came, best_in)
        for mover in sorted(holders[j]):
            for ref, _ in people[mover].edges:
                k = ref.index
                if k == j or k in done or posts[k].quota == 0:
                    continue
                step = cost + moving(mover, j, k) + (entering(mover, k) if full(k) else 0)
                if step < dist.get(k, step + 1):
                    dist[k] = step
                    came[k] = (j, mover)
                    heapq.heappush(queue, (step, k))
    return None


def _unwind(end: int, came: dict[int, tuple[int, int]], best_in: dict[int, tuple[int, int]]) -> list[tuple[int, int]]:
    moves = []
    j = end
    while j in came:
        left, mover = came[j]
        moves.append((mover, j))
        j = left
    moves.append((best_in[j][1], j))
    return moves[::-1]
