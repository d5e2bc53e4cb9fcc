"""`sanqu apportion`: next year's places from this year's assessment (notice §4)."""

from __future__ import annotations

from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer

from ...i18n import Msg
from ..files import OutputError, write_atomic
from ..options import CountiesOpt, DebugOpt, FormatOpt, LangOpt, OutputOpt, QuietOpt, language, pick_format
from ..running import be_quiet, checked, emit, run, say


class ApportionMethod(str, Enum):  # the names of year.apportion.METHODS (a test keeps them the same)
    largest_remainder = "largest_remainder"
    dhondt = "dhondt"
    sainte_lague = "sainte_lague"
    huntington_hill = "huntington_hill"


def apportion(
    ctx: typer.Context,
    assessment: Annotated[Path, typer.Option(
        "--assessment", metavar="<path>", help="This year's assessment: one row per post (county, "
        "programme where needed, score 得分 and/or grade 等次, any numeric factor columns such as need 需求); "
        "a workbook, a .csv or YAML (assessments:).")],
    slots: Annotated[int | None, typer.Option(
        "--slots", min=1, metavar="N", help="How many places to distribute. Default: this year's total.")] = None,
    method: Annotated[ApportionMethod, typer.Option(
        "--method", "-m", help="largest_remainder (Hamilton, the default), dhondt (Jefferson), "
        "sainte_lague (Webster) or huntington_hill.")] = ApportionMethod.largest_remainder,
    minimum: Annotated[int, typer.Option(
        "--min", min=0, metavar="A", help="At least this many places per post (a post graded fail gets none).")] = 0,
    maximum: Annotated[int | None, typer.Option("--max", min=0, metavar="B",
                                                help="At most this many places per post. Default: N.")] = None,
    factor: Annotated[list[str] | None, typer.Option(
        "--factor", metavar="NAME=WEIGHT", help="A factor and its weight (因素法), repeatable: score=0.7 need=0.3; "
        "quota is this year's quota. Default: score=1 (quota=1 when the assessment has only grades).")] = None,
    grade: Annotated[list[str] | None, typer.Option(
        "--grade", metavar="GRADE=MULTIPLIER", help="A grade's multiplier of the share, repeatable. "
        "Default: excellent=1.2 good=1.0 pass=0.8 fail=0.")] = None,
    compare: Annotated[bool, typer.Option(
        "--compare", help="Show the four methods side by side on the same shares and bounds.")] = False,
    next_plan: Annotated[Path | None, typer.Option(
        "--next-plan", metavar="<file>", dir_okay=False,
        help="Write next year's plan with these quotas (as init --from); never over an existing file.")] = None,
    counties: CountiesOpt = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Next year's places from this year's assessment: shares by weighted factors, whole places by an
    apportionment method, within bounds.

    Example: sanqu apportion --assessment assessment.xlsx --slots 100 --min 2 -o places.xlsx
    """
    lang = language(lang, ctx)
    be_quiet(quiet)
    run(debug, lambda: _apportion(counties=counties, assessment=assessment, slots=slots, method=method.value,
                                  minimum=minimum, maximum=maximum, factors=factor or [], grades=grade or [],
                                  compare=compare, next_plan=next_plan, fmt=format, output=output, lang=lang), lang)


def _apportion(*, counties: Path | None, assessment: Path, slots: int | None, method: str, minimum: int,
               maximum: int | None, factors: list[str], grades: list[str], compare: bool, next_plan: Path | None,
               fmt, output: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...loader import read_inputs
    from ...read.assessment import read_assessment
    from ...render import renderer
    from ...year.apportion import apportion as run_apportion
    from ...year.apportion import compare as run_compare
    from ...year.rollover import next_plan_text

    inputs = checked(read_inputs(counties, need_agencies=False), lang)
    plan = inputs.checked_plan()
    assessed = read_assessment(assessment, plan)
    n = slots if slots is not None else sum(post.quota for _, _, post in plan.posts())
    weights, multipliers = _factors(factors, assessed), _grades(grades)
    result = run_apportion(plan, assessed, n, method, minimum=minimum, maximum=maximum, factors=weights,
                           grades=multipliers)
    chosen = pick_format(fmt, output)
    inputs_used = [inputs.plan_path, assessment]
    shown = run_compare(plan, assessed, n, minimum=minimum, maximum=maximum, factors=weights,
                        grades=multipliers) if compare else result
    emit(renderer("apportion", chosen.value)(shown, lang), output, inputs_used, chosen, lang)
    if next_plan is not None:
        if next_plan.exists():
            raise OutputError(Msg("cli.init_exists", {"path": next_plan}))
        write_atomic(next_plan, next_plan_text(inputs.plan_path, plan, result.quotas), inputs_used)
        say("apportion.wrote_plan", "", lang, style="green", path=next_plan, old=inputs.plan_path)
    return 0


def _pairs(values: list[str], refused: str) -> list[tuple[str, Fraction]]:
    """NAME=NUMBER options (--factor need=0.3, --grade excellent=1.2): a name and a number
    of 0 or more each, else the ``refused`` message naming the value."""
    from ...year.apportion import ApportionError

    out = []
    for value in values:
        name, _, number = value.partition("=")
        try:
            parsed = Fraction(number.strip())
        except (ValueError, ZeroDivisionError):
            parsed = Fraction(-1)
        if not name.strip() or parsed < 0:
            raise ApportionError(Msg(refused, {"value": value}))
        out.append((name.strip(), parsed))
    return out


def _factors(values: list[str], assessed) -> dict[str, Fraction] | None:
    from ...read.assessment import factor_key
    from ...year.apportion import ApportionError

    if not values:
        return None
    columns = {"score", "quota"} | {name for row in assessed.posts.values() for name in row.factors}
    out: dict[str, Fraction] = {}
    for name, weight in _pairs(values, "apportion.bad_factor"):
        key = factor_key(name)
        if key not in columns:
            raise ApportionError(Msg("apportion.unknown_factor", {"name": name, "columns": ", ".join(sorted(columns))}))
        out[key] = weight
    return out


def _grades(values: list[str]) -> dict[str, Fraction]:
    from ...i18n.terms import GRADES
    from ...year.apportion import ApportionError

    out: dict[str, Fraction] = {}
    for (name, multiplier), value in zip(_pairs(values, "apportion.bad_grade"), values, strict=True):
        grade = GRADES.get(name) or GRADES.get(name.lower())
        if grade is None:
            raise ApportionError(Msg("apportion.bad_grade", {"value": value}))
        out[grade] = multiplier
    return out
