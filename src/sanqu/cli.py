"""The command line: parse options, call the library, render, pick the exit code.

Exit codes: 0 success (warnings allowed), 1 invalid input or the job cannot be done,
2 wrong usage (typer/click), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Callable, Optional

import typer

from . import __version__

app = typer.Typer(
    name="sanqu",
    help="Plan, allocate and budget the Three Districts (三区) social work talent support plan.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class Method(str, Enum):
    fair = "fair"
    optimal = "optimal"
    stable = "stable"


class View(str, Enum):
    prefecture = "prefecture"
    county = "county"
    year = "year"
    agency = "agency"


_SUFFIX_FORMAT = {".json": Format.json, ".csv": Format.csv, ".md": Format.markdown,
                  ".markdown": Format.markdown, ".txt": Format.table, ".xlsx": Format.xlsx}

CountiesOpt = Annotated[Optional[Path], typer.Option(
    "--counties", help="The plan file. Default: data/counties.yaml here, else the bundled plan.",
    dir_okay=False)]
AgenciesOpt = Annotated[Optional[Path], typer.Option(
    "--agencies", help="The applicants: a YAML file, a workbook (.xlsx, .xls, .ods), a .csv "
    "file, or a folder of them (one per agency, merged). Default: data/agencies.yaml here, "
    "else the bundled pool.")]
FormatOpt = Annotated[Optional[Format], typer.Option(
    "--format", "-f", help="Output format: table, json, csv (UTF-8 with a BOM, for Excel), "
    "markdown, or xlsx (with -o FILE.xlsx). Default: from the -o file's extension, else table.")]
OutputOpt = Annotated[Optional[Path], typer.Option(
    "--output", "-o", help="Write the result to this file (atomically) instead of stdout.",
    dir_okay=False)]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the Python traceback of an error.")]
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", metavar="zh|en", help="Language of tables, reasons and messages: zh or en "
    "(any language in sanqu/locales). Default: the locale's (LANG=zh_CN.UTF-8 gives zh).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sanqu {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Plan, allocate and budget the Three Districts (三区) social work talent support plan."""


def _pick_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if fmt is not None:
        return fmt
    if output is not None:
        return _SUFFIX_FORMAT.get(output.suffix.lower(), Format.table)
    return Format.table


def _language(lang: Optional[str]) -> str:
    from .i18n import available, default_lang

    if lang is None:
        return default_lang()
    if lang not in available():
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(available())}",
                                 param_hint="'--lang'")
    return lang


def _print_problems(problems, lang: str = "en") -> None:
    if not problems:  # the common case: do not even load rich
        return
    from .render.text import plain
    from .output import make_console

    console = make_console(stderr=True)
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        console.print(plain(problem.line_text(lang)), style=style, markup=False, highlight=False,
                      soft_wrap=True)


def _note_bundled(inputs, lang: str) -> None:
    """One line on stderr when a command runs on the bundled sample rather than the user's files."""
    if not inputs.bundled:
        return
    from .i18n import t
    from .output import make_console

    names = [t(lang, "cli.bundled." + ("plan" if p.name.startswith("counties") else "agencies"))
             for p in inputs.bundled]
    folder = inputs.bundled[0].parent
    if inputs.agencies_path is None:  # budget: the plan alone
        line = t(lang, "cli.bundled_plan", path=folder)
    else:
        line = t(lang, "cli.bundled", what=" + ".join(names), path=folder)
    make_console(stderr=True).print(line, style="yellow", markup=False, highlight=False,
                                    soft_wrap=True)


def _say(key: str, message: str, lang: str = "en", style: str = "red") -> None:
    """An error or warning line on stderr."""
    from .render.text import plain
    from .i18n import t
    from .output import make_console

    make_console(stderr=True).print(plain(t(lang, key, message=message)), style=style, markup=False,
                                    highlight=False, soft_wrap=True)


def _fail(message: str, lang: str = "en") -> None:
    _say("cli.error", message, lang)


