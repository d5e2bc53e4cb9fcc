"""Every method on the same input (``sanqu allocate --compare``): what each principle costs."""

from __future__ import annotations

from dataclasses import dataclass

from ..plan.models import Applicants, Plan
from ..plan.posts import Instance
from ..plan.values import score_number
from .allocation import METHODS, Allocation, allocate, first_choices
from .solve.solution import AllocationError

COMPARE_KEYS = ["method", "filled", "slots", "score_total", "blocking_pairs", "first_choice",
                "unplaced"]


@dataclass
class Comparison:
    """Every method on the same input: the allocation, or why the method could not run."""

    plan_id: str
    results: list[tuple[str, Allocation | None, str | None]]

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu allocate --compare --format json``."""
        rows: list[dict[str, object]] = []
        for method, result, refused in self.results:
            if result is None:
                rows.append({"method": method, **{k: None for k in COMPARE_KEYS[1:]},
                             "note": refused})
                continue
            rows.append({"method": method, "filled": sum(result.filled), "slots": result.slots,
                         "score_total": score_number(result.score_total),
                         "blocking_pairs": len(result.blocking), "first_choice": first_choices(result),
                         "unplaced": len(result.unassigned), "proven_optimal": result.proven_optimal})
        return {"plan": self.plan_id, "compare": rows}


def compare(plan: Plan, applicants: Applicants, time_limit: float | None = None) -> Comparison:
    """Run optimal, fair and stable on the same input, for ``sanqu allocate --compare``."""
    instance = Instance.build(plan, applicants)
    results: list[tuple[str, Allocation | None, str | None]] = []
    for method in METHODS:
        try:
            results.append((method, allocate(plan, applicants, method, time_limit,
                                             instance=instance), None))
        except AllocationError as exc:  # stable cannot honour the team rule or the agency cap
            results.append((method, None, str(exc)))
    return Comparison(plan.plan.id, results)
