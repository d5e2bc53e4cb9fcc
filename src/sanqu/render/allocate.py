"""The allocation for people: posts with who fills them, gaps and reasons, envy, waiting lists."""

from __future__ import annotations

from ..i18n import Named, t
from ..plan.values import format_score
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet

ASSIGNMENT_KEYS = ["professional", "agency", "county", "programme", "score", "preference_rank"]


def _name(obj, lang: str) -> str:
    """A county's, prefecture's or person's name in the language of the output."""
    return Named(obj.name, obj.name_zh).pick(lang)


def _plan_title(result, lang: str) -> str:
    """The plan's title in the output's language, else its id: the head of a sheet to attach."""
    return result.instance.plan.plan.heading(lang)


def _agency(agency, lang: str) -> str:
    """An agency as people know it: its id and its name."""
    return f"{agency.id} {_name(agency, lang)}"


def _post_label(ref, lang: str, code: bool = True) -> str:
    parts = [_name(ref.county, lang)] + ([ref.county.code] if code else [])
    return " ".join(parts + [t(lang, "programme." + ref.programme.value)])


def _assignment_rows(result) -> list[list]:
    return [[a.person.id, a.person.agency.id, a.post.county.code, a.post.programme.value,
             format_score(a.person.score), a.preference_rank, a.person.professional.name,
             a.person.professional.name_zh, a.post.prefecture.code, a.post.county.name,
             a.post.county.name_zh, a.person.agency.name, a.person.agency.name_zh]
            for a in result.assignments]


ASSIGNMENT_EXTRA = ["name", "name_zh", "prefecture", "county_name", "county_name_zh", "agency_name",
                    "agency_name_zh"]


def allocation_csv(result, lang: str = "en", view=None) -> str:
    return to_csv(ASSIGNMENT_KEYS + ASSIGNMENT_EXTRA, _assignment_rows(result))


def summary_line(result, lang: str = "en") -> str:
    """One line a report can quote: slots filled, score, who was left out, and the proof."""
    if result.method == "stable":
        proof = t(lang, "alloc.stable")
    else:
        proof = t(lang, "alloc.proven" if result.proven_optimal else "alloc.not_proven")
    line = t(lang, "alloc.summary", method=t(lang, "method." + result.method),
             filled=sum(result.filled), slots=result.slots, score=format_score(result.score_total),
             unplaced=len(result.unassigned), applicants=len(result.instance.people), proof=proof,
             blocking=len(result.blocking))
    if not result.proven_optimal:
        line += f" ({result.reason.render(lang) if result.reason else result.status})"
        if result.bound is not None:
            line += t(lang, "alloc.bound", bound=result.bound, slots=result.slots)
        if result.blocking_pairs_bound:
            line += t(lang, "alloc.envy_bound", bound=result.blocking_pairs_bound)
        elif result.blocking and result.blocking_pairs_bound == 0:
            line += t(lang, "alloc.envy_unknown")
    return line



def allocation_table(result, lang: str = "en", view=None) -> list:
    rows = []
    current = None
    for ref in result.instance.posts:
        if ref.prefecture.code != current:
            current = ref.prefecture.code
            rows.append([f"{_name(ref.prefecture, lang)} ({current})", "", "", "", "", "", "", ""])
        placed = result.placed_at(ref.index)
        label = "  " + _post_label(ref, lang)
        status = f"{result.filled[ref.index]}/{ref.quota}"
        if not placed:
            rows.append([label, status, "-", "", "", "", "", ""])
        for k, a in enumerate(placed):
            rows.append([label if k == 0 else "", status if k == 0 else "", a.person.id,
                         _name(a.person.professional, lang), _agency(a.person.agency, lang),
                         format_score(a.person.score),
                         "-" if a.preference_rank is None else a.preference_rank,
                         t(lang, "qualification." + a.person.professional.qualification.value)])
    method = t(lang, "method." + result.method)
    out = [table(t(lang, "alloc.title", method=method, plan=result.plan_id),
                  cols(lang, "post", "filled", "id", "name", "agency", "score", "rank",
                        "qualification"), rows, "lrllllrl")]
    if result.shortfalls:
        out.append(table(t(lang, "alloc.unfilled"), cols(lang, "post", "empty", "cause"),
                          [[_post_label(ref, lang), empty, cause.render(lang)]
                           for ref, empty, cause in result.shortfalls], "lrl"))
    if result.blocking:
        out.append(table(t(lang, "alloc.blocking", n=len(result.blocking)),
                          cols(lang, "id", "post", "overtaken_by"), _blocking_rows(result, lang),
                          "lll"))
    if result.unassigned:
        out.append(table(t(lang, "alloc.not_placed"),
                          cols(lang, "id", "name", "agency", "score", "reason"),
                          [[p.id, _name(p.professional, lang), _agency(p.agency, lang), format_score(p.score),
                            reason.render(lang)] for p, reason in result.unassigned], "lllrl"))
    waiting = _waiting_rows(result, lang)
    if waiting:
        out.append(table(t(lang, "alloc.waiting"), cols(lang, "post", "count", "waiting"),
                          waiting, "lrl"))
    out.append(line(summary_line(result, lang), style="bold" if result.proven_optimal else "bold red"))
    return out


