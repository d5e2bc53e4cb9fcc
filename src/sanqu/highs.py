"""A 0-1 programme built row by row, and its lexicographic solve by HiGHS, level by level.

Each objective level has integer coefficients and a known bound on its total. Levels
are solved one after another, each level's optimum fixed exactly (integer data) before
the next; ``fold`` merges levels into one weighted objective while that stays well
inside float64's exact integers. Folding is the caller's choice: measured on the
bundled plan, folding slots with blocking pairs made HiGHS 2.3x slower, while folding
score with ranks saved a solve.
"""

from __future__ import annotations

import atexit
import math
import os
import sys
import threading
import time
from collections.abc import Callable
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


# Progress of a long solve, for whoever shows it (the command line, on a terminal): called
# with the phase (an objective level's name, or "filling") and figures such as best, bound,
# filled, slots. None: nobody listens, and nothing is measured for it.
listener: Callable[[str, dict], None] | None = None


def report(phase: str, **figures: float | None) -> None:
    """Tell the listener, if any, where a solve stands."""
    if listener is not None:
        listener(phase, figures)


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
    level: str | None = None  # the level the search stopped in, when not proven
    bound: int | None = None  # the proven bound on that level's (minimised) total
    limit: str | None = None  # what stopped it: "time" or "node"


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


def _highs():
    """A silent HiGHS: its constructor prints a banner on stdout (fd 1) before any option
    can be set, which would corrupt ``--format json``; fd 1 points at /dev/null meanwhile."""
    import highspy  # imported only when a programme is solved: start-up stays fast

    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return highspy, h


def solve(program: Program, levels: list[Level], deadline: float | None,
          presolve: bool = True, jump: bool = True) -> Result:
    """The lexicographic optimum of ``levels``; a time limit gives the best found, unproven.

    One HiGHS model for all levels: each proven level becomes a row fixing its value.
    (Passing the previous level's allocation as a start made HiGHS 1.16 stop at a worse
    optimum on the brute-force tests, so none is passed.)
    """
    highspy, h = _highs()
    try:
        return _run(highspy, h, program, levels, deadline, presolve, jump)
    except (RuntimeError, ValueError, MemoryError) as exc:  # highspy's own faults
        raise SolverError(f"the integer solver failed: {exc}") from None


