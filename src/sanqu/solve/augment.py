"""How many slots the applicants can fill at most, for validate's whole-plan warning.

Without rules, on a plan of a few thousand pairs, augmenting paths (Kuhn's algorithm,
posts taking up to their quota) answer in milliseconds in pure Python, so ``sanqu
validate`` does not load NumPy and HiGHS (0.1 s of its 0.3 s on the bundled plan).
Otherwise the maximum flow of ``capacity.py`` answers, an upper bound under the team rule.
"""

from __future__ import annotations

from .instance import Instance

SMALL_PAIRS = 20_000
SMALL_POSTS = 500  # a search goes at most this deep


def most_filled(instance: Instance) -> int:
    """The most slots any allocation can fill (an upper bound under the team rule)."""
    rules = instance.plan.rules
    pairs = sum(len(person.edges) for person in instance.people)
    if rules.min_team <= 1 and rules.max_per_agency is None and pairs <= SMALL_PAIRS \
            and len(instance.posts) <= SMALL_POSTS:
        return _kuhn(instance)
    # Loaded only here: NumPy and HiGHS cost start-up time that small plans never need.
    from .capacity import most_slots
    from .rules import RuleModel

    return most_slots(RuleModel(instance))


def _kuhn(instance: Instance) -> int:
    quota = [ref.quota for ref in instance.posts]
    holders: list[list[int]] = [[] for _ in quota]
    options = [[ref.index for ref, _ in person.edges] for person in instance.people]

    def place(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if len(holders[j]) < quota[j]:
                holders[j].append(i)
                return True
            for k, other in enumerate(holders[j]):
                if place(other, seen):  # ``other`` moved on: ``i`` takes their slot here
                    holders[j][k] = i
                    return True
        return False

    return sum(place(i, set()) for i in range(len(options)))