def _blocking_rows(result, lang: str) -> list[list]:
    return [[b.professional, _post_label(b.post, lang),
             ", ".join(b.overtaken_by) if b.overtaken_by else t(lang, "alloc.free_slot")]
            for b in result.blocking]


def _waiting_rows(result, lang: str) -> list[list]:
    return [[_post_label(ref, lang), len(result.waiting[ref.index]),
             ", ".join(result.waiting[ref.index])]
            for ref in result.instance.posts if result.waiting[ref.index]]


def allocation_markdown(result, lang: str = "en", view=None) -> str:
    rows = [[_name(a.post.prefecture, lang), _name(a.post.county, lang),
             t(lang, "programme." + a.post.programme.value), a.person.id,
             _name(a.person.professional, lang), _agency(a.person.agency, lang),
             format_score(a.person.score), "-" if a.preference_rank is None else a.preference_rank]
            for a in result.assignments]
    parts = [f"**{summary_line(result, lang)}**\n",
             to_markdown(cols(lang, "prefecture", "county", "programme", "id", "name", "agency",
                               "score", "rank"), rows, "llllllrr")]
    if result.shortfalls:
        parts.append(to_markdown(cols(lang, "post", "empty", "cause"),
                                 [[_post_label(ref, lang, code=False), empty, cause.render(lang)]
                                  for ref, empty, cause in result.shortfalls], "lrl"))
    if result.unassigned:
        parts.append(to_markdown(cols(lang, "id", "agency", "score", "reason"),
                                 [[p.id, _agency(p.agency, lang), format_score(p.score), reason.render(lang)]
                                  for p, reason in result.unassigned], "llrl"))
    if result.blocking:
        parts.append(f"**{t(lang, 'alloc.blocking', n=len(result.blocking))}**\n\n" + to_markdown(
            cols(lang, "id", "post", "overtaken_by"), _blocking_rows(result, lang), "lll"))
    waiting = _waiting_rows(result, lang)
    if waiting:
        parts.append(f"**{t(lang, 'alloc.waiting')}**\n\n" + to_markdown(
            cols(lang, "post", "count", "waiting"), waiting, "lrl"))
    return "\n".join(parts)


def allocation_sheets(result, lang: str) -> list[Sheet]:

    col = lambda *keys: [t(lang, "col." + k) for k in keys]  # noqa: E731
    assignments = Sheet(t(lang, "alloc.title", method=t(lang, "method." + result.method),
                          plan=result.plan_id),
                        col("id", "name", "agency", "agency_name", "prefecture", "county", "programme",
                            "score", "rank", "qualification"),
                        [[a.person.id, _name(a.person.professional, lang), a.person.agency.id,
                          _name(a.person.agency, lang),
                          _name(a.post.prefecture, lang), _name(a.post.county, lang),
                          t(lang, "programme." + a.post.programme.value), a.person.score,
                          a.preference_rank,
                          t(lang, "qualification." + a.person.professional.qualification.value)]
                         for a in result.assignments],
                        title=f"{_plan_title(result, lang)} {summary_line(result, lang)}")
    posts = Sheet(t(lang, "col.post"), col("prefecture", "county", "programme", "quota", "filled"),
                  [[_name(ref.prefecture, lang), _name(ref.county, lang),
                    t(lang, "programme." + ref.programme.value), ref.quota,
                    result.filled[ref.index]] for ref in result.instance.posts])
    unplaced = Sheet(t(lang, "alloc.not_placed"), col("id", "name", "agency", "agency_name", "score", "reason"),
                     [[p.id, _name(p.professional, lang), p.agency.id, _name(p.agency, lang), p.score,
                       reason.render(lang)]
                      for p, reason in result.unassigned])

    sheets = [assignments, posts, unplaced]
    if result.shortfalls:
        sheets.append(Sheet(t(lang, "alloc.unfilled"), col("post", "empty", "cause"),
                            [[_post_label(ref, lang), empty, cause.render(lang)]
                             for ref, empty, cause in result.shortfalls]))
    sheets.append(Sheet(t(lang, "col.blocking_pairs"), col("id", "post", "overtaken_by"),
                        _blocking_rows(result, lang)))
    sheets.append(Sheet(t(lang, "col.waiting"), col("post", "count", "waiting"),
                        _waiting_rows(result, lang)))
    return sheets


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": allocation_table, "csv": allocation_csv,
           "markdown": allocation_markdown, "sheets": allocation_sheets}
