"""`sanqu report`: the quarterly progress report to the province (notice §6)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...i18n import t
from ..options import CountiesOpt, DebugOpt, FormatOpt, LangOpt, OutputOpt, QuietOpt, language, pick_format
from ..running import be_quiet, checked, emit, print_problems, run, warn


def report(
    ctx: typer.Context,
    quarter: Annotated[str, typer.Option(
        "--quarter", metavar="YYYYQn", help="The quarter to report on, as 2022Q4 (October to December 2022).")],
    allocation: Annotated[Path | None, typer.Option(
        "--allocation", dir_okay=False, help="Report on the people placed in this file (with their changes) "
        "instead of each post's quota.")] = None,
    ledger: Annotated[Path | None, typer.Option(
        "--ledger", metavar="<path>", help="What was paid (as sanqu spending reads it): the funds as of the "
        "quarter's last day, the training delivered and the findings. Without it: the budget.")] = None,
    agreements: Annotated[Path | None, typer.Option(
        "--agreements", metavar="<file>", dir_okay=False,
        help="With --allocation: the signed agreements (columns professional 人员编号, signed 签订日期); warns "
        "of any placement unsigned at the quarter's end after the plan's agreement_deadline.")] = None,
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The quarterly progress report: who is in post at the quarter's end, person-months, the
    quarter's changes, the funds, the training delivered and the findings.

    Example: sanqu report --quarter 2022Q4 --allocation allocation.json --ledger 支出明细.xlsx -o 2022Q4.xlsx
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    from ...plan.periods import quarter_bounds

    try:
        quarter_bounds(quarter)
    except ValueError:
        raise typer.BadParameter(f"{quarter!r} is not a quarter like 2022Q4", param_hint="'--quarter'") from None
    if agreements is not None and allocation is None:
        raise typer.BadParameter("needs --allocation FILE: the placements to check", param_hint="'--agreements'")
    run(debug, lambda: _report(counties=counties, quarter=quarter, allocation=allocation, ledger=ledger,
                               agreements=agreements, fmt=format, output=output, lang=lang), lang)


def _report(*, counties: Path | None, quarter: str, allocation: Path | None, ledger: Path | None,
            agreements: Path | None, fmt, output: Path | None, lang: str) -> int:
    from ...loader import read_inputs
    from ...read.inputs import read_allocation
    from ...read.sources import display_name
    from ...render import renderer
    from ...render.spending import finding_line
    from ...year.report import quarter_of_service
    from ...year.report import report as run_report

    inputs = checked(read_inputs(counties, need_agencies=False), lang)
    plan = inputs.checked_plan()
    _, _, last = quarter_of_service(plan, quarter)  # a quarter outside the service: before reading the rest
    record = read_allocation(allocation, plan, inputs.applicants, instance=inputs.instance) \
        if allocation is not None else None
    lines = None
    if ledger is not None:
        from ...read.ledger import read_ledger

        lines = read_ledger(ledger, plan)
        print_problems(lines.skipped, lang)
    signed = None
    if agreements is not None and record is not None:
        from ...read.agreements import read_agreements, unsigned

        signed = unsigned(plan, record, read_agreements(agreements), last, display_name(agreements))
    result = run_report(plan, quarter, record, lines, signed)
    chosen = pick_format(fmt, output)
    emit(renderer("report", chosen.value)(result, lang), output,
         [p for p in (inputs.plan_path, allocation, ledger, agreements) if p is not None], chosen, lang)
    if result.findings:
        sys.stderr.write("".join(finding_line(f, lang) + "\n" for f in result.findings))
        warn(t(lang, "report.found", errors=result.errors, warnings=len(result.findings) - result.errors), lang)
    return 0
