"""sanqu: plan, allocate and budget the Three Districts social work talent support plan.

    from sanqu import load_inputs, allocate, budget
    plan, applicants = load_inputs()          # the bundled 2022 Yunnan plan
    result = allocate(plan, applicants)       # proven-optimal allocation
    money = budget(plan)                      # exact to the fen, by place and year
"""

from __future__ import annotations

__version__ = "0.1.0"

# Heavy modules load on first use, so `sanqu --version` and `--help` start fast.
_EXPORTS = {
    "load_plan": "load", "load_inputs": "load", "load_allocation": "load", "read_inputs": "load",
    "validate": "validation", "allocate": "allocation", "budget": "budgeting", "explain": "explanation",
    "Problem": "problems", "ProblemError": "problems", "AllocationError": "allocation",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        from importlib import import_module
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'sanqu' has no attribute {name!r}")
