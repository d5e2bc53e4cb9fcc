"""`sanqu budget`: what the plan costs: central and local funds, training, by place and fiscal year."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...i18n import t
from ..options import (
    CountiesOpt,
    DebugOpt,
    Format,
    FormatOpt,
    LangOpt,
    OutputOpt,
    QuietOpt,
    View,
    language,
    pick_format,
)
from ..running import be_quiet, checked, emit, fail, run, warn


def budget(
    ctx: typer.Context,
    counties: CountiesOpt = None,
    allocation: Annotated[Path | None, typer.Option(
        "--allocation", help="Budget the people placed in this file (from `sanqu allocate "
        "--format json -o FILE`) instead of each post's quota; adds a breakdown by agency.",
        dir_okay=False)] = None,
    agencies: Annotated[Path | None, typer.Option(
        "--agencies", help="With --allocation: the applicants to check it against (each person "
        "known, of that agency, at a post they may fill). Without it the file is not checked, "
        "and a warning says so.")] = None,
    by: Annotated[View | None, typer.Option(
        "--by", help="Which breakdown the table, markdown and CSV show: prefecture, county, "
        "year, quarter, month or agency. Default: prefecture (CSV: county).")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What the plan costs: central and local funds, training, by place and fiscal year.

    Example: sanqu budget --by year
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    run(debug, lambda: _budget(counties=counties, allocation=allocation, agencies=agencies, by=by, fmt=format,
                               output=output, lang=lang), lang)


def _budget(*, counties: Path | None, allocation: Path | None, agencies: Path | None, by: View | None,
           fmt: Format | None, output: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import read_inputs
    from ...money.budget import budget as run_budget
    from ...read.allocation import agency_names_of
    from ...read.inputs import placements_of, read_allocation
    from ...render import renderer

    inputs = checked(read_inputs(counties, agencies, need_agencies=agencies is not None), lang)
    plan = inputs.checked_plan()
    placements = names = None
    if allocation is not None:
        record = read_allocation(allocation, plan, inputs.applicants, instance=inputs.instance)
        placements, names = placements_of(record), agency_names_of(record, inputs.applicants)
        if agencies is None:
            warn(t(lang, "cli.allocation_unchecked"), lang)
    result = run_budget(plan, placements, names)
    chosen = pick_format(fmt, output)
    view = by.value if by is not None else ("county" if chosen is Format.csv else "prefecture")
    if view == "agency" and result.by_agency is None:
        fail(t(lang, "cli.agency_view"), lang)
        return 1
    rendered = renderer("budget", chosen.value)(result, lang, view)
    emit(rendered, output, [inputs.plan_path] + ([allocation] if allocation else []), chosen, lang)
    return 0
