"""`sanqu validate`: check the plan and applicant files; every problem at once, sorted."""

from __future__ import annotations

from pathlib import Path

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
    run(debug, lambda: _validate(counties=counties, agencies=agencies, fmt=format, output=output, lang=lang), lang)


def _validate(*, counties: Path | None, agencies: Path | None, fmt: Format | None,
             output: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import validate as run_validate
    from ...render import renderer

    report = run_validate(counties, agencies)
    note_bundled(report.inputs, lang)
    note_read(report.inputs, lang)
    print_problems(report.problems, lang)
    chosen = pick_format(fmt, output)
    inputs = [report.inputs.plan_path, report.inputs.agencies_path]
    emit(renderer("validate", chosen.value)(report, lang), output, inputs, chosen, lang)
    return 0 if report.ok else 1
