"""The methods side by side (``--compare``)."""

from __future__ import annotations

from ..decide.compare import COMPARE_KEYS
from ..i18n import t
from ..plan.values import format_score, score_number
from .text import cols, table, to_csv, to_markdown
from .workbook import Sheet


def _compare_header(lang: str) -> list[str]:
    """The contract's keys, and beside first choice those who named no county."""
    return cols(lang, *COMPARE_KEYS[:6], "no_preference", COMPARE_KEYS[6])


def _compare_rows(comparison, lang: str) -> list[list]:
    rows: list[list] = []
    for row in comparison.rows():
        name = t(lang, "method." + row.method)
        if row.filled is None or row.score_total is None:
            rows.append([name, t(lang, "compare.refused", reason=row.note), "", "", "", "", "", ""])
            continue
        rows.append([name, row.filled, row.slots, format_score(row.score_total), row.blocking_pairs,
                     row.first_choice, row.no_preference, row.unplaced])
    return rows


def comparison_table(comparison, lang: str = "en", view=None) -> list:
    return [table(t(lang, "compare.title", plan=comparison.plan_id), _compare_header(lang),
                   _compare_rows(comparison, lang), "lrrrrrrr")]


def comparison_markdown(comparison, lang: str = "en", view=None) -> str:
    return to_markdown(_compare_header(lang), _compare_rows(comparison, lang), "lrrrrrrr")


def comparison_csv(comparison, lang: str = "en", view=None) -> str:
    return to_csv(COMPARE_KEYS, [[row.method, row.filled, row.slots,
                                  None if row.score_total is None else score_number(row.score_total),
                                  row.blocking_pairs, row.first_choice, row.unplaced]
                                 for row in comparison.rows()])


def comparison_sheets(comparison, lang: str) -> list[Sheet]:

    return [Sheet(t(lang, "compare.title", plan=comparison.plan_id), _compare_header(lang),
                  _compare_rows(comparison, lang))]


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": comparison_table, "csv": comparison_csv,
           "markdown": comparison_markdown, "sheets": comparison_sheets}
