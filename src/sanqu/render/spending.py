"""``sanqu spending`` for people: the funds against the budget by part, item, county and
quarter, with the rate against the accrued budget (序时进度); the findings at their lines."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Named, period_name, t
from ..money.fen import cents, fmt
from ..year.spending import Finding, Row, Spending
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Chart, Sheet

MONEY = ("budget", "to_date", "spent", "remaining")


def _amount(value: str | None, numbers: bool):
    if value is None:
        return None if numbers else "—"
    return Decimal(value) if numbers else fmt(Decimal(value))


def _fen(fen: int, numbers: bool):
    return cents(fen) if numbers else fmt(cents(fen))


def _rate(value: str | None, numbers: bool):
    if value is None:
        return None if numbers else "—"
    return Decimal(value) if numbers else f"{Decimal(value) * 100:.2f}%"


def _money_cells(row: Row, numbers: bool) -> list:
    data = row.to_dict()
    return [_amount(data[k], numbers) for k in MONEY] + [_rate(data["rate"], numbers)]


def _header(lang: str, first: str) -> list[str]:
    return [t(lang, first)] + [t(lang, "spend." + k) for k in (*MONEY, "rate")]


def source_name(row: Row, lang: str) -> str:
    return t(lang, "part." + row.key["source"])


def item_name(row: Row, lang: str) -> str:
    item = row.key.get("item")
    if item is None:
        return t(lang, "part.training")
    return f"{t(lang, 'part.' + row.key['source'])} · {Named(item, row.key.get('item_zh')).pick(lang)}"


def county_name(row: Row, lang: str) -> str:
    name = Named(row.key["name"], row.key["name_zh"]).pick(lang) if row.key.get("name") else ""
    return f"{row.key['code']} {name}".strip()


def _sections(result: Spending, lang: str, numbers: bool) -> list[tuple[str, list[str], list[list]]]:
    total = [t(lang, "budget.total"), *_money_cells(result.totals, numbers)]
    out = [
        ("spend.by_source", _header(lang, "spend.source"),
         [[source_name(r, lang), *_money_cells(r, numbers)] for r in result.by_source] + [total]),
        ("spend.by_item", _header(lang, "spend.item"),
         [[item_name(r, lang), *_money_cells(r, numbers)] for r in result.by_item] + [total]),
        ("spend.by_county", _header(lang, "spend.county"),
         [[county_name(r, lang), *_money_cells(r, numbers)] for r in result.by_county] + [total]),
        ("spend.by_quarter", [t(lang, "view.quarter"), t(lang, "spend.budget"), t(lang, "spend.spent")],
         [[period_name(r.key["quarter"], lang), _fen(r.budget or 0, numbers), _fen(r.spent, numbers)]
          for r in result.by_quarter]
         + [[t(lang, "budget.total"), _fen(sum(r.budget or 0 for r in result.by_quarter), numbers),
             _fen(result.totals.spent, numbers)]]),
    ]
    return out


def headline(result: Spending, lang: str) -> str:
    data = result.totals.to_dict()
    return t(lang, "spend.headline", as_of=result.as_of.isoformat(), elapsed=result.elapsed_months,
             months=result.plan.plan.service_months, spent=fmt(Decimal(data["spent"])),
             to_date=fmt(Decimal(data["to_date"])), rate=_rate(data["rate"], False),
             entries=result.entries, after=result.entries_after)


def spending_table(result: Spending, lang: str = "en", view=None) -> list:
    title = t(lang, "spend.title", plan=result.plan.plan.heading(lang), basis=t(lang, "budget.basis." + result.basis))
    out: list = [line(title, "bold"), line(headline(result, lang))]
    for key, header, rows in _sections(result, lang, numbers=False):
        out.append(table(t(lang, key), header, rows, "l" + "r" * (len(header) - 1)))
    return out


def spending_markdown(result: Spending, lang: str = "en", view=None) -> str:
    title = t(lang, "spend.title", plan=result.plan.plan.heading(lang), basis=t(lang, "budget.basis." + result.basis))
    parts = [f"# {title}", "", headline(result, lang), ""]
    for key, header, rows in _sections(result, lang, numbers=False):
        parts += [f"## {t(lang, key)}", "", to_markdown(header, rows, "l" + "r" * (len(header) - 1))]
    if result.findings:
        parts += [f"## {t(lang, 'spend.findings')}", "", to_markdown(*_findings_table(result.findings, lang))]
    return "\n".join(parts)


def spending_csv(result: Spending, lang: str = "en", view=None) -> str:
    """One row per county, with the JSON keys."""
    header = ["code", "name", "name_zh", *MONEY, "rate"]
    rows = []
    for r in result.by_county:
        data = r.to_dict()
        rows.append([data[k] for k in header])
    return to_csv(header, rows)


def _findings_table(findings: list[Finding], lang: str) -> tuple[list[str], list[list]]:
    header = cols(lang, "no") + [t(lang, "spend.place"), t(lang, "spend.code"), t(lang, "spend.voucher"),
                                 t(lang, "spend.amount"), t(lang, "spend.message")]
    rows = []
    for no, f in enumerate(findings, start=1):
        data = f.to_dict(lang)
        code = f.code if f.severity == "error" else f"{f.code} ({t(lang, 'spend.warning')})"
        rows.append([no, finding_place(f), code,
                     data["voucher"] or "", data["amount"] or "", data["message"]])
    return header, rows


def finding_place(f: Finding) -> str:
    place = f.place
    if place["file"] is None:
        return ""
    if place["sheet"] is not None:
        return f"{place['file']}:{place['sheet']}!{place['cell']}"
    return f"{place['file']}:{place['line']}"


def finding_line(f: Finding, lang: str) -> str:
    """``place: [warning] code: message (voucher, amount)``, as problems are shown."""
    tag = "" if f.severity == "error" else f"[{t(lang, 'spend.warning')}] "
    data = f.to_dict(lang)
    where = finding_place(f) or t(lang, "spend.county")
    money = f" ({data['voucher']}, {data['amount']})" if data["voucher"] else ""
    return f"{where}: {tag}{f.code}: {data['message']}{money}"


def spending_sheets(result: Spending, lang: str) -> list[Sheet]:
    title = t(lang, "spend.title", plan=result.plan.plan.heading(lang), basis=t(lang, "budget.basis." + result.basis))
    sheets = []
    for key, header, rows in _sections(result, lang, numbers=True):
        money = set(range(1, len(header))) - ({len(header) - 1} if len(header) == 6 else set())
        chart = Chart(t(lang, "report.chart"), 0, [1, 2]) if key == "spend.by_quarter" else None
        sheets.append(Sheet(t(lang, key), header, rows, money, bold_last=True,
                            title=t(lang, "spend.sheet_title", title=title, section=t(lang, key)),
                            unit=t(lang, "xlsx.unit"), chart=chart))
    if result.findings:
        header, rows = _findings_table(result.findings, lang)
        sheets.append(Sheet(t(lang, "spend.findings"), header,
                            [[*r[:4], Decimal(r[4]) if r[4] else None, r[5]] for r in rows], {4}))
    return sheets


FORMATS = {"table": spending_table, "csv": spending_csv, "markdown": spending_markdown, "sheets": spending_sheets}
