"""Applicants from the agencies' spreadsheets: every form, every mistake at its cell, PII masked."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from conftest import REPO, VALID, run, run_json

ID_CARD = "11010519491231002X"  # a valid GB 11643 number (check digit X)
PHONE = "13812345678"
HEADER = ["机构编号", "机构名称", "编号", "姓名", "职业资格", "评分", "志愿", "项目类别",
          "工作年限", "身份证号", "联系电话", "备注"]
ZH_QUALIFICATION = {"none": "无", "assistant": "助理社会工作师", "intermediate": "社会工作师",
                    "senior": "高级社会工作师"}


def bundled_rows() -> list[list]:
    """The bundled pool as one row per person, terms in Chinese, preferences as 、 lists."""
    data = yaml.safe_load((REPO / "data" / "agencies.yaml").read_text(encoding="utf-8"))
    rows = []
    for agency in data["agencies"]:
        for k, p in enumerate(agency["professionals"]):
            prefs = p.get("preferences")
            rows.append([agency["id"], agency["name"] if k == 0 else "", p["id"], p["name"],
                         ZH_QUALIFICATION[p["qualification"]], p["score"],
                         "服从调剂" if prefs is None else "、".join(prefs),
                         "、".join({"county_service": "县级服务",
                                   "station_support": "乡镇（街道）社工站支持"}[x]
                                  for x in p.get("programmes") or []),
                         p.get("experience_years", ""), "", "", "note"])
    return rows


def yaml_of(rows: list[list]) -> str:
    """The same people as the YAML applicants file (no Chinese names: sheets have none)."""
    agencies: dict = {}
    for row in rows:
        agency = agencies.setdefault(row[0], {"id": row[0], "name": row[1], "professionals": []})
        person = {"id": row[2], "name": row[3],
                  "qualification": {v: k for k, v in ZH_QUALIFICATION.items()}[row[4]],
                  "score": row[5]}
        if row[6] != "服从调剂":
            person["preferences"] = row[6].split("、")
        if row[7]:
            person["programmes"] = ["county_service" if x == "县级服务" else "station_support"
                                    for x in row[7].split("、")]
        if row[8] != "":
            person["experience_years"] = row[8]
        agency["professionals"].append(person)
    return yaml.safe_dump({"agencies": list(agencies.values())}, allow_unicode=True,
                          sort_keys=False)


def write_xlsx(path, rows, header=HEADER, decoy=True, sheet="申请人"):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    if decoy:
        book.add_worksheet("说明").write(0, 0, "not the applicants")
    ws = book.add_worksheet(sheet)
    ws.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value != "" and value is not None:
                ws.write(r, c, value)
    book.close()


def write_csv(path, rows, encoding, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def test_every_form_gives_the_same_allocation_byte_for_byte(tmp_path):
    rows = bundled_rows()
    (tmp_path / "agencies.yaml").write_text(yaml_of(rows), encoding="utf-8")
    write_xlsx(tmp_path / "agencies.xlsx", rows)
    write_csv(tmp_path / "utf8.csv", rows, "utf-8-sig")
    write_csv(tmp_path / "utf16.csv", rows, "utf-16")
    write_csv(tmp_path / "gbk.csv", rows, "gb18030")
    folder = tmp_path / "submissions"
    folder.mkdir()
    split = next(i for i, row in enumerate(rows) if row[0] == "A21")
    write_xlsx(folder / "a-first.xlsx", rows[:split])
    write_csv(folder / "b-second.csv", rows[split:], "gb18030")
    outputs = {}
    for name in ("agencies.yaml", "agencies.xlsx", "utf8.csv", "utf16.csv", "gbk.csv",
                 "submissions"):
        result = run("allocate", "--agencies", tmp_path / name, "--format", "json")
        assert result.exit_code == 0, (name, result.stderr)
        outputs[name] = result.stdout
    assert len(set(outputs.values())) == 1
    data = json.loads(outputs["agencies.xlsx"])
    assert data["summary"]["applicants"] == 166 and data["summary"]["filled"] == 90


@pytest.fixture
def plan(tmp_path):
    """The small plan without the stated applicant counts, which these pools do not match."""
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(line for line in (VALID / "counties.yaml").read_text(
        encoding="utf-8").splitlines() if "_applied" not in line) + "\n", encoding="utf-8")
    return path


def test_terms_names_separators_and_numbers_as_people_type_them(tmp_path, plan):
    rows = [["A01", "昆明测试中心", 1.0, "李伟", "社会工作师", 82.5, "彝良县，Shangri-La；533422",
             "县级服务、乡镇（街道）社工站支持", 3.0, "", "", ""],
            ["A01", "", "P002", "王芳", "assistant", "75", 530628.0, "", "", "", "", ""]]
    write_xlsx(tmp_path / "a.xlsx", rows)
    data = run_json("allocate", "--counties", plan, "--agencies", tmp_path / "a.xlsx",
                    "--method", "optimal")
    placed = {a["professional"] for a in data["assignments"]}
    assert placed == {"1", "P002"}  # an id typed as 1.0 is the id "1"
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", tmp_path / "a.xlsx",
                 "--format", "json")
    problems = json.loads(result.stdout)["problems"]
    assert all(p["code"] == "stated-mismatch" for p in problems if p["severity"] == "error")


@pytest.mark.parametrize("row, header, expected", [
    (["A01", "X", "P1", "N", "社会工作师", 80, "", "", "", "", "", "", "x"], HEADER + ["年龄"],
     "申请人!M1: unknown-key"),
    (["A01", "X", "P1", "N", "专家", 80, "", "", "", "", "", ""], HEADER,
     "申请人!E2: invalid-choice"),
    (["A01", "X", "P1", "N", "社会工作师", 180, "", "", "", "", "", ""], HEADER,
     "申请人!F2: invalid-value"),
    (["A01", "X", "P1", "N", "社会工作师", 80, "香格里拉州", "", "", "", "", ""], HEADER,
     "申请人!G2: unknown-county: '香格里拉州' is not a county of the plan; did you mean '香格里拉市'?"),
    (["A01", "X", "P1", "N", "社会工作师", 80, "", "", "", "110105194912310021", "", ""], HEADER,
     "申请人!J2: invalid-id-card: identity number 110105**********21 is not valid"),
    (["A01", "", "P1", "N", "社会工作师", 80, "", "", "", "", "", ""], HEADER,
     "申请人!B2: missing-key: agency A01 has no name"),
    (["A01", "X", "P1", "N", "社会工作师", 80, "", "", "", "", "", ""],
     [h for h in HEADER if h != "评分"], "申请人!A1: missing-key: no column score"),
])
def test_each_mistake_names_its_sheet_and_cell(tmp_path, row, header, expected):
    if len(header) < len(HEADER):
        row = row[:5] + row[6:]
    write_xlsx(tmp_path / "a.xlsx", [row], header=header)
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", tmp_path / "a.xlsx")
    assert result.exit_code == 1
    assert f"a.xlsx:{expected}" in result.stderr


def test_an_ambiguous_county_name_lists_both_codes(tmp_path):
    plan = tmp_path / "counties.yaml"
    plan.write_text((VALID / "counties.yaml").read_text(encoding="utf-8").replace(
        "name_zh: 德钦县", "name_zh: 香格里拉市"), encoding="utf-8")
    write_xlsx(tmp_path / "a.xlsx", [["A01", "X", "P1", "N", "社会工作师", 80, "香格里拉市",
                                      "", "", "", "", ""]])
    result = run("validate", "--counties", plan, "--agencies", tmp_path / "a.xlsx")
    assert "申请人!G2: ambiguous-county" in result.stderr
    assert "533401, 533422" in result.stderr


def test_csv_problems_name_line_and_column(tmp_path):
    write_csv(tmp_path / "a.csv", [["A01", "X", "P1", "N", "社会工作师", "eighty", "", "", "", "",
                                    "", ""]], "gb18030")
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", tmp_path / "a.csv")
    assert result.exit_code == 1 and "a.csv:2:6: " in result.stderr


def test_one_person_in_two_agencies_files_is_named_with_both_places_masked(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_xlsx(folder / "a.xlsx", [["A01", "X", "P1", "N", "社会工作师", 80, "", "", "",
                                    ID_CARD, PHONE, ""]])
    write_csv(folder / "b.csv", [["A02", "Y", "P2", "N", "社会工作师", 80, "", "", "", ID_CARD.lower(),
                                  PHONE, ""]], "utf-8")
    outputs = []
    for args in (["validate"], ["validate", "--format", "json"], ["allocate", "--debug"],
                 ["allocate", "--format", "csv"], ["validate", "--lang", "zh"]):
        result = run(*args, "--counties", VALID / "counties.yaml", "--agencies", folder)
        outputs.append(result.stdout + result.stderr + str(result.exception or ""))
        assert result.exit_code == 1
    text = "\n".join(outputs)
    assert "duplicate-id-card" in text and "110105**********2X" in text
    assert "a.xlsx:申请人!J2" in text  # the first place, named in the second's message
    assert ID_CARD not in text and ID_CARD.lower() not in text and PHONE not in text


def test_personal_data_never_in_any_output_file(tmp_path, plan):
    write_xlsx(tmp_path / "a.xlsx", [["A01", "X", "P1", "N", "社会工作师", 80, "", "", "",
                                      ID_CARD, PHONE, ""]])
    args = ["--counties", plan, "--agencies", tmp_path / "a.xlsx"]
    for name in ("out.json", "out.csv", "out.md", "out.xlsx"):
        result = run("allocate", *args, "-o", tmp_path / name)
        assert result.exit_code == 0, result.stderr
        raw = (tmp_path / name).read_bytes()
        assert ID_CARD.encode() not in raw and PHONE.encode() not in raw
    table = run("validate", *args, "--format", "json")
    assert ID_CARD not in table.stdout + table.stderr


def test_untouched_template_reads_as_no_applicants_yet(tmp_path, plan):
    made = run("template", tmp_path / "reg.xlsx", "--counties", plan)
    assert made.exit_code == 0 and "reg.xlsx" in made.stderr
    result = run("validate", "--counties", plan, "--agencies", tmp_path / "reg.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "reg.xlsx:申请人!A3: [warning] no-applicants" in result.stderr  # under the title and headers
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(tmp_path / "reg.xlsx"))
    assert book.sheet_names == ["申请人", "县（市、区）", "说明"]
    counties = book.get_sheet_by_name("县（市、区）").to_python()
    assert ["530628", "彝良县"] == counties[1][:2]
    again = run("template", tmp_path / "reg.xlsx", "--counties", plan)
    assert again.exit_code == 1  # never over a workbook that may already be filled in
    # A filled-in template reads back.
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "reg.xlsx")
    wb["申请人"].append(["A01", "昆明测试中心", "P001", "李伟", "社会工作师", 82.5, "彝良县"])
    wb.save(tmp_path / "filled.xlsx")
    data = run_json("allocate", "--counties", plan, "--agencies", tmp_path / "filled.xlsx")
    assert [a["professional"] for a in data["assignments"]] == ["P001"]


def test_init_xlsx_writes_the_registration_workbook(tmp_path):
    result = run("init", tmp_path / "yunnan-2025", "--xlsx")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "yunnan-2025" / "registration.xlsx").stat().st_size > 0


def test_a_file_that_is_not_a_workbook_is_named_plainly(tmp_path):
    fake = tmp_path / "a.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", fake)
    assert result.exit_code == 1
    assert "a.xlsx:1:1: not-a-workbook" in result.stderr and "Traceback" not in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("validate", "--counties", VALID / "counties.yaml", "--agencies", empty)
    assert result.exit_code == 1 and "no applicant files" in result.stderr


def _everything_written(tmp_path, args) -> str:
    """What allocate, validate and budget --by agency write (stdout, stderr, every -o form)."""
    outputs = []
    for command in (["validate"], ["validate", "--format", "json"], ["allocate"], ["allocate", "--format", "json"],
                    ["allocate", "--format", "csv"]):
        result = run(*command, *args)
        outputs += [result.stdout, result.stderr]
    for name in ("out.json", "out.md", "out.xlsx"):
        target = tmp_path / name
        result = run("allocate", *args, "-o", target, "--force")
        outputs.append(result.stderr)
        if target.exists():
            outputs.append(target.read_bytes().decode("utf-8", "replace"))
            target.unlink()
    return "\n".join(outputs)


@pytest.mark.parametrize("where", ["name", "agency name", "note", "header", "id"])
def test_an_identity_number_or_phone_typed_anywhere_is_masked(tmp_path, plan, where):
    row = ["A01", "昆明测试中心", "P1", "李伟", "社会工作师", 80, "", "", "", "", "", ""]
    header = list(HEADER)
    if where == "name":
        row[3] = f"李伟{ID_CARD}"
    elif where == "agency name":
        row[1] = f"中心 {PHONE}"
    elif where == "note":
        row[11] = f"电话{PHONE}，身份证{ID_CARD}"
    elif where == "header":
        header[11] = ID_CARD
    else:
        row[2] = PHONE
    write_xlsx(tmp_path / "a.xlsx", [row], header=header)
    text = _everything_written(tmp_path, ["--counties", plan, "--agencies", tmp_path / "a.xlsx"])
    assert ID_CARD not in text and ID_CARD.lower() not in text and PHONE not in text
    if where in ("name", "header"):
        assert "110105**********2X" in text
    if where == "id":  # an id is printed everywhere: refused, at its cell
        assert "a.xlsx:申请人!C2" in text and "looks like an identity number or a phone" in text
