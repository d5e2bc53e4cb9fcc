"""``python -m sanqu``: the same program as the ``sanqu`` command."""

from sanqu.cli import main

if __name__ == "__main__":
    main()
