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


# Below this many pairs the quick allocations take a fraction of a second (most of it
# loading SciPy), so they are made only if the solver stops early: a plan it proves in time
# (every province) never pays for them.
LAZY_BELOW = 20_000


class Fallback:
    """The quick allocations and the bound, made before the solve when time is limited,
    so that the solver gets what is left of the limit and nothing long comes after it."""

    def __init__(self, method: str, model: RuleModel, rivals: list[tuple[Solution, str]] | None = None,
                 bound: int | None = None, envy_floor: int = 0):
        self.method, self.model = method, model
        self.envy_floor = envy_floor  # fair: blocking pairs no allocation of the most slots avoids
        self.given = list(rivals or [])
        self._rivals: list[tuple[Solution, str]] | None = None
        self.bound = most_filled(model.instance, model) if bound is None else bound  # where not known yet
        if len(model.edges) >= LAZY_BELOW:
            self._make()

    @property
    def rivals(self) -> list[tuple[Solution, str]]:
        return self._rivals if self._rivals is not None else self._make()

    def _make(self) -> list[tuple[Solution, str]]:
        instance, model = self.model.instance, self.model
        rivals = list(self.given)
        if model.constrained or not matching_can_solve(instance):
            rivals.append((greedy(model), "greedy"))
        else:
            free = instance.plan.rules.free  # then the bound is the plain matching's, as it needs
            rivals.append((transportation(instance, self.bound if free else None), "matching"))
        if self.method == "fair" and not model.constrained and not self.given:
            rivals.append((solve_stable(instance), "stable"))
        self._rivals = rivals
        return rivals

    def best(self, found: Solution | None = None) -> tuple[Solution, str]:
        """The best of the rivals (and ``found``, the solver's: source "") by the method's order."""
        instance = self.model.instance
        rivals = ([(found, "")] if found is not None else []) + self.rivals
        most = max(len(solution.placed) for solution, _ in rivals)
        rivals = [pair for pair in rivals if len(pair[0].placed) == most]  # slots come first
        return rivals[0] if len(rivals) == 1 else max(
            rivals, key=lambda pair: levels(self.method, instance, pair[0].placed))

    def unsearched(self, reason: Msg) -> Solution:
        """The best rival, flagged with ``reason``, where the solver is not run at all."""
        best, source = self.best()
        reason = Msg("status.shown", {"why": reason, "source": Msg(f"source.{source}")})
        return Solution(best.placed, proven_optimal=False, status=reason.render("en"),
                        bound=max(self.bound, len(best.placed)), reason=reason, envy_bound=self._envy())

    def _envy(self, result: Result | None = None) -> int | None:
        """fair's lower bound on blocking pairs: the programme's, when it stopped in that
        level (the slots already proven), else what ``envy_floor`` says."""
        if self.method != "fair":
            return None
        if result is not None and result.level == "blocking pairs" and result.bound is not None:
            return max(self.envy_floor, result.bound)
        return self.envy_floor

    def settle(self, found: Solution | None, result: Result) -> Solution:
        """The best allocation known when the solver stopped early, flagged, with its bound."""
        best, source = self.best(found)
        reason = stopped(result)
        if found is None:
            reason = Msg("status.none_found", {"stopped": reason, "source": Msg(f"source.{source}")})
        elif source:
            reason = Msg("status.beaten", {"stopped": reason, "source": Msg(f"source.{source}")})
        bound = self.bound
        if result.level == "slots" and result.bound is not None:
            bound = min(bound, -result.bound)  # the level minimises minus the slots filled
        return Solution(best.placed, proven_optimal=False, status=reason.render("en"),
                        bound=max(bound, len(best.placed)), reason=reason, envy_bound=self._envy(result))


def stopped(result: Result) -> Msg:
    """What stopped the solver, and in which level of the order, in words."""
    return Msg("status.stopped", {"limit": Msg(f"limit.{result.limit}"), "level": Msg(f"level.{result.level}")})
