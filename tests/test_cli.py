"""The command line as a user meets it: defaults, any folder, streams, -o, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, SMALL, VALID, run, run_json
from sanqu import __version__


def _sanqu(*args, cwd, env=None):
    """Run the installed program as a separate process (``python -m sanqu``)."""
    return subprocess.run([sys.executable, "-m", "sanqu", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, **(env or {})}, timeout=120)


def test_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"sanqu {__version__}"
    assert version("sanqu") == __version__  # one source: the installed metadata agrees


def test_python_dash_m_from_another_folder_uses_the_bundled_data(tmp_path):
    for command in ("validate", "allocate", "budget"):
        result = _sanqu(command, "--format", "json", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["summary" if command != "budget" else "totals"]
    assert list(tmp_path.iterdir()) == []  # wrote nothing


def test_data_folder_in_the_current_directory_wins(tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copy(VALID / "counties.yaml", tmp_path / "data" / "counties.yaml")
    shutil.copy(VALID / "agencies.yaml", tmp_path / "data" / "agencies.yaml")
    result = _sanqu("allocate", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["plan"] == "test-plan"


def test_errors_go_to_stderr_without_traceback(tmp_path):
    result = _sanqu("allocate", "--counties", tmp_path / "missing.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{tmp_path / 'missing.yaml'}:1:1: no-file: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = _sanqu("allocate", "--counties", tmp_path / "missing.yaml", "--debug", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_wrong_usage_exits_2():
    assert run("allocate", "--method", "fastest").exit_code == 2
    assert run("budget", "--no-such-option").exit_code == 2
    assert run("budget", "--by", "planet").exit_code == 2


def test_output_file_is_written_and_infers_its_format(tmp_path):
    for name, check in (("out.json", json.loads), ("out.csv", lambda t: t.splitlines()[0]),
                        ("out.md", lambda t: t.splitlines()[0])):
        target = tmp_path / name
        result = run("allocate", *SMALL, "-o", target)
        assert result.exit_code == 0 and result.stdout == ""
        check(target.read_text(encoding="utf-8"))
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfprofessional,agency,")
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("**fair:")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_output_replaces_an_existing_file_whole(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old content that is much longer than nothing\n" * 100, encoding="utf-8")
    result = run("budget", "-o", target)
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "old content" not in text and "3,600,000.00" in text
    assert "\x1b[" not in text  # no colour codes in files


def test_output_refuses_to_overwrite_an_input(small_files):
    counties, agencies = small_files
    before = counties.read_bytes(), agencies.read_bytes()
    for target in (counties, agencies):
        result = run("allocate", "--counties", counties, "--agencies", agencies, "-o", target,
                     "--format", "json")
        assert result.exit_code == 1
        assert "refusing to overwrite an input" in result.stderr
    assert (counties.read_bytes(), agencies.read_bytes()) == before


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path):
    result = run("budget", "-o", tmp_path / "nowhere" / "b.json")
    assert result.exit_code == 1 and "does not exist" in result.stderr


def test_piped_output_has_no_escape_codes():
    result = _sanqu("allocate", cwd=REPO, env={"TERM": "xterm-256color"})
    assert result.returncode == 0 and "\x1b[" not in result.stdout


def test_valid_variants_bom_crlf_and_integer_codes():
    for name in ("counties_bom_crlf.yaml", "counties_int_codes.yaml"):
        result = run("validate", "--counties", VALID / name, "--agencies", VALID / "agencies.yaml")
        assert result.exit_code == 0, result.stderr


def test_validate_json_equals_library_report():
    from sanqu import validate

    report = validate(VALID / "counties.yaml", VALID / "agencies.yaml")
    cli = json.loads(run("validate", *SMALL, "--format", "json").stdout)
    assert report.to_dict() == cli
    assert cli["ok"] is True and cli["summary"]["plan"] == "test-plan"  # and right, not only equal


def test_xlsx_workbook_has_real_numbers_and_frozen_headers(tmp_path):
    import openpyxl

    target = tmp_path / "budget.xlsx"
    assert run("budget", "-o", target, "--lang", "zh").exit_code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["州（市）", "县（市、区）", "年度", "季度"]
    sheet = book["年度"]
    # Ready to attach: the plan's title, the unit, the header repeated on every printed page.
    assert sheet["A1"].value == "2022年云南省“三区”社会工作专业人才支持计划 经费预算（按年度，按名额）"
    assert sheet["G2"].value == "单位：元"
    assert sheet.print_title_rows == "$1:$3" and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.page_setup.fitToHeight == 0  # one page wide, as many pages tall as it takes
    assert sheet.freeze_panes == "A4"
    assert [c.value for c in sheet[3]][:3] == ["年度", "人数", "中央财政"]
    assert [c.value for c in sheet[4]][:4] == ["2022年（5个月）", 90, 750000, 750000]
    assert sheet["F4"].number_format == '#,##0.00" 元"' and sheet["C4"].border.left.style == "thin"
    # Totals: money as formulas over the rows, cached with the exact figures; head count as is.
    assert sheet.cell(sheet.max_row, 7).value == "=SUM(G4:G5)"
    assert sheet.cell(sheet.max_row, 2).value == 90  # the same 90 people serve in both years
    cached = openpyxl.load_workbook(target, data_only=True)["年度"]
    assert cached.cell(cached.max_row, 7).value == 3600000
    county = book["县（市、区）"]
    assert county["A4"].value == "5306 昭通市" and county["B4"].value == "530628 彝良县"  # separate columns
    assert county.column_dimensions["B"].width >= len("533423 维西傈僳族自治县") + 6
    again = tmp_path / "again.xlsx"
    run("budget", "-o", again, "--lang", "zh")
    assert again.read_bytes() == target.read_bytes()  # same input, same bytes


def test_xlsx_allocation_and_validation(tmp_path):
    import openpyxl

    target = tmp_path / "allocation.xlsx"
    assert run("allocate", *SMALL, "-o", target).exit_code == 0
    book = openpyxl.load_workbook(target)
    first = book.worksheets[0]
    assert first["A1"].value.startswith("Test plan fair: 7 of 7 slots filled")  # the title row
    assert [c.value for c in first[2]][:4] == ["id", "name", "agency", "agency name"]
    assert first.max_row == 2 + 7 and isinstance(first["H3"].value, (int, float))
    assert first.print_title_rows == "$1:$2" and first.freeze_panes == "A3"
    names = {"A01": "Kunming Test Social Work Service Center", "A02": "Diqing Test Agency"}
    assert all(names.get(row[2].value, row[3].value) == row[3].value and row[3].value
               for row in first.iter_rows(min_row=3))
    assert run("validate", *SMALL, "-o", tmp_path / "v.xlsx").exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "v.xlsx").sheetnames[0] == "Plan"


def test_xlsx_needs_a_file():
    result = run("budget", "--format", "xlsx")
    assert result.exit_code == 1 and "-o FILE.xlsx" in result.stderr


def test_dumb_terminal_gets_plain_ascii_tables():
    result = run("budget", env={"TERM": "dumb"})
    assert result.exit_code == 0
    assert "─" not in result.stdout and "-----" in result.stdout
    assert "\x1b[" not in result.stdout
    for command in (["budget"], ["validate"], ["allocate"], ["budget", "--format", "markdown"]):
        result = run(*command, "--lang", "en", env={"TERM": "dumb"})
        # sanqu's own symbols become ASCII; names from the data (Lüchun) stay as written
        assert not set("…✓×─") & set(result.stdout), command


def test_init_writes_templates_that_validate(tmp_path):
    folder = tmp_path / "new-plan"
    result = run("init", folder)
    assert result.exit_code == 0, result.stderr
    counties, agencies = folder / "data" / "counties.yaml", folder / "data" / "agencies.yaml"
    assert counties.read_text(encoding="utf-8").startswith("# A new Three Districts plan")
    check = run("validate", "--counties", counties, "--agencies", agencies)
    assert check.exit_code == 0 and check.stderr == "", check.stderr
    # From inside the folder, the templates are the defaults.
    inside = _sanqu("validate", "--format", "json", cwd=folder)
    assert json.loads(inside.stdout)["summary"]["plan"] == "my-province-2025"
    before = counties.read_bytes()
    again = run("init", folder)
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert counties.read_bytes() == before


def test_validate_and_budget_in_chinese(tmp_path):
    result = run("validate", "--lang", "zh")
    assert result.exit_code == 0
    assert "公布数字核对" in result.stdout and "选派人数" in result.stdout
    assert result.stdout.rstrip().endswith("校验通过")
    assert "本文件假定为兰坪县" in result.stdout and "云南省, 2022" in result.stdout  # note_zh
    bad = tmp_path / "c.yaml"
    bad.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "quota: 1", "quota: one"), encoding="utf-8")
    problems = run("validate", "--counties", bad, "--agencies", VALID / "agencies.yaml",
                   "--lang", "zh")
    assert problems.exit_code == 1 and f"{bad}:48:20: wrong-type: 应为整数" in problems.stderr
    budget = run("budget", "--by", "year", "--lang", "zh").stdout
    assert "2022年（5个月）" in budget and "1,500,000.00" in budget
    assert "90人 × 40,000.00 = 3,600,000.00" in budget


def test_two_processes_write_the_same_bytes(tmp_path):
    outputs = []
    for run_number in (1, 2):
        folder = tmp_path / str(run_number)
        folder.mkdir()
        for command, name in (("allocate", "a.json"), ("allocate", "a.xlsx"), ("budget", "b.xlsx"),
                              ("budget", "b.csv")):
            result = _sanqu(command, "-o", folder / name, cwd=folder)
            assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert outputs[0] == outputs[1]


def test_an_extension_sanqu_does_not_write_is_refused(tmp_path):
    for name in ("budget.xls", "budget.docx", "budget.pdf", "budget"):
        result = run("budget", "-o", tmp_path / name)
        assert result.exit_code == 2 and "does not write" in result.stderr
        assert not (tmp_path / name).exists()
    # --format says what to write: then any name will do, and stderr says what was written.
    result = run("budget", "-o", tmp_path / "budget.dat", "--format", "csv")
    assert result.exit_code == 0
    assert f"wrote {tmp_path / 'budget.dat'} (CSV, UTF-8 with a BOM)" in result.stderr
    zh = run("budget", "-o", tmp_path / "b.xlsx", "--lang", "zh")
    assert zh.exit_code == 0 and "已写入" in zh.stderr and "Excel工作簿" in zh.stderr


def test_figures_are_never_cut_at_any_width():
    """Money, codes and ids stay whole: text folds, the padding tightens, rows stack."""
    import io

    from rich.console import Console

    from sanqu import allocate, budget, load_inputs
    from sanqu.money.fen import fmt
    from sanqu.render import renderer

    plan, applicants = load_inputs()
    money = budget(plan)
    result = allocate(plan, applicants, "optimal")
    figures = {fmt(getattr(line, k)) for line in money.by_year + [money.totals]
               for k in ("central", "local", "dispatch", "training", "total")}
    ids = {a.person.id for a in result.assignments} | {a.post.county.code for a in result.assignments}
    for width in (120, 80, 60, 40, 30):
        out = io.StringIO()
        console = Console(file=out, width=width, color_system=None)
        for item in renderer("budget", "table")(money, "en", "year"):
            console.print(item)
        text = out.getvalue()
        assert all(figure in text for figure in figures), (width, text)
        assert "…" not in text and max(len(line) for line in text.splitlines()) <= width
        out = io.StringIO()
        console = Console(file=out, width=width, color_system=None)
        for item in renderer("allocate", "table")(result, "en"):
            console.print(item)
        words = set(out.getvalue().split())
        assert ids <= words, (width, ids - words)


def test_quiet_counts_the_warnings_and_still_lists_errors(small_files):
    counties, agencies = small_files
    counties.write_text(counties.read_text(encoding="utf-8").replace("quota: 2\n", "quota: 9\n").replace(
        "professionals: 7", "professionals: 28"), encoding="utf-8")
    loud = run("validate", "--counties", counties, "--agencies", agencies)
    warnings = [line for line in loud.stderr.splitlines() if "[warning]" in line]
    assert len(warnings) >= 2
    quiet = run("validate", "--counties", counties, "--agencies", agencies, "--quiet")
    assert quiet.exit_code == loud.exit_code == 0
    assert "[warning]" not in quiet.stderr and f"{len(warnings)} warning(s) not shown" in quiet.stderr
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("score: 75", "score: 175"),
                        encoding="utf-8")
    broken = run("validate", "--counties", counties, "--agencies", agencies, "-q")
    assert broken.exit_code == 1 and "invalid-value" in broken.stderr  # errors are always listed


def test_init_takes_the_year_from_the_folder_writes_chinese_comments_and_starts_from_last_year(tmp_path):
    result = run("init", tmp_path / "yunnan-2026", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    plan = (tmp_path / "yunnan-2026" / "data" / "counties.yaml").read_text(encoding="utf-8")
    assert "year: 2026" in plan and "service_start: 2026-08-01" in plan and "2025" not in plan
    assert "# 选派人数" in plan and "# professionals to send" not in plan
    check = run("validate", "--counties", tmp_path / "yunnan-2026" / "data" / "counties.yaml",
                "--agencies", tmp_path / "yunnan-2026" / "data" / "agencies.yaml")
    assert check.exit_code == 0 and check.stderr == "", check.stderr
    # --from: last year's plan, moved to the new year; county codes untouched; no applicants yet.
    bundled = REPO / "data" / "counties.yaml"
    assert run("init", tmp_path / "next", "--from", bundled).exit_code == 0
    moved = run_json("validate", "--counties", tmp_path / "next" / "data" / "counties.yaml",
                     "--agencies", tmp_path / "next" / "data" / "agencies.yaml")
    assert moved["ok"] and moved["summary"]["plan"] == "yunnan-2023"
    budget = run_json("budget", "--counties", tmp_path / "next" / "data" / "counties.yaml")
    assert [row["year"] for row in budget["by_year"]] == [2023, 2024]
    assert budget["totals"] == run_json("budget")["totals"]  # the same posts and funding


def test_the_validation_workbook_speaks_chinese(tmp_path):
    import openpyxl

    agencies = tmp_path / "agencies.yaml"
    agencies.write_text((VALID / "agencies.yaml").read_text(encoding="utf-8").replace(
        'preferences: ["533422"]', 'preferences: ["533422"]\n        programmes: [county_service]'),
        encoding="utf-8")
    target = tmp_path / "v.xlsx"
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", agencies, "-o", target,
                 "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(target)["问题"]
    assert [c.value for c in sheet[1]] == ["文件", "位置", "代码", "级别", "说明"]
    assert sheet["D2"].value == "警告" and "P008" in sheet["E2"].value
    assert sheet["B2"].value.count(":") == 1  # line:column in a YAML file


def test_a_long_table_is_laid_out_whole_and_aligned_without_rich(monkeypatch):
    """Past FAST_ROWS rows a table is written as plain aligned lines (rich's Table takes
    about a millisecond a row): the same figures, each column aligned, nothing cut."""
    import sanqu.render.text

    slow = run("allocate", *SMALL, env={"COLUMNS": "200"}).stdout
    monkeypatch.setattr(sanqu.render.text, "FAST_ROWS", 1)
    fast = run("allocate", *SMALL, env={"COLUMNS": "200"}).stdout
    assert fast != slow  # the long-table layout was used

    def words(text: str) -> list[str]:
        return sorted(w for w in text.split() if set(w) - set("─-"))

    assert words(fast) == words(slow)  # every figure, code and name, whole
    rows = [line for line in fast.splitlines() if "P00" in line and "/" in line]
    assert rows and len({line.index("/") for line in rows}) == 1  # the filled column lines up


def test_first_choice_counts_only_those_placed_at_the_county_they_named_first():
    data = json.loads(run("allocate", "--format", "json").stdout)
    ranks = [a["preference_rank"] for a in data["assignments"]]
    assert None in ranks and 1 in ranks  # the bundled pool has both
    assert data["summary"]["first_choice"] == ranks.count(1)
    assert data["summary"]["no_preference"] == ranks.count(None)
    compared = json.loads(run("allocate", "--compare", "--format", "json").stdout)
    fair = next(row for row in compared["compare"] if row["method"] == "fair")
    assert fair["first_choice"] == ranks.count(1)


@pytest.mark.parametrize("command", [["allocate", "--compare"], ["budget"], ["validate"]])
def test_piped_tables_honour_columns(command):
    wide = run(*command, env={"COLUMNS": "80"})
    assert wide.exit_code == 0, wide.output
    assert max(len(line) for line in wide.stdout.splitlines()) <= 80
    unset = run(*command)
    assert max(len(line) for line in unset.stdout.splitlines()) > 80 or command == ["validate"]


def test_the_command_line_loads_no_solver_until_a_solve():
    """--help, --version and validate answer in a fraction of a second: NumPy, HiGHS and SciPy
    are loaded by the commands that solve, not by the command line's start."""
    import subprocess
    import sys

    code = ("import sys; import sanqu.cli.app; "
            "print(sorted(m for m in ('numpy', 'highspy', 'scipy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
