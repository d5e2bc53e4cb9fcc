"""The registration workbook agencies fill in: ``sanqu template`` and ``sanqu init --xlsx``.

Its applicants sheet is exactly what ``tables.py`` reads back: Chinese headers with the
English key on a second line, drop-down lists for the terms, a sheet of the plan's
counties to copy codes or names from, and the instructions. Untouched, it reads back as
"no applicants yet".
"""

from __future__ import annotations

import io

from ..plan.models import Plan
from ..plan.values import PROGRAMMES, QUALIFICATIONS
from ..read.sheets import HEADERS, REQUIRED
from .workbook import FIXED_DATE

ROWS = 1000  # rows that carry the drop-down lists

INSTRUCTIONS = [
    "三区计划社会工作专业人才申报表 / Three Districts plan: applicant registration",
    "",
    ("1. 在“申请人”表中每行填写一名人员；带 * 的列必填。One row per professional on the "
    "申请人 sheet; columns marked * are required."),
    ("2. 同一机构的人员填写相同的机构编号；机构名称在该机构第一行填写即可。People of one agency "
    "share its id (机构编号); its name (机构名称) is needed on its first row only."),
    "3. 职业资格与项目类别请从下拉列表中选择。Pick the qualification and programme from the lists.",
    ("4. 志愿：填写县（市、区）代码或名称（见“县（市、区）”表），按意愿先后，用顿号、逗号或分号隔开；"
    "空白或“服从调剂”表示服从分配。Preferences: county codes or names from the counties "
    "sheet, most wanted first, separated by 、 , or ; empty or 服从调剂 = any county."),
    "5. 评分由评审小组填写（0-100）。Score: the panel's evaluation, 0 to 100.",
    ("6. 身份证号与联系电话仅用于核对，sanqu 在任何输出中只显示其脱敏形式。Identity number and "
    "phone are for checks only; sanqu never shows them in full."),
    "7. 请勿修改表头。Do not change the headers.",
]


def registration_workbook(plan: Plan) -> bytes:
    """The workbook's bytes; the same plan gives the same bytes."""
    import xlsxwriter  # only when a workbook is written

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_DATE, "title": "三区计划申报表"})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    text = book.add_format({"num_format": "@"})  # ids and codes stay text, not numbers

    sheet = book.add_worksheet("申请人")
    for c, (key, zh) in enumerate(HEADERS.items()):
        mark = " *" if key in REQUIRED or key == "agency_name" else ""
        sheet.write_string(0, c, f"{zh}{mark}\n{key}", header)
        sheet.set_column(c, c, 18 if key in ("preferences", "id_card", "agency_name") else 12, text)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)
    columns = list(HEADERS)
    sheet.data_validation(1, columns.index("qualification"), ROWS, columns.index("qualification"),
                          {"validate": "list", "source": list(QUALIFICATIONS)})
    sheet.data_validation(1, columns.index("programmes"), ROWS, columns.index("programmes"),
                          {"validate": "list", "source": list(dict.fromkeys(
                              k for k in PROGRAMMES if "（" in k))})
    sheet.data_validation(1, columns.index("score"), ROWS, columns.index("score"),
                          {"validate": "decimal", "criteria": "between", "minimum": 0,
                           "maximum": 100})

    counties = book.add_worksheet("县（市、区）")
    names = ["代码 code", "名称", "name", "州（市）", "项目 programmes"]
    counties.write_row(0, 0, names, header)
    counties.freeze_panes(1, 0)
    for r, (prefecture, county) in enumerate(plan.counties(), start=1):
        programmes = "、".join(("县级服务" if p.programme.value == "county_service" else "乡镇（街道）社工站支持")
                              for p in county.posts if p.quota)
        counties.write_string(r, 0, county.code)
        counties.write_string(r, 1, county.name_zh or "")
        counties.write_string(r, 2, county.name)
        counties.write_string(r, 3, prefecture.name_zh or prefecture.name)
        counties.write_string(r, 4, programmes)
    counties.set_column(0, 0, 10)
    counties.set_column(1, 4, 24)

    notes = book.add_worksheet("说明")
    notes.set_column(0, 0, 110)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, line in enumerate(INSTRUCTIONS):
        notes.write_string(r, 0, line, wrap)
    book.close()
    return buffer.getvalue()
