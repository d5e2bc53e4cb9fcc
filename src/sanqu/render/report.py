"""``sanqu report`` for people: the quarterly progress report as tables, Markdown for a
briefing, and a workbook to attach (one sheet per section, the quarters charted)."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Named, period_name, programme, t
from ..money.budget import MONEY_KEYS
from ..money.fen import cents, fmt
from ..year.report import Report
from .spending import _findings_table, _sections
from .spending import headline as funds_headline
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Chart, Sheet

Section = tuple[str, list[str], list[list], set[int], bool, Chart | None]  # name, header, rows, money, total, chart


def _yuan(value: Decimal, numbers: bool):
    return value if numbers else fmt(value)


def _post(report: Report, post: tuple[str, str] | None, lang: str) -> str:
    if post is None:
        return ""
    names = {p.county: Named(p.name, p.name_zh).pick(lang) for p in report.by_post}
    return f"{post[0]} {names.get(post[0], '')} {programme(lang, post[1])}".replace("  ", " ")


def title(report: Report, lang: str) -> str:
    return t(lang, "report.title", plan=report.plan.plan.heading(lang), quarter=period_name(report.quarter, lang),
             basis=t(lang, "budget.basis." + report.basis))


def headline(report: Report, lang: str) -> str:
    return t(lang, "report.headline", first=report.first.isoformat(), last=report.last.isoformat(),
             in_post=report.in_post, slots=report.slots, quarter=report.person_months[0],
             to_date=report.person_months[1], changes=len(report.changes), findings=len(report.findings))


def sections(report: Report, lang: str, numbers: bool) -> list[Section]:
    """Every section once, for every format: in post, person-months, changes, funds, training, findings."""
    total = t(lang, "budget.total")
    in_post = [[no, f"{p.county} {Named(p.name, p.name_zh).pick(lang)}", programme(lang, p.programme), p.quota,
                p.in_post] for no, p in enumerate(report.by_post, start=1)]
    out: list[Section] = [
        (t(lang, "report.in_post", on=report.last.isoformat()), cols(lang, "no", "county", "programme", "quota")
         + [t(lang, "report.col_in_post")], in_post + [[total, "", "", report.slots, report.in_post]], set(), True,
         None),
        (t(lang, "report.person_months"), [t(lang, "report.period"), t(lang, "report.col_person_months")],
         [[period_name(report.quarter, lang), report.person_months[0]],
          [t(lang, "report.to_date", day=report.last.isoformat()), report.person_months[1]]], set(), False, None),
        (t(lang, "report.changes"), cols(lang, "no", "id", "change", "from", "to", "effective"),
         [[no, c.professional, t(lang, "change." + c.kind), _post(report, c.before, lang),
           _post(report, c.after, lang), c.effective.isoformat()] for no, c in enumerate(report.changes, start=1)],
         set(), False, None),
    ]
    if report.funds is not None:
        for key, header, rows in _sections(report.funds, lang, numbers):
            money = set(range(1, len(header))) - ({len(header) - 1} if len(header) == 6 else set())
            chart = Chart(t(lang, "report.chart"), 0, [1, 2]) if key == "spend.by_quarter" else None
            out.append((t(lang, "report.funds", section=t(lang, key)), header, rows, money, True, chart))
    else:
        money_header = [t(lang, "money." + k) for k in MONEY_KEYS]
        out.append((t(lang, "report.budget"), [t(lang, "report.period"), *money_header],
                    [[period_name(report.quarter, lang),
                      *(_yuan(getattr(report.budget_quarter, k), numbers) for k in MONEY_KEYS)],
                     [t(lang, "report.to_date", day=report.last.isoformat()),
                      *(_yuan(getattr(report.budget_to_date, k), numbers) for k in MONEY_KEYS)]],
                    set(range(1, 6)), False, None))
        rows = [[period_name(str(q.key), lang), _yuan(q.total, numbers)] for q in report.by_quarter]
        rows.append([total, _yuan(sum((q.total for q in report.by_quarter), Decimal(0)), numbers)])
        out.append((t(lang, "report.funds", section=t(lang, "spend.by_quarter")),
                    [t(lang, "view.quarter"), t(lang, "spend.budget")], rows, {1}, True,
                    Chart(t(lang, "report.chart_budget"), 0, [1])))
    days, spent = report.training
    if days is not None and spent is not None:
        out.append((t(lang, "report.training"), [t(lang, "report.period"), t(lang, "report.col_person_days"),
                                                 t(lang, "spend.spent")],
                    [[period_name(report.quarter, lang), days, _yuan(cents(spent), numbers)]], {2}, False, None))
    if report.findings:
        header, rows = _findings_table(report.findings, lang)
        if numbers:
            rows = [[*r[:4], Decimal(r[4]) if r[4] else None, r[5]] for r in rows]
        out.append((t(lang, "spend.findings"), header, rows, {4}, False, None))
    return out


def _align(header: list[str], rows: list[list], money: set[int]) -> str:
    """Money and counts to the right; the first column (序号 or a name) to the left."""
    def counted(k: int) -> bool:
        return any(isinstance(row[k], int) and not isinstance(row[k], bool) or str(row[k]).endswith("%")
                   for row in rows if k < len(row))
    return "".join("r" if k and (k in money or counted(k)) else "l" for k in range(len(header)))


def report_table(report: Report, lang: str = "en", view=None) -> list:
    out: list = [line(title(report, lang), "bold"), line(headline(report, lang))]
    if report.funds is not None:
        out.append(line(funds_headline(report.funds, lang)))
    for name, header, rows, money, _, _ in sections(report, lang, numbers=False):
        out.append(table(name, header, rows or [[t(lang, "report.none")] + [""] * (len(header) - 1)],
                         _align(header, rows, money)))
    return out


def report_markdown(report: Report, lang: str = "en", view=None) -> str:
    parts = [f"# {title(report, lang)}", "", headline(report, lang), ""]
    if report.funds is not None:
        parts += [funds_headline(report.funds, lang), ""]
    parts += [t(lang, "diff.unit"), ""]
    for name, header, rows, money, _, _ in sections(report, lang, numbers=False):
        parts += [f"## {name}", ""]
        parts += [to_markdown(header, rows, _align(header, rows, money)) if rows else t(lang, "report.none"), ""]
    return "\n".join(parts)


def report_csv(report: Report, lang: str = "en", view=None) -> str:
    """One row per post: who is in post at the quarter's end, with the JSON keys."""
    return to_csv(["county", "programme", "quota", "in_post"],
                  [[p.county, p.programme, p.quota, p.in_post] for p in report.by_post])


def report_sheets(report: Report, lang: str) -> list[Sheet]:
    heading = title(report, lang)
    none = t(lang, "report.none")
    return [Sheet(name[:31], header, rows or [[none] + [None] * (len(header) - 1)], money, bold_last=total,
                  chart=chart, title=t(lang, "report.sheet_title", title=heading, section=name),
                  unit=t(lang, "xlsx.unit") if money else None)
            for name, header, rows, money, total, chart in sections(report, lang, numbers=True)]


FORMATS = {"table": report_table, "csv": report_csv, "markdown": report_markdown, "sheets": report_sheets}
