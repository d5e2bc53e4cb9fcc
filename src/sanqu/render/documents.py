"""The documents as Word files: the public list of those selected (公示) and the tripartite
agreements (三方协议), from ``year/documents.py``'s typed content.

Chinese needs the ``w:eastAsia`` font of every run and style: python-docx sets only the
Latin ones, so Word, WPS and LibreOffice would each pick a font of their own. Every
document written here gets 宋体 (SimSun) for text and 黑体 (SimHei) for titles.

An agreement is filled from a Word template with docxtpl's ``{{ placeholders }}`` (the
office may give its own with ``--template``; ``agreement_template()`` is the bundled
one). The placeholders, for a template of one's own:

    number, plan_title, province, year, agency, agency_id, bureau, county, county_code,
    prefecture, programme, name, professional, start, end, months, central, local, total,
    funds (a list of year, months, central, local, total), duties, deadline, office
"""

from __future__ import annotations

import io
from decimal import Decimal

from ..i18n import Named, t
from ..money.fen import fmt
from ..year.documents import Agreement, Publicity
from .text import line, table, to_csv, to_markdown
from .workbook import FIXED_DATE, Sheet, workbook

BODY_FONT, TITLE_FONT = "宋体", "黑体"


def chinese_fonts(document) -> None:
    """The eastAsia font on every style and every run (body 宋体, titles 黑体)."""
    from docx.oxml.ns import qn

    def east_asia(element, font: str) -> None:
        fonts = element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), font)

    for style in document.styles:
        if hasattr(style, "element") and style.type == 1:  # paragraph styles
            east_asia(style.element, TITLE_FONT if style.name.startswith(("Title", "Heading")) else BODY_FONT)
    paragraphs = list(document.paragraphs)
    for grid in document.tables:
        for row in grid.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        title = paragraph.style is not None and paragraph.style.name.startswith(("Title", "Heading"))
        for run in paragraph.runs:
            east_asia(run._r, TITLE_FONT if title or run.bold else BODY_FONT)


def _new_document():
    import docx  # python-docx, only when a document is written

    document = docx.Document()
    document.core_properties.created = FIXED_DATE  # the same input, the same bytes
    document.core_properties.modified = FIXED_DATE
    document.core_properties.author = "sanqu"
    return document


