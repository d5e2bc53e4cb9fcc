"""The budget for people: by place, year or agency, with the line that reconciles it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..i18n import Named, period_name, t
from ..money.budget import MONEY_KEYS
from ..money.fen import as_json, fmt
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _budget_header(lang: str, view: str) -> list[str]:
    return [t(lang, "view." + view)] + [t(lang, "money." + k) for k in
                                         ("professionals",) + MONEY_KEYS]


def budget_label(entry, lang: str) -> str:
    """How a budget row is named: '2022 (5 months)', '5306 Zhaotong', or an agency id."""
    if entry.months is not None and isinstance(entry.key, str):  # a quarter or a month
        if "-" in entry.key:  # a month is named alone
            return period_name(entry.key, lang)
        one = "_one" if entry.months == 1 else ""
        return t(lang, "budget.period" + one, period=period_name(entry.key, lang), months=entry.months)
    if entry.months is not None:
        return t(lang, "budget.months" + ("_one" if entry.months == 1 else ""), year=entry.key, months=entry.months)
    if entry.label and entry.label != str(entry.key):
        return f"{entry.key} {Named(entry.label, entry.label_zh).pick(lang)}"
    return str(entry.key)


def _budget_rows(result, view: str, lang: str, bold=lambda text: text) -> list[list]:
    rows = [[budget_label(entry, lang), entry.professionals] + [fmt(getattr(entry, k)) for k in MONEY_KEYS]
            for entry in result.view(view)]
    totals = result.totals
    rows.append([bold(t(lang, "budget.total")), totals.professionals] +
                [bold(fmt(getattr(totals, k))) for k in MONEY_KEYS])
    return rows


def reconciliation(result, lang: str = "en") -> str:
    """One line that shows the total is what the standard says it should be."""
    central, local = result.per_person_year
    per_person = (central + local) * result.service_months / 12
    totals = result.totals
    people = totals.professionals
    if result.person_months != people * result.service_months:  # someone served part of the year
        exact = Fraction(central + local) * result.person_months / 12
        text = t(lang, "budget.reconcile_months", months=result.person_months,
                 per_year=fmt(central + local), dispatch=fmt(totals.dispatch))
    else:
        exact = Fraction(people * per_person)
        text = t(lang, "budget.reconcile", people=people, per_person=fmt(per_person),
                 dispatch=fmt(totals.dispatch))
    if exact != Fraction(totals.dispatch):
        shown = Decimal(exact.numerator) / Decimal(exact.denominator)
        text += t(lang, "budget.rounded", exact=shown if exact.denominator in (1, 2, 4, 5, 10, 20, 25,
                                                                            50, 100) else f"{shown:.4f}…")
    if totals.training:
        text += t(lang, "budget.training", training=fmt(totals.training), total=fmt(totals.total))
    return text


def budget_table(result, lang: str = "en", view: str = "prefecture") -> list:
    title = t(lang, "budget.title", plan=result.plan_id, view=t(lang, "view." + view),
              basis=t(lang, "budget.basis." + result.basis))
    out = [table(title, _budget_header(lang, view), _budget_rows(result, view, lang), "lrrrrrr"),
           line(reconciliation(result, lang))]
    for part, items in result.items.items():
        out.append(table(t(lang, "budget.items", part=t(lang, "part." + part)),
                          cols(lang, "item", "amount"),
                          [[Named(name, name_zh).pick(lang), fmt(amount)]
                           for name, name_zh, amount in items], "lr"))
    return out


def budget_markdown(result, lang: str = "en", view: str = "prefecture") -> str:
    text = to_markdown(_budget_header(lang, view),
                       _budget_rows(result, view, lang, bold=lambda x: f"**{x}**"), "lrrrrrr")
    return text + f"\n{reconciliation(result, lang)}\n"


def budget_csv(result, lang: str = "en", view: str = "county") -> str:
    """One row per county (or per ``view``) with the JSON keys; money as plain decimals."""
    key = {"prefecture": "code", "county": "code", "agency": "agency"}.get(view, view)
    named = view in ("prefecture", "county")
    periodic = view in ("year", "quarter", "month")
    header = [key] + (["name", "name_zh"] if named else []) + (["months"] if periodic else []) + \
        ["professionals", *MONEY_KEYS]
    rows = [[entry.key] + ([entry.label, entry.label_zh] if named else [])
            + ([entry.months] if periodic else [])
            + [entry.professionals] + [as_json(getattr(entry, k)) for k in MONEY_KEYS]
            for entry in result.view(view)]
    return to_csv(header, rows)


def budget_sheets(result, lang: str) -> list[Sheet]:

    header_money = [t(lang, "money." + k) for k in ("professionals",) + MONEY_KEYS]
    money_columns = set(range(2, 2 + len(MONEY_KEYS)))
    sheets = []
    for view in ("prefecture", "county", "year", "quarter", "agency"):
        lines = result.view(view)
        if not lines:
            continue
        rows = [[budget_label(entry, lang), entry.professionals] +
                [getattr(entry, k) for k in MONEY_KEYS] for entry in lines]
        totals = result.totals
        rows.append([t(lang, "budget.total"), totals.professionals] +
                    [getattr(totals, k) for k in MONEY_KEYS])
        header, money = [t(lang, "view." + view)] + header_money, money_columns
        if view == "county":  # the prefecture in a column of its own, to sort and filter by
            prefectures = {entry.key: budget_label(entry, lang) for entry in result.by_prefecture}
            rows = [[prefectures.get(str(entry.key)[:4], "")] + row for entry, row in zip(lines, rows, strict=False)] \
                + [[""] + rows[-1]]
            header, money = [t(lang, "view.prefecture")] + header, {c + 1 for c in money_columns}
        title = t(lang, "budget.title", plan=result.plan_title(lang), view=t(lang, "view." + view),
                  basis=t(lang, "budget.basis." + result.basis))
        sheets.append(Sheet(t(lang, "view." + view), header, rows, money, bold_last=True, title=title,
                            unit=t(lang, "xlsx.unit")))
    for part, items in result.items.items():
        sheets.append(Sheet(t(lang, "budget.items", part=t(lang, "part." + part)),
                            [t(lang, "col.item"), t(lang, "col.amount")],
                            [[Named(name, name_zh).pick(lang), amount]
                             for name, name_zh, amount in items], {1}))
    return sheets


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": budget_table, "csv": budget_csv,
           "markdown": budget_markdown, "sheets": budget_sheets}