def _warn(message: str, lang: str = "en") -> None:
    _say("cli.warning", message, lang, style="yellow")


def _emit(rendered, output: Optional[Path], inputs: list[Path], fmt: "Format") -> None:
    """Send a rendering (text, bytes, or rich objects) to stdout or to the -o file."""
    from .output import OutputError, make_console, render_text, write_atomic

    if fmt is Format.csv:
        rendered = "\ufeff" + rendered  # a BOM, so that Excel and WPS read the Chinese right
    if isinstance(rendered, bytes):
        if output is None:
            raise OutputError("--format xlsx writes a workbook: give it a file with -o FILE.xlsx")
        write_atomic(output, rendered, inputs)
        return
    if output is not None:
        text = rendered if isinstance(rendered, str) else render_text(rendered)
        write_atomic(output, text, inputs)
        return
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
        sys.stdout.flush()
        return
    console = make_console()
    if not console.is_terminal:  # piped: plain text without trailing padding
        sys.stdout.write(render_text(rendered))
        sys.stdout.flush()
        return
    for item in rendered:
        console.print(item)


def _run(debug: bool, job: Callable[[], int], lang: str = "en") -> None:
    """Run a command body; turn every expected failure into a message and an exit code."""
    from .allocation import AllocationError
    from .output import OutputError
    from .problems import ProblemError

    debug = debug or bool(os.environ.get("SANQU_DEBUG"))
    try:
        code = job()
    except ProblemError as exc:
        if debug:
            raise
        _print_problems(exc.problems, lang)
        raise typer.Exit(1) from None
    except (AllocationError, OutputError) as exc:
        if debug:
            raise
        _fail(str(exc), lang)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        if debug:
            raise
        from .i18n import t
        _fail(t(lang, "cli.interrupted"), lang)
        raise typer.Exit(130) from None
    except typer.Exit:
        raise
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        from .i18n import t
        _fail(t(lang, "cli.internal", error=f"{type(exc).__name__}: {exc}"), lang)
        raise typer.Exit(1) from None
    raise typer.Exit(code)


