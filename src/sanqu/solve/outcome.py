"""What an allocation is worth by a method's order, and what is shown when a solve is cut short.

When the time limit stops HiGHS, its best allocation so far can be far from good (on the
national benchmark, 309 of 10,000 slots after 10 s), while quick allocations that obey
every rule are at hand: the greedy one, the plain matching, deferred acceptance. The
best of them by the method's order is shown, flagged as not proven, with the most
slots any allocation could fill (``capacity.py``) as its bound.
"""

from __future__ import annotations

from decimal import Decimal

from .assignment import EXPANSION_LIMIT, expanded_size, transportation
from .capacity import most_slots
from .envy import blocking_pairs
from .greedy import greedy
from .instance import Instance, Solution
from .program import Result
from .rules import RuleModel
from .stable import solve_stable


def levels(method: str, instance: Instance, placed: dict[int, int]) -> tuple:
    """The method's objective as a tuple to compare: larger is better at every level."""
    people = instance.people
    score = sum((people[i].score for i in placed), start=Decimal(0))
    ranks = 0
    for i, j in placed.items():
        ranks += next((r or 0) for ref, r in people[i].edges if ref.index == j)
    if method == "fair":
        envy = len(blocking_pairs(people, instance.posts, placed))
        return (len(placed), -envy, score, -ranks)
    return (len(placed), score, -ranks)


def cut_short(method: str, model: RuleModel, found: Solution | None, result: Result) -> Solution:
    """The best allocation known when the solver stopped early, flagged, with its bound."""
    instance = model.instance
    rivals: list[tuple[Solution, str]] = []
    if found is not None:
        rivals.append((found, ""))
    if model.constrained or expanded_size(instance) > EXPANSION_LIMIT:
        rivals.append((greedy(model), "a greedy, rule-abiding allocation"))
    else:
        rivals.append((transportation(instance), "the plain matching"))
    if method == "fair" and not model.constrained:
        rivals.append((solve_stable(instance), "deferred acceptance"))
    best, source = max(rivals, key=lambda pair: levels(method, instance, pair[0].placed))
    status = result.status
    if found is None:
        status += "; the solver found no allocation in time"
    if source:
        status += f"; {source} beat the solver's best" if found is not None else f"; {source} is shown"
    bound = most_slots(model)
    if result.level == "slots" and result.bound is not None:
        bound = min(bound, -result.bound)  # the level minimises minus the slots filled
    return Solution(best.placed, proven_optimal=False, status=status,
                    bound=max(bound, len(best.placed)))
