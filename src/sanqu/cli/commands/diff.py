"""`sanqu diff`: two allocations (or two plans) compared, laid out as the adjustment request (调整申请)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..options import CountiesOpt, DebugOpt, Format, FormatOpt, LangOpt, OutputOpt, QuietOpt, language, pick_format
from ..running import be_quiet, checked, emit, run


def diff(
    ctx: typer.Context,
    old: Annotated[Path, typer.Argument(help="The allocation JSON (or plan file) before.",
                                        dir_okay=False)],
    new: Annotated[Path, typer.Argument(help="The allocation JSON (or plan file) after.",
                                        dir_okay=False)],
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What changed between two allocations of one plan (or two plan files), and its cost.

    Laid out as the adjustment request (调整申请) the province approves: who left, came or
    moved, from which date; the budget before, after and the change, by source and year.
    Example: sanqu diff allocation.json allocation-october.json -o request.xlsx --lang zh
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    run(debug, lambda: _diff(old=old, new=new, counties=counties, fmt=format, output=output, lang=lang), lang)


def _diff(*, old: Path, new: Path, counties: Path | None, fmt: Format | None,
         output: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import read_inputs
    from ...read.inputs import load_plan, read_allocation
    from ...read.yamldoc import load_yaml
    from ...render import renderer
    from ...year.diff import diff_allocations, diff_plans

    first = load_yaml(old, str(old)).data
    if isinstance(first, dict) and "prefectures" in first:  # two plan files
        result = diff_plans(load_plan(old), load_plan(new))
        used = [old, new]
    else:
        inputs = checked(read_inputs(counties, need_agencies=False), lang)
        plan = inputs.checked_plan()
        result = diff_allocations(plan, read_allocation(old, plan), read_allocation(new, plan))
        used = [inputs.plan_path, old, new]
    chosen = pick_format(fmt, output)
    emit(renderer("diff", chosen.value)(result, lang), output, used, chosen, lang)
    return 0