def _run(highspy, h, program: Program, levels: list[Level], deadline: float | None,
         presolve: bool, jump: bool) -> Result:
    n = program.n
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(program.lower)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.asarray(program.lower_var, dtype=np.float64)
    lp.col_upper_ = np.asarray(program.upper_var, dtype=np.float64)
    lp.row_lower_ = np.asarray(program.lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(program.upper, dtype=np.float64)
    rows = np.asarray(program.rows, dtype=np.int64)  # rows are added in order: already sorted
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.a_matrix_.start_ = np.searchsorted(rows, np.arange(lp.num_row_ + 1)).astype(np.int32)
    lp.a_matrix_.index_ = np.asarray(program.cols, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(program.vals, dtype=np.float64)
    kind = {0: highspy.HighsVarType.kContinuous, 1: highspy.HighsVarType.kInteger}
    lp.integrality_ = [kind[k] for k in program.integer]
    if h.passModel(lp) != highspy.HighsStatus.kOk:
        raise SolverError("the integer solver refused the model")
    h.setOptionValue("mip_rel_gap", 0.0)
    if deadline is not None and not jump:
        # HiGHS's feasibility jump heuristic cannot be interrupted: on the national fair
        # model it ran 12 s past a 10 s limit, to find 309 of 10,000 slots. On the team
        # rule's model it finds 9,908 of 10,000 in 3 s, so the caller chooses.
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    h.setOptionValue("presolve", "on" if presolve else "off")
    if NODE_LIMIT is not None:
        h.setOptionValue("mip_max_nodes", NODE_LIMIT)
    incumbent: list = [None]  # the best allocation HiGHS has told of, and its bound, for a solve
    dual = [math.nan]  # left running past the deadline (``_run_interruptible``)
    if deadline is not None:
        # HiGHS checks its own time_limit only between phases (a 10 s limit ran 20 s on
        # the national team plan); these callbacks come during most solve phases.
        def on_time(event) -> None:
            if event.data_out.mip_dual_bound == event.data_out.mip_dual_bound:  # not NaN
                dual[0] = event.data_out.mip_dual_bound
            if time.monotonic() >= deadline:
                event.interrupt()

        def on_better(event) -> None:
            incumbent[0] = np.round(np.asarray(event.data_out.mip_solution[:n], dtype=np.float64))

        h.cbSimplexInterrupt += on_time
        h.cbIpmInterrupt += on_time
        h.cbMipInterrupt += on_time
        h.cbMipImprovingSolution += on_better
    shown = [0.0]  # when the listener was last told: four times a second is enough
    current = [""]

    def on_progress(event) -> None:
        now = time.monotonic()
        if now - shown[0] >= 0.25:
            shown[0] = now
            out = event.data_out
            report(current[0], best=_finite(out.mip_primal_bound), bound=_finite(out.mip_dual_bound))

    if listener is not None:
        h.cbMipInterrupt += on_progress
    every = np.arange(n, dtype=np.int32)
    best = None
    for level in levels:
        current[0] = level.name
        nonzero = np.flatnonzero(level.c).astype(np.int32)
        if level.known is not None:
            h.addRow(-highspy.kHighsInf, float(level.known), len(nonzero), nonzero, level.c[nonzero])
            continue
        h.changeColsCost(n, every, np.asarray(level.c, dtype=np.float64))
        if deadline is not None:
            h.setOptionValue("time_limit", max(0.01, deadline - time.monotonic()))
        incumbent[0], dual[0] = None, math.nan
        if not _run_interruptible(h, deadline):  # left running: what it told of is the result
            found_x = incumbent[0] if incumbent[0] is not None else best
            return Result(found_x, False, f"time limit reached while optimising {level.name}",
                          level.name, _bound(dual[0]), "time")
        status = h.getModelStatus()
        found = h.getSolution()
        if found.value_valid and len(found.col_value) == n:
            best = np.round(np.asarray(found.col_value))
        if status != highspy.HighsModelStatus.kOptimal:
            if status in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt):
                limit = "time"
            elif status in (highspy.HighsModelStatus.kSolutionLimit, highspy.HighsModelStatus.kIterationLimit):
                limit = "node"
            else:  # infeasible, or a fault: a bug in the model, not in the input
                raise SolverError(f"the integer programme failed: {h.modelStatusToString(status)}")
            return Result(best, False, f"{limit} limit reached while optimising {level.name}",
                          level.name, _bound(h.getInfo().mip_dual_bound), limit)
        if best is None:
            raise SolverError("the integer solver reported an optimum without a solution")
        value = round(float(level.c @ best))
        h.addRow(-highspy.kHighsInf, float(value), len(nonzero), nonzero, level.c[nonzero])
    return Result(best, True, "optimal")


_interrupted = False  # Ctrl-C came during a solve


def interrupted_solve() -> bool:
    """Did Ctrl-C come during a HiGHS solve? Then the process must end without Python's
    shutdown, which would pull HiGHS's data from under its running threads (measured:
    SIGABRT, "terminate called without an active exception")."""
    return _interrupted


# How long past the deadline HiGHS may take to stop before it is left running: on the
# "tight" benchmark plan it overran a 19 s deadline by 1.8 s, in a phase that calls no
# callback, which broke the time limit's promise on the wall.
GRACE = 0.25
_left_running: list = []  # (Highs, thread): kept alive until their solves stop on their own


def _run_interruptible(h, deadline: float | None = None) -> bool:
    """``h.run()`` in a thread of its own, so that Ctrl-C reaches Python within a tenth of a
    second, wherever HiGHS is (its feasibility jump looks at no callback). The command then
    ends the process with nothing written (``interrupted_solve``), HiGHS's thread with it:
    nothing is asked of HiGHS during the solve, so it runs as fast as on the caller's thread.
    A fault inside HiGHS is raised here, in the caller's thread.

    False when HiGHS is still running ``GRACE`` seconds past ``deadline``: it is left to stop
    at its own time limit (the command's exit ends it sooner), never touched again."""
    outcome: dict[str, BaseException] = {}

    def work() -> None:
        try:
            h.run()
        except BaseException as exc:  # handed to the caller's thread as it is
            outcome["error"] = exc
        finally:
            # HiGHS's workers belong to the thread that ran it: reset with it, as highspy's own
            # threaded solve does (a deadlock on Windows otherwise, its authors note).
            h.resetThreadScheduler(False)

    solver = threading.Thread(target=work, name="highs", daemon=True)
    solver.start()
    try:
        while solver.is_alive():
            solver.join(0.05)
            if deadline is not None and solver.is_alive() and time.monotonic() > deadline + GRACE:
                if not _left_running:  # a library caller's interpreter must not end under it
                    atexit.register(_wait_for_left_running)
                _left_running.append((h, solver))
                return False
    except KeyboardInterrupt:
        global _interrupted
        _interrupted = True
        raise
    if "error" in outcome:
        raise outcome["error"]
    return True


def _wait_for_left_running() -> None:
    """At a library caller's exit (the command ends without it): the solves left running stop
    at their own time limit, soon; Python's shutdown must not pull HiGHS's data from under them."""
    for _, thread in _left_running:
        thread.join(60)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def _bound(value: float) -> int | None:
    """HiGHS's proven bound on a minimised integer level, rounded inward; None if none."""
    if not np.isfinite(value):
        return None
    return math.ceil(value - 1e-6)
