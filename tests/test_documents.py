"""The documents to publish and to sign: the 公示 list and the tripartite agreements, read back."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from conftest import SMALL, run

docx = pytest.importorskip("docx")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def allocation(tmp_path_factory):
    folder = tmp_path_factory.mktemp("alloc")
    path = folder / "allocation.json"
    assert run("allocate", "-f", "json", "-o", path).exit_code == 0
    return path


@pytest.fixture(scope="module")
def written(allocation, tmp_path_factory):
    """The bundled allocation's 90 agreements, written once for the tests that read them."""
    folder = tmp_path_factory.mktemp("agreements") / "协议"
    result = run("agreements", "--allocation", allocation, "-o", folder, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small test plan's allocation (a few placements: quick to write agreements for)."""
    path = tmp_path_factory.mktemp("small") / "a.json"
    assert run("allocate", *SMALL, "-f", "json", "-o", path).exit_code == 0
    return path


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _runs(document):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        yield from paragraph.runs


def _east_asia(run_) -> str | None:
    from docx.oxml.ns import qn

    fonts = run_._r.rPr.rFonts if run_._r.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_publicity_lists_every_placed_person_and_no_private_data(allocation, tmp_path):
    out = tmp_path / "公示.docx"
    result = run("publicity", "--allocation", allocation, "--from", "2022-07-20", "-o", out, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    text = _text(document)
    data = json.loads(allocation.read_text(encoding="utf-8"))
    for a in data["assignments"]:
        assert (a["name_zh"] or a["name"]) in text and (a["agency_name_zh"] or a["agency_name"]) in text
        assert a["county_name_zh"] in text
    assert "共90人" in text and "拟选派人员名单公示" in text and "云南省民政厅" in text
    rows = document.tables[0].rows
    assert [c.text for c in rows[0].cells] == ["序号", "姓名", "派出机构", "服务县", "项目类别"]
    assert len(rows) == 91 and [r.cells[0].text for r in rows[1:]] == [str(n) for n in range(1, 91)]
    scores = {str(a["score"]) for a in data["assignments"]}
    assert not any(cell.text in scores for row in rows for cell in row.cells[1:])  # past 序号
    assert not re.search(r"\d{11,}", text)  # no phone, no identity number
    for run_ in _runs(document):
        if CHINESE.search(run_.text):
            assert _east_asia(run_) in ("宋体", "黑体"), run_.text


def test_the_notice_period_skips_holidays_where_the_calendar_knows_them(allocation):
    # 28 September 2022 + 5 working days: the National Day week is skipped, and the
    # make-up working days of 8 and 9 October count.
    data = json.loads(run("publicity", "--allocation", allocation, "--from", "2022-09-28", "-f", "json").stdout)
    assert (data["from"], data["to"], data["calendar"]) == ("2022-09-28", "2022-10-09", "chinese_calendar")
    assert data["count"] == 90 and "score" not in data["people"][0]


def test_a_year_the_calendar_does_not_know_skips_weekends_and_warns(allocation):
    result = run("publicity", "--allocation", allocation, "--from", "2040-01-02", "--days", "7", "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["calendar"] == "weekends" and data["to"] == "2040-01-10"
    assert "does not know 2040" in result.stderr


def test_the_publicity_as_a_workbook_and_markdown(allocation, tmp_path):
    import openpyxl

    out = tmp_path / "p.xlsx"
    result = run("publicity", "--allocation", allocation, "--from", "2022-07-20", "-o", out, "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert "公示" in sheet["A1"].value and sheet["A2"].value == "序号" and sheet["A3"].value == 1
    markdown = run("publicity", "--allocation", allocation, "--from", "2022-07-20", "-f", "markdown").stdout
    assert markdown.startswith("# ") and "| 1 |" in markdown


def test_one_agreement_per_placement_with_its_funds_exact(allocation, written):
    folder = written
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 91 and "index.xlsx" in files
    data = json.loads(allocation.read_text(encoding="utf-8"))
    names = {a["professional"]: a for a in data["assignments"]}
    for name in files[:-1] if files[-1] == "index.xlsx" else [f for f in files if f.endswith(".docx")]:
        document = docx.Document(str(folder / name))
        text = _text(document)
        person = names[name.split("_")[1].removesuffix(".docx")]
        assert (person["name_zh"] or person["name"]) in text and person["county_name_zh"] in text
        assert (person["agency_name_zh"] or person["agency_name"]) in text
        assert "身份证号码：____" in text and not re.search(r"\d{15,}", text)
        year_rows = [[c.text for c in r.cells] for r in document.tables[0].rows[1:]]
        central = sum(Decimal(r[2].replace(",", "")) for r in year_rows)
        local = sum(Decimal(r[3].replace(",", "")) for r in year_rows)
        assert central == Decimal("20000.00") and local == Decimal("20000.00")
        assert [r[0] for r in year_rows] == ["2022", "2023"] and [r[1] for r in year_rows] == ["5", "7"]
        for run_ in _runs(document):
            if CHINESE.search(run_.text):
                assert _east_asia(run_) in ("宋体", "黑体")


def test_the_index_lists_every_agreement_with_the_totals(written):
    import openpyxl

    folder = written
    sheet = openpyxl.load_workbook(folder / "index.xlsx").worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][:2] == ["序号", "协议编号"] and len(rows) == 92 and rows[-1][1] == "合计"
    assert sum(Decimal(str(r[8])) for r in rows[1:-1]) == Decimal("1800000.00")


def test_the_folder_is_written_whole_or_not_at_all(allocation, tmp_path):
    folder = tmp_path / "full"
    folder.mkdir()
    (folder / "keep.txt").write_text("signed copies", encoding="utf-8")
    result = run("agreements", "--allocation", allocation, "-o", folder)
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a docx")
    target = tmp_path / "none"
    result = run("agreements", "--allocation", allocation, "-o", target, "--template", broken)
    assert result.exit_code == 1 and "broken.docx" in result.stderr and not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sanqu-")]


def test_the_office_can_give_its_own_template(small, tmp_path):
    own = tmp_path / "own.docx"
    assert run("agreements", "--write-template", own, "--lang", "zh").exit_code == 0
    document = docx.Document(str(own))
    document.add_paragraph("本协议由{{ office }}监督执行。派出机构编号：{{ agency_id }}")
    document.save(str(own))
    folder = tmp_path / "own"
    result = run("agreements", "--counties", SMALL[1], "--allocation", small, "-o", folder, "--template", own)
    assert result.exit_code == 0, result.stderr
    first = sorted(folder.glob("*.docx"))[0]
    assert "派出机构编号：A" in _text(docx.Document(str(first)))
    assert "本协议由" in _text(docx.Document(str(first)))


def test_a_kept_allocation_gives_each_its_own_period(small, tmp_path):
    kept = tmp_path / "kept.json"
    first = json.loads(small.read_text(encoding="utf-8"))["assignments"][0]["professional"]
    assert run("allocate", *SMALL, "--keep", small, "--withdraw", first, "--effective", "2022-10-01", "-f", "json",
               "-o", kept).exit_code == 0
    folder = tmp_path / "k"
    assert run("agreements", "--counties", SMALL[1], "--allocation", kept, "-o", folder, "--lang", "zh").exit_code == 0
    newcomer = [a for a in json.loads(kept.read_text(encoding="utf-8"))["assignments"] if a["start"] == "2022-10-01"]
    assert newcomer
    document = docx.Document(str(next(folder.glob(f"*_{newcomer[0]['professional']}.docx"))))
    text = _text(document)
    assert "2022年10月1日至2023年7月31日，共10个月" in text


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
def test_libreoffice_renders_the_chinese(allocation, tmp_path):
    out = tmp_path / "公示.docx"
    run("publicity", "--allocation", allocation, "--from", "2022-07-20", "-o", out, "--lang", "zh")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "公示.pdf"
    assert pdf.exists()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed to read the PDF back")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)  # the PDF breaks lines where the page does
    assert "拟选派人员名单公示" in flat and "共90人" in flat and "昭通市" in flat


def test_documents_of_a_small_plan_in_english(tmp_path):
    alloc = tmp_path / "a.json"
    assert run("allocate", *SMALL, "-f", "json", "-o", alloc).exit_code == 0
    result = run("publicity", "--counties", SMALL[1], "--allocation", alloc, "--from", str(dt.date(2022, 7, 20)))
    assert result.exit_code == 0 and "public notice" in result.stdout


def test_validate_warns_of_agreements_unsigned_or_late_after_the_deadline(allocation, tmp_path):
    placed = [a["professional"] for a in json.loads(allocation.read_text(encoding="utf-8"))["assignments"]]
    signed = tmp_path / "signed.csv"
    rows = [f"{p},2022-07-2{k % 9}" for k, p in enumerate(placed[2:])]
    signed.write_text("人员编号,签订日期\n" + f"{placed[0]},2022年8月3日\n" + "\n".join(rows) + "\nP999,2022/7/20\n",
                      encoding="utf-8")
    result = run("validate", "--allocation", allocation, "--agreements", signed, "--lang", "en")
    assert result.exit_code == 0  # warnings, not errors
    late = f"signed.csv:2:1: [warning] late-agreement: {placed[0]}'s agreement was signed on 2022-08-03"
    assert late in result.stderr
    assert f"unsigned-agreement: {placed[1]} has no signed agreement" in result.stderr
    assert result.stderr.count("unsigned-agreement") == 1 and "not-placed: P999" in result.stderr
    bad = tmp_path / "bad.csv"
    bad.write_text("人员编号,签订日期\nP001,七月\n", encoding="utf-8")
    refused = run("validate", "--allocation", allocation, "--agreements", bad)
    assert refused.exit_code == 1 and "bad.csv:2:1" in refused.stderr and "'七月' is not a date" in refused.stderr
    usage = run("validate", "--agreements", signed)
    assert usage.exit_code == 2


def test_the_adjustment_request_names_people_and_stores_money_as_numbers(allocation, tmp_path):
    import openpyxl

    first = json.loads(allocation.read_text(encoding="utf-8"))["assignments"][0]
    kept = tmp_path / "kept.json"
    assert run("allocate", "--keep", allocation, "--withdraw", first["professional"], "--effective", "2022-10-01",
               "-f", "json", "-o", kept).exit_code == 0
    table = run("diff", allocation, kept, "--lang", "zh", env={"COLUMNS": "200"}).stdout
    assert first["name_zh"] in table and first["agency_name_zh"] in table and "彝良县 (530628)" in table
    assert "退出" in table and "递补" in table and "2022-08-01 – 2022-09-30" in table
    assert "在岗人数" in table and "领取经费人数" in table
    out = tmp_path / "request.xlsx"
    assert run("diff", allocation, kept, "--lang", "zh", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    money = book["调整前后经费"]
    assert money["A1"].value.startswith("调整申请") and money["H2"].value == "单位：元"
    assert money["D4"].value == 1800000 and money["D4"].number_format.endswith('" 元"')
    assert [money[f"{c}3"].value for c in "BC"] == ["在岗人数", "领取经费人数"]
    assert [money[f"B{r}"].value for r in (4, 5)] == [90, 90] and [money[f"C{r}"].value for r in (4, 5)] == [90, 91]
    assert book.worksheets[0].column_dimensions["A"].width < 20  # the title does not widen column A


def test_a_diff_of_two_years_plans_compares_year_with_year_in_chinese(tmp_path):
    from conftest import REPO

    nxt = tmp_path / "2023" / "data"
    assert run("init", tmp_path / "2023", "--from", REPO / "data" / "counties.yaml").exit_code == 0
    plan = (nxt / "counties.yaml").read_text(encoding="utf-8").replace("quota: 4", "quota: 4, trainees: 3", 1)
    (nxt / "counties.yaml").write_text(plan, encoding="utf-8")
    result = run("diff", REPO / "data" / "counties.yaml", nxt / "counties.yaml", "--lang", "zh", env={"COLUMNS": "200"})
    table = result.stdout
    assert result.exit_code == 0, result.stderr
    assert "培养对象人数" in table and "trainees" not in table and "彝良县 (530628)" in table
    assert "2022 → 2023 调整前" in table and "2023 → 2024 增减" in table
    assert "plan.service_start" not in table and "服务起始日期" in table
