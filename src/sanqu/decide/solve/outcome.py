"""What an allocation is worth by a method's order, and what is shown when a solve is cut short.

When the time limit stops HiGHS, its best allocation so far can be far from good (on the
national benchmark, 309 of 10,000 slots after 10 s), while quick allocations that obey
every rule are at hand: the greedy one, the plain matching, deferred acceptance. The
best of them by the method's order is shown, flagged as not proven, with the most
slots any allocation could fill (``capacity.py``) as its bound.
"""

from __future__ import annotations

from ...highs import Result
from ...i18n import Msg
from .assignment import matching_can_solve, transportation
from .bound import most_filled
from .formulation import placed_of
from .greedy import greedy
from .order import levels
from .rules import RuleModel
from .solution import Solution
from .stable import solve_stable


def solution_of(model: RuleModel, result: Result) -> Solution:
    """The solver's allocation as a method's result; when not proven, with the reason."""
    assert result.x is not None
    return Solution(placed_of(model, result.x), proven_optimal=result.proven, status=result.status,
                    reason=None if result.proven else stopped(result))


def finish(method: str, model: RuleModel, result: Result, fallback: Fallback | None) -> Solution:
    """The method's result: the solver's when proven, else the best allocation known."""
    found = None if result.x is None else solution_of(model, result)
    if found is not None and found.proven_optimal:
        return found
    return (fallback or Fallback(method, model)).settle(found, result)


class Fallback:
    """The quick allocations and the bound, made before the solve when time is limited,
    so that the solver gets what is left of the limit and nothing long comes after it."""

    def __init__(self, method: str, model: RuleModel):
        instance = model.instance
        self.method, self.model = method, model
        self.rivals: list[tuple[Solution, str]] = []
        if model.constrained or not matching_can_solve(instance):
            self.rivals.append((greedy(model), "greedy"))
        else:
            self.rivals.append((transportation(instance), "matching"))
        if method == "fair" and not model.constrained:
            self.rivals.append((solve_stable(instance), "stable"))
        self.bound = most_filled(instance, model)

    def settle(self, found: Solution | None, result: Result) -> Solution:
        """The best allocation known when the solver stopped early, flagged, with its bound."""
        instance = self.model.instance
        rivals = ([(found, "")] if found is not None else []) + self.rivals
        most = max(len(solution.placed) for solution, _ in rivals)
        rivals = [pair for pair in rivals if len(pair[0].placed) == most]  # slots come first
        best, source = rivals[0] if len(rivals) == 1 else max(
            rivals, key=lambda pair: levels(self.method, instance, pair[0].placed))
        reason = stopped(result)
        if found is None:
            reason = Msg("status.none_found", {"stopped": reason, "source": Msg(f"source.{source}")})
        elif source:
            reason = Msg("status.beaten", {"stopped": reason, "source": Msg(f"source.{source}")})
        bound = self.bound
        if result.level == "slots" and result.bound is not None:
            bound = min(bound, -result.bound)  # the level minimises minus the slots filled
        return Solution(best.placed, proven_optimal=False, status=reason.render("en"),
                        bound=max(bound, len(best.placed)), reason=reason)


def stopped(result: Result) -> Msg:
    """What stopped the solver, and in which level of the order, in words."""
    return Msg("status.stopped", {"limit": Msg(f"limit.{result.limit}"), "level": Msg(f"level.{result.level}")})
