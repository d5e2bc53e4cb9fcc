"""Spreadsheets and CSV files as an attack surface: each answered at its place, nothing lost.

The agencies' files come from outside the department; a file made to hurt (a cell in the
far corner, a zip bomb, an unclosed quote) or one saved badly by accident (a GBK line in
a UTF-8 file, an identity number typed as a number) is refused, or read right, with a
message naming the place, never read as something else without a word.
"""

from __future__ import annotations

import pytest

from conftest import VALID, run
from test_sheets import HEADER, ID_CARD

PLAN = [line for line in (VALID / "counties.yaml").read_text(encoding="utf-8").splitlines()
        if "_applied" not in line]  # the small plan, without the stated applicant counts

ROW = ["A01", "甲机构", "P1", "张三", "社会工作师", "80", "", "", "", "", "", ""]


@pytest.fixture(autouse=True)
def _plan(tmp_path, monkeypatch):
    (tmp_path / "plan.yaml").write_text("\n".join(PLAN) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def _validate(path, *more):
    result = run("validate", "--counties", "plan.yaml", "--agencies", path, *more)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def _csv_text(*rows: list[str]) -> str:
    return "\n".join(",".join(row) for row in [HEADER, *rows]) + "\n"


def _row(i: int, name: str = "张三") -> list[str]:
    return ["A01", "甲机构" if i == 1 else "", f"P{i}", name, "社会工作师", str(70 + i),
            "", "", "", "", "", ""]


# ------------------------------------------------------------------ CSV

def test_an_unclosed_quote_is_named_at_its_line_not_swallowing_the_rows_after_it(tmp_path):
    broken = _row(2)
    broken[3] = '"李四'  # the quote opened by mistake takes in every line after it
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(_row(1), broken, _row(3), _row(4)), encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 1
    assert "a.csv:3:1: bad-csv: a quote opened on this line is never closed" in result.stderr


def test_a_quote_closed_by_another_further_on_is_refused_where_it_opens(tmp_path):
    first, later = _row(2), _row(4)
    first[3], later[3] = '"李四', '王五"'  # two stray quotes: rows 3 and 4 inside one cell
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(_row(1), first, _row(3), later, _row(5)), encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 1
    assert "a.csv:3:1: bad-csv: a quoted cell starting on this line runs to line 5" in result.stderr


def test_a_cell_past_the_csv_field_limit_is_a_message_not_a_crash(tmp_path):
    huge = _row(2)
    huge[11] = '"' + "备注" * 70_000 + '"'
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(_row(1), huge), encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 1
    assert "a.csv:3:1: bad-csv: a cell starting on this line is longer than 131072" in result.stderr


def test_a_gbk_line_in_a_utf8_file_is_named_at_its_line(tmp_path):
    path = tmp_path / "a.csv"
    text = _csv_text(_row(1), _row(2), _row(3)).encode("utf-8")
    path.write_bytes(text + ",".join(_row(4, "王五")).encode("gbk") + b"\n")
    result = _validate(path)
    assert result.exit_code == 1
    assert "a.csv:5:1: encoding: this line is not in the file's encoding" in result.stderr
    # ... and a whole GBK file (Excel's CSV on a Chinese Windows) is still read.
    path.write_bytes(_csv_text(_row(1), _row(2)).encode("gbk"))
    assert _validate(path).exit_code == 0


def test_a_multiline_cell_keeps_the_line_numbers_after_it_true(tmp_path):
    first = _row(1)
    first[11] = '"第一行\n第二行"'  # a note over two lines: row 3 of the file starts on line 4
    bad = _row(2)
    bad[5] = "eighty"
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(first, bad), encoding="utf-8")
    result = _validate(path)
    assert "a.csv:4:6: " in result.stderr, result.stderr


def test_millions_of_blank_lines_are_read_as_blank(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(_row(1)) + "\n" * 1_000_000 + ",".join(_row(2)) + "\n",
                    encoding="utf-8")
    result = run("allocate", "--counties", "plan.yaml", "--agencies", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"applicants": 2' in result.stdout


def test_a_workbook_saved_under_a_csv_name_is_named_as_what_it_is(tmp_path):
    from test_sheets import write_xlsx

    write_xlsx(tmp_path / "a.xlsx", [ROW])
    named = tmp_path / "a.csv"
    named.write_bytes((tmp_path / "a.xlsx").read_bytes())
    result = _validate(named)
    assert result.exit_code == 1
    assert "a.csv:1:1: encoding: this is an Excel workbook (xlsx) saved under a .csv name" in result.stderr
    ledger = run("spending", "--counties", "plan.yaml", "--ledger", named)
    assert ledger.exit_code == 1 and "Excel workbook (xlsx)" in ledger.stderr


def test_an_identity_number_in_an_unclosed_quote_is_never_shown(tmp_path):
    broken = _row(2)
    broken[9] = '"' + ID_CARD
    path = tmp_path / "a.csv"
    path.write_text(_csv_text(_row(1), broken), encoding="utf-8")
    result = _validate(path)
    assert result.exit_code == 1 and ID_CARD not in result.stderr + result.stdout
