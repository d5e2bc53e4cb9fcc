"""The command line, the only layer that knows typer: one module per command in ``commands/``.

Exit codes: 0 success (warnings allowed), 1 invalid input or the job cannot be done,
2 wrong usage (typer/click), 130 interrupted.
"""

from __future__ import annotations

import sys

import typer

from ..i18n import default_lang, has
from .app import app
from .commands import (
    agreements,
    allocate,
    apportion,
    budget,
    diff,
    init,
    publicity,
    report,
    spending,
    template,
    validate,
)

# The commands in the order of the year's work, which is the order --help lists them in.
for _command in (validate.validate, allocate.allocate, budget.budget, spending.spending, report.report,
                 publicity.publicity,
                 agreements.agreements, diff.diff, apportion.apportion, template.template, init.init):
    app.command()(_command)

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``sanqu`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show Chinese (or an ASCII pipe) gets escapes, not a crash.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = typer.main.get_command(app)
    lang = _asked_language(sys.argv[1:])
    if not has(lang, "help.sanqu"):  # English: typer's declarations say it all
        command(prog_name="sanqu")
        return
    from .chinese import run_in_chinese, translate  # only for Chinese

    translate(command)
    run_in_chinese(command, sys.argv[1:])


def _asked_language(args: list[str]) -> str:
    """--lang as given on the command line (read before click parses it, so that the help
    and usage errors come in that language too); else the locale's."""
    for k, arg in enumerate(args):
        if arg == "--lang" and k + 1 < len(args):
            return args[k + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return default_lang()
