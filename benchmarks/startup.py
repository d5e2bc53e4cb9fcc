"""Start-up and the bundled commands, two installs side by side (before and after a change).

    python benchmarks/startup.py OLD_VENV_BIN NEW_VENV_BIN [--runs 15]
    python benchmarks/startup.py OLD_VENV_BIN NEW_VENV_BIN --size nation --runs 3

With ``--size`` the commands run on that generated plan (``benchmarks/generate.py``,
into benchmarks/out/SIZE) instead: validate, allocate (optimal, stable), budget.

Each command runs as a fresh process from an empty folder, alternating between the two
installs so that the machine's drift hits both alike; median wall seconds.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = [["--version"], ["--help"], ["validate"], ["budget"], ["allocate", "--method", "optimal"],
            ["allocate", "--method", "stable"], ["allocate"]]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--size", help="a generated plan instead of the bundled one")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    commands = COMMANDS
    if args.size:
        data = Path(__file__).resolve().parent / "out" / args.size
        files = ["--counties", str(data / "counties.yaml"), "--agencies", str(data / "agencies.yaml")]
        out = ["--format", "json", "-o", str(Path(folder) / "out.json")]
        commands = [["validate", *files, "--format", "json"],
                    ["allocate", *files, "--method", "optimal", *out],
                    ["allocate", *files, "--method", "stable", *out],
                    ["budget", "--counties", str(data / "counties.yaml"), "--format", "json"]]
    print("| command | before (s) | after (s) | after / before |\n|---|---:|---:|---:|")
    for command in commands:
        times: dict[Path, list[float]] = {args.old: [], args.new: []}
        for _ in range(args.runs):
            for venv in (args.old, args.new):
                start = time.perf_counter()
                subprocess.run([str(venv.resolve() / "sanqu"), *command], cwd=folder, capture_output=True,
                               check=False)
                times[venv].append(time.perf_counter() - start)
        old, new = statistics.median(times[args.old]), statistics.median(times[args.new])
        print(f"| `sanqu {' '.join(command)}` | {old:.3f} | {new:.3f} | {new / old:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
