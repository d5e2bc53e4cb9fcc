"""A quick allocation that obeys every rule, for when the solver runs out of time.

Greedy and team-aware: posts with the fewest candidates first; at each post, slots go
either to one more member of an agency already there or to a new team of the required
size, whichever brings the higher scores per person; the agency cap and quotas hold
throughout. Not optimal, and said so.
"""

from __future__ import annotations

import heapq

from .rules import RuleModel
from .solution import Solution


def greedy(model: RuleModel) -> Solution:
    """The greedy, rule-abiding allocation (flagged not proven)."""
    instance, rules = model.instance, model.rules
    cap = rules.max_per_agency
    placed: dict[int, int] = {}
    sent: dict[str, int] = {}
    order = sorted(range(len(instance.posts)), key=lambda j: (len(instance.candidates[j]), j))
    for j in order:
        need = model.need(j)
        queues: dict[str, list] = {}
        for person in sorted(instance.candidates[j], key=lambda p: (-p.score, p.id)):
            if person.index not in placed:
                queues.setdefault(person.agency.id, []).append(person)
        _fill(j, instance.posts[j].quota, need, queues, cap, sent, placed)
    return Solution(placed, proven_optimal=False,
                    status="time limit reached before the solver found an allocation; "
                           "a greedy, rule-abiding allocation is shown")


def _fill(j: int, room: int, need: int, queues: dict[str, list], cap: int | None,
          sent: dict[str, int], placed: dict[int, int]) -> None:
    """Fill post ``j``: each step the agency whose next member (or new team) scores
    highest per person, ties to the agency met first. A heap keeps this linear in the
    post's slots: taking from an agency changes only its own entry, and an agency that
    cannot send now never can later (its queue and room only shrink, its count grows)."""
    here: set[str] = set()
    order = {agency: k for k, agency in enumerate(queues)}

    def entry(agency: str) -> tuple | None:
        queue = queues[agency]
        size = 1 if agency in here else need
        left = (cap - sent.get(agency, 0)) if cap is not None else len(queue)
        if len(queue) < size or left < size or room < size:
            return None
        return (-(sum(p.score for p in queue[:size]) / size), order[agency], agency, size)

    heap = [e for agency in queues if (e := entry(agency)) is not None]
    heapq.heapify(heap)
    while room > 0 and heap:
        _, _, agency, size = heapq.heappop(heap)
        if entry(agency) is None:  # the room left is now too small for its team
            continue
        for person in queues[agency][:size]:
            placed[person.index] = j
        del queues[agency][:size]
        sent[agency] = sent.get(agency, 0) + size
        here.add(agency)
        room -= size
        if (again := entry(agency)) is not None:
            heapq.heappush(heap, again)
