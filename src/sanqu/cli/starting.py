"""What ``sanqu template`` and ``sanqu init`` do: files to start a plan and to collect applicants."""

from __future__ import annotations

import re
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


TEMPLATE_YEAR = 2025  # the year the templates are written for


def _starting_texts(folder: Path, lang: str, start_from: Path | None) -> tuple[str, str]:
    """The plan and applicants files to write: the templates (with Chinese comments for
    zh), or last year's plan moved to the new year with no applicants yet."""
    templates = resources.files("sanqu") / "templates"
    if lang == "zh" and (templates / "zh").is_dir():
        templates = templates / "zh"
    named = re.search(r"(?<!\d)(20\d\d)(?!\d)", folder.resolve().name)
    if start_from is None:
        year = int(named.group(1)) if named else TEMPLATE_YEAR
        plan = _move_plan_block(templates.joinpath("counties.yaml").read_text(encoding="utf-8"),
                                TEMPLATE_YEAR, year)
        return plan, templates.joinpath("agencies.yaml").read_text(encoding="utf-8")
    old = load_plan(start_from)  # checked: a broken plan is reported, not copied
    year = int(named.group(1)) if named else old.plan.year + 1
    text = start_from.read_text(encoding="utf-8-sig")
    # Last year's applicant counts are not this year's: the notice will state new ones.
    text = re.sub(r"(?m)^[ \t]+(agencies_applied|professionals_applied):.*\n", "", text)
    return _move_plan_block(text, old.plan.year, year), t(lang, "init.no_applicants")


def _move_plan_block(text: str, old: int, new: int) -> str:
    """The year moved in the plan: block only (id, titles, year, dates); county codes
    and everything below it are left alone, whatever digits they hold."""
    lines = text.splitlines(keepends=True)
    inside = False
    for k, line in enumerate(lines):
        if re.match(r"^plan\s*:", line):
            inside = True
        elif re.match(r"^\S", line) and not line.startswith("#"):
            inside = False
        if inside:
            lines[k] = line.replace(str(old), str(new))
    return "".join(lines)


def init(folder: Path, xlsx: bool, lang: str, start_from: Path | None = None) -> int:
    data = folder / "data"
    targets = [data / "counties.yaml", data / "agencies.yaml"]
    texts = _starting_texts(folder, lang, start_from)
    for target in [*targets, *([folder / "registration.xlsx"] if xlsx else [])]:
        if target.exists():
            raise OutputError(Msg("cli.init_exists", {"path": target}))
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{data}: {exc.strerror or exc}") from None
    for target, text in zip(targets, texts, strict=True):
        write_atomic(target, text)
    if xlsx:
        write_registration(folder / "registration.xlsx", load_plan(targets[0]), lang)
    typer.echo(t(lang, "cli.init_done", counties=targets[0], agencies=targets[1], folder=folder))
    return 0
