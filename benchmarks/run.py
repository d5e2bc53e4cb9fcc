"""The benchmark suite: time every command end to end, as separate processes, at growing sizes.

    python benchmarks/run.py                     # all sizes, writes benchmarks/RESULTS.md
    python benchmarks/run.py --sizes province nation --runs 3

Each command is run --runs times (median wall time reported) in a fresh process with
the installed ``sanqu``; peak memory is the child's maximum resident set size. The
``matching`` package's hospital-resident solver runs on the same instances as the outside
reference for the stable method (install it with ``pip install matching``); it is given
--reference-timeout seconds per size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import SIZES, generate  # noqa: E402

OUT = HERE / "out"
TARGETS = {
    ("--version", None): "≤ 0.12 s",
    ("validate", "bundled"): "≤ 0.6 s", ("allocate", "bundled"): "≤ 0.6 s",
    ("budget", "bundled"): "≤ 0.6 s",
    ("validate", "nation"): "≤ 2 s", ("allocate", "nation"): "≤ 3 s, ≤ 500 MB",
    ("allocate --method stable", "nation"): "≤ 2 s",
    ("allocate (min_team 2)", "nation"): "≤ 30 s, proven optimal",
    ("budget", "nation"): "≤ 1 s",
}


def timed(argv: list[str], runs: int, timeout: float) -> tuple[float, float, int, str]:
    """Median wall seconds, peak MB (max over runs), exit code, last stderr line.

    For an allocation, the stderr line is followed by how many slots it filled.
    """
    walls, peaks, code, err = [], [], 0, ""
    for _ in range(runs):
        with tempfile.TemporaryFile() as stderr, tempfile.TemporaryFile() as stdout:
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr)
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            _, status, usage = os.wait4(proc.pid, 0)  # wall time and this child's peak memory
            wall = time.perf_counter() - start
            killer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            lines = stderr.read().decode("utf-8", "replace").strip().splitlines()
            stdout.seek(0)
            filled = _filled(stdout.read())
        walls.append(wall)
        peaks.append(usage.ru_maxrss / 1024)
        code = proc.returncode
        err = next((line for line in lines if "NOT PROVEN" in line), lines[-1] if lines else "")
        if filled and "NOT PROVEN" in err:
            err += f" ({filled})"
        if code == -9:
            return float("inf"), max(peaks), code, f"killed after {timeout:.0f} s"
    return statistics.median(walls), max(peaks), code, err


def _filled(output: bytes) -> str:
    """'9,569 of 10,000 slots filled' from an allocation's JSON, else ''."""
    import json

    try:
        summary = json.loads(output)["summary"]
        return f"{summary['filled']:,} of {summary['slots']:,} slots filled"
    except (ValueError, KeyError, TypeError):
        return ""


def sanqu() -> list[str]:
    return [sys.executable, "-m", "sanqu"]


def instance(size: str) -> tuple[Path, Path, Path]:
    folder = OUT / size
    counties, agencies = folder / "counties.yaml", folder / "agencies.yaml"
    if not (counties.exists() and agencies.exists()):
        generate(size, folder)
    team = folder / "counties-team.yaml"
    team.write_text(counties.read_text(encoding="utf-8").replace("min_team: 1", "min_team: 2"),
                    encoding="utf-8")
    return counties, agencies, team


def reference(size: str, timeout: float) -> str:
    """Time the matching package's hospital-resident solver on this size, in a child process."""
    code = f"""
import sys, time
sys.setrecursionlimit(1_000_000)  # the package recurses once per proposal
from sanqu.loader import read_inputs
try:
    from matching.games import HospitalResident
except ImportError:
    print("not installed"); sys.exit()
inputs = read_inputs({str(OUT / size / 'counties.yaml')!r}, {str(OUT / size / 'agencies.yaml')!r})
inst = inputs.instance
start = time.perf_counter()
residents = {{p.id: [str(ref.index) for ref, _ in p.edges] for p in inst.people if p.edges}}
hospitals = {{str(ref.index): [p.id for p in sorted(inst.candidates[ref.index], key=lambda p: (-p.score, p.id))]
             for ref in inst.posts if inst.candidates[ref.index]}}
capacities = {{h: inst.posts[int(h)].quota for h in hospitals}}
game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
matching = game.solve(optimal="resident")
placed = sum(len(v) for v in matching.values())
print(f"{{time.perf_counter() - start:.2f}} s ({{placed}} placed)")
"""
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"did not finish in {timeout:.0f} s"
    if out.returncode != 0:
        return "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1]
    return out.stdout.strip()