def _bytes(document) -> bytes:
    chinese_fonts(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _place(person, lang: str) -> str:
    county = person.post.county
    return Named(county.name, county.name_zh).pick(lang)


def _rows(result: Publicity, lang: str) -> list[list]:
    return [[p.no, p.name.pick(lang), p.agency_name.pick(lang), _place(p, lang),
             t(lang, "programme." + p.post.programme.value)] for p in result.people]


def _header(lang: str) -> list[str]:
    return [t(lang, "col.no"), t(lang, "col.name"), t(lang, "docs.agency"), t(lang, "docs.county"),
            t(lang, "docs.programme")]


def _lines(result: Publicity, lang: str) -> dict[str, str]:
    info = result.plan.plan
    contact = result.contact
    office = contact.office if contact is not None else t(lang, "docs.office_unset")
    how = t(lang, "docs.object", office=office, phone=contact.phone or "-" if contact else "-",
            address=contact.address or "-" if contact else "-")
    return {
        "title": t(lang, "docs.publicity_title", plan=info.heading(lang)),
        "intro": t(lang, "docs.publicity_intro", plan=info.heading(lang), count=len(result.people)),
        "period": t(lang, "docs.period", start=_date(result.start, lang), end=_date(result.end, lang),
                    days=result.days),
        "object": how,
        "count": t(lang, "docs.count", count=len(result.people)),
        "office": office,
        "date": _date(result.start, lang),
    }


def _date(day, lang: str) -> str:
    return t(lang, "docs.date", year=day.year, month=day.month, day=day.day)


def publicity_docx(result: Publicity, lang: str = "zh", view=None) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    words = _lines(result, lang)
    document = _new_document()
    title = document.add_heading(words["title"], level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(words["intro"])
    header = _header(lang)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in _rows(result, lang):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    from docx.shared import Cm

    table.autofit = False
    for row in table.rows:  # 序号 narrow, the agency's long name wide: as an office lays it out
        for cell, width in zip(row.cells, (1.3, 2.4, 6.6, 3.8, 3.8), strict=True):
            cell.width = Cm(width)
    document.add_paragraph(words["count"])
    document.add_paragraph(words["period"])
    document.add_paragraph(words["object"])
    for text in (words["office"], words["date"]):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _bytes(document)


def publicity_markdown(result: Publicity, lang: str = "zh", view=None) -> str:
    words = _lines(result, lang)
    return (f"# {words['title']}\n\n{words['intro']}\n\n" + to_markdown(_header(lang), _rows(result, lang), "rllll")
            + f"\n{words['count']}\n\n{words['period']}\n\n{words['object']}\n\n{words['office']}  \n{words['date']}\n")


def publicity_table(result: Publicity, lang: str = "en", view=None) -> list:
    words = _lines(result, lang)
    return [table(words["title"], _header(lang), _rows(result, lang), "rllll"), line(words["count"]),
            line(words["period"]), line(words["object"]), line(f"{words['office']} {words['date']}")]


def publicity_csv(result: Publicity, lang: str = "en", view=None) -> str:
    return to_csv(["no", "professional", "name", "agency", "agency_name", "county", "county_name", "programme"],
                  [[p.no, p.professional, p.name.pick(lang), p.agency, p.agency_name.pick(lang),
                    p.post.county.code, _place(p, lang), p.post.programme.value] for p in result.people])


def publicity_sheets(result: Publicity, lang: str) -> list[Sheet]:
    words = _lines(result, lang)
    rows = _rows(result, lang) + [["", words["count"], "", "", ""], ["", words["period"], "", "", ""],
                                  ["", words["object"], "", "", ""]]
    return [Sheet(t(lang, "docs.publicity_sheet"), _header(lang), rows, title=words["title"])]


FORMATS = {"table": publicity_table, "csv": publicity_csv, "markdown": publicity_markdown,
           "sheets": publicity_sheets, "docx": publicity_docx}


# --- the tripartite agreements ----------------------------------------------------------

def _jinja(text: str) -> str:
    # The words write docxtpl's {{ x }} as [[ x ]]: str.format would take {{ for a brace.
    return text.replace("[[", "{{").replace("]]", "}}")


def agreement_template(lang: str = "zh") -> bytes:
    """The bundled agreement: a Word document with docxtpl placeholders (see the module's
    docstring), to fill in as it is or to edit and give back with ``--template``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = _new_document()
    heading = document.add_heading(t(lang, "docs.agreement_title"), level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_jinja(t(lang, "docs.agreement_number"))).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for key in ("docs.party_a", "docs.party_b", "docs.party_c", "docs.agreement_preamble", "docs.agreement_post",
                "docs.agreement_period", "docs.agreement_funds"):
        document.add_paragraph(_jinja(t(lang, key)))
    table = document.add_table(rows=4, cols=5)  # header, loop start, one year, loop end (docxtpl's {%tr %})
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, ("year", "months", "central", "local", "total"), strict=True):
        cell.text = t(lang, "docs.funds." + key)
    table.rows[1].cells[0].text = "{%tr for f in funds %}"
    for cell, key in zip(table.rows[2].cells, ("year", "months", "central", "local", "total"), strict=True):
        cell.text = f"{{{{ f.{key} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for key in ("docs.agreement_total", "docs.agreement_duties", "docs.agreement_rules", "docs.agreement_copies"):
        document.add_paragraph(_jinja(t(lang, key)))
    signatures = document.add_table(rows=3, cols=3)
    for cell, key in zip(signatures.rows[0].cells, ("docs.sign_a", "docs.sign_b", "docs.sign_c"), strict=True):
        cell.text = t(lang, key)
    for cell in signatures.rows[1].cells:
        cell.text = t(lang, "docs.sign_line")
    for cell in signatures.rows[2].cells:
        cell.text = t(lang, "docs.sign_date")
    return _bytes(document)


def agreement_context(agreement: Agreement, result_plan, lang: str = "zh") -> dict:
    """The values of one agreement's placeholders (money as people write it, exact)."""
    person, info = agreement.person, result_plan.plan
    county = person.post.county
    prefecture = person.post.prefecture
    total = agreement.central + agreement.local
    return {
        "number": agreement.number, "plan_title": info.heading(lang),
        "province": Named(info.province, info.province_zh).pick(lang), "year": info.year,
        "agency": person.agency_name.pick(lang), "agency_id": person.agency,
        "bureau": t(lang, "docs.bureau", county=Named(county.name, county.name_zh).pick(lang)),
        "county": Named(county.name, county.name_zh).pick(lang), "county_code": county.code,
        "prefecture": Named(prefecture.name, prefecture.name_zh).pick(lang),
        "programme": t(lang, "programme." + person.post.programme.value),
        "name": person.name.pick(lang), "professional": person.professional,
        "start": _date(agreement.start, lang), "end": _date(agreement.end, lang), "months": agreement.months,
        "central": fmt(agreement.central), "local": fmt(agreement.local), "total": fmt(total),
        "funds": [{"year": f.year, "months": f.months, "central": fmt(f.central), "local": fmt(f.local),
                   "total": fmt(f.central + f.local)} for f in agreement.funds],
        "duties": t(lang, "docs.duties." + person.post.programme.value),
        "deadline": _date(info.agreement_deadline, lang) if info.agreement_deadline else "",
        "office": info.contact.office if info.contact else "",
    }


def agreement_docx(template: bytes, context: dict) -> bytes:
    """One agreement: the template filled with ``context``, Chinese fonts set."""
    from docxtpl import DocxTemplate  # only when agreements are written

    document = DocxTemplate(io.BytesIO(template))
    document.render(context, autoescape=True)
    document.docx.core_properties.created = FIXED_DATE
    document.docx.core_properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    chinese_fonts(document.docx)
    document.docx.save(buffer)
    return buffer.getvalue()


def agreements_index(agreements: list[Agreement], plan, lang: str) -> bytes:
    """index.xlsx: one row per agreement, with its file, ready to tick off as they come back signed."""
    header = [t(lang, "col.no"), t(lang, "docs.number"), t(lang, "col.name"), t(lang, "docs.agency"),
              t(lang, "docs.county"), t(lang, "docs.programme"), t(lang, "docs.start"), t(lang, "docs.end"),
              t(lang, "docs.funds.central"), t(lang, "docs.funds.local"), t(lang, "docs.file"), t(lang, "docs.signed")]
    rows: list[list] = [[a.person.no, a.number, a.person.name.pick(lang), a.person.agency_name.pick(lang),
                         _place(a.person, lang), t(lang, "programme." + a.person.post.programme.value),
                         a.start.isoformat(), a.end.isoformat(), a.central, a.local, a.file_name, ""]
                        for a in agreements]
    total_central = sum((a.central for a in agreements), start=Decimal(0))
    total_local = sum((a.local for a in agreements), start=Decimal(0))
    rows.append(["", t(lang, "budget.total"), "", "", "", "", "", "", total_central, total_local, "", ""])
    return workbook([Sheet(t(lang, "docs.index_sheet"), header, rows, {8, 9}, bold_last=True,
                           title=t(lang, "docs.index_title", plan=plan.plan.heading(lang)), unit=t(lang, "xlsx.unit"))])
