"""The registration workbook agencies fill in: ``sanqu template`` and ``sanqu init --xlsx``.

Its applicants sheet is exactly what ``tables.py`` reads back: Chinese headers with the
English key on a second line, drop-down lists for the terms, a sheet of the plan's
counties to copy codes or names from, and the instructions. Untouched, it reads back as
"no applicants yet".
"""

from __future__ import annotations

import io

from ..i18n.terms import HEADERS, PROGRAMMES, QUALIFICATIONS
from ..i18n.zh import REGISTRATION_INSTRUCTIONS as INSTRUCTIONS
from ..i18n.zh import REGISTRATION_SHEETS
from ..plan.models import Plan
from ..read.sheets import REQUIRED
from .workbook import FIXED_DATE

ROWS = 1000  # rows that carry the drop-down lists

def registration_workbook(plan: Plan) -> bytes:
    """The workbook's bytes; the same plan gives the same bytes."""
    import xlsxwriter  # only when a workbook is written

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_DATE, "title": REGISTRATION_SHEETS["title"]})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    title = book.add_format({"bold": True, "font_size": 14})
    text = book.add_format({"num_format": "@"})  # ids and codes stay text, not numbers
    number = book.add_format({"num_format": "0.##"})  # a score typed is a number: never text under a decimal rule

    sheet = book.add_worksheet(REGISTRATION_SHEETS["applicants"])
    info = plan.plan
    sheet.write_string(0, 0, REGISTRATION_SHEETS["heading"].format(
        year=info.year, province=info.province_zh or info.province, province_en=info.province), title)
    top = 1  # the headers, under the title; sanqu finds them there when it reads the file back
    for c, (key, zh) in enumerate(HEADERS.items()):
        mark = " *" if key in REQUIRED or key == "agency_name" else ""
        sheet.write_string(top, c, f"{zh}{mark}\n{key}", header)
        numeric = key in ("score", "experience_years")
        sheet.set_column(c, c, 18 if key in ("preferences", "id_card", "agency_name") else 12,
                         number if numeric else text)
    sheet.set_row(top, 32)
    sheet.freeze_panes(top + 1, 0)
    columns = list(HEADERS)
    sheet.data_validation(top + 1, columns.index("qualification"), ROWS, columns.index("qualification"),
                          {"validate": "list", "source": list(QUALIFICATIONS)})
    # Each programme once, by its first (full-width) Chinese name: county service and station support.
    names = list({key: name for name, key in reversed(list(PROGRAMMES.items()))}.values())[::-1]
    sheet.data_validation(top + 1, columns.index("programmes"), ROWS, columns.index("programmes"),
                          {"validate": "list", "source": names})
    sheet.data_validation(top + 1, columns.index("score"), ROWS, columns.index("score"),
                          {"validate": "decimal", "criteria": "between", "minimum": 0,
                           "maximum": 100})

    counties = book.add_worksheet(REGISTRATION_SHEETS["counties"])
    names = ["代码 code", "名称", "name", "州（市）", "项目 programmes"]
    counties.write_row(0, 0, names, header)
    counties.freeze_panes(1, 0)
    for r, (prefecture, county) in enumerate(plan.counties(), start=1):
        programmes = "、".join(next(name for name, key in PROGRAMMES.items() if key == p.programme.value)
                              for p in county.posts if p.quota)
        counties.write_string(r, 0, county.code)
        counties.write_string(r, 1, county.name_zh or "")
        counties.write_string(r, 2, county.name)
        counties.write_string(r, 3, prefecture.name_zh or prefecture.name)
        counties.write_string(r, 4, programmes)
    counties.set_column(0, 0, 10)
    counties.set_column(1, 4, 24)

    notes = book.add_worksheet(REGISTRATION_SHEETS["notes"])
    notes.set_column(0, 0, 110)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for r, line in enumerate(INSTRUCTIONS):
        notes.write_string(r, 0, line, wrap)
    book.close()
    return buffer.getvalue()
