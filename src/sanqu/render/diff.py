"""``sanqu diff`` laid out as the adjustment request (调整申请): changes, then money."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Named, t
from ..money.budget import MONEY_KEYS
from ..money.fen import fmt
from ..year.diff import by_service_year, delta
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _diff_title(diff, lang: str) -> str:
    return t(lang, "diff.title", title=diff.info.heading(lang))


def _county(diff, code: str, lang: str) -> str:
    """A county as the request names it: its name in the user's language, and its code."""
    for _, county in diff.plan.counties() if diff.plan is not None else ():
        if county.code == code:
            return f"{Named(county.name, county.name_zh).pick(lang)} ({code})"
    return code


def _post_text(diff, post: tuple[str, str] | None, lang: str) -> str:
    return "" if post is None else f"{_county(diff, post[0], lang)} {t(lang, 'programme.' + post[1])}"


def _money(value: Decimal, numbers: bool):
    return value if numbers else fmt(value)


def _diff_sections(diff, lang: str, numbers: bool = False) -> list[tuple[str, list[str], list[list], str, set[int]]]:
    """The request's tables: (caption, header, rows, alignment, money columns). Money stays a
    number (``numbers``) for a workbook, written as people write it elsewhere."""
    sections: list[tuple[str, list[str], list[list], str, set[int]]] = []
    if diff.changes is not None:
        rows = []
        for c in diff.changes:
            who = diff.people.get(c.professional)
            name = Named(who.name or c.professional, who.name_zh).pick(lang) if who else c.professional
            agency = Named(who.agency_name or who.agency, who.agency_name_zh).pick(lang) if who else ""
            period = f"{who.start.isoformat()} – {who.end.isoformat()}" if who and who.start and who.end else ""
            reason = diff.reasons.get(c.professional) or t(lang, "diff.reason." + c.kind)
            rows.append([c.professional, name, agency, t(lang, "change." + c.kind), _post_text(diff, c.before, lang),
                         _post_text(diff, c.after, lang), c.effective.isoformat(), period, reason])
        sections.append((t(lang, "diff.changes", n=len(diff.changes)),
                         cols(lang, "id", "name", "agency_name", "change", "from", "to", "effective", "period",
                              "reason"), rows, "lllllllll", set()))
    else:
        posts = diff.posts or []
        sections.append((t(lang, "diff.posts", n=len(posts)),
                         cols(lang, "county", "programme", "field", "before", "after"),
                         [[_county(diff, p.county, lang) if p.county else "",
                           t(lang, "programme." + p.programme) if p.programme else "", t(lang, "field." + p.field),
                           "" if p.before is None else p.before, "" if p.after is None else p.after]
                          for p in posts], "lllrr", set()))
    money = [t(lang, "money." + k) for k in MONEY_KEYS]
    lines = {"before": diff.before.totals, "after": diff.after.totals,
             "delta": delta(diff.before.totals, diff.after.totals)}
    filled = {"before": diff.filled[0], "after": diff.filled[1], "delta": diff.filled[1] - diff.filled[0]}
    rows = [[t(lang, "diff." + name), filled[name], lines[name].professionals] +
            [_money(getattr(lines[name], k), numbers) for k in MONEY_KEYS] for name in ("before", "after", "delta")]
    counted = [t(lang, "diff.slots" if diff.changes is None else "diff.filled"), t(lang, "diff.paid")]
    sections.append((t(lang, "diff.budget"), ["", *counted, *money], rows, "lrrrrrrr", set(range(3, 3 + len(money)))))
    rows = []
    for label, *pair in by_service_year(diff):
        for name, entry in zip(("before", "after", "delta"), pair, strict=True):
            rows.append([f"{label} {t(lang, 'diff.' + name)}", entry.professionals] +
                        [_money(getattr(entry, k), numbers) for k in MONEY_KEYS])
    sections.append((t(lang, "diff.by_year"), [t(lang, "view.year"), t(lang, "diff.paid"), *money], rows,
                     "lrrrrrr", set(range(2, 2 + len(money)))))
    return sections


def diff_table(diff, lang: str = "en", view=None) -> list:
    out: list = [line(_diff_title(diff, lang), style="bold"), line(t(lang, "diff.unit"))]
    out += [table(caption, header, rows, align) for caption, header, rows, align, _
            in _diff_sections(diff, lang)]
    return out


def diff_markdown(diff, lang: str = "en", view=None) -> str:
    parts = [f"## {_diff_title(diff, lang)}\n", f"{t(lang, 'diff.unit')}\n"]
    parts += [f"**{caption}**\n\n" + to_markdown(header, rows, align)
              for caption, header, rows, align, _ in _diff_sections(diff, lang)]
    return "\n".join(parts)


def _pair(post: tuple[str, str] | None) -> list[str]:
    return ["", ""] if post is None else [post[0], post[1]]


def diff_csv(diff, lang: str = "en", view=None) -> str:
    if diff.changes is not None:
        return to_csv(["professional", "kind", "from_county", "from_programme", "to_county",
                       "to_programme", "effective"],
                      [[c.professional, c.kind, *_pair(c.before), *_pair(c.after), c.effective.isoformat()]
                       for c in diff.changes])
    return to_csv(["county", "programme", "field", "before", "after"],
                  [[p.county, p.programme, p.field, p.before, p.after] for p in diff.posts or []])


def diff_sheets(diff, lang: str) -> list[Sheet]:
    """The adjustment request ready to attach: the title and 单位：元 above each table, money
    stored as numbers (with the budget's number format), as the budget workbook stores it."""
    return [Sheet(caption, header, rows, money, title=f"{_diff_title(diff, lang)}  {caption}",
                  unit=t(lang, "diff.unit")) for caption, header, rows, _, money in _diff_sections(diff, lang, True)]


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": diff_table, "csv": diff_csv,
           "markdown": diff_markdown, "sheets": diff_sheets}
