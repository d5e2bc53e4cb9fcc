"""Every method on the same input (``sanqu allocate --compare``): what each principle costs."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..plan.models import Applicants, Plan
from ..plan.posts import Instance
from ..plan.values import score_number
from .allocation import METHODS, Allocation, allocate, first_choices, no_preference
from .solve.solution import AllocationError

COMPARE_KEYS = ["method", "filled", "slots", "score_total", "blocking_pairs", "first_choice",
                "unplaced"]


@dataclass
class MethodRow:
    """One method's figures, or why it could not run (``note``)."""

    method: str
    filled: int | None = None
    slots: int | None = None
    score_total: Decimal | None = None
    blocking_pairs: int | None = None
    first_choice: int | None = None
    unplaced: int | None = None
    proven_optimal: bool | None = None
    note: str | None = None
    no_preference: int | None = None  # placed, having named no county (not in JSON: the contract's keys)


@dataclass
class Comparison:
    """Every method on the same input: the allocation, or why the method could not run."""

    plan_id: str
    results: list[tuple[str, Allocation | None, str | None]]

    def rows(self) -> list[MethodRow]:
        """Each method's figures side by side, in the order of ``METHODS``."""
        out = []
        for method, result, refused in self.results:
            if result is None:
                out.append(MethodRow(method, note=refused))
                continue
            out.append(MethodRow(method, sum(result.filled), result.slots, result.score_total,
                                 len(result.blocking), first_choices(result), len(result.unassigned),
                                 result.proven_optimal, no_preference=no_preference(result)))
        return out

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu allocate --compare --format json``."""
        rows: list[dict[str, object]] = []
        for row in self.rows():
            if row.score_total is None:
                rows.append({"method": row.method, **{k: None for k in COMPARE_KEYS[1:]}, "note": row.note})
                continue
            rows.append({"method": row.method, "filled": row.filled, "slots": row.slots,
                         "score_total": score_number(row.score_total),
                         "blocking_pairs": row.blocking_pairs, "first_choice": row.first_choice,
                         "unplaced": row.unplaced, "proven_optimal": row.proven_optimal})
        return {"plan": self.plan_id, "compare": rows}


def compare(plan: Plan, applicants: Applicants, time_limit: float | None = None, *,
            instance: Instance | None = None) -> Comparison:
    """Run optimal, fair and stable on the same input, for ``sanqu allocate --compare``
    (``instance``: the one already built for these inputs, if any)."""
    if instance is None or instance.plan is not plan or instance.applicants is not applicants:
        instance = Instance.build(plan, applicants)
    results: list[tuple[str, Allocation | None, str | None]] = []
    for method in METHODS:
        try:
            results.append((method, allocate(plan, applicants, method, time_limit,
                                             instance=instance), None))
        except AllocationError as exc:  # stable cannot honour the team rule or the agency cap
            results.append((method, None, str(exc)))
    return Comparison(plan.plan.id, results)
