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


# ------------------------------------------------------------------ workbooks

def _xlsx(path, rows, *, extra=None, sheet="申请人"):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value not in ("", None):
                ws.write(r, c, value)
    if extra:
        extra(book, ws)
    book.close()


def test_a_cell_in_the_far_corner_is_refused_before_the_read_naming_it(tmp_path):
    # One character at XFD1048576 made calamine ask for 550 GB and abort the process.
    _xlsx(tmp_path / "a.xlsx", [_row(1)], extra=lambda book, ws: ws.write(1048575, 16383, "x"))
    result = _validate(tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert "a.xlsx:申请人!XFD1048576: too-large: the sheet's cells reach XFD1048576" in result.stderr


def test_a_cell_far_down_a_hidden_sheet_does_not_block_the_visible_one(tmp_path):
    def decoy(book, ws):
        hidden = book.add_worksheet("旧数据")
        hidden.write(1048575, 16383, "x")
        hidden.hide()
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2)], extra=decoy)
    assert _validate(tmp_path / "a.xlsx").exit_code == 0


def test_empty_cells_to_the_end_of_the_sheet_are_not_data(tmp_path):
    # Formatting a whole column writes no cells; a styled blank cell far down holds nothing.
    def styled(book, ws):
        ws.write_blank(1048575, 7, None, book.add_format({"bold": True}))
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2)], extra=styled)
    assert _validate(tmp_path / "a.xlsx").exit_code == 0


def test_a_sheet_past_the_cell_bound_is_refused_before_calamine_holds_it(tmp_path, monkeypatch):
    from sanqu.read import bounds

    monkeypatch.setattr(bounds, "MAX_CELLS", 40)  # 5 rows x 12 columns pass it
    _xlsx(tmp_path / "a.xlsx", [_row(i) for i in range(1, 5)])
    result = _validate(tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert "a.xlsx:申请人!L5: too-large: the sheet's cells reach L5 (5 rows × 12 columns, 60 cells)" \
        in result.stderr


def _bomb(path, part: str, filler: bytes, size: int) -> None:
    """A copy of a workbook whose ``part`` is padded with ``filler`` to ``size`` bytes."""
    import zipfile

    source = zipfile.ZipFile(path)
    items = {item.filename: source.read(item.filename) for item in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            if name != part:
                out.writestr(name, data)
                continue
            with out.open(name, "w", force_zip64=True) as stream:
                cut = data.index(b"<sheetData>") if b"<sheetData>" in data else len(data) // 2
                stream.write(data[:cut])
                for _ in range(size // len(filler) // 1000):
                    stream.write(filler * 1000)
                stream.write(data[cut:])


def test_a_zip_bomb_is_refused_as_it_unpacks(tmp_path, monkeypatch):
    from sanqu.read import bounds

    monkeypatch.setattr(bounds, "MAX_UNPACKED", 4 * 2**20)
    _xlsx(tmp_path / "a.xlsx", [_row(1)])
    _bomb(tmp_path / "a.xlsx", "xl/worksheets/sheet1.xml", b" " * 64, 8 * 2**20)
    assert (tmp_path / "a.xlsx").stat().st_size < 200_000  # a few kilobytes that unpack to 8 MB
    result = _validate(tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert "too-large: the workbook's part xl/worksheets/sheet1.xml unpacks to more than 4 MB" \
        in result.stderr
    _xlsx(tmp_path / "b.xlsx", [_row(1)])  # ... and the shared strings, read when it opens
    _bomb(tmp_path / "b.xlsx", "xl/styles.xml", b"<!-- -->", 8 * 2**20)
    result = _validate(tmp_path / "b.xlsx")
    assert result.exit_code == 1 and "xl/styles.xml unpacks to more than 4 MB" in result.stderr


def test_rows_hidden_in_excel_are_read_and_named(tmp_path):
    def hide(book, ws):
        ws.set_row(2, None, None, {"hidden": True})
        ws.set_row(3, None, None, {"hidden": True})
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2), _row(3)], extra=hide)
    result = run("allocate", "--counties", "plan.yaml", "--agencies", tmp_path / "a.xlsx",
                 "--format", "json")
    assert result.exit_code == 0 and '"applicants": 3' in result.stdout
    assert "a.xlsx:申请人!A3: [warning] hidden-rows: rows hidden in Excel are read like every " \
        "other row: 3, 4" in result.stderr


def test_a_visible_sheet_is_preferred_to_a_hidden_one_of_the_right_name(tmp_path):
    def hide(book, ws):
        other = book.add_worksheet("Sheet2")
        other.activate()  # Excel hides no active sheet
        ws.hide()
        other.write_row(0, 0, HEADER)
        other.write_row(1, 0, ["A02", "乙机构", "Q1", "王五", "社会工作师", 60])
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2)], extra=hide)
    result = run("allocate", "--counties", "plan.yaml", "--agencies", tmp_path / "a.xlsx",
                 "--format", "json")
    assert result.exit_code == 0 and '"applicants": 1' in result.stdout


