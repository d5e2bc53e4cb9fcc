"""Every result in every format: ``renderer(kind, format)(result, lang, view)``.

JSON is the result's own ``to_dict()``, written by ``text.to_json``: the library's data,
exactly. The other formats come from one module per kind (``render/<kind>.py``, its
``FORMATS``), each building its header and rows once for the generic writers
(``text.py``: rich tables, Markdown, CSV; ``workbook.py``: xlsx).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .text import to_json
from .workbook import workbook


def _json(result, lang: str = "en", view=None) -> str:
    return to_json(result.to_dict(lang))


def renderer(kind: str, fmt: str) -> Callable:
    """The function that renders a result of ``kind`` as ``fmt`` (table, json, csv, markdown, xlsx)."""
    if fmt == "json":
        return _json
    # Each command loads only its own kind's module, not every renderer there is.
    formats = import_module(f".{kind}", __name__).FORMATS
    if fmt == "xlsx":
        sheets = formats["sheets"]
        return lambda result, lang="en", view=None: workbook(sheets(result, lang))
    return formats[fmt]
