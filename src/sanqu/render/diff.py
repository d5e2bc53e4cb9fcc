"""``sanqu diff`` laid out as the adjustment request (调整申请): changes, then money."""

from __future__ import annotations

from ..i18n import t
from ..money.budget import MONEY_KEYS
from ..money.fen import fmt
from ..year.diff import by_year, delta
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _diff_title(diff, lang: str) -> str:
    return t(lang, "diff.title", title=diff.info.heading(lang))


def _post_text(post: tuple[str, str] | None, lang: str) -> str:
    return "" if post is None else f"{post[0]} {t(lang, 'programme.' + post[1])}"


def _diff_sections(diff, lang: str) -> list[tuple[str, list[str], list[list], str]]:
    """The request's tables: (caption, header, rows, alignment)."""
    sections = []
    if diff.changes is not None:
        sections.append((t(lang, "diff.changes", n=len(diff.changes)),
                         cols(lang, "id", "change", "from", "to", "effective"),
                         [[c.professional, t(lang, "change." + c.kind), _post_text(c.before, lang),
                           _post_text(c.after, lang), c.effective.isoformat()] for c in diff.changes], "lllll"))
    else:
        posts = diff.posts or []
        sections.append((t(lang, "diff.posts", n=len(posts)),
                         cols(lang, "county", "programme", "field", "before", "after"),
                         [[p.county, t(lang, "programme." + p.programme) if p.programme else "", p.field,
                           "" if p.before is None else p.before, "" if p.after is None else p.after]
                          for p in posts], "lllrr"))
    money = [t(lang, "money." + k) for k in ("professionals",) + MONEY_KEYS]
    lines = {"before": diff.before.totals, "after": diff.after.totals,
             "delta": delta(diff.before.totals, diff.after.totals)}
    rows = [[t(lang, "diff." + name), lines[name].professionals] +
            [fmt(getattr(lines[name], k)) for k in MONEY_KEYS] for name in ("before", "after", "delta")]
    sections.append((t(lang, "diff.budget"), [""] + money, rows, "lrrrrrr"))
    rows = []
    for year, *pair in by_year(diff):
        for name, entry in zip(("before", "after", "delta"), pair, strict=True):
            rows.append([f"{year} {t(lang, 'diff.' + name)}", entry.professionals] +
                        [fmt(getattr(entry, k)) for k in MONEY_KEYS])
    sections.append((t(lang, "diff.by_year"), [t(lang, "view.year")] + money, rows, "lrrrrrr"))
    return sections


def diff_table(diff, lang: str = "en", view=None) -> list:
    out: list = [line(_diff_title(diff, lang), style="bold"), line(t(lang, "diff.unit"))]
    out += [table(caption, header, rows, align) for caption, header, rows, align
            in _diff_sections(diff, lang)]
    return out


def diff_markdown(diff, lang: str = "en", view=None) -> str:
    parts = [f"## {_diff_title(diff, lang)}\n", f"{t(lang, 'diff.unit')}\n"]
    parts += [f"**{caption}**\n\n" + to_markdown(header, rows, align)
              for caption, header, rows, align in _diff_sections(diff, lang)]
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
    """The adjustment request: title and unit lines above each table, ready to attach."""

    sheets = []
    for caption, header, rows, _ in _diff_sections(diff, lang):
        lead = [[_diff_title(diff, lang)], [t(lang, "diff.unit")], [caption], header]
        sheets.append(Sheet(caption, lead[0] + [""] * (len(header) - 1),
                            lead[1:] + rows))
    return sheets


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": diff_table, "csv": diff_csv,
           "markdown": diff_markdown, "sheets": diff_sheets}