def _ods(path, rows_xml: str) -> None:
    """A minimal OpenDocument spreadsheet (as LibreOffice and WPS save) with these rows."""
    import zipfile

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="申请人">'
               f'{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')


def _ods_row(values) -> str:
    cells = "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
                    for v in values)
    return f"<table:table-row>{cells}</table:table-row>"


def test_an_ods_row_repeated_with_a_value_is_refused_and_its_empty_tail_is_not(tmp_path):
    rows = _ods_row(HEADER[:6]) + _ods_row(_row(1)[:6])
    # LibreOffice ends every sheet with its empty rows repeated to the last: that is no data.
    tail = ('<table:table-row table:number-rows-repeated="1048574">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    _ods(tmp_path / "a.ods", rows + tail)
    assert _validate(tmp_path / "a.ods").exit_code == 0
    bomb = ('<table:table-row table:number-rows-repeated="100000"><table:table-cell '
            'table:number-columns-repeated="16000" office:value-type="float" office:value="1">'
            '<text:p>1</text:p></table:table-cell></table:table-row>')
    _ods(tmp_path / "b.ods", rows + bomb)
    result = _validate(tmp_path / "b.ods")
    assert result.exit_code == 1
    assert "b.ods:1:1: too-large: the sheet's cells reach WQJ100002" in result.stderr


def test_a_formula_error_or_an_uncomputed_formula_is_never_read_as_empty(tmp_path):
    # calamine reads both as an empty cell: a preference would become "any county".
    def formulas(book, ws):
        ws.write_formula(1, 6, "=1/0", None, "#DIV/0!")  # 志愿 of P1: an error, saved by Excel
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2)], extra=formulas)
    result = _validate(tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert "a.xlsx:申请人!G2: formula-error: this cell's formula gives the error #DIV/0!" in result.stderr
    import openpyxl  # writes a formula with no saved value, as a script does

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "申请人"
    ws.append(HEADER)
    ws.append(_row(1))
    ws["F2"] = "=70+10"
    book.save(tmp_path / "b.xlsx")
    result = _validate(tmp_path / "b.xlsx")
    assert result.exit_code == 1
    assert "b.xlsx:申请人!F2: formula-uncomputed: this cell holds a formula with no value saved" in result.stderr
    assert "required key 'score' is missing" not in result.stderr  # said once, at its cell


def test_ids_in_cells_of_the_wrong_kind_are_refused_at_their_cell(tmp_path):
    import datetime as dt

    def kinds(book, ws):
        ws.write_boolean(1, 2, True)
        ws.write_datetime(2, 2, dt.datetime(2022, 1, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
        ws.write_number(3, 2, 1.2345678901234567e25)
    _xlsx(tmp_path / "a.xlsx", [_row(1), _row(2), _row(3)], extra=kinds)
    result = _validate(tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert "a.xlsx:申请人!C2: cell-kind: a TRUE/FALSE cell where 编号 belongs" in result.stderr
    assert "a.xlsx:申请人!C3: cell-kind: a date cell where 编号 belongs" in result.stderr
    assert "a.xlsx:申请人!C4: cell-kind: a number Excel keeps only to 15 digits where 编号 belongs" \
        in result.stderr
    assert "12345678901234567" not in result.stderr + result.stdout


def test_an_identity_number_stored_as_a_number_is_named_never_completed(tmp_path):
    digits = int(ID_CARD[:17] + "0")  # Excel keeps 15 digits of it: 110105194912310000
    _xlsx(tmp_path / "a.xlsx", [_row(1)], extra=lambda book, ws: ws.write_number(1, 9, digits))
    result = _validate(tmp_path / "a.xlsx", "--format", "json")
    assert "a.xlsx:申请人!J2: id-card-number: the identity number is stored as a number" in result.stderr
    assert "11010519491231" not in result.stderr + result.stdout


# ------------------------------------------------------------------ folders

def test_no_file_in_a_folder_is_skipped_without_being_named(tmp_path):
    import os

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    _xlsx(folder / "a.xlsm", [_row(1)])  # an xlsx with macros (never run)
    _xlsx(folder / "sub" / "b.xlsx ", [["A02", "乙机构", "Q1", "王五", "社会工作师", "60"]])
    (folder / "readme.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "nowhere.xlsx", folder / "dangling.xlsx")
    os.symlink(folder, folder / "loop")  # a folder that holds itself
    result = _validate(folder, "--format", "json")
    assert result.exit_code == 0, result.stderr
    for name, why in (("readme.txt", "not an applicants file"), ("dangling.xlsx", "a link to a file that is not there"),
                      ("loop", "a link to a folder, not followed")):
        assert f"in/{name}:1:1: [warning] skipped-file: skipped: {why}" in result.stderr
    assert '"people": 1' in result.stdout.replace(" ", "").replace('"people":1', '"people": 1')