@app.command()
def validate(
    counties: CountiesOpt = None,
    agencies: AgenciesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Check the plan and applicant files; report every problem at once, sorted.

    Example: sanqu validate --counties my/counties.yaml --agencies my/agencies.yaml
    """
    def job() -> int:
        from .render import RENDERERS
        from .validation import validate as run_validate

        report = run_validate(counties, agencies)
        _note_bundled(report.inputs, language)
        _print_problems(report.problems, language)
        fmt = _pick_format(format, output)
        inputs = [report.inputs.plan_path, report.inputs.agencies_path]
        _emit(RENDERERS["validate"][fmt.value](report, language), output, inputs, fmt)
        return 0 if report.ok else 1

    language = _language(lang)
    _run(debug, job, language)


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
    explain: Annotated[Optional[str], typer.Option(
        "--explain", metavar="ID", help="Explain where this professional went, or why nowhere.")] = None,
    keep: Annotated[Optional[Path], typer.Option(
        "--keep", metavar="FILE", dir_okay=False,
        help="Keep every placement of this allocation JSON (from `sanqu allocate --format json "
        "-o FILE`) except the withdrawn; fill the freed and empty slots from those not placed.")] = None,
    withdraw: Annotated[Optional[list[str]], typer.Option(
        "--withdraw", metavar="ID", help="With --keep: a professional who leaves (repeat it, or "
        "separate ids with commas). Never placed again.")] = None,
    effective: Annotated[Optional[str], typer.Option(
        "--effective", metavar="DATE", help="With --keep: when the change takes effect, the first "
        "day of a month inside the service period (default: the plan's service_start).")] = None,
    time_limit: Annotated[Optional[float], typer.Option(
        "--time-limit", min=0.01, metavar="SECONDS",
        help="Stop the integer solver after this long; the result is then flagged not proven optimal.")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 1 when any slot is left empty.")] = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Decide who goes where: fill the posts from the applicants.

    Example: sanqu allocate --format json -o allocation.json
    """
    def job() -> int:
        from .allocation import allocate as run_allocate
        from .render import RENDERERS
        from .load import read_inputs
        from .problems import ProblemError

        inputs = read_inputs(counties, agencies)
        _note_bundled(inputs, language)
        if inputs.errors:
            raise ProblemError(inputs.problems)
        _print_problems(inputs.problems, language)
        fmt = _pick_format(format, output)
        paths = [inputs.plan_path, inputs.agencies_path]
        if compare:
            from .comparison import compare as run_compare
            comparison = run_compare(inputs.plan, inputs.applicants, time_limit)
            _emit(RENDERERS["compare"][fmt.value](comparison, language), output, paths, fmt)
            return 0
        if keep is not None:
            from .keeping import keep as run_keep
            from .load import read_allocation

            previous = read_allocation(keep, inputs.plan)
            paths.append(keep)
            result = run_keep(inputs.plan, inputs.applicants, previous, withdrawn,
                              when, method.value, time_limit)
        else:
            result = run_allocate(inputs.plan, inputs.applicants, method.value, time_limit,
                                  instance=inputs.instance)
        if explain is not None:
            from .explanation import explain as run_explain
            explanation = run_explain(result, explain)
            _emit(RENDERERS["explain"][fmt.value](explanation, language), output, paths, fmt)
            return 0
        _emit(RENDERERS["allocate"][fmt.value](result, language), output, paths, fmt)
        if not result.proven_optimal:
            _warn(t(language, "cli.not_proven", status=result.status), language)
        if result.shortfalls:
            message = t(language, "cli.empty_slots", empty=sum(n for _, n, _ in result.shortfalls),
                        posts=len(result.shortfalls))
            if strict:
                _fail(message + " (--strict)", language)
                return 1
            _warn(message, language)
        return 0

    from .i18n import t
    language = _language(lang)
    withdrawn = [part.strip() for item in withdraw or () for part in item.split(",") if part.strip()]
    when = _date_option(effective, "--effective")
    if keep is None and (withdrawn or when is not None):
        raise typer.BadParameter("needs --keep FILE: the allocation to change",
                                 param_hint="'--withdraw' / '--effective'")
    if keep is not None and compare:
        raise typer.BadParameter("cannot be used with --keep", param_hint="'--compare'")
    _run(debug, job, language)


def _date_option(value: Optional[str], name: str):
    """An ISO date option (2022-10-01), or a usage error that says so."""
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2022-10-01",
                                 param_hint=f"'{name}'") from None


