"""A new plan's files: the commented templates, or last year's plan rolled over to the new
year (its counties, posts, funding and rules; the applicants start empty)."""

from __future__ import annotations

import calendar
import re
from importlib import resources
from pathlib import Path

from ..i18n import t
from ..plan.models import Plan
from ..read.inputs import load_plan
from ..read.sources import display_name
from ..read.text import read_text
from ..read.yamldoc import load_yaml

TEMPLATE_YEAR = 2025  # the year the templates are written for


def starting_texts(folder: Path, lang: str, start_from: Path | None) -> tuple[str, str]:
    """The plan and applicants files to write: the templates (with Chinese comments for
    zh), or last year's plan moved to the new year with no applicants yet."""
    templates = resources.files("sanqu") / "templates"
    if (templates / lang).is_dir():  # the comments in the user's language, where written
        templates = templates / lang
    named = re.search(r"(?<!\d)(20\d\d)(?!\d)", folder.resolve().name)
    if start_from is None:
        year = int(named.group(1)) if named else TEMPLATE_YEAR
        plan = _move_plan_block(templates.joinpath("counties.yaml").read_text(encoding="utf-8"),
                                TEMPLATE_YEAR, year)
        return plan, templates.joinpath("agencies.yaml").read_text(encoding="utf-8")
    old = load_plan(start_from)  # checked: a broken plan is reported, not copied
    year = int(named.group(1)) if named else old.plan.year + 1
    text = read_text(start_from, display_name(start_from))  # UTF-8, or UTF-16 as Notepad saves it
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
            lines[k] = re.sub(rf"(?<!\d){old}-(\d\d)-(\d\d)(?!\d)", lambda m: _moved_day(new, m), line)
            lines[k] = lines[k].replace(str(old), str(new))
    return "".join(lines)


def _moved_day(year: int, m: re.Match) -> str:
    """A date moved to ``year``, the same day of the same month; 29 February in a year
    without one becomes the 28th, the month's last day as it was."""
    month, day = int(m.group(1)), int(m.group(2))
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else day
    return f"{year}-{month:02d}-{min(day, last):02d}"


def next_plan_text(path: Path, plan: Plan, quotas: dict[tuple[str, str], int]) -> str:
    """Next year's plan file from this one (as ``init --from`` rolls it over), each post's
    quota replaced by ``quotas`` and the stated professionals by their sum; every comment,
    name and note of the file kept as written."""
    doc = load_yaml(path, str(path))
    text = read_text(path, display_name(path))
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, str]] = []  # (line, column) of a value, and the new text
    for i, prefecture in enumerate(plan.prefectures):
        for j, county in enumerate(prefecture.counties):
            for k, post in enumerate(county.posts):
                where = doc.where(("prefectures", i, "counties", j, "posts", k, "quota"))
                edits.append((*where, str(quotas[(county.code, post.programme.value)])))
    if plan.plan.stated is not None and plan.plan.stated.professionals is not None:
        edits.append((*doc.where(("plan", "stated", "professionals")), str(sum(quotas.values()))))
    for line, column, value in sorted(edits, reverse=True):  # from the end, so places hold
        row = lines[line - 1]
        lines[line - 1] = row[:column - 1] + re.sub(r"^\d+", value, row[column - 1:], count=1)
    text = re.sub(r"(?m)^[ \t]+(agencies_applied|professionals_applied):.*\n", "", "".join(lines))
    return _move_plan_block(text, plan.plan.year, plan.plan.year + 1)
