"""A quick allocation that obeys every rule, for when the solver runs out of time.

Greedy and team-aware: posts with the fewest candidates first; at each post, slots go
either to one more member of an agency already there or to a new team of the required
size, whichever brings the higher scores per person; the agency cap and quotas hold
throughout. Not optimal, and said so.
"""

from __future__ import annotations

from .instance import Solution
from .rules import RuleModel


def greedy(model: RuleModel) -> Solution:
    """The greedy, rule-abiding allocation (flagged not proven)."""
    instance, rules = model.instance, model.rules
    cap = rules.max_per_agency
    placed: dict[int, int] = {}
    sent: dict[str, int] = {}
    order = sorted(range(len(instance.posts)), key=lambda j: (len(instance.candidates[j]), j))
    for j in order:
        room, need = instance.posts[j].quota, model.need(j)
        queues: dict[str, list] = {}
        for person in sorted(instance.candidates[j], key=lambda p: (-p.score, p.id)):
            if person.index not in placed:
                queues.setdefault(person.agency.id, []).append(person)
        here: set[str] = set()
        while room > 0:
            best = None
            for agency, queue in queues.items():
                left = (cap - sent.get(agency, 0)) if cap is not None else len(queue)
                size = 1 if agency in here else need
                if len(queue) < size or left < size or room < size:
                    continue
                value = sum(p.score for p in queue[:size]) / size
                if best is None or value > best[0]:
                    best = (value, agency, size)
            if best is None:
                break
            _, agency, size = best
            for person in queues[agency][:size]:
                placed[person.index] = j
            del queues[agency][:size]
            sent[agency] = sent.get(agency, 0) + size
            here.add(agency)
            room -= size
    return Solution(placed, proven_optimal=False,
                    status="time limit reached before the solver found an allocation; "
                           "a greedy, rule-abiding allocation is shown")
