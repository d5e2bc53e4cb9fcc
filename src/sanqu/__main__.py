"""``python -m sanqu`` and the ``sanqu`` command: start fast, then hand over to the CLI."""

import sys


def main() -> None:
    """Entry point. ``--version`` answers before typer, pydantic or rich are imported."""
    if sys.argv[1:] == ["--version"]:
        from sanqu import __version__  # sanqu/__init__ itself imports nothing heavy
        print(f"sanqu {__version__}")
        return
    from sanqu.cli import main as cli_main  # typer, only when there is a command to parse
    cli_main()


if __name__ == "__main__":
    main()
