"""What ``sanqu allocate`` does: the one command that loads the solvers (NumPy, SciPy)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..allocation import allocate as run_allocate
from ..comparison import compare as run_compare
from ..explanation import explain as run_explain
from ..i18n import t
from ..keeping import keep as run_keep
from ..load import read_allocation, read_inputs
from ..render import renderer
from .jobs import checked
from .options import Format, Method, pick_format
from .running import emit, fail, warn


def allocate(counties: Path | None, agencies: Path | None, method: Method, compare: bool,
             fmt: Format | None, output: Path | None, explain: str | None,
             keep: Path | None, withdrawn: list[str], when: dt.date | None,
             time_limit: float | None, strict: bool, lang: str) -> int:
    inputs = checked(read_inputs(counties, agencies), lang)
    plan, applicants = inputs.checked()
    chosen = pick_format(fmt, output)
    paths: list[Path | None] = [inputs.plan_path, inputs.agencies_path]
    if compare:
        comparison = run_compare(plan, applicants, time_limit)
        emit(renderer("compare", chosen.value)(comparison, lang), output, paths, chosen, lang)
        return 0
    if keep is not None:
        previous = read_allocation(keep, plan)
        paths.append(keep)
        result = run_keep(plan, applicants, previous, withdrawn, when, method.value, time_limit)
    else:
        result = run_allocate(plan, applicants, method.value, time_limit, instance=inputs.instance)
    if explain is not None:
        explanation = run_explain(result, explain)
        emit(renderer("explain", chosen.value)(explanation, lang), output, paths, chosen, lang)
        return 0
    emit(renderer("allocate", chosen.value)(result, lang), output, paths, chosen, lang)
    if not result.proven_optimal:
        warn(t(lang, "cli.not_proven", status=result.reason.render(lang) if result.reason else result.status),
             lang)
    if result.shortfalls:
        message = t(lang, "cli.empty_slots", empty=sum(n for _, n, _ in result.shortfalls),
                    posts=len(result.shortfalls))
        if strict:
            fail(message + " (--strict)", lang)
            return 1
        warn(message, lang)
    return 0
