"""`sanqu validate`: check the plan and applicant files; every problem at once, sorted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..options import (
    AgenciesOpt,
    CountiesOpt,
    DebugOpt,
    Format,
    FormatOpt,
    LangOpt,
    OutputOpt,
    QuietOpt,
    language,
    pick_format,
)
from ..running import be_quiet, emit, note_bundled, note_read, print_problems, run


def validate(
    ctx: typer.Context,
    counties: CountiesOpt = None,
    agencies: AgenciesOpt = None,
    allocation: Annotated[Path | None, typer.Option(
        "--allocation", metavar="<file>", dir_okay=False,
        help="With --agreements: the allocation whose placements need a signed agreement.")] = None,
    agreements: Annotated[Path | None, typer.Option(
        "--agreements", metavar="<file>", dir_okay=False,
        help="The signed agreements (columns professional 人员编号, signed 签订日期): warn of any placement "
        "unsigned after the plan's agreement_deadline.")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check the plan and applicant files; report every problem at once, sorted.

    Example: sanqu validate --counties my/counties.yaml --agencies my/agencies.yaml
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    if agreements is not None and allocation is None:
        raise typer.BadParameter("needs --allocation FILE: the placements to check", param_hint="'--agreements'")
    run(debug, lambda: _validate(counties=counties, agencies=agencies, fmt=format, output=output, lang=lang,
                                 allocation=allocation, agreements=agreements), lang)


def _validate(*, counties: Path | None, agencies: Path | None, fmt: Format | None,
             output: Path | None, lang: str,
              allocation: Path | None = None, agreements: Path | None = None) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import validate as run_validate
    from ...render import renderer

    report = run_validate(counties, agencies)
    if agreements is not None and allocation is not None and report.inputs.plan is not None:
        import datetime as dt

        from ...read.agreements import read_agreements, unsigned
        from ...read.inputs import read_allocation
        from ...read.sources import display_name

        plan = report.inputs.plan
        record = read_allocation(allocation, plan)
        report.inputs.problems = sorted(report.inputs.problems + unsigned(
            plan, record, read_agreements(agreements), dt.date.today(), display_name(agreements)))
    note_bundled(report.inputs, lang)
    note_read(report.inputs, lang)
    print_problems(report.problems, lang)
    chosen = pick_format(fmt, output)
    inputs = [report.inputs.plan_path, report.inputs.agencies_path]
    emit(renderer("validate", chosen.value)(report, lang), output, inputs, chosen, lang)
    return 0 if report.ok else 1
