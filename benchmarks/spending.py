"""`sanqu spending` on a national ledger: 1,000,000 CSV lines and 200,000 xlsx lines.

    python benchmarks/spending.py [LINES]     # default 1,000,000; prints a Markdown table

The plan comes from ``generate.py nation``; the ledger is made here (fixed seed): every
month of service, payments at every county from the central, local and training funds.
Each figure is one fresh process end to end (start-up, reading the plan and the ledger,
the breakdowns and findings, the JSON), wall time and the child's peak memory (max RSS).
The hledger comparison the issue asks for is not measured yet.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def ledger_rows(plan_path: Path, lines: int, seed: int = 7) -> list[list]:
    import yaml

    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    codes = [c["code"] for p in plan["prefectures"] for c in p["counties"] if len(c["posts"]) == 1]
    rng = random.Random(seed)
    rows = []
    for k in range(lines):
        source = rng.choice(("中央", "地方", "培训"))
        item = {"中央": "工作补贴", "地方": "项目活动", "培训": ""}[source]
        rows.append([f"2022-{rng.randint(8, 12):02d}-{rng.randint(1, 28):02d}", f"记-{k // 3:07d}",
                     rng.choice(codes), source, item, f"{rng.randint(100, 999999) / 100:.2f}",
                     "40" if source == "培训" else "", "", ""])
    return rows


def measure(args: list[str]) -> tuple[float, float]:
    """Wall seconds and this child's own peak memory (MB), from os.wait4's rusage."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "sanqu", *args, "--format", "json"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"sanqu {' '.join(args)} exited {child.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan_path, _ = generate("nation", folder)
        rows = ledger_rows(plan_path, lines)
        header = ["日期", "凭证号", "县", "资金来源", "支出科目", "金额", "培训人天", "人员编号", "摘要"]
        csv_path = folder / "ledger.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        print("| ledger | lines | wall s | peak MB |\n|---|---:|---:|---:|")
        wall, peak = measure(["spending", "--counties", str(plan_path), "--ledger", str(csv_path)])
        print(f"| CSV | {lines:,} | {wall:.1f} | {peak:.0f} |")
        xlsx_lines = min(lines, 200_000)
        import xlsxwriter

        xlsx_path = folder / "ledger.xlsx"
        book = xlsxwriter.Workbook(str(xlsx_path), {"constant_memory": True})
        sheet = book.add_worksheet("支出明细")
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows[:xlsx_lines], start=1):
            sheet.write_row(r, 0, [*row[:5], float(row[5]), *row[6:]])
        book.close()
        wall, peak = measure(["spending", "--counties", str(plan_path), "--ledger", str(xlsx_path)])
        print(f"| xlsx | {xlsx_lines:,} | {wall:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
