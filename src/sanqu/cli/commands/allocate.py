"""`sanqu allocate`: who goes where, by the fair, optimal or stable method; --compare, --explain, --keep."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import typer

from ...i18n import t
from ..options import (
    AgenciesOpt,
    CountiesOpt,
    DebugOpt,
    Format,
    FormatOpt,
    LangOpt,
    Method,
    OutputOpt,
    QuietOpt,
    date_option,
    ids_option,
    language,
    pick_format,
)
from ..progress import solve_progress
from ..running import be_quiet, checked, emit, fail, is_quiet, run, warn

# The default command always answers: a plan HiGHS cannot prove in this time gets the best
# allocation known, flagged, with its bound (measured: the national benchmark plan's fair
# allocation takes 5 s without searching, a 1,000-slot region under a team rule is not
# proven in minutes).
DEFAULT_TIME_LIMIT = 20.0
# Kept back from the search for what follows it: the reasons, blocking pairs and waiting
# lists, and the output (measured: about a second for a national plan as JSON).
WRITING = 1.0


def allocate(
    ctx: typer.Context,
    counties: CountiesOpt = None,
    agencies: AgenciesOpt = None,
    method: Annotated[Method, typer.Option("--method", "-m", help="fair (most slots filled, then "
                      "the fewest blocking pairs, then score; proven), optimal (most slots, then "
                      "score; proven) or stable (deferred acceptance).")] = Method.fair,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Run optimal, fair and stable on the same input and show them side "
        "by side: slots filled, score total, blocking pairs, first choices, unplaced.")] = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="ID", help="Explain where this professional went, or why nowhere.")] = None,
    keep: Annotated[Path | None, typer.Option(
        "--keep", metavar="FILE", dir_okay=False,
        help="Keep every placement of this allocation JSON (from `sanqu allocate --format json "
        "-o FILE`) except the withdrawn; fill the freed and empty slots from those not placed.")] = None,
    withdraw: Annotated[list[str] | None, typer.Option(
        "--withdraw", metavar="ID", help="With --keep: a professional who leaves (repeat it, or "
        "separate ids with commas). Never placed again.")] = None,
    effective: Annotated[str | None, typer.Option(
        "--effective", metavar="DATE", help="With --keep: when the change takes effect, the first "
        "day of a month inside the service period (default: the plan's service_start).")] = None,
    time_limit: Annotated[float, typer.Option(
        "--time-limit", min=0, metavar="SECONDS",
        help="Stop the search after this long; the result is then the best allocation known, flagged not "
        "proven optimal. 0: no limit (a national plan with rules may then run for hours).")] = DEFAULT_TIME_LIMIT,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any slot is left empty.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Let -o replace an existing allocation file (a recorded decision).")] = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Decide who goes where: fill the posts from the applicants.

    Example: sanqu allocate --format json -o allocation.json
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    withdrawn = ids_option(withdraw)
    when = date_option(effective, "--effective")
    if keep is None and (withdrawn or when is not None):
        raise typer.BadParameter("needs --keep FILE: the allocation to change",
                                 param_hint="'--withdraw' / '--effective'")
    if keep is not None and compare:
        raise typer.BadParameter("cannot be used with --keep", param_hint="'--compare'")
    run(debug, lambda: _allocate(counties=counties, agencies=agencies, method=method, compare=compare,
                                 fmt=format, output=output, explain=explain, keep=keep, withdrawn=withdrawn,
                                 when=when, time_limit=time_limit, strict=strict, force=force, lang=lang), lang)


def _allocate(*, counties: Path | None, agencies: Path | None, method: Method, compare: bool,
             fmt: Format | None, output: Path | None, explain: str | None,
             keep: Path | None, withdrawn: list[str], when: dt.date | None,
             time_limit: float | None, strict: bool, lang: str, force: bool = False) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...decide.allocation import allocate as run_allocate
    from ...decide.compare import compare as run_compare
    from ...decide.explain import explain as run_explain
    from ...loader import read_inputs
    from ...read.inputs import read_allocation
    from ...render import renderer
    from ...year.keeping import keep as run_keep
    from ..files import check_target

    time_limit = time_limit or None  # 0: no limit
    deadline = None if time_limit is None else time.monotonic() + time_limit  # --explain's too
    inputs = checked(read_inputs(counties, agencies), lang)
    plan, applicants = inputs.checked()
    chosen = pick_format(fmt, output)
    paths: list[Path | None] = [inputs.plan_path, inputs.agencies_path, keep]
    if output is not None:  # before the solve, not after it
        check_target(output, paths, force=force)
    if compare:
        with solve_progress(lang, is_quiet(), time_limit):
            comparison = run_compare(plan, applicants, _left(deadline), instance=inputs.instance)
        emit(renderer("compare", chosen.value)(comparison, lang), output, paths, chosen, lang)
        return 0
    with solve_progress(lang, is_quiet(), time_limit):
        if keep is not None:
            previous = read_allocation(keep, plan)
            result = run_keep(plan, applicants, previous, withdrawn, when, method.value, _left(deadline))
        else:
            result = run_allocate(plan, applicants, method.value, _left(deadline), instance=inputs.instance)
    if explain is not None:
        explanation = run_explain(result, explain, deadline)
        emit(renderer("explain", chosen.value)(explanation, lang), output, paths, chosen, lang)
        _say_unproven(result, lang)
        return 0
    emit(renderer("allocate", chosen.value)(result, lang), output, paths, chosen, lang, force=force)
    _say_unproven(result, lang)
    if result.shortfalls:
        message = t(lang, "cli.empty_slots", empty=sum(n for _, n, _ in result.shortfalls),
                    posts=len(result.shortfalls))
        if strict:
            fail(message + " (--strict)", lang)
            return 1
        warn(message, lang)
    return 0


def _left(deadline: float | None) -> float | None:
    """What is left of the time limit for the search, counted from the command's start (the
    reading took some), less what writing the result takes: the limit holds on the wall."""
    if deadline is None:
        return None
    return max(0.1, deadline - time.monotonic() - WRITING)


def _say_unproven(result, lang: str) -> None:
    if not result.proven_optimal:
        warn(t(lang, "cli.not_proven", status=result.reason.render(lang) if result.reason else result.status),
             lang)
