"""The options the commands share, and how their values are read."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import available, default_lang
from ..plan.values import FIRST_DAY, LAST_DAY


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


class Method(str, Enum):  # the names of allocation.METHODS (a test keeps them the same)
    fair = "fair"
    optimal = "optimal"
    stable = "stable"


class View(str, Enum):
    prefecture = "prefecture"
    county = "county"
    year = "year"
    quarter = "quarter"
    month = "month"
    agency = "agency"


SUFFIX_FORMAT = {".json": Format.json, ".csv": Format.csv, ".md": Format.markdown,
                 ".markdown": Format.markdown, ".txt": Format.table, ".xlsx": Format.xlsx}

CountiesOpt = Annotated[Path | None, typer.Option(
    "--counties", help="The plan file. Default: data/counties.yaml here, else the bundled plan.",
    dir_okay=False)]
AgenciesOpt = Annotated[Path | None, typer.Option(
    "--agencies", help="The applicants: a YAML file, a workbook (.xlsx, .xls, .ods), a .csv "
    "file, or a folder of them (one per agency, merged). Default: data/agencies.yaml here, "
    "else the bundled pool.")]
FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="Output format: table, json, csv (UTF-8 with a BOM, for Excel), "
    "markdown, or xlsx (with -o FILE.xlsx). Default: from the -o file's extension, else table.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the result to this file (atomically) instead of stdout.",
    dir_okay=False)]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the Python traceback of an error.")]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Count the warnings in one line instead of listing each; errors are "
    "always listed.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", metavar="zh|en", help="Language of tables, reasons and messages: zh or en "
    "(any language in sanqu/i18n). Default: the locale's (LANG=zh_CN.UTF-8 gives zh).")]


def pick_format(fmt: Format | None, output: Path | None) -> Format:
    """--format, else the -o file's extension, else a table.

    An extension sanqu does not write (``.xls``, ``.docx``, ``.pdf``) is a usage error
    unless --format says what to write: a text table must never hide behind one.
    """
    if fmt is not None:
        return fmt
    if output is not None:
        chosen = SUFFIX_FORMAT.get(output.suffix.lower())
        if chosen is None:
            raise typer.BadParameter(
                f"sanqu does not write {output.suffix or 'files without an extension'}; it writes "
                f"{', '.join(SUFFIX_FORMAT)} (or say what to write with --format)",
                param_hint="'--output' / '-o'")
        return chosen
    return Format.table


def language(lang: str | None, context: typer.Context | None = None) -> str:
    """--lang, checked; else one given before the command (sanqu --lang zh budget); else
    the locale's language."""
    if lang is None:
        lang = context.find_root().params.get("lang") if context is not None else None
    if lang is None:
        return default_lang()
    if lang not in available():
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(available())}",
                                 param_hint="'--lang'")
    return lang


def date_option(value: str | None, name: str) -> dt.date | None:
    """An ISO date option (2022-10-01), or a usage error that says so."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2022-10-01",
                                 param_hint=f"'{name}'") from None
    if not FIRST_DAY <= day <= LAST_DAY:  # a period counted from it must stay in the calendar
        raise typer.BadParameter(f"{value!r} is not a date from {FIRST_DAY} to {LAST_DAY}",
                                 param_hint=f"'{name}'")
    return day


def ids_option(values: list[str] | None) -> list[str]:
    """A repeatable id option that also takes comma-separated ids."""
    return [part.strip() for item in values or () for part in item.split(",") if part.strip()]
