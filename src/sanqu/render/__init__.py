"""Every result in every format: ``RENDERERS[kind][format](result, lang, view)``.

JSON is the result's own ``to_dict()``, written by ``text.to_json``: the library's data,
exactly. The other formats come from one module per kind, each building its header and
rows once for the generic writers (``text.py``: rich tables, Markdown, CSV;
``workbook.py``: xlsx).
"""

from __future__ import annotations

from typing import Callable

from . import allocate, budget, compare, diff, explain, validate
from .text import to_json
from .workbook import workbook


def _json(result, lang: str = "en", view=None) -> str:
    return to_json(result.to_dict(lang))


def _xlsx(sheets: Callable) -> Callable:
    return lambda result, lang="en", view=None: workbook(sheets(result, lang))


RENDERERS: dict[str, dict[str, Callable]] = {
    "validate": {"table": validate.validation_table, "json": _json, "csv": validate.validation_csv,
                 "markdown": validate.validation_markdown, "xlsx": _xlsx(validate.validation_sheets)},
    "allocate": {"table": allocate.allocation_table, "json": _json, "csv": allocate.allocation_csv,
                 "markdown": allocate.allocation_markdown, "xlsx": _xlsx(allocate.allocation_sheets)},
    "compare": {"table": compare.comparison_table, "json": _json, "csv": compare.comparison_csv,
                "markdown": compare.comparison_markdown, "xlsx": _xlsx(compare.comparison_sheets)},
    "diff": {"table": diff.diff_table, "json": _json, "csv": diff.diff_csv,
             "markdown": diff.diff_markdown, "xlsx": _xlsx(diff.diff_sheets)},
    "explain": {"table": explain.explanation_table, "json": _json, "csv": explain.explanation_csv,
                "markdown": explain.explanation_markdown, "xlsx": _xlsx(explain.explanation_sheets)},
    "budget": {"table": budget.budget_table, "json": _json, "csv": budget.budget_csv,
               "markdown": budget.budget_markdown, "xlsx": _xlsx(budget.budget_sheets)},
}
