"""``python -m sanqu`` and the ``sanqu`` command: start fast, then hand over to the CLI."""

import os
import sys


def main() -> None:
    """Entry point. ``--version`` answers before typer, pydantic or rich are imported."""
    if sys.argv[1:] == ["--version"]:
        from sanqu import __version__  # sanqu/__init__ itself imports nothing heavy
        print(f"sanqu {__version__}")
        return
    from sanqu.cli import main as cli_main  # typer, only when there is a command to parse
    try:
        cli_main()
    except SystemExit as exc:
        leave(exc.code)
    leave(0)


def leave(code: object) -> None:
    """End the process without freeing what it made, once everything is written: a national
    allocation's million objects take 0.3 s to free one by one, the system takes the memory
    back at once (mypy's ``hard_exit`` does the same). Exit codes are as ``sys.exit``'s."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the descriptor was closed when the command started
                stream.flush()
    except (OSError, ValueError):  # a closed or broken stream: Python's own exit reports it
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    main()
