"""The default method at every size: two installs side by side, before and after, in one run.

    python benchmarks/scale.py OLD/bin NEW/bin --runs 3

OLD/bin and NEW/bin hold a `sanqu` each (two virtual environments). Each command runs as
a fresh process of each install in turn; wall time is the median of the runs, memory the
peak resident set of one run (the child's own, os.wait4), and the result is read from the
allocation's JSON: slots filled, blocking pairs, proven or not. A command still running
after --timeout seconds is stopped and reported as "no answer". Sizes from generate.py;
`tight` has 12,000 applicants for 10,000 slots, where deferred acceptance leaves slots empty.
Prints a Markdown table for RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run import instance

CASES = [  # (size, what, arguments after `sanqu`)
    ("bundled", "default allocate", ["allocate", "-f", "json"]),
    ("bundled", "optimal", ["allocate", "--method", "optimal", "-f", "json"]),
    ("nation", "validate", ["validate", "-f", "json"]),
    ("nation", "default allocate", ["allocate", "-f", "json"]),
    ("nation", "optimal", ["allocate", "--method", "optimal", "-f", "json"]),
    ("nation", "stable", ["allocate", "--method", "stable", "-f", "json"]),
    ("tight", "default allocate", ["allocate", "-f", "json"]),
    ("tight", "optimal", ["allocate", "--method", "optimal", "-f", "json"]),
]


def one_run(argv: list[str], timeout: float) -> tuple[float, float, bytes, int]:
    """Wall seconds, peak MB, stdout and exit code of one fresh process."""
    with tempfile.TemporaryFile() as stdout:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        killer.cancel()
        stdout.seek(0)
        return wall, usage.ru_maxrss / 1024, stdout.read(), os.waitstatus_to_exitcode(status)


def result(output: bytes, code: int, timeout: float) -> str:
    if code == -9:
        return f"no answer in {timeout:.0f} s"
    try:
        data = json.loads(output)
    except ValueError:
        return f"exit {code}"
    if "filled" not in data.get("summary", {}):
        return "valid" if code == 0 else f"exit {code}"
    s = data["summary"]
    proof = "proven" if data.get("proven_optimal", True) else "not proven"
    return f"{s['filled']:,}/{s['slots']:,} filled, {s['blocking_pairs']:,} blocking pairs, {proof}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="the bin folder of the install before")
    parser.add_argument("new", type=Path, help="the bin folder of the install after")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--sizes", nargs="+", default=["bundled", "nation", "tight"])
    args = parser.parse_args()
    print("| size | command | before: wall s, peak MB | before: result | after: wall s, peak MB | after: result |")
    print("|---|---|---:|---|---:|---|")
    for size, what, command in CASES:
        if size not in args.sizes:
            continue
        files = [] if size == "bundled" else ["--counties", str(instance(size)[0]), "--agencies",
                                               str(instance(size)[1])]
        cells = []
        for install in (args.old, args.new):
            runs = [one_run([str(install / "sanqu"), *command, *files], args.timeout) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            cells += [f"{wall:.2f}, {peak:.0f}", result(runs[-1][2], runs[-1][3], args.timeout)]
            if runs[-1][3] == -9:
                cells[-2] = f"> {args.timeout:.0f}, {peak:.0f}"
        print(f"| {size} | `{what}` | {' | '.join(cells)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
