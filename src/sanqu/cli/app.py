"""The typer application and its root options; each command adds itself from ``commands/``."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from .options import LangOpt

app = typer.Typer(
    name="sanqu",
    help="Plan, allocate and budget the Three Districts (三区) social work talent support plan.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


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
