"""Justified envy: blocking pairs and the waiting list, the one place their definition lives.

A blocking pair is a professional A and a post P such that A may fill P, A ranks P's
county above where A was placed (or A was not placed), and P has an empty slot or holds
someone of lower priority than A. Priority is score, then the smaller id. Counted from
preferences and priorities alone, whatever the rules (``shared/contract.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...plan.posts import PostRef


def priority(score: Decimal, ident: str) -> tuple:
    """Sort key for priority at a post: higher score first, then the smaller id."""
    return (-score, ident)


@dataclass(frozen=True)
class BlockingPair:
    professional: str
    post: PostRef
    overtaken_by: list[str]  # placed at the post with a lower priority; empty if a slot is free


def blocking_pairs(people, posts: list[PostRef], placed: dict[int, int]) -> list[BlockingPair]:
    """Every blocking pair of an allocation, in file order of the people, then their options.

    ``people`` are the instance's persons (with ``edges``: eligible posts and ranks);
    ``placed`` maps person index to post index.
    """
    holders: list[list] = [[] for _ in posts]
    for person in people:
        j = placed.get(person.index)
        if j is not None:
            holders[j].append(person)
    ranked = [sorted((priority(h.score, h.id), h.id) for h in held) for held in holders]
    out = []
    for person in people:
        j = placed.get(person.index)
        mine = None if j is None else _rank_at(person, j)
        mine_key = None
        for ref, rank in person.edges:
            if not _above(rank, mine, j is not None):
                continue
            if len(holders[ref.index]) < ref.quota:
                out.append(BlockingPair(person.id, ref, []))
                continue
            if mine_key is None:
                mine_key = priority(person.score, person.id)
            held = ranked[ref.index]
            if not held or held[-1][0] <= mine_key:  # not above even the lowest holder
                continue
            lower = [hid for key, hid in held if key > mine_key]
            if lower:
                out.append(BlockingPair(person.id, ref, lower))
    return out


def _rank_at(person, post_index: int) -> int | None:
    for ref, rank in person.edges:
        if ref.index == post_index:
            return rank
    return None


def _above(rank: int | None, mine: int | None, is_placed: bool) -> bool:
    """Whether a county of this rank is ranked above the placement (None: no preferences)."""
    if not is_placed:
        return True
    if rank is None or mine is None:  # gave no preferences: every county is alike to them
        return False
    return rank < mine


def waiting_list(people, posts: list[PostRef], placed: dict[int, int]) -> list[list[str]]:
    """Per post, the unplaced people who may fill it, in priority order (递补名单)."""
    lists: list[list] = [[] for _ in posts]
    for person in people:
        if person.index in placed:
            continue
        for ref, _ in person.edges:
            lists[ref.index].append(person)
    return [[p.id for p in sorted(entries, key=lambda p: priority(p.score, p.id))]
            for entries in lists]
