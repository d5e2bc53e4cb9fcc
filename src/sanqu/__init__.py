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
    from .decide.allocation import METHODS, Allocation, allocate
    from .decide.compare import Comparison, compare
    from .decide.explain import Explanation, explain
    from .decide.solve.solution import AllocationError
    from .loader import load_inputs, read_inputs, validate
    from .money.budget import Budget, budget
    from .plan.models import AllocationFile, Applicants, Plan
    from .problems import Problem, ProblemError, SanquError
    from .read.inputs import Inputs, load_allocation, load_plan, read_allocation
    from .read.report import ValidationReport
    from .year.diff import Diff, diff_allocations, diff_plans
    from .year.keeping import keep

# Heavy modules (pydantic, SciPy) load on first use, so `sanqu --version` and `--help` start fast.
_EXPORTS = {
    "load_plan": "read.inputs", "load_inputs": "loader", "read_inputs": "loader",
    "load_allocation": "read.inputs", "read_allocation": "read.inputs", "Inputs": "read.inputs",
    "validate": "loader", "ValidationReport": "read.report",
    "allocate": "decide.allocation", "Allocation": "decide.allocation", "METHODS": "decide.allocation",
    "compare": "decide.compare", "Comparison": "decide.compare",
    "explain": "decide.explain", "Explanation": "decide.explain",
    "keep": "year.keeping",
    "diff_allocations": "year.diff", "diff_plans": "year.diff", "Diff": "year.diff",
    "budget": "money.budget", "Budget": "money.budget",
    "Plan": "plan.models", "Applicants": "plan.models", "AllocationFile": "plan.models",
    "Problem": "problems", "ProblemError": "problems", "SanquError": "problems",
    "AllocationError": "decide.solve.solution",
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
