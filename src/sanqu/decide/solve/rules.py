"""The rules as the integer programme sees them: one variable per eligible (person, post) pair.

Quotas, one post per person and the agency cap are rows over the pairs; the team rule
(``rules.min_team``) constrains each (agency, post) pair that could send one person but
must send a team. ``model.py`` turns this into rows; ``greedy.py`` obeys it by hand.
"""

from __future__ import annotations

import numpy as np

from ...plan.posts import Instance
from .assignment import score_units


class RuleModel:
    """Eligible pairs, and the groups of pairs each rule limits."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.rules = rules = instance.plan.rules
        self.edges = [(p.index, ref.index, rank or 0) for p in instance.people for ref, rank in p.edges]
        self.agency_of = [p.agency.id for p in instance.people]
        self.units = score_units(instance)
        self.by_team: dict[tuple[str, int], list[int]] = {}
        by_person: dict[int, list[int]] = {}
        by_post: dict[int, list[int]] = {}
        by_agency: dict[str, list[int]] = {}
        for e, (i, j, _) in enumerate(self.edges):
            by_person.setdefault(i, []).append(e)
            by_post.setdefault(j, []).append(e)
            by_agency.setdefault(self.agency_of[i], []).append(e)
            self.by_team.setdefault((self.agency_of[i], j), []).append(e)
        self.by_person, self.by_post = by_person, by_post
        groups = [(es, 1) for es in by_person.values()]
        groups += [(es, instance.posts[j].quota) for j, es in by_post.items()]
        if rules.max_per_agency is not None:
            groups += [(es, rules.max_per_agency) for es in by_agency.values()]
        self.base_rows = groups
        self.upper = np.ones(len(self.edges))
        for (_, j), es in self.by_team.items():
            if len(es) < self.need(j):  # this agency cannot field a team here at all
                self.upper[es] = 0
        self.placements = min(len(instance.people), sum(ref.quota for ref in instance.posts))

    @property
    def constrained(self) -> bool:
        """Whether any rule beyond eligibility and quotas binds (else a matching suffices)."""
        return bool(self.team_pairs()) or self.rules.max_per_agency is not None or \
            bool((self.upper == 0).any())

    def need(self, post: int) -> int:
        """Smallest team an agency may send to this post (the rule, capped by the quota)."""
        return min(self.rules.min_team, self.instance.posts[post].quota)

    def team_pairs(self) -> set[tuple[str, int]]:
        """Every (agency, post) pair the team rule constrains: it could send one, not two."""
        if self.rules.min_team <= 1:
            return set()
        return {(a, j) for (a, j), es in self.by_team.items()
                if self.need(j) > 1 and len(es) >= self.need(j)}
