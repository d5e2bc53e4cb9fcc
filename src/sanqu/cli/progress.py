"""A long solve's sign of life on stderr: phase, figures and time, on a terminal only.

The solver tells ``highs.listener`` where it stands; this shows it with rich's status line
once the solve has run two seconds, and clears it when the solve ends. Piped stderr,
``--quiet`` and TERM=dumb see nothing, so scripts and logs stay as they were.
"""

from __future__ import annotations

import os
import sys
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

    started = time.monotonic()
    status = None

    def listen(phase: str, figures: dict) -> None:
        nonlocal status
        elapsed = time.monotonic() - started
        if elapsed < AFTER:
            return
        text = _line(lang, phase, figures, elapsed, limit)
        if status is None:
            from rich.console import Console
            from rich.status import Status

            status = Status(text, console=Console(stderr=True, highlight=False), spinner="line")
            status.start()
        else:
            status.update(text)

    highs.listener = listen
    try:
        yield
    finally:
        highs.listener = None
        if status is not None:
            status.stop()


def _line(lang: str, phase: str, figures: dict, elapsed: float, limit: float | None) -> str:
    """One line: what is being done, what has been reached, how long it has taken."""
    if phase == "filling":
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
