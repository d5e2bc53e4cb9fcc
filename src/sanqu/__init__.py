"""sanqu: plan, allocate and budget the Three Districts social work talent support plan.

    import sanqu
    plan, applicants = sanqu.load_inputs()          # the bundled 2022 Yunnan plan
    result = sanqu.allocate(plan, applicants)       # the fair allocation, proven
    result.to_dict()                                # what `sanqu allocate --format json` prints
    money = sanqu.budget(plan, result)              # exact to the fen, by place and year
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing at start-up

__version__ = "0.2.0"

if TYPE_CHECKING:  # what type checkers and editors see; at run time, loaded on first use
    from .allocation import METHODS, Allocation, allocate
    from .budgeting import Budget, budget
    from .comparison import Comparison, compare
    from .diffing import Diff, diff_allocations, diff_plans
    from .explanation import Explanation, explain
    from .keeping import keep
    from .load import Inputs, load_allocation, load_inputs, load_plan, read_allocation, read_inputs
    from .models import AllocationFile, Applicants, Plan
    from .problems import Problem, ProblemError, SanquError
    from .solve.instance import AllocationError
    from .validation import ValidationReport, validate

# Heavy modules (pydantic, SciPy) load on first use, so `sanqu --version` and `--help` start fast.
_EXPORTS = {
    "load_plan": "load", "load_inputs": "load", "read_inputs": "load", "load_allocation": "load",
    "read_allocation": "load", "Inputs": "load",
    "validate": "validation", "ValidationReport": "validation",
    "allocate": "allocation", "Allocation": "allocation", "METHODS": "allocation",
    "compare": "comparison", "Comparison": "comparison",
    "explain": "explanation", "Explanation": "explanation",
    "keep": "keeping",
    "diff_allocations": "diffing", "diff_plans": "diffing", "Diff": "diffing",
    "budget": "budgeting", "Budget": "budgeting",
    "Plan": "models", "Applicants": "models", "AllocationFile": "models",
    "Problem": "problems", "ProblemError": "problems", "SanquError": "problems",
    "AllocationError": "solve.instance",
}

__all__ = [
    "__version__",
    "load_plan",
    "load_inputs",
    "read_inputs",
    "load_allocation",
    "read_allocation",
    "Inputs",
    "validate",
    "ValidationReport",
    "allocate",
    "Allocation",
    "METHODS",
    "compare",
    "Comparison",
    "explain",
    "Explanation",
    "keep",
    "diff_allocations",
    "diff_plans",
    "Diff",
    "budget",
    "Budget",
    "Plan",
    "Applicants",
    "AllocationFile",
    "Problem",
    "ProblemError",
    "SanquError",
    "AllocationError",
]


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module  # lazily: see _EXPORTS

        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'sanqu' has no attribute {name!r}")
