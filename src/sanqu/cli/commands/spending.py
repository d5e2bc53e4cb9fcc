"""`sanqu spending`: the funds paid (the finance office's ledger) against the budget (notice §2)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...i18n import t
from ..options import CountiesOpt, DebugOpt, FormatOpt, LangOpt, OutputOpt, QuietOpt, date_option, language, pick_format
from ..running import be_quiet, checked, emit, print_problems, run, warn

LedgerOpt = Annotated[Path, typer.Option(
    "--ledger", metavar="<path>", help="What was paid from the funds: a workbook (sheet ledger or 支出明细), a "
    ".csv, YAML (entries:) or a folder of them; columns date 日期, voucher 凭证号, county 县, source 资金来源, "
    "item 支出科目, amount 金额, person_days 培训人天, professional 人员编号, note 摘要.")]


def spending(
    ctx: typer.Context,
    ledger: LedgerOpt,
    allocation: Annotated[Path | None, typer.Option(
        "--allocation", dir_okay=False, help="Budget the people placed in this file (with their months) instead "
        "of each post's quota; also checks that a line's professional was in post.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", help="Count the lines dated on or before this day (2022-12-31). "
        "Default: the latest date in the ledger.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any finding is an error (for scripts).")] = False,
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The funds against the budget: budget, accrued to date (序时进度), spent, remaining and rate, by
    source, item, county and quarter; and what the fund rules forbid, at its ledger line.

    Example: sanqu spending --ledger 支出明细.xlsx --as-of 2022-12-31
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    when = date_option(as_of, "--as-of")
    run(debug, lambda: _spending(counties=counties, ledger=ledger, allocation=allocation, as_of=when,
                                 strict=strict, fmt=format, output=output, lang=lang), lang)


def _spending(*, counties: Path | None, ledger: Path, allocation: Path | None, as_of, strict: bool, fmt,
              output: Path | None, lang: str) -> int:
    from ...loader import read_inputs
    from ...read.inputs import placements_of, read_allocation
    from ...read.ledger import read_ledger
    from ...render import renderer
    from ...render.spending import finding_line
    from ...year.spending import spending as run_spending

    inputs = checked(read_inputs(counties, need_agencies=False), lang)
    plan = inputs.checked_plan()
    placements = None
    if allocation is not None:
        placements = placements_of(read_allocation(allocation, plan, inputs.applicants, instance=inputs.instance))
    lines = read_ledger(ledger, plan)
    print_problems(lines.skipped, lang)
    result = run_spending(plan, lines, placements, as_of)
    chosen = pick_format(fmt, output)
    emit(renderer("spending", chosen.value)(result, lang), output,
         [inputs.plan_path, ledger] + ([allocation] if allocation else []), chosen, lang)
    if result.findings:  # one line each, as problems are: a national ledger may have thousands
        sys.stderr.write("".join(finding_line(f, lang) + "\n" for f in result.findings))
        warnings = len(result.findings) - result.errors
        warn(t(lang, "spend.found", errors=result.errors, warnings=warnings), lang)
    return 1 if strict and result.errors else 0
