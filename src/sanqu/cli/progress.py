"""A long solve's sign of life on stderr: phase, figures and time, on a terminal only.

The solver tells ``highs.listener`` where it stands; this shows it with rich's status line
once the solve has run two seconds (whether the solver has said anything or not), its clock
moving at each refresh, and clears it when the solve ends. Piped stderr,
``--quiet`` and TERM=dumb see nothing, so scripts and logs stay as they were.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..i18n import Msg, t

AFTER = 2.0  # seconds before anything is shown: a quick solve stays silent


@contextmanager
def solve_progress(lang: str, quiet: bool, limit: float | None) -> Iterator[None]:
    """Show the progress of what runs inside, where a person is watching."""
    if quiet or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield
        return
    from .. import highs  # NumPy with it: only for a solve, never for --help

    line = _Line(lang, limit)
    shown: list = []

    def show() -> None:
        # Started by a timer, not by the solver's news: HiGHS can be silent for many
        # seconds, and a line that never comes, or a clock that stops, is no sign of life.
        from rich.console import Console
        from rich.status import Status

        status = Status(line, console=Console(stderr=True, highlight=False), spinner="line")
        status.start()
        shown.append(status)

    def listen(phase: str, figures: dict) -> None:
        line.phase, line.figures = phase, figures

    timer = threading.Timer(AFTER, show)
    timer.daemon = True
    highs.listener = listen
    timer.start()
    try:
        yield
    finally:
        highs.listener = None
        timer.cancel()
        timer.join()
        for status in shown:
            status.stop()


class _Line:
    """The status line, drawn afresh at each refresh: the clock moves on its own."""

    def __init__(self, lang: str, limit: float | None):
        self.lang, self.limit = lang, limit
        self.started = time.monotonic()
        self.phase: str | None = None
        self.figures: dict = {}

    def __rich__(self) -> str:
        return _line(self.lang, self.phase, self.figures, time.monotonic() - self.started, self.limit)


def _line(lang: str, phase: str | None, figures: dict, elapsed: float, limit: float | None) -> str:
    """One line: what is being done, what has been reached, how long it has taken."""
    if phase is None:
        where = t(lang, "progress.working")
    elif phase == "filling":
        where = t(lang, "progress.filling", filled=int(figures["filled"] or 0), slots=int(figures["slots"] or 0))
    else:
        sign = -1 if phase == "slots" else 1  # the slots level is minimised as minus the slots
        best, bound = figures.get("best"), figures.get("bound")
        where = t(lang, "progress.level", level=Msg(f"level.{phase}"),
                  best="-" if best is None else f"{sign * best:,.0f}",
                  bound="-" if bound is None else f"{sign * bound:,.0f}")
    clock = t(lang, "progress.clock", elapsed=elapsed) if limit is None else t(
        lang, "progress.clock_limit", elapsed=elapsed, limit=limit)
    return f"{where} {clock}"
