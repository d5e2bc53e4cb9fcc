"""A method's order as a value to compare: which of two allocations is better by it.

Light on purpose (no NumPy): ``--explain`` compares allocations with it, and a run of
deferred acceptance must not load the solvers to do so.
"""

from __future__ import annotations

from decimal import Decimal

from ...plan.posts import Instance
from .envy import blocking_pairs


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
