"""Agencies' spreadsheets as they really arrive: title rows, 序号, merged agency cells, short
county names, ids from 1 per agency, subfolders, WPS .et files, date and text cells."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
import xlsxwriter
import yaml

from conftest import run

PLAN: list = []  # the bundled plan without its stated applicant counts (set by the fixture below)


@pytest.fixture(autouse=True)
def _plan(tmp_path_factory):
    """The 2022 plan as a new year's would start: its posts, no stated applicant counts."""
    from conftest import REPO

    if not PLAN:
        text = (REPO / "data" / "counties.yaml").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^[ \t]+(agencies_applied|professionals_applied):.*\n", "", text)
        path = tmp_path_factory.mktemp("plan") / "counties.yaml"
        path.write_text(text, encoding="utf-8")
        PLAN.extend(["--counties", str(path)])
HEAD = ["序号", "机构编号", "机构名称", "姓名", "性别", "职业资格", "评分", "志愿", "身份证号码", "手机号码"]
PEOPLE = {  # agency -> its people: (name, qualification, score, preferences)
    "A01": ("昆明市同心社工服务中心", [("张一", "社会工作师", 88, "蒙自、香格里拉"),
                                    ("王二", "助理社会工作师", 81.5, "耿马县"),
                                    ("李三", "社会工作师", 79, "南涧县，彝良")]),
    "A02": ("大理州阳光社工事务所", [("赵四", "高级社会工作师", 92, "532926"), ("钱五", "社会工作师", 76, "服从调剂")]),
}


def _workbook(path, agency: str, *, title: str | None = "2023年三区计划申报表", merge_agency: bool = True,
              merge_preferences: bool = False, score_cell=None) -> None:
    """One agency's submission: a title row, the headers, 序号 1, 2, 3, the agency merged down."""
    name, people = PEOPLE[agency]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("申请人")
    top = 0
    if title:
        sheet.merge_range(0, 0, 0, len(HEAD) - 1, title)
        top = 1
    sheet.write_row(top, 0, HEAD)
    first, last = top + 1, top + len(people)
    if merge_agency and len(people) > 1:
        sheet.merge_range(first, 1, last, 1, agency)
        sheet.merge_range(first, 2, last, 2, name)
    for k, (person, qualification, score, preferences) in enumerate(people):
        r = first + k
        sheet.write_number(r, 0, k + 1)
        if not merge_agency or len(people) == 1:
            sheet.write_string(r, 1, agency)
            sheet.write_string(r, 2, name)
        sheet.write_string(r, 3, person)
        sheet.write_string(r, 4, "女" if k % 2 else "男")
        sheet.write_string(r, 5, qualification)
        if score_cell is not None and k == 0:
            score_cell(sheet, r, 6, book)
        else:
            sheet.write_number(r, 6, score)
        if not merge_preferences:
            sheet.write_string(r, 7, preferences)
        sheet.write_string(r, 9, f"1380000{k:04d}")
    if merge_preferences:
        sheet.merge_range(first, 7, first + 1, 7, "蒙自")
    book.close()


def _csv(path, agency: str) -> None:
    name, people = PEOPLE[agency]
    lines = [",".join(["编号", "机构编号", "机构名称", "姓名", "职业资格", "评分", "志愿"])]
    for k, (person, qualification, score, preferences) in enumerate(people):
        lines.append(",".join([str(k + 1), agency, name if k == 0 else "", person, qualification, str(score),
                               f'"{preferences}"']))
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")