def solve_only(size: str) -> str:
    """sanqu's stable method in-process, solve only (no parsing), for the reference ratio."""
    code = f"""
import time
from sanqu.loader import read_inputs
from sanqu.decide.solve.stable import solve_stable
inputs = read_inputs({str(OUT / size / 'counties.yaml')!r}, {str(OUT / size / 'agencies.yaml')!r})
start = time.perf_counter()
solve_stable(inputs.instance)
print(f"{{time.perf_counter() - start:.3f}}")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return out.stdout.strip()


# Why a target is missed, where it is: shown beside the row only when the row misses it.
CAUSES = {
    ("allocate", "bundled"): "start-up: importing SciPy's sparse matrices for the matching "
                             "takes 0.2-0.35 s of it on this machine",
    ("allocate", "nation"): "reading YAML through libyaml's events in Python (about 1.5 s) and "
                            "building 30,000 eligibility lists; the matching itself takes 0.7 s",
    ("allocate --method stable", "nation"): "the same reading cost as allocate; deferred "
                                            "acceptance itself takes 0.1 s",
    ("allocate (min_team 2)", "nation"): "HiGHS cannot prove the team-rule integer programme at "
                                         "this size: its root LP takes about 25 s and the "
                                         "relaxation is weak (bound 9,977 slots against 9,635 "
                                         "found in 60 s); SciPy's interface cannot stop HiGHS "
                                         "inside an LP solve, so the limit overruns a little; "
                                         "the greedy team-aware allocation is returned when "
                                         "it beats the solver's best",
    ("validate", "nation"): "reading YAML through libyaml's events in Python",
    ("validate", "bundled"): "start-up (typer, pydantic, rich) and reading both files",
    ("budget", "nation"): "reading the 2,800-county plan through libyaml's events in Python",
}


def verdict(command: str, size, wall: float, peak: float, target: str, note: str) -> str:
    """'met', or 'missed: cause' against a target like '≤ 3 s, ≤ 500 MB, proven optimal'."""
    if not target:
        return note
    limits = re.findall(r"≤ ([0-9.]+) (s|MB)", target)
    ok = all((wall if unit == "s" else peak) <= float(value) for value, unit in limits)
    if "proven" in target and "NOT PROVEN" in note:
        ok = False
    if ok:
        return "met" + (f"; {note}" if note else "")
    cause = CAUSES.get((command, size), "see benchmarks/README.md")
    return f"missed: {cause}" + (f" ({note})" if note else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--team-time-limit", type=float, default=30)
    parser.add_argument("--reference-timeout", type=float, default=300)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    # Time the program as installed: compiled once, not on every start.
    import compileall
    import importlib.util
    package = Path(importlib.util.find_spec("sanqu").origin).parent
    compileall.compile_dir(package, quiet=1)

    rows = []

    def record(command: str, size: str, argv: list[str], runs: int = args.runs) -> float:
        wall, peak, code, err = timed(argv, runs, args.timeout)
        target = TARGETS.get((command, size), "")
        note = "" if code == 0 else f"exit {code}: {err}"
        if "NOT PROVEN" in err or "not proven" in err.lower():
            note = err.removeprefix("error: ")
        rows.append((size, command, wall, peak, target, verdict(command, size, wall, peak, target, note)))
        print(f"{size or '':9} {command:28} {wall:8.3f} s {peak:8.1f} MB  {rows[-1][-1]}", flush=True)
        return wall
    record("--version", None, sanqu() + ["--version"], max(args.runs, 5))
    record("--help", None, sanqu() + ["--help"], max(args.runs, 5))
    for command in ("validate", "allocate", "budget"):
        record(command, "bundled", sanqu() + [command, "--format", "json"])
    refs = []
    allocate_times = {}
    for size in args.sizes:
        counties, agencies, team = instance(size)
        files = ["--counties", str(counties), "--agencies", str(agencies)]
        runs = 1 if size == "stress" else args.runs
        record("validate", size, sanqu() + ["validate", *files, "--format", "json"], runs)
        allocate_times[size] = record("allocate", size, sanqu() + ["allocate", *files, "--format", "json"], runs)
        record("allocate --method stable", size,
               sanqu() + ["allocate", *files, "--method", "stable", "--format", "json"], runs)
        record("allocate (min_team 2)", size,
               sanqu() + ["allocate", "--counties", str(team), "--agencies", str(agencies),
                          "--time-limit", str(args.team_time_limit), "--format", "json"], 1)
        record("budget", size, sanqu() + ["budget", "--counties", str(counties), "--format", "json"], runs)
        if size != "stress":
            refs.append((size, solve_only(size), reference(size, args.reference_timeout)))

    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, with `python benchmarks/run.py "
        f"{' '.join(sys.argv[1:])}`.".replace("  ", " "),
        "Wall time is the median of the runs of a fresh process, end to end (start-up, parsing,",
        "work, output); memory is the peak resident set of one run. Sizes (counties / slots /",
        "applicants): " + "; ".join(f"{k} {v[0]:,}/{v[1]:,}/{v[2]:,}" for k, v in SIZES.items()) + ".",
        "`bundled` is the 2022 Yunnan plan (27 posts / 90 slots / 166 applicants).",
        "",
        "| size | command | wall (s) | peak (MB) | target | verdict |",
        "|---|---|---:|---:|---|---|",
    ]
    for size, command, wall, peak, target, note in rows:
        lines.append(f"| {size or ''} | `sanqu {command}` | {wall:.3f} | {peak:.0f} | {target} | {note} |")
    if "nation" in allocate_times and "stress" in allocate_times:
        ratio = allocate_times["stress"] / allocate_times["nation"]
        lines += ["", f"Growth: `allocate` at stress size took {ratio:.2f}x the national time "
                      f"(target ≤ 2.5x for twice the applicants: {'met' if ratio <= 2.5 else 'missed'}; "
                      "reading and eligibility grow linearly, the sparse assignment a little faster)."]
    lines += ["", "## Outside reference: the `matching` package's hospital-resident solver", "",
              "Solve time only (building the game and solving; parsing excluded), against sanqu's",
              "stable method solve only, on the same instances. At Python's default recursion",
              "limit the package fails at region size (RecursionError: it recurses once per",
              "proposal); the runs below raise the limit.", "",
              "| size | sanqu stable, solve only (s) | matching HospitalResident |", "|---|---:|---|"]
    for size, ours, theirs in refs:
        lines.append(f"| {size} | {ours} | {theirs} |")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
