"""What each command does: load, call the library, render, say what happened; an exit code.

The command-line layer (``cli/__init__.py``) imports this module only when a command
runs, so that ``--help`` never loads pydantic, rich or SciPy.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Optional

import typer

from ..allocation import allocate as run_allocate
from ..budgeting import budget as run_budget
from ..comparison import compare as run_compare
from ..diffing import diff_allocations, diff_plans
from ..explanation import explain as run_explain
from ..i18n import t
from ..keeping import keep as run_keep
from ..load import Inputs, load_allocation, load_plan, read_allocation, read_inputs
from ..models import Plan
from ..output import OutputError, write_atomic
from ..problems import ProblemError
from ..registration import registration_workbook
from ..render import RENDERERS
from ..sources import resolve
from ..validation import validate as run_validate
from ..yamlfile import load_yaml
from .options import Format, Method, View, pick_format
from .running import emit, fail, note_bundled, print_problems, say, warn


def _checked(inputs: Inputs, lang: str) -> Inputs:
    """Inputs that may be used: the bundled note and warnings shown, errors raised."""
    note_bundled(inputs, lang)
    if inputs.errors:
        raise ProblemError(inputs.problems)
    print_problems(inputs.problems, lang)
    return inputs


def validate(counties: Optional[Path], agencies: Optional[Path], fmt: Optional[Format],
             output: Optional[Path], lang: str) -> int:
    report = run_validate(counties, agencies)
    note_bundled(report.inputs, lang)
    print_problems(report.problems, lang)
    chosen = pick_format(fmt, output)
    inputs = [report.inputs.plan_path, report.inputs.agencies_path]
    emit(RENDERERS["validate"][chosen.value](report, lang), output, inputs, chosen)
    return 0 if report.ok else 1


def allocate(counties: Optional[Path], agencies: Optional[Path], method: Method, compare: bool,
             fmt: Optional[Format], output: Optional[Path], explain: Optional[str],
             keep: Optional[Path], withdrawn: list[str], when: Optional[dt.date],
             time_limit: Optional[float], strict: bool, lang: str) -> int:
    inputs = _checked(read_inputs(counties, agencies), lang)
    chosen = pick_format(fmt, output)
    paths: list[Path | None] = [inputs.plan_path, inputs.agencies_path]
    if compare:
        comparison = run_compare(inputs.plan, inputs.applicants, time_limit)
        emit(RENDERERS["compare"][chosen.value](comparison, lang), output, paths, chosen)
        return 0
    if keep is not None:
        previous = read_allocation(keep, inputs.plan)
        paths.append(keep)
        result = run_keep(inputs.plan, inputs.applicants, previous, withdrawn, when,
                          method.value, time_limit)
    else:
        result = run_allocate(inputs.plan, inputs.applicants, method.value, time_limit,
                              instance=inputs.instance)
    if explain is not None:
        explanation = run_explain(result, explain)
        emit(RENDERERS["explain"][chosen.value](explanation, lang), output, paths, chosen)
        return 0
    emit(RENDERERS["allocate"][chosen.value](result, lang), output, paths, chosen)
    if not result.proven_optimal:
        warn(t(lang, "cli.not_proven", status=result.status), lang)
    if result.shortfalls:
        message = t(lang, "cli.empty_slots", empty=sum(n for _, n, _ in result.shortfalls),
                    posts=len(result.shortfalls))
        if strict:
            fail(message + " (--strict)", lang)
            return 1
        warn(message, lang)
    return 0


def budget(counties: Optional[Path], allocation: Optional[Path], by: Optional[View],
           fmt: Optional[Format], output: Optional[Path], lang: str) -> int:
    inputs = _checked(read_inputs(counties, need_agencies=False), lang)
    placements = load_allocation(allocation, inputs.plan) if allocation is not None else None
    result = run_budget(inputs.plan, placements)
    chosen = pick_format(fmt, output)
    view = by.value if by is not None else ("county" if chosen is Format.csv else "prefecture")
    if view == "agency" and result.by_agency is None:
        fail(t(lang, "cli.agency_view"), lang)
        return 1
    rendered = RENDERERS["budget"][chosen.value](result, lang, view)
    emit(rendered, output, [inputs.plan_path] + ([allocation] if allocation else []), chosen)
    return 0


def diff(old: Path, new: Path, counties: Optional[Path], fmt: Optional[Format],
         output: Optional[Path], lang: str) -> int:
    first = load_yaml(old, str(old)).data
    if isinstance(first, dict) and "prefectures" in first:  # two plan files
        result = diff_plans(load_plan(old), load_plan(new))
        used = [old, new]
    else:
        inputs = _checked(read_inputs(counties, need_agencies=False), lang)
        result = diff_allocations(inputs.plan, read_allocation(old, inputs.plan),
                                  read_allocation(new, inputs.plan))
        used = [inputs.plan_path, old, new]
    chosen = pick_format(fmt, output)
    emit(RENDERERS["diff"][chosen.value](result, lang), output, used, chosen)
    return 0


def template(path: Path, counties: Optional[Path], lang: str) -> int:
    write_registration(path, load_plan(resolve(counties, None, need_agencies=False).plan_path), lang)
    return 0


def write_registration(path: Path, plan: Plan, lang: str) -> None:
    """The registration workbook at ``path``, never over an existing file."""
    if path.suffix.lower() != ".xlsx":
        raise OutputError(t(lang, "cli.template_suffix", path=path))
    if path.exists():
        raise OutputError(t(lang, "cli.init_exists", path=path))
    write_atomic(path, registration_workbook(plan))
    say("cli.wrote", str(path), lang, style="green")


def init(folder: Path, xlsx: bool, lang: str) -> int:
    data = folder / "data"
    targets = [data / "counties.yaml", data / "agencies.yaml"]
    for target in [*targets, *([folder / "registration.xlsx"] if xlsx else [])]:
        if target.exists():
            raise OutputError(t(lang, "cli.init_exists", path=target))
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{data}: {exc.strerror or exc}") from None
    templates = resources.files("sanqu") / "templates"
    for target in targets:
        write_atomic(target, (templates / target.name).read_text(encoding="utf-8"))
    if xlsx:
        write_registration(folder / "registration.xlsx", load_plan(targets[0]), lang)
    typer.echo(t(lang, "cli.init_done", counties=targets[0], agencies=targets[1], folder=folder))
    return 0
