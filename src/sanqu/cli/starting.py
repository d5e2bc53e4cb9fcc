"""What ``sanqu template`` and ``sanqu init`` do: files to start a plan and to collect applicants."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from ..i18n import Msg, t
from ..load import load_plan
from ..models import Plan
from ..output import OutputError, write_atomic
from ..registration import registration_workbook
from ..sources import resolve
from .running import say


def template(path: Path, counties: Path | None, lang: str) -> int:
    write_registration(path, load_plan(resolve(counties, None, need_agencies=False).plan_path), lang)
    return 0


def write_registration(path: Path, plan: Plan, lang: str) -> None:
    """The registration workbook at ``path``, never over an existing file."""
    if path.suffix.lower() != ".xlsx":
        raise OutputError(Msg("cli.template_suffix", {"path": path}))
    if path.exists():
        raise OutputError(Msg("cli.init_exists", {"path": path}))
    write_atomic(path, registration_workbook(plan))
    say("cli.wrote", str(path), lang, style="green")


def init(folder: Path, xlsx: bool, lang: str) -> int:
    data = folder / "data"
    targets = [data / "counties.yaml", data / "agencies.yaml"]
    for target in [*targets, *([folder / "registration.xlsx"] if xlsx else [])]:
        if target.exists():
            raise OutputError(Msg("cli.init_exists", {"path": target}))
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
