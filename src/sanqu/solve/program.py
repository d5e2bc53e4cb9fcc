"""A 0-1 programme built row by row, and its lexicographic solve by HiGHS, level by level.

Each objective level has integer coefficients and a known bound on its total. Levels
are solved one after another, each level's optimum fixed exactly (integer data) before
the next; ``fold`` merges levels into one weighted objective while that stays well
inside float64's exact integers. Folding is the caller's choice: measured on the
bundled plan, folding slots with blocking pairs made HiGHS 2.3x slower, while folding
score with ranks saved a solve.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

# Objective totals below this are handled exactly by HiGHS's float arithmetic and tolerances.
SINGLE_OBJECTIVE_LIMIT = 2.0**40
# Measured: on a national plan (98,000 pairs) HiGHS's presolve ran 17-35 s before the
# search; without it the first allocation came within 25 s. On smaller plans presolve
# helps prove optimality, so keep it there.
PRESOLVE_LIMIT = 50_000  # (person, post) pairs
# Branch-and-bound nodes per level; None = no limit. Tests set it to stop the search
# deterministically where a time limit would depend on the machine's speed.
NODE_LIMIT: int | None = None


class SolverError(Exception):
    """HiGHS failed, or said the model is infeasible (a bug in the model, not in the input)."""


@dataclass
class Program:
    """Variables with bounds and integrality, and sparse rows ``lower <= a.x <= upper``."""

    lower_var: list[float] = field(default_factory=list)
    upper_var: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.lower_var)

    def add_vars(self, count: int, upper: float = 1.0, integer: bool = True) -> int:
        """Add ``count`` variables in [0, upper]; returns the index of the first."""
        first = self.n
        self.lower_var += [0.0] * count
        self.upper_var += [upper] * count
        self.integer += [1 if integer else 0] * count
        return first

    def add_row(self, cols: list[int], vals: list[float], lower: float, upper: float) -> None:
        r = len(self.lower)
        self.rows += [r] * len(cols)
        self.cols += cols
        self.vals += vals
        self.lower.append(lower)
        self.upper.append(upper)


@dataclass
class Level:
    """One level of the objective (minimised): integer coefficients, |total| <= bound."""

    name: str
    c: np.ndarray
    bound: int
    known: int | None = None  # the level's optimum, when proven by other means: not solved


@dataclass
class Result:
    x: np.ndarray | None
    proven: bool
    status: str


def fold(levels: list[Level]) -> list[Level]:
    """Merge consecutive levels into weighted sums while the exact total stays small enough."""
    out: list[Level] = []
    for level in levels:
        if out:
            last = out[-1]
            weight = 2 * level.bound + 1
            bound = last.bound * weight + level.bound
            if bound < SINGLE_OBJECTIVE_LIMIT:
                out[-1] = Level(f"{last.name}+{level.name}", last.c * weight + level.c, bound)
                continue
        out.append(level)
    return out


def solve(program: Program, levels: list[Level], deadline: float | None,
          presolve: bool = True) -> Result:
    """The lexicographic optimum of ``levels``; a time limit gives the best found, unproven."""
    # SciPy's optimiser is imported only when a programme is solved (start-up stays fast).
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix, vstack

    n = program.n
    base = coo_matrix((program.vals, (program.rows, program.cols)),
                      shape=(len(program.lower), n)).tocsr()
    bounds = Bounds(np.asarray(program.lower_var), np.asarray(program.upper_var))
    integrality = np.asarray(program.integer)
    extra, extra_hi = [], []
    best = None
    for level in levels:
        if level.known is not None:
            extra.append(coo_matrix(level.c.reshape(1, -1)).tocsr())
            extra_hi.append(level.known)
            continue
        options = {"disp": False, "mip_rel_gap": 0.0, "presolve": presolve}
        if NODE_LIMIT is not None:
            options["node_limit"] = NODE_LIMIT
        if deadline is not None:
            options["time_limit"] = max(0.01, deadline - time.monotonic())
        matrix = vstack([base] + extra).tocsr() if extra else base
        lo = np.concatenate([program.lower, [-np.inf] * len(extra)])
        hi = np.concatenate([program.upper, extra_hi])
        try:
            result = milp(level.c, integrality=integrality, bounds=bounds,
                          constraints=[LinearConstraint(matrix, lo, hi)], options=options)
        except (ValueError, MemoryError, RuntimeError) as exc:
            raise SolverError(f"the integer solver failed: {exc}") from None
        if result.x is not None:
            best = np.round(result.x)
        if result.status != 0:
            message = str(result.message).lower()
            if result.status != 1 and "limit reached" not in message:
                raise SolverError(f"the integer programme failed: {result.message}")  # infeasible, or a fault
            limit = "time limit" if result.status == 1 and "time" in message else "node limit"
            return Result(best, False, f"{limit} reached while optimising {level.name}")
        value = round(float(level.c @ best))
        extra.append(coo_matrix(level.c.reshape(1, -1)).tocsr())
        extra_hi.append(value)
    return Result(best, True, "optimal")
