"""How many slots the applicants can fill at most, for validate's whole-plan warning.

Without rules this is a maximum bipartite b-matching, found in pure Python so that
``sanqu validate`` loads neither NumPy nor HiGHS: a greedy start, then for each post
with room a breadth-first search for a chain of moves that ends at someone not placed
(on the national benchmark: 10,000 of 10,000 slots in 0.2 s). A post whose search
fails is never searched again: no later move can open a path that this one lacked.
Under the team rule or the agency cap the maximum flow of ``capacity.py`` answers (an
upper bound under the team rule).
"""

from __future__ import annotations

from collections import deque

from .instance import Instance


def most_filled(instance: Instance, model=None) -> int:
    """The most slots any allocation can fill (an upper bound under the team rule);
    ``model``: the instance's RuleModel where one is built already."""
    rules = instance.plan.rules
    if rules.min_team <= 1 and rules.max_per_agency is None:
        return _matching(instance)
    # Loaded only here: NumPy and HiGHS cost start-up time a plan without rules never needs.
    from .capacity import most_slots
    from .rules import RuleModel

    return most_slots(model or RuleModel(instance))


def _matching(instance: Instance) -> int:
    room = [ref.quota for ref in instance.posts]
    at: list[int | None] = [None] * len(instance.people)
    for person in instance.people:  # greedy start: the first post with room
        for ref, _ in person.edges:
            if room[ref.index] > 0:
                room[ref.index] -= 1
                at[person.index] = ref.index
                break
    candidates = [[p.index for p in people] for people in instance.candidates]
    for start in range(len(room)):
        while room[start] > 0 and _augment(start, candidates, at):
            room[start] -= 1
    return sum(post is not None for post in at)


def _augment(start: int, candidates: list[list[int]], at: list[int | None]) -> bool:
    """Give post ``start`` one more person: someone not placed moves into the chain's last
    post, and each person on the chain moves one post along towards ``start``."""
    via: dict[int, int] = {}  # person -> the post they would move to
    through: dict[int, int] = {start: -1}  # post -> the person whose move frees a slot there
    queue = deque([start])
    while queue:
        post = queue.popleft()
        for person in candidates[post]:
            if person in via:
                continue
            via[person] = post
            held = at[person]
            if held is None:  # found: move everyone along the chain
                while person != -1:
                    target = via[person]
                    at[person] = target
                    person = through[target]
                return True
            if held not in through:
                through[held] = person
                queue.append(held)
    return False
