"""`sanqu spending` on a national ledger: 1,000,000 CSV lines and 200,000 xlsx lines, and
hledger's `balance --budget` on the same 200,000 entries.

    python benchmarks/spending.py [LINES]     # default 1,000,000; prints a Markdown table

The plan comes from ``generate.py nation``; the ledger is made here (fixed seed): every
month of service, payments at every county from the central, local and training funds.
Each figure is one fresh process end to end (start-up, reading the plan and the ledger,
the breakdowns and findings, the JSON), wall time and the child's peak memory (max RSS).
The files are written by a child process of their own: Linux counts a parent's memory
at fork in its child's max RSS, so a parent holding a million rows would inflate it.

hledger (Debian's ``hledger`` package; skipped, and said so, where it is not installed)
reads the same 200,000 entries as a journal (``expenses:SOURCE:COUNTY:ITEM``, the
voucher as the description) with the plan's budget as a monthly periodic transaction
per county and source, and prints ``balance --budget --quarterly expenses``: the
budget against the spending by quarter, which is sanqu spending's by-quarter view.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

HEADER = ["日期", "凭证号", "县", "资金来源", "支出科目", "金额", "培训人天", "人员编号", "摘要"]
XLSX_LINES = 200_000


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


def write_files(folder: Path, lines: int) -> None:
    """The plan, the ledger as CSV (all lines) and xlsx (200,000), and as an hledger journal."""
    import xlsxwriter
    import yaml

    plan_path, _ = generate("nation", folder)
    rows = ledger_rows(plan_path, lines)
    with open(folder / "ledger.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    book = xlsxwriter.Workbook(str(folder / "ledger.xlsx"), {"constant_memory": True})
    sheet = book.add_worksheet("支出明细")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows[:XLSX_LINES], start=1):
        sheet.write_row(r, 0, [*row[:5], float(row[5]), *row[6:]])
    book.close()
    plan = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    rates = {"central": plan["funding"]["central_per_person_year"], "local": plan["funding"]["local_per_person_year"]}
    parts = {"中央": "central", "地方": "local", "培训": "training"}
    with open(folder / "ledger.journal", "w", encoding="utf-8") as out:
        start = plan["plan"]["service_start"]
        out.write(f"~ monthly from {start} to {start.replace(year=start.year + 1)}\n")
        for prefecture in plan["prefectures"]:
            for county in prefecture["counties"]:
                quota = sum(post["quota"] for post in county["posts"])
                for part, rate in rates.items():
                    out.write(f"    expenses:{part}:{county['code']}  {rate * quota / 12:.2f}\n")
        out.write("    assets:funds\n\n")
        for row in rows[:XLSX_LINES]:
            account = f"expenses:{parts[row[3]]}:{row[2]}" + (f":{row[4]}" if row[4] else "")
            out.write(f"{row[0]} {row[1]}\n    {account}  {row[5]}\n    assets:funds\n\n")


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and this child's own peak memory (MB), from os.wait4's rusage."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_maxrss / 1024


def sanqu(*args: str) -> list[str]:
    return [sys.executable, "-m", "sanqu", *args, "--format", "json"]


def main() -> None:
    if sys.argv[1:2] == ["--write"]:
        write_files(Path(sys.argv[2]), int(sys.argv[3]))
        return
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, __file__, "--write", tmp, str(lines)], check=True)
        plan = str(folder / "counties.yaml")
        print("| ledger | lines | wall s | peak MB |\n|---|---:|---:|---:|")
        wall, peak = measure(sanqu("spending", "--counties", plan, "--ledger", str(folder / "ledger.csv")))
        print(f"| CSV | {lines:,} | {wall:.1f} | {peak:.0f} |")
        xlsx_lines = min(lines, XLSX_LINES)
        wall, peak = measure(sanqu("spending", "--counties", plan, "--ledger", str(folder / "ledger.xlsx")))
        print(f"| xlsx | {xlsx_lines:,} | {wall:.1f} | {peak:.0f} |")
        if shutil.which("hledger") is None:
            print("\nhledger is not installed (apt-get install hledger): its comparison is not run.")
            return
        version = subprocess.run(["hledger", "--version"], capture_output=True, text=True).stdout.strip()
        small = folder / "ledger-200k.csv"
        with open(folder / "ledger.csv", encoding="utf-8") as source, open(small, "w", encoding="utf-8") as out:
            for k, line in enumerate(source):
                if k > XLSX_LINES:
                    break
                out.write(line)
        ours, _ = measure(sanqu("spending", "--counties", plan, "--ledger", str(small)))
        theirs, theirs_peak = measure(["hledger", "-f", str(folder / "ledger.journal"), "balance", "--budget",
                                       "--quarterly", "expenses"])
        print(f"\n| the same {xlsx_lines:,} entries | wall s | peak MB |\n|---|---:|---:|")
        print(f"| sanqu spending (CSV) | {ours:.1f} | |")
        print(f"| {version}: balance --budget --quarterly | {theirs:.1f} | {theirs_peak:.0f} |")
        print(f"\nsanqu takes {ours / theirs:.2f} of hledger's time (the issue's target: at most 0.25).")


if __name__ == "__main__":
    main()
