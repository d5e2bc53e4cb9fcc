"""The command line: options, help and usage errors; the work itself is in ``jobs.py``.

Exit codes: 0 success (warnings allowed), 1 invalid input or the job cannot be done,
2 wrong usage (typer/click), 130 interrupted.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..i18n import default_lang
from .options import (
    AgenciesOpt,
    CountiesOpt,
    DebugOpt,
    FormatOpt,
    LangOpt,
    Method,
    OutputOpt,
    QuietOpt,
    View,
    date_option,
    ids_option,
    language,
)
from .running import be_quiet, run

app = typer.Typer(
    name="sanqu",
    help="Plan, allocate and budget the Three Districts (三区) social work talent support plan.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _job(module: str):
    # Deliberately lazy: each command loads only its own work (cli/<module>.py) and the
    # library it needs; --help loads none of it (no pydantic, rich, NumPy or SciPy).
    return import_module(f".{module}", __name__)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sanqu {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    lang: LangOpt = None,  # read before parsing (main): `sanqu --lang zh --help` is in Chinese
) -> None:
    """Plan, allocate and budget the Three Districts (三区) social work talent support plan."""


@app.command()
def validate(
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
    lang = language(lang)
    be_quiet(quiet)
    run(debug, lambda: _job("jobs").validate(counties, agencies, format, output, lang), lang)


@app.command()
def allocate(
    counties: CountiesOpt = None,
    agencies: AgenciesOpt = None,
    method: Annotated[Method, typer.Option("--method", "-m", help="fair (most slots filled, then "
                      "the fewest blocking pairs, then score; proven), optimal (most slots, then "
                      "score; proven) or stable (deferred acceptance).")] = Method.fair,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Run optimal, fair and stable on the same input and show them side "
        "by side: slots filled, score total, blocking pairs, first choices, unplaced.")] = False,
    format: FormatOpt = None,
    output: OutputOpt = None,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="ID", help="Explain where this professional went, or why nowhere.")] = None,
    keep: Annotated[Path | None, typer.Option(
        "--keep", metavar="FILE", dir_okay=False,
        help="Keep every placement of this allocation JSON (from `sanqu allocate --format json "
        "-o FILE`) except the withdrawn; fill the freed and empty slots from those not placed.")] = None,
    withdraw: Annotated[list[str] | None, typer.Option(
        "--withdraw", metavar="ID", help="With --keep: a professional who leaves (repeat it, or "
        "separate ids with commas). Never placed again.")] = None,
    effective: Annotated[str | None, typer.Option(
        "--effective", metavar="DATE", help="With --keep: when the change takes effect, the first "
        "day of a month inside the service period (default: the plan's service_start).")] = None,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", min=0.01, metavar="SECONDS",
        help="Stop the integer solver after this long; the result is then flagged not proven optimal.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any slot is left empty.")] = False,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Decide who goes where: fill the posts from the applicants.

    Example: sanqu allocate --format json -o allocation.json
    """
    lang = language(lang)
    be_quiet(quiet)
    withdrawn = ids_option(withdraw)
    when = date_option(effective, "--effective")
    if keep is None and (withdrawn or when is not None):
        raise typer.BadParameter("needs --keep FILE: the allocation to change",
                                 param_hint="'--withdraw' / '--effective'")
    if keep is not None and compare:
        raise typer.BadParameter("cannot be used with --keep", param_hint="'--compare'")
    run(debug, lambda: _job("allocating").allocate(counties, agencies, method, compare, format, output, explain,
                                        keep, withdrawn, when, time_limit, strict, lang), lang)


@app.command()
def budget(
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
        "year or agency. Default: prefecture (CSV: county).")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What the plan costs: central and local funds, training, by place and fiscal year.

    Example: sanqu budget --by year
    """
    lang = language(lang)
    be_quiet(quiet)
    run(debug, lambda: _job("jobs").budget(counties, allocation, agencies, by, format, output, lang), lang)


@app.command()
def diff(
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
    lang = language(lang)
    be_quiet(quiet)
    run(debug, lambda: _job("changes").diff(old, new, counties, format, output, lang), lang)


@app.command()
def template(
    path: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx); never overwritten.",
                                         dir_okay=False)] = Path("registration.xlsx"),
    counties: CountiesOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Write the registration workbook agencies fill in: one row per applicant.

    Chinese headers with the English key below, drop-down lists for qualification and
    programme, a sheet of the plan's counties, and instructions. Send it to the agencies,
    collect their files in a folder, then: sanqu validate --agencies FOLDER
    Example: sanqu template registration.xlsx --counties data/counties.yaml
    """
    lang = language(lang)
    run(debug, lambda: _job("starting").template(path, counties, lang), lang)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to start the new plan; created if missing.",
                                           file_okay=False)] = Path("."),
    xlsx: Annotated[bool, typer.Option(
        "--xlsx", help="Also write FOLDER/registration.xlsx, the workbook agencies fill in.")] = False,
    start_from: Annotated[Path | None, typer.Option(
        "--from", metavar="<file>", help="Start from this plan (last year's): its counties, posts, funding "
        "and rules, moved to the new year; the applicants start empty.")] = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Start a new plan: write commented template files FOLDER/data/counties.yaml and agencies.yaml.

    They validate as they are; edit them for your province and year. A year in the
    folder's name (yunnan-2026) is the plan's year; --lang zh writes Chinese comments.
    Example: sanqu init yunnan-2025 && cd yunnan-2025 && sanqu validate
    """
    lang = language(lang)
    run(debug, lambda: _job("starting").init(folder, xlsx, lang, start_from), lang)


def main() -> None:
    """Entry point of the ``sanqu`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese (or an ASCII pipe) gets escapes, not a crash.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = typer.main.get_command(app)
    if _asked_language(sys.argv[1:]) == "zh":
        from .chinese import translate  # only for Chinese: English needs none of it

        translate(command)
    command(prog_name="sanqu")


def _asked_language(args: list[str]) -> str:
    """--lang as given on the command line (read before click parses it, so that the help
    and usage errors come in that language too); else the locale's."""
    for k, arg in enumerate(args):
        if arg == "--lang" and k + 1 < len(args):
            return args[k + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return default_lang()
