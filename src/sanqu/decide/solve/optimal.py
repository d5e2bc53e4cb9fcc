"""The optimal method: most slots filled, then highest total score, then best ranks.

Without the team rule and the agency cap this is the transportation problem of
``assignment.py`` (from ``MATCHING_FROM`` pairs up). With either it is a true integer
programme (``model.py``), solved by HiGHS level by level; when time runs out, the best allocation known is returned,
flagged as not proven (``outcome.py``).
"""

from __future__ import annotations

import time

from ...highs import PRESOLVE_LIMIT, SolverError, solve
from ...plan.posts import Instance
from .assignment import matching_can_solve, transportation
from .bound import most_filled
from .formulation import build
from .outcome import Fallback, finish
from .rules import RuleModel
from .solution import AllocationError, Solution

# Below this many (person, post) pairs the programme is solved at once by HiGHS, and
# SciPy's matching is not worth its 0.18 s import (measured on the bundled plan).
MATCHING_FROM = 20_000


def solve_optimal(instance: Instance, time_limit: float | None = None) -> Solution:
    """The lexicographic optimum, proven (or flagged as not proven when time runs out)."""
    deadline = None if time_limit is None else time.monotonic() + time_limit
    rules = instance.plan.rules
    pairs = sum(len(p.edges) for p in instance.people)
    if rules.free and MATCHING_FROM <= pairs and matching_can_solve(instance):
        return transportation(instance, most_filled(instance))  # no rule is set: the matching is exact
    model = RuleModel(instance)
    if not model.edges:
        return Solution({})
    if not rules.free and not model.constrained and MATCHING_FROM <= pairs and matching_can_solve(instance):
        return transportation(instance)  # rules are set but bind nowhere: the matching is exact
    # Otherwise the programme over pairs: memory grows with the pairs, not pairs x slots;
    # without rules its matrix is totally unimodular, so HiGHS solves it at the root.
    fallback = None if deadline is None else Fallback("optimal", model)  # made first: see outcome.py
    program, levels = build(model, envy=False)
    try:
        result = solve(program, levels, deadline, presolve=len(model.edges) < PRESOLVE_LIMIT)
    except SolverError as exc:
        raise AllocationError(str(exc)) from None
    return finish("optimal", model, result, fallback)
