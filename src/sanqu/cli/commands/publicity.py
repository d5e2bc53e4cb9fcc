"""`sanqu publicity`: the public list of those selected (公示), to publish before the agreements."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..files import write_atomic
from ..options import (
    CountiesOpt,
    DebugOpt,
    Format,
    FormatOpt,
    LangOpt,
    OutputOpt,
    QuietOpt,
    date_option,
    language,
    pick_format,
)
from ..running import be_quiet, checked, emit, run, say, warn


def publicity(
    ctx: typer.Context,
    allocation: Annotated[Path, typer.Option(
        "--allocation", metavar="<file>", dir_okay=False,
        help="The allocation to publish (from `sanqu allocate --format json -o FILE`).")],
    start: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="The first day of the notice (default: today).")] = None,
    days: Annotated[int, typer.Option(
        "--days", min=1, max=60, help="Working days the notice stays up (State Council holidays skipped).")] = 5,
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """The public list of those selected (拟选派人员名单公示): numbered, with the period to object.

    As a Word document (-o 公示.docx), a workbook (.xlsx), Markdown, or a table. Never an
    identity number, a phone or a score.
    Example: sanqu publicity --allocation allocation.json --from 2022-07-20 -o 公示.docx --lang zh
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    when = date_option(start, "--from")
    run(debug, lambda: _publicity(allocation=allocation, start=when, days=days, counties=counties, fmt=format,
                                  output=output, lang=lang), lang)


def _publicity(*, allocation: Path, start, days: int, counties: Path | None, fmt, output: Path | None,
               lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    import datetime as dt

    from ...loader import read_inputs
    from ...read.inputs import read_allocation
    from ...render import renderer
    from ...year.documents import publicity as make

    inputs = checked(read_inputs(counties, need_agencies=False), lang)
    plan = inputs.checked_plan()
    record = read_allocation(allocation, plan)
    result = make(plan, record, start or dt.date.today(), days)
    if result.warning is not None:
        warn(result.warning.render(lang), lang)
    chosen = _format(fmt, output)
    used = [inputs.plan_path, allocation]
    if chosen == "docx":  # a Word document, written as a workbook is: atomically, never over an input
        assert output is not None
        write_atomic(output, renderer("documents", "docx")(result, lang), used)
        say("cli.wrote", str(output), lang, style="green")
        return 0
    emit(renderer("documents", chosen)(result, lang), output, used, Format(chosen), lang)
    return 0


def _format(fmt, output: Path | None) -> str:
    """docx by the -o file's extension (the format these offices use), else the usual choice."""
    if fmt is None and output is not None and output.suffix.lower() == ".docx":
        return "docx"
    return pick_format(fmt, output).value

