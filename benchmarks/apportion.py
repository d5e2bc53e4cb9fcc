"""`sanqu apportion` on a national plan: 2,800 posts, 10,000 places, each method.

    python benchmarks/apportion.py            # prints a Markdown table; RESULTS.md keeps one

The plan comes from ``generate.py nation``; the assessment is made here (a score, a
grade and a need figure per post, fixed seed). Wall time is the median of three fresh
processes, end to end (start-up, reading both files, the apportionment, the JSON); the
apportionment alone (``sanqu.year.apportion.apportion`` on the loaded plan and
assessment) is the median of three calls in one process.
"""

from __future__ import annotations

import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

METHODS = ("largest_remainder", "dhondt", "sainte_lague", "huntington_hill")


def assessment(plan: Path, target: Path) -> int:
    """An assessment of every post of ``plan``; returns the number of posts."""
    import yaml

    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    rng = random.Random(2022)
    rows = 0
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["county", "programme", "score", "grade", "need"])
        for prefecture in data["prefectures"]:
            for county in prefecture["counties"]:
                for post in county["posts"]:
                    score = rng.randint(55, 99)
                    grade = "excellent" if score >= 90 else "good" if score >= 75 else "pass" if score >= 60 else "fail"
                    writer.writerow([county["code"], post["programme"], score, grade, rng.randint(1, 9)])
                    rows += 1
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        plan, _ = generate("nation", folder)
        posts = assessment(plan, folder / "assessment.csv")
        print(f"`sanqu apportion` on the national plan: {posts:,} posts, 10,000 places, "
              f"factors score 0.7 and need 0.3, --min 1 --max 10 (median of 3 runs)\n")
        from fractions import Fraction

        from sanqu.read.assessment import read_assessment
        from sanqu.read.inputs import load_plan
        from sanqu.year.apportion import apportion

        loaded = load_plan(plan)
        assessed = read_assessment(folder / "assessment.csv", loaded)
        print("| method | apportionment alone (s) | end to end (s) |\n|---|---:|---:|")
        for method in METHODS:
            alone = []
            for _ in range(3):
                start = time.perf_counter()
                apportion(loaded, assessed, 10_000, method, minimum=1, maximum=10,
                          factors={"score": Fraction(7, 10), "need": Fraction(3, 10)})
                alone.append(time.perf_counter() - start)
            times = []
            for _ in range(3):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "sanqu", "apportion", "--counties", str(plan),
                                "--assessment", str(folder / "assessment.csv"), "--slots", "10000",
                                "--method", method, "--min", "1", "--max", "10", "--factor", "score=0.7",
                                "--factor", "need=0.3", "-f", "json"], check=True, capture_output=True)
                times.append(time.perf_counter() - start)
            print(f"| {method} | {statistics.median(alone):.3f} | {statistics.median(times):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
