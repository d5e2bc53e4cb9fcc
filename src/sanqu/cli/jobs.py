"""What each command does: load, call the library, render, say what happened; an exit code.

The command-line layer (``cli/__init__.py``) imports this module only when a command
runs, so that ``--help`` never loads pydantic or rich; ``allocating.py`` holds the
allocate command, the only one that needs NumPy and SciPy.
"""

from __future__ import annotations

from pathlib import Path

from ..allocfile import agency_names_of
from ..budgeting import budget as run_budget
from ..i18n import t
from ..load import Inputs, placements_of, read_allocation, read_inputs
from ..render import renderer
from ..validation import validate as run_validate
from .options import Format, View, pick_format
from .running import emit, fail, note_bundled, print_problems, warn


def checked(inputs: Inputs, lang: str) -> Inputs:
    """Inputs that may be used: the bundled note and the warnings shown, errors raised."""
    note_bundled(inputs, lang)
    inputs.checked_plan()  # raises ProblemError with every problem when any is an error
    print_problems(inputs.problems, lang)
    return inputs


def validate(counties: Path | None, agencies: Path | None, fmt: Format | None,
             output: Path | None, lang: str) -> int:
    report = run_validate(counties, agencies)
    note_bundled(report.inputs, lang)
    print_problems(report.problems, lang)
    chosen = pick_format(fmt, output)
    inputs = [report.inputs.plan_path, report.inputs.agencies_path]
    emit(renderer("validate", chosen.value)(report, lang), output, inputs, chosen, lang)
    return 0 if report.ok else 1


def budget(counties: Path | None, allocation: Path | None, agencies: Path | None, by: View | None,
           fmt: Format | None, output: Path | None, lang: str) -> int:
    inputs = checked(read_inputs(counties, agencies, need_agencies=agencies is not None), lang)
    plan = inputs.checked_plan()
    placements = names = None
    if allocation is not None:
        record = read_allocation(allocation, plan, inputs.applicants)
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
