"""``sanqu apportion`` for people: each post's share, exact quota and next year's places,
the ties that decided a place, and the agencies to exclude; or the four methods side by side."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Named, has, t
from ..year.apportion import Apportionment, Comparison, decimal6
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _place(ref, lang: str) -> list[str]:
    return [Named(ref.prefecture.name, ref.prefecture.name_zh).pick(lang),
            f"{ref.county.code} {Named(ref.county.name, ref.county.name_zh).pick(lang)}",
            t(lang, "programme." + ref.programme.value)]


def _header(lang: str) -> list[str]:
    return cols(lang, "no", "prefecture", "county", "programme", "grade", "quota", "share", "exact",
                "next_quota", "change", "bound")


def _rows(result: Apportionment, lang: str, numbers: bool = False) -> list[list]:
    rows: list[list] = []
    for no, p in enumerate(result.posts, start=1):
        share, exact = decimal6(p.share), decimal6(p.exact)
        rows.append([no, *_place(p.ref, lang), t(lang, "grade." + p.grade) if p.grade else "", p.ref.quota,
                     Decimal(share) if numbers else share, Decimal(exact) if numbers else exact, p.places,
                     p.change if numbers else f"{p.change:+d}" if p.change else "0",
                     t(lang, "apportion.bound." + p.bound) if p.bound else ""])
    quota = sum(p.ref.quota for p in result.posts)
    change = result.slots - quota
    rows.append(["", t(lang, "budget.total"), "", "", "", quota, Decimal(1) if numbers else "1.000000",
                 Decimal(result.slots) if numbers else f"{result.slots}.000000",
                 result.slots, change if numbers else f"{change:+d}" if change else "0", ""])
    return rows


def _title(result: Apportionment, lang: str) -> str:
    return t(lang, "apportion.title", plan=result.plan.plan.heading(lang), n=result.slots,
             method=t(lang, "apportion.method." + result.method))


def _notes(result: Apportionment, lang: str) -> list[str]:
    sep = t(lang, "list.sep")
    def named(factor: str) -> str:  # score as 得分 in Chinese; a column of the office's own as written
        return t(lang, "factor." + factor) if has(lang, "factor." + factor) else factor

    factors = sep.join(t(lang, "apportion.factor", name=named(name), weight=_short(w))
                       for name, w in result.factors.items())
    grades = sep.join(f"{t(lang, 'grade.' + g)} {_short(m)}" for g, m in result.grades.items())
    out = [t(lang, "apportion.basis", factors=factors, grades=grades, min=result.minimum,
             max=result.maximum if result.maximum is not None else result.slots)]
    for tie in result.ties:
        out.append(t(lang, "apportion.tie", value=decimal6(tie.value), won=_keys(tie.won, lang),
                     lost=_keys(tie.lost, lang)))
    if result.excluded_agencies:
        out.append(t(lang, "apportion.excluded", agencies=", ".join(result.excluded_agencies)))
    return out


def _short(value) -> str:
    """A weight as people write it: 1.2, 0.8, 1."""
    return decimal6(value).rstrip("0").rstrip(".")


def _keys(keys: list[tuple[str, str]], lang: str) -> str:
    return t(lang, "list.sep").join(f"{county} {t(lang, 'programme.' + programme)}" for county, programme in keys)


def apportion_table(result, lang: str = "en", view=None) -> list:
    if isinstance(result, Comparison):
        return [table(_compare_title(result, lang), _compare_header(result, lang), _compare_rows(result, lang),
                      "rlllrrr" + "r" * len(result.results))]
    return [table(_title(result, lang), _header(lang), _rows(result, lang), "rllllrrrrrl"),
            *(line(note) for note in _notes(result, lang))]


def apportion_markdown(result, lang: str = "en", view=None) -> str:
    if isinstance(result, Comparison):
        return f"## {_compare_title(result, lang)}\n\n" + to_markdown(
            _compare_header(result, lang), _compare_rows(result, lang), "rlllrrr" + "r" * len(result.results))
    return f"## {_title(result, lang)}\n\n" + to_markdown(_header(lang), _rows(result, lang), "rllllrrrrrl") + \
        "\n" + "".join(f"- {note}\n" for note in _notes(result, lang))


def apportion_csv(result, lang: str = "en", view=None) -> str:
    if isinstance(result, Comparison):
        methods = [r.method for r in result.results]
        return to_csv(["county", "programme", "quota", "share", "exact", *methods],
                      [[p.ref.county.code, p.ref.programme.value, p.ref.quota, decimal6(p.share), decimal6(p.exact),
                        *(r.posts[i].places for r in result.results)]
                       for i, p in enumerate(result.results[0].posts)])
    return to_csv(["county", "programme", "quota", "share", "exact", "next_quota", "change", "bound"],
                  [[p.ref.county.code, p.ref.programme.value, p.ref.quota, decimal6(p.share), decimal6(p.exact),
                    p.places, p.change, p.bound or ""] for p in result.posts])


def apportion_sheets(result, lang: str) -> list[Sheet]:
    if isinstance(result, Comparison):
        return [Sheet(t(lang, "apportion.compare_sheet"), _compare_header(result, lang),
                      _compare_rows(result, lang, numbers=True), bold_last=True, title=_compare_title(result, lang))]
    return [Sheet(t(lang, "apportion.method." + result.method), _header(lang), _rows(result, lang, numbers=True),
                  bold_last=True, title=_title(result, lang)),
            Sheet(t(lang, "apportion.notes"), [t(lang, "apportion.notes")], [[note] for note in _notes(result, lang)])]


def _compare_title(result: Comparison, lang: str) -> str:
    first = result.results[0]
    return t(lang, "apportion.compare_title", plan=first.plan.plan.heading(lang), n=first.slots)


def _compare_header(result: Comparison, lang: str) -> list[str]:
    return [*cols(lang, "no", "prefecture", "county", "programme", "quota", "share", "exact"),
            *(t(lang, "apportion.method." + r.method) for r in result.results)]


def _compare_rows(result: Comparison, lang: str, numbers: bool = False) -> list[list]:
    first = result.results[0]
    rows: list[list] = []
    for i, p in enumerate(first.posts):
        share, exact = decimal6(p.share), decimal6(p.exact)
        rows.append([i + 1, *_place(p.ref, lang), p.ref.quota, Decimal(share) if numbers else share,
                     Decimal(exact) if numbers else exact, *(r.posts[i].places for r in result.results)])
    rows.append(["", t(lang, "budget.total"), "", "", sum(p.ref.quota for p in first.posts),
                 Decimal(1) if numbers else "1.000000", Decimal(first.slots) if numbers else f"{first.slots}.000000",
                 *(first.slots for _ in result.results)])
    return rows


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": apportion_table, "csv": apportion_csv, "markdown": apportion_markdown,
           "sheets": apportion_sheets}
