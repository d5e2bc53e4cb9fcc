"""Applicants as a workbook against the same applicants in YAML, and calamine against openpyxl.

    python benchmarks/sheets.py                 # the national pool (30,000 applicants), 3 runs
    python benchmarks/sheets.py --size region

Writes the pool of ``generate.py`` as an xlsx (one row per applicant, Chinese headers),
then times ``sanqu validate`` on each form as a separate process (median of the runs),
and reading the workbook in-process with python-calamine and with openpyxl (read-only).
Target from the spreadsheet issue: the workbook within 1.5x the time of the YAML.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import yaml

from run import OUT, instance, sanqu, timed

HEADER = ["机构编号", "机构名称", "编号", "姓名", "职业资格", "评分", "志愿", "项目类别", "工作年限"]


def write_workbook(agencies_yaml, target) -> int:
    import xlsxwriter

    data = yaml.load(agencies_yaml.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("申请人")
    sheet.write_row(0, 0, HEADER)
    r = 0
    for agency in data["agencies"]:
        for k, p in enumerate(agency["professionals"]):
            r += 1
            sheet.write_row(r, 0, [agency["id"], agency["name"] if k == 0 else "", p["id"],
                                   p["name"], p["qualification"], float(p["score"]),
                                   "、".join(p.get("preferences") or []) or "服从调剂",
                                   "、".join(p.get("programmes") or []),
                                   p.get("experience_years", "")])
    book.close()
    return r


def read_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="nation")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    counties, agencies, _ = instance(args.size)
    workbook = OUT / args.size / "agencies.xlsx"
    people = write_workbook(agencies, workbook)
    print(f"{args.size}: {people:,} applicants; {workbook.stat().st_size / 1e6:.1f} MB xlsx, "
          f"{agencies.stat().st_size / 1e6:.1f} MB YAML\n")
    print("| form | sanqu validate, wall (s) | peak (MB) |\n|---|---:|---:|")
    walls = {}
    for name, path in (("YAML", agencies), ("xlsx", workbook)):
        wall, peak, code, err = timed(sanqu() + ["validate", "--counties", str(counties),
                                                 "--agencies", str(path), "--format", "json"],
                                      args.runs, 600)
        walls[name] = wall
        print(f"| {name} | {wall:.3f} | {peak:.0f} |" + ("" if code == 0 else f" exit {code}: {err}"))
    ratio = walls["xlsx"] / walls["YAML"]
    print(f"\nxlsx / YAML = {ratio:.2f} (target ≤ 1.5: {'met' if ratio <= 1.5 else 'missed'})\n")

    from python_calamine import CalamineWorkbook

    def calamine():
        CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("申请人").to_python()

    def openpyxl_read():
        import openpyxl

        book = openpyxl.load_workbook(workbook, read_only=True)
        list(book["申请人"].iter_rows(values_only=True))

    print("| reader (in-process, rows only) | seconds |\n|---|---:|")
    print(f"| python-calamine | {read_seconds(calamine, args.runs):.3f} |")
    print(f"| openpyxl, read-only | {read_seconds(openpyxl_read, args.runs):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
