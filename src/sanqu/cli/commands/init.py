"""`sanqu init`: a new plan's commented files, or last year's plan rolled over (``year/rollover.py``)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Annotated

import typer

from ...i18n import Msg, t
from ..files import OutputError, write_atomic
from ..options import DebugOpt, LangOpt, language
from ..running import run
from .template import write_registration


def init(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Where to start the new plan; created if missing.",
                                           file_okay=False)] = Path("."),
    xlsx: Annotated[bool, typer.Option(
        "--xlsx", help="Also write FOLDER/registration.xlsx, the workbook agencies fill in.")] = False,
    start_from: Annotated[Path | None, typer.Option(
        "--from", metavar="<file>", help="Start from this plan (last year's): its counties, posts, funding "
        "and rules, moved to the new year; the applicants start empty.")] = None,
    sample_ledger: Annotated[bool, typer.Option(
        "--sample-ledger", help="Also write FOLDER/sample-ledger.csv, a sample spending ledger (marked as one, "
        "never read unless given to --ledger) to try sanqu spending on.")] = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Start a new plan: write commented template files FOLDER/data/counties.yaml and agencies.yaml.

    They validate as they are; edit them for your province and year. A year in the
    folder's name (yunnan-2026) is the plan's year; --lang zh writes Chinese comments.
    Example: sanqu init yunnan-2025 && cd yunnan-2025 && sanqu validate
    """
    lang = language(lang, ctx)
    run(debug, lambda: _init(folder=folder, xlsx=xlsx, lang=lang, start_from=start_from,
                             sample_ledger=sample_ledger), lang)


def _init(*, folder: Path, xlsx: bool, lang: str, start_from: Path | None = None, sample_ledger: bool = False) -> int:
    # The library loads only when the command runs: --help needs none of it.
    from ...read.inputs import load_plan
    from ...year.rollover import starting_texts

    data = folder / "data"
    targets = [data / "counties.yaml", data / "agencies.yaml"]
    texts = starting_texts(folder, lang, start_from)
    ledger = folder / "sample-ledger.csv"
    try:  # a name too long for the file system fails here, before anything is written
        for target in [*targets, *([folder / "registration.xlsx"] if xlsx else []),
                       *([ledger] if sample_ledger else [])]:
            if target.exists():
                raise OutputError(Msg("cli.init_exists", {"path": target}))
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(Msg("out.cannot", {"path": data, "why": exc.strerror or exc})) from None
    for target, text in zip(targets, texts, strict=True):
        write_atomic(target, text)
    if xlsx:
        write_registration(folder / "registration.xlsx", load_plan(targets[0]), lang)
    if sample_ledger:
        from ...year.spending import sample_ledger as make_sample

        write_atomic(ledger, "\ufeff" + make_sample(load_plan(targets[0])))
        typer.echo(t(lang, "cli.init_ledger", path=ledger))
    typer.echo(t(lang, "cli.init_done", counties=targets[0], agencies=targets[1], folder=_shell_word(folder)))
    return 0


def _shell_word(path: Path) -> str:
    """The folder as the hint's `cd` takes it in the user's shell: quoted where it has a space
    or another character the shell would read (cmd.exe's double quotes on Windows)."""
    if os.name == "nt":
        return subprocess.list2cmdline([str(path)])
    return shlex.quote(str(path))
