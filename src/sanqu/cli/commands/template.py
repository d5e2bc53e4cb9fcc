"""`sanqu template`: the registration workbook agencies fill in, one row per applicant."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ...i18n import Msg
from ..files import OutputError, write_atomic
from ..options import CountiesOpt, DebugOpt, LangOpt, language
from ..running import run, say

if TYPE_CHECKING:
    from ...plan.models import Plan


def template(
    ctx: typer.Context,
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
    lang = language(lang, ctx)
    run(debug, lambda: _template(path=path, counties=counties, lang=lang), lang)


def _template(*, path: Path, counties: Path | None, lang: str) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...read.inputs import load_plan
    from ...read.sources import resolve

    write_registration(path, load_plan(resolve(counties, None, need_agencies=False).plan_path), lang)
    return 0


def write_registration(path: Path, plan: Plan, lang: str) -> None:
    """The registration workbook at ``path``, never over an existing file."""
    from ...render.registration import registration_workbook  # only when one is written

    if path.suffix.lower() != ".xlsx":
        raise OutputError(Msg("cli.template_suffix", {"path": path}))
    if path.exists():
        raise OutputError(Msg("cli.init_exists", {"path": path}))
    write_atomic(path, registration_workbook(plan))
    say("cli.wrote", str(path), lang, style="green")
