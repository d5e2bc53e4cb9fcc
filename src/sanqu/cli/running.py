"""Running a command: its result to stdout or a file, every expected failure as a message and an exit code.

Exit codes: 0 success (warnings allowed), 1 invalid input or the job cannot be done,
2 wrong usage (typer/click), 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from ..i18n import Msg, t
from ..problems import ProblemError, SanquError
from ..render.terminal import laid_out, make_console, piped_width, plain, render_text
from .files import OutputError, write_atomic
from .options import Format

_quiet = False


def be_quiet(flag: bool) -> None:
    """--quiet: warnings are counted in one line instead of listed (and no progress shown)."""
    global _quiet
    _quiet = flag


def is_quiet() -> bool:
    return _quiet


def print_problems(problems, lang: str = "en") -> None:
    """Each problem on stderr as ``file:line:col: code: message`` (with --quiet, the
    warnings counted in one line)."""
    if not problems:  # the common case: not even a console
        return
    console = make_console(stderr=True)
    if _quiet:
        warnings = [p for p in problems if p.severity != "error"]
        problems = [p for p in problems if p.severity == "error"]
        if warnings:
            console.print(plain(t(lang, "cli.quiet_warnings", n=len(warnings))), style="yellow",
                          markup=False, highlight=False, soft_wrap=True)
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        console.print(plain(problem.line_text(lang)), style=style, markup=False, highlight=False,
                      soft_wrap=True)


def note_read(inputs, lang: str) -> None:
    """One line on stderr saying what the agencies' spreadsheets (or a folder) gave: files,
    agencies, people, and any ids made or title rows found; nothing for one YAML file."""
    files = inputs.files
    folder = inputs.agencies_path is not None and inputs.agencies_path.is_dir()
    if not files or not (folder or any(f.spreadsheet for f in files)):
        return
    more = ""
    numbered = [f.file for f in files if f.numbered]
    if numbered:
        more += t(lang, "cli.read_numbered", files=", ".join(numbered))
    titled = [f.file for f in files if f.titles]
    if titled:
        more += t(lang, "cli.read_titles", files=", ".join(titled))
    line = t(lang, "cli.read_files", files=t(lang, "cli.files", n=len(files)),
             agencies=sum(f.agencies for f in files), people=sum(f.people for f in files), more=more)
    make_console(stderr=True).print(plain(line), style="cyan", markup=False, highlight=False, soft_wrap=True)


def note_bundled(inputs, lang: str) -> None:
    """One line on stderr when a command runs on the bundled sample rather than the user's files."""
    if not inputs.bundled:
        return
    names = [t(lang, "cli.bundled." + ("plan" if p.name.startswith("counties") else "agencies"))
             for p in inputs.bundled]
    folder = inputs.bundled[0].parent
    if inputs.agencies_path is None:  # budget: the plan alone
        line = t(lang, "cli.bundled_plan", path=folder)
    else:
        line = t(lang, "cli.bundled", what=" + ".join(names), path=folder)
    make_console(stderr=True).print(line, style="yellow", markup=False, highlight=False,
                                    soft_wrap=True)


def checked(inputs, lang: str):
    """Inputs that may be used: the bundled note and the warnings shown, errors raised."""
    note_bundled(inputs, lang)
    note_read(inputs, lang)
    inputs.checked_plan()  # raises ProblemError with every problem when any is an error
    print_problems(inputs.problems, lang)
    return inputs


def say(key: str, message: str, lang: str = "en", style: str = "red", **params) -> None:
    """An error, warning or note line on stderr."""
    make_console(stderr=True).print(plain(t(lang, key, message=message, **params)), style=style,
                                    markup=False, highlight=False, soft_wrap=True)


def fail(message: str, lang: str = "en") -> None:
    say("cli.error", message, lang)


def warn(message: str, lang: str = "en") -> None:
    say("cli.warning", message, lang, style="yellow")