def _yaml(path) -> None:
    """The same people as YAML, with the ids the spreadsheets make (A01-1, ...)."""
    county = {"蒙自": "532503", "香格里拉": "533401", "耿马县": "530926", "南涧县": "532926", "彝良": "530628"}
    qualification = {"社会工作师": "intermediate", "助理社会工作师": "assistant", "高级社会工作师": "senior"}
    agencies = []
    for agency, (name, people) in PEOPLE.items():
        rows = []
        for k, (person, qual, score, preferences) in enumerate(people):
            row = {"id": f"{agency}-{k + 1}", "name": person, "qualification": qualification[qual], "score": score}
            if preferences != "服从调剂":
                parts = preferences.replace("，", "、").split("、")
                row["preferences"] = [county.get(p, p) for p in parts]
            rows.append(row)
        agencies.append({"id": agency, "name": name, "professionals": rows})
    path.write_text(yaml.safe_dump({"agencies": agencies}, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def submissions(tmp_path, monkeypatch):
    """A folder as it comes back: A01 in a subfolder as .xlsx, A02 as a GBK CSV, a stray .docx."""
    monkeypatch.chdir(__import__("conftest").REPO)
    folder = tmp_path / "submissions"
    (folder / "昆明").mkdir(parents=True)
    _workbook(folder / "昆明" / "A01.xlsx", "A01")
    _csv(folder / "A02.csv", "A02")
    (folder / "说明.docx").write_bytes(b"PK\x03\x04 not an applicants file")
    return folder


def test_a_real_folder_gives_the_allocation_its_yaml_gives(submissions, tmp_path):
    _yaml(tmp_path / "same.yaml")
    from_folder = run("allocate", *PLAN, "--agencies", submissions, "-f", "json")
    from_yaml = run("allocate", *PLAN, "--agencies", tmp_path / "same.yaml", "-f", "json")
    assert from_folder.exit_code == 0, from_folder.stderr
    a, b = json.loads(from_folder.stdout), json.loads(from_yaml.stdout)
    assert [(x["professional"], x["county"]) for x in a["assignments"]] == \
        [(x["professional"], x["county"]) for x in b["assignments"]]
    assert {x["professional"] for x in a["assignments"]} >= {"A01-1", "A02-1"}
    # Nothing silent: the file read, what it gave, the stray file skipped and named.
    assert "read 2 file(s): 2 agencies, 5 people" in from_folder.stderr
    assert "A01-1" in from_folder.stderr or "ids made from the agency's id" in from_folder.stderr
    assert "说明.docx" in from_folder.stderr and "skipped: not an applicants file" in from_folder.stderr


def test_short_county_names_each_name_one_county(submissions):
    data = json.loads(run("allocate", *PLAN, "--agencies", submissions, "-f", "json").stdout)
    placed = {a["professional"]: a for a in data["assignments"]}
    assert placed["A01-1"]["county"] in ("532503", "533401")  # 蒙自, 香格里拉
    assert placed["A01-2"]["county"] == "530926"  # 耿马县 = 耿马傣族佤族自治县


def test_validate_json_lists_the_inputs_and_titles(submissions):
    result = run("validate", *PLAN, "--agencies", submissions, "-f", "json")
    data = json.loads(result.stdout)
    files = {f["file"].split("/")[-1]: f for f in data["inputs"]}
    assert files["A01.xlsx"]["titles"] == ["2023年三区计划申报表"] and files["A01.xlsx"]["people"] == 3
    assert files["A01.xlsx"]["ids_numbered"] and files["A02.csv"]["ids_numbered"]
    assert not any(p["code"] in ("unknown-key", "missing-key") for p in data["problems"])


def test_a_wps_et_file_is_read_by_its_content(submissions):
    shutil.move(submissions / "昆明" / "A01.xlsx", submissions / "A01.et")
    result = run("validate", *PLAN, "--agencies", submissions, "-f", "json")
    assert "A01.et" in {f["file"].split("/")[-1] for f in json.loads(result.stdout)["inputs"]}
    (submissions / "A03.et").write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    broken = run("validate", *PLAN, "--agencies", submissions)
    assert broken.exit_code == 1 and "A03.et" in broken.stderr and "save it as .xlsx" in broken.stderr


def test_a_merge_across_people_is_an_error_naming_the_range(tmp_path, monkeypatch):
    monkeypatch.chdir(__import__("conftest").REPO)
    _workbook(tmp_path / "A01.xlsx", "A01", merge_preferences=True)
    result = run("validate", *PLAN, "--agencies", tmp_path / "A01.xlsx")
    assert result.exit_code == 1
    assert "A01.xlsx:申请人!H3: merged-cells: H3:H4 is merged across several people's '志愿' cells" in result.stderr


def test_a_date_cell_and_a_text_score_are_quoted(tmp_path, monkeypatch):
    monkeypatch.chdir(__import__("conftest").REPO)

    def date(sheet, r, c, book):
        sheet.write_datetime(r, c, dt.datetime(1900, 3, 16), book.add_format({"num_format": "yyyy/m/d"}))

    _workbook(tmp_path / "A01.xlsx", "A01", score_cell=date)
    result = run("validate", *PLAN, "--agencies", tmp_path / "A01.xlsx")
    assert result.exit_code == 1 and "date-cell: a date cell (1900-03-16) where a number belongs" in result.stderr

    def text(sheet, r, c, book):
        sheet.write_string(r, c, "七十六")

    _workbook(tmp_path / "A02.xlsx", "A01", score_cell=text)
    result = run("validate", *PLAN, "--agencies", tmp_path / "A02.xlsx")
    assert result.exit_code == 1 and "'七十六'" in result.stderr
    chinese = run("validate", *PLAN, "--agencies", tmp_path / "A02.xlsx", "--lang", "zh")
    assert "应为数值，填写的是'七十六'" in chinese.stderr


def test_a_phone_typed_as_a_score_is_masked_in_the_message(tmp_path, monkeypatch):
    monkeypatch.chdir(__import__("conftest").REPO)

    def phone(sheet, r, c, book):
        sheet.write_string(r, c, "13812345678x")

    _workbook(tmp_path / "A01.xlsx", "A01", score_cell=phone)
    result = run("validate", *PLAN, "--agencies", tmp_path / "A01.xlsx")
    assert result.exit_code == 1 and "13812345678" not in result.stderr and "138*******8x" in result.stderr


def test_ids_repeated_within_one_agency_are_still_a_collision(tmp_path, monkeypatch):
    monkeypatch.chdir(__import__("conftest").REPO)
    path = tmp_path / "A01.csv"
    path.write_text("编号,机构编号,机构名称,姓名,职业资格,评分\n1,A01,X,甲,社会工作师,80\n1,A01,,乙,社会工作师,81\n",
                    encoding="utf-8")
    result = run("validate", *PLAN, "--agencies", path)
    assert result.exit_code == 1 and "A01-1" in result.stderr and "duplicate" in result.stderr.lower()


def test_an_ambiguous_header_names_both_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(__import__("conftest").REPO)
    path = tmp_path / "A01.csv"
    path.write_text("编号,机构编号,名称,姓名,职业资格,评分\nP1,A01,X,甲,社会工作师,80\n", encoding="utf-8")
    result = run("validate", *PLAN, "--agencies", path)
    assert result.exit_code == 1 and "'名称' could mean name (姓名) or agency_name (机构名称)" in result.stderr


def test_problems_xlsx_names_sheet_and_cell(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(__import__("conftest").REPO)
    _workbook(tmp_path / "A01.xlsx", "A01", merge_preferences=True)
    out = tmp_path / "problems.xlsx"
    run("validate", *PLAN, "--agencies", tmp_path / "A01.xlsx", "-o", out)
    sheet = openpyxl.load_workbook(out).worksheets[-1]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:2] == ["file", "place"]
    assert any(row[1] == "申请人!H3" and row[2] == "merged-cells" for row in rows)


def test_the_registration_workbook_offers_both_programmes_and_takes_typed_scores(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(__import__("conftest").REPO)
    out = tmp_path / "r.xlsx"
    assert run("template", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)["申请人"]
    assert sheet["A1"].value.startswith("2022年云南省")
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists["H3"] == '"县级服务,乡镇（街道）社工站支持"'
    # No text format under the score's decimal rule (Excel and WPS refuse a typed number there).
    import zipfile

    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    styles = zipfile.ZipFile(out).read("xl/styles.xml").decode()
    score_style = int(xml.split('<col min="6" max="6"')[1].split('style="')[1].split('"')[0])
    formats = styles.split("<cellXfs")[1].split("<xf ")[1:]
    assert 'numFmtId="49"' not in formats[score_style] and 'numFmtId="164"' not in formats[score_style]
    # Filled in as an agency would and read back: the person is there.
    book = openpyxl.load_workbook(out)
    ws = book["申请人"]
    for c, value in enumerate(["A01", "X", None, "张一", "社会工作师", 80], start=1):
        if value is not None:
            ws.cell(3, c, value)
    book.save(out)
    result = run("validate", *PLAN, "--agencies", out, "-f", "json")
    assert {f["people"] for f in json.loads(result.stdout)["inputs"]} == {1}
