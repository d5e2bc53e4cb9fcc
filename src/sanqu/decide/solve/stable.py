"""The stable method: applicant-proposing deferred acceptance (Gale-Shapley with quotas).

Applicants propose down their eligible posts, most wanted first; each post holds the
best applicants by score, then id, up to its quota. With no rules the result has no
blocking pair.
"""

from __future__ import annotations

import heapq

from ...i18n import Msg
from ...plan.posts import Instance
from .solution import AllocationError, Solution


def solve_stable(instance: Instance, time_limit: float | None = None) -> Solution:
    """Deferred acceptance; raises AllocationError for rules it cannot honour."""
    rules = instance.plan.rules
    if not rules.free:
        raise AllocationError(Msg("stable.rules"))
    people = instance.people
    # Min-heap per post keyed so the worst held applicant is on top: low score, then high id.
    held: list[list] = [[] for _ in instance.posts]
    next_choice = [0] * len(people)
    free = [p.index for p in reversed(people) if p.edges]
    while free:
        i = free.pop()
        person = people[i]
        if next_choice[i] >= len(person.edges):
            continue
        ref, _ = person.edges[next_choice[i]]
        next_choice[i] += 1
        heap = held[ref.index]
        entry = (person.score, _Desc(person.id), i)
        if len(heap) < ref.quota:
            heapq.heappush(heap, entry)
        elif heap and entry > heap[0]:
            rejected = heapq.heapreplace(heap, entry)[2]
            free.append(rejected)
        else:
            free.append(i)
    placed = {i: j for j, heap in enumerate(held) for _, _, i in heap}
    return Solution(placed, status="stable")


class _Desc(str):
    """A string that orders backwards, so a lower id ranks higher in the heap."""

    __slots__ = ()

    def __lt__(self, other):
        return str.__gt__(self, other)

    def __gt__(self, other):
        return str.__lt__(self, other)

    def __le__(self, other):
        return str.__ge__(self, other)

    def __ge__(self, other):
        return str.__le__(self, other)