def wrote(output: Path, fmt: Format, lang: str) -> None:
    """Every -o says on stderr what it wrote, and as what."""
    say("cli.wrote_as", t(lang, "cli.format." + fmt.value), lang, style="green", path=output)


def emit(rendered, output: Path | None, inputs: list, fmt: Format, lang: str = "en", force: bool = False) -> None:
    """Send a rendering (text, bytes, or rich objects) to stdout or to the -o file."""
    if fmt is Format.csv:
        rendered = "\ufeff" + rendered  # a BOM, so that Excel and WPS read the Chinese right
    if output is None and sys.stdout is None:  # started with stdout closed (`>&-`)
        raise OutputError(Msg("cli.stdout_closed"))
    if isinstance(rendered, bytes):
        if output is None:
            raise OutputError(Msg("cli.xlsx_needs_file"))
        write_atomic(output, rendered, inputs, force=force)
        wrote(output, fmt, lang)
        return
    if output is not None:
        text = rendered if isinstance(rendered, str) else render_text(rendered)
        write_atomic(output, text, inputs, force=force)
        wrote(output, fmt, lang)
        return
    if isinstance(rendered, str):
        _write(rendered)
        return
    console = make_console()
    if not console.is_terminal:  # piped: plain text without trailing padding, COLUMNS wide if set
        _write(render_text(rendered, piped_width()))
        return
    if _dumb():
        with console.capture() as captured:
            for item in rendered:
                console.print(item)
        _write(captured.get())
        return
    for item in rendered:
        lines = laid_out(item, console.width)
        if lines is not None:
            _write(lines)
        else:
            console.print(item)


# On a dumb terminal (TERM=dumb) the few symbols sanqu prints become ASCII.
_ASCII = str.maketrans({"…": "...", "✓": "ok", "×": "x", "—": "-", "─": "-"})


def _dumb() -> bool:
    return os.environ.get("TERM") == "dumb"


def _write(text: str) -> None:
    """Text to stdout, every byte of it or an error. Python's own stream takes a short write
    (a file past `ulimit -f`) as done and exits 0 with the JSON cut, so the bytes go to the
    descriptor here, until all are written or the system says why not."""
    text = text.translate(_ASCII) if _dumb() else text
    stream = sys.stdout
    try:
        fd = stream.fileno()
        direct = os.name == "posix" and not stream.isatty()
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        direct = False
    if not direct:  # a terminal, or Windows (whose stream turns \n into \r\n): the stream's write
        stream.write(text)
        stream.flush()
        return
    data = memoryview(text.encode(stream.encoding or "utf-8", errors="backslashreplace"))
    try:
        stream.flush()
        while data:
            data = data[os.write(fd, data):]
    except BrokenPipeError:  # the reader stopped reading (`| head`): its choice, not a failure
        os.dup2(os.open(os.devnull, os.O_WRONLY), fd)
    except OSError as exc:
        raise OutputError(Msg("out.stdout", {"why": exc.strerror or exc})) from None


def run(debug: bool, job: Callable[[], int], lang: str = "en") -> None:
    """Run a command body; turn every expected failure into a message and an exit code."""
    debug = debug or bool(os.environ.get("SANQU_DEBUG"))
    try:
        code = job()
    except ProblemError as exc:
        if debug:
            raise
        print_problems(exc.problems, lang)
        raise typer.Exit(1) from None
    except SanquError as exc:
        if debug:
            raise
        fail(exc.render(lang), lang)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        if debug:
            raise
        fail(t(lang, "cli.interrupted"), lang)
        from ..highs import interrupted_solve

        if interrupted_solve():  # nothing is left to write or clean: end now, HiGHS and all
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        raise typer.Exit(130) from None
    except (typer.Exit, typer.BadParameter):  # click reports usage errors itself (exit 2)
        raise
    except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            raise
        fail(t(lang, "cli.internal", error=f"{type(exc).__name__}: {exc}"), lang)
        raise typer.Exit(1) from None
    raise typer.Exit(code)
