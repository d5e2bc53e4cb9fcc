"""One person's placement (``--explain``): a headline and each option's verdict."""

from __future__ import annotations

from ..i18n import Named, t
from ..plan.values import format_score
from .text import cols, line, table, to_csv, to_markdown
from .workbook import Sheet


def _explanation_rows(explanation, lang: str) -> list[list]:
    return [[o["rank"] if o["rank"] is not None else "-",
             f"{Named(o['county_name'], o['county_name_zh']).pick(lang)} {o['county']}",
             t(lang, "programme." + o["programme"]), f"{o['filled']}/{o['quota']}",
             "" if o["lowest_score"] is None else format_score(o["lowest_score"]),
             "".join(m.render(lang) for m in o["verdict"])] for o in explanation.options]


def _explanation_header(lang: str) -> list[str]:
    return cols(lang, "rank", "county", "programme", "filled", "lowest", "verdict")


def explanation_table(explanation, lang: str = "en", view=None) -> list:
    return [line(explanation.headline.render(lang), style="bold"),
            table(None, _explanation_header(lang), _explanation_rows(explanation, lang), "rllrrl")]


def explanation_markdown(explanation, lang: str = "en", view=None) -> str:
    return f"**{explanation.headline.render(lang)}**\n\n" + to_markdown(
        _explanation_header(lang), _explanation_rows(explanation, lang), "rllrrl")


def explanation_csv(explanation, lang: str = "en", view=None) -> str:
    return to_csv(["rank", "county", "programme", "filled", "lowest_score", "verdict"],
                  [[o["rank"], o["county"], o["programme"], o["filled"],
                    "" if o["lowest_score"] is None else format_score(o["lowest_score"]),
                    "".join(m.render(lang) for m in o["verdict"])] for o in explanation.options])


def explanation_sheets(explanation, lang: str) -> list[Sheet]:

    return [Sheet(explanation.professional, _explanation_header(lang),
                  _explanation_rows(explanation, lang))]


# This kind in each format but JSON (the result's own to_dict) and xlsx (its sheets).
FORMATS = {"table": explanation_table, "csv": explanation_csv,
           "markdown": explanation_markdown, "sheets": explanation_sheets}