@app.command()
def budget(
    counties: CountiesOpt = None,
    allocation: Annotated[Optional[Path], typer.Option(
        "--allocation", help="Budget the people placed in this file (from `sanqu allocate "
        "--format json -o FILE`) instead of each post's quota; adds a breakdown by agency.",
        dir_okay=False)] = None,
    by: Annotated[Optional[View], typer.Option(
        "--by", help="Which breakdown the table, markdown and CSV show: prefecture, county, "
        "year or agency. Default: prefecture (CSV: county).")] = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What the plan costs: central and local funds, training, by place and fiscal year.

    Example: sanqu budget --by year
    """
    def job() -> int:
        from .budgeting import budget as run_budget
        from .render import RENDERERS
        from .load import load_allocation, read_inputs
        from .problems import ProblemError

        inputs = read_inputs(counties, need_agencies=False)
        _note_bundled(inputs, language)
        if inputs.errors:
            raise ProblemError(inputs.problems)
        _print_problems(inputs.problems, language)
        placements = load_allocation(allocation, inputs.plan) if allocation is not None else None
        result = run_budget(inputs.plan, placements)
        fmt = _pick_format(format, output)
        view = by.value if by is not None else ("county" if fmt is Format.csv else "prefecture")
        if view == "agency" and result.by_agency is None:
            _fail(t(language, "cli.agency_view"), language)
            return 1
        rendered = RENDERERS["budget"][fmt.value](result, language, view)
        _emit(rendered, output, [inputs.plan_path] + ([allocation] if allocation else []), fmt)
        return 0

    from .i18n import t
    language = _language(lang)
    _run(debug, job, language)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The allocation JSON (or plan file) before.",
                                        dir_okay=False)],
    new: Annotated[Path, typer.Argument(help="The allocation JSON (or plan file) after.",
                                        dir_okay=False)],
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """What changed between two allocations of one plan (or two plan files), and its cost.

    Laid out as the adjustment request (调整申请) the province approves: who left, came or
    moved, from which date; the budget before, after and the change, by source and year.
    Example: sanqu diff allocation.json allocation-october.json -o request.xlsx --lang zh
    """
    def job() -> int:
        from .diffing import diff_allocations, diff_plans
        from .render import RENDERERS
        from .load import load_plan, read_allocation, read_inputs
        from .problems import ProblemError
        from .yamlfile import load_yaml

        first = load_yaml(old, str(old)).data
        if isinstance(first, dict) and "prefectures" in first:  # two plan files
            result = diff_plans(load_plan(old), load_plan(new))
            inputs_used = [old, new]
        else:
            inputs = read_inputs(counties, need_agencies=False)
            _note_bundled(inputs, language)
            if inputs.errors:
                raise ProblemError(inputs.problems)
            result = diff_allocations(inputs.plan, read_allocation(old, inputs.plan),
                                      read_allocation(new, inputs.plan))
            inputs_used = [inputs.plan_path, old, new]
        fmt = _pick_format(format, output)
        _emit(RENDERERS["diff"][fmt.value](result, language), output, inputs_used, fmt)
        return 0

    language = _language(lang)
    _run(debug, job, language)


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
    def job() -> int:
        from .load import load_plan, resolve

        _write_registration(path, load_plan(resolve(counties, None, need_agencies=False).plan_path),
                            language)
        return 0

    language = _language(lang)
    _run(debug, job, language)


def _write_registration(path: Path, plan, language: str) -> None:
    from .i18n import t
    from .output import OutputError, write_atomic
    from .registration import registration_workbook

    if path.suffix.lower() != ".xlsx":
        raise OutputError(t(language, "cli.template_suffix", path=path))
    if path.exists():
        raise OutputError(t(language, "cli.init_exists", path=path))
    write_atomic(path, registration_workbook(plan))
    _say("cli.wrote", str(path), language, style="green")


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to start the new plan; created if missing.",
                                           file_okay=False)] = Path("."),
    xlsx: Annotated[bool, typer.Option(
        "--xlsx", help="Also write FOLDER/registration.xlsx, the workbook agencies fill in.")] = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Start a new plan: write commented template files FOLDER/data/counties.yaml and agencies.yaml.

    They validate as they are; edit them for your province and year.
    Example: sanqu init yunnan-2025 && cd yunnan-2025 && sanqu validate
    """
    def job() -> int:
        from importlib import resources

        from .i18n import t
        from .output import OutputError, write_atomic

        data = folder / "data"
        targets = [data / "counties.yaml", data / "agencies.yaml"]
        for target in targets:
            if target.exists():
                raise OutputError(t(language, "cli.init_exists", path=target))
        try:
            data.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{data}: {exc.strerror or exc}") from None
        templates = resources.files("sanqu") / "templates"
        if xlsx and (folder / "registration.xlsx").exists():
            raise OutputError(t(language, "cli.init_exists", path=folder / "registration.xlsx"))
        for target in targets:
            write_atomic(target, (templates / target.name).read_text(encoding="utf-8"))
        if xlsx:
            from .load import load_plan

            _write_registration(folder / "registration.xlsx", load_plan(targets[0]), language)
        typer.echo(t(language, "cli.init_done", counties=targets[0], agencies=targets[1],
                     folder=folder))
        return 0

    language = _language(lang)
    _run(debug, job, language)


def main() -> None:
    """Entry point of the ``sanqu`` console script."""
    app(prog_name="sanqu")
