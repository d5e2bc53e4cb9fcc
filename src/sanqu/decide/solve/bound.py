"""The bound: how many slots any allocation can fill at most (validate's whole-plan warning,
and the bound reported beside a result the solver could not prove).

Without rules this is a maximum bipartite b-matching, found in pure Python so that
``sanqu validate`` loads neither NumPy nor HiGHS: a greedy start, then for each post
with room a breadth-first search for a chain of moves that ends at someone not placed
(on the national benchmark: 10,000 of 10,000 slots in 0.2 s). A post whose search
fails is never searched again: no later move can open a path that this one lacked.
Under the team rule or the agency cap a maximum flow answers, solved as an LP
(``most_slots``): people -> posts, each person once, each post up to its quota, each agency up to
``max_per_agency``. The constraint matrix is two laminar families (person within
agency; post), so it is totally unimodular and the LP optimum is the integral maximum:
exact without the team rule. With the team rule, an agency sends a post 0 people or a
team of ``need``..``c`` (``c``: its eligible applicants there), which caps each post at
the largest such sum within its quota. That cap gives a valid upper bound, reported
beside any result the solver could not prove (measured on the region benchmark: the
bound equals the optimum).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ...plan.posts import Instance

if TYPE_CHECKING:  # the type only: rules.py loads NumPy
    from .rules import RuleModel


def most_filled(instance: Instance, model=None) -> int:
    """The most slots any allocation can fill (an upper bound under the team rule);
    ``model``: the instance's RuleModel where one is built already."""
    rules = instance.plan.rules
    if rules.free:
        return _matching(instance)
    # Loaded only here: NumPy and HiGHS cost start-up time a plan without rules never needs.
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


def team_cap(quota: int, need: int, sizes: list[int]) -> int:
    """The largest total <= ``quota`` made of 0 or need..size from each of ``sizes``."""
    full = (1 << (quota + 1)) - 1
    reachable = 1  # bit s set: a total of s people is possible
    for size in sizes:
        step = reachable
        for take in range(need, min(size, quota) + 1):
            step |= reachable << take
        reachable = step & full
    return reachable.bit_length() - 1


def team_caps(model: RuleModel) -> dict[int, int]:
    """Posts the team rule keeps below their quota, with the most they can take."""
    if model.rules.min_team <= 1:
        return {}
    sizes: dict[int, list[int]] = {}
    for (_, j), es in model.by_team.items():
        if model.upper[es[0]]:  # an agency that can field a team here at all
            sizes.setdefault(j, []).append(len(es))
    caps = {}
    for j in model.by_post:
        quota = model.instance.posts[j].quota
        cap = team_cap(quota, model.need(j), sizes.get(j, []))
        if cap < quota:
            caps[j] = cap
    return caps


def most_slots(model: RuleModel, teams: bool = True) -> int:
    """The most slots an allocation can fill (an upper bound under the team rule)."""
    import numpy as np  # only here: validate without rules never loads NumPy

    from ...highs import Level, Program, solve

    if not model.edges:
        return 0
    program = Program()
    n_x = len(model.edges)
    program.add_vars(n_x, integer=False)
    program.upper_var[:n_x] = [float(u) for u in model.upper]
    for es, cap in model.base_rows:
        program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    if teams:
        for j, cap in team_caps(model).items():
            es = model.by_post[j]
            program.add_row(list(es), [1.0] * len(es), 0.0, float(cap))
    ones = np.zeros(n_x)
    ones[:] = -1.0
    result = solve(program, [Level("slots", ones, n_x)], None)
    assert result.x is not None  # an LP with x = 0 feasible always has an optimum
    return int(round(float(result.x.sum())))
