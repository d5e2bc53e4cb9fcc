"""One plain YAML scalar, read as YAML 1.1 reads it, except where that misleads: floats
stay exact (Decimal), timestamps stay text, and numbers it would misread are kept as
written (``MisreadNumber``) for the models to refuse with a reason."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import yaml

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


_SPECIAL_FLOATS = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}


class MisreadNumber(str):
    """A number YAML 1.1 would misread (020000 as octal 8192, 1:20 as 80, 0x1F): kept as the
    text that was written, so that the models refuse it and say why, never guess."""

    __slots__ = ()


_MISREAD = re.compile(r"[-+]?(0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)")


def scalar(loader, value: str, implicit) -> object:
    """A scalar as YAML 1.1 resolves it, except floats (Decimal), timestamps (text) and
    numbers it would misread (``MisreadNumber``)."""
    tag = loader.resolve(yaml.ScalarNode, value, implicit)
    if tag == _NULL_TAG:
        return None
    if tag == _BOOL_TAG:
        return value.lower() in ("yes", "true", "on")
    if tag in (_INT_TAG, _FLOAT_TAG) and _MISREAD.fullmatch(value):
        return MisreadNumber(value)
    if tag == _INT_TAG and len(value) > 30:  # no count or amount has 30 digits; int() may refuse 4,300
        return value
    if tag == _INT_TAG:
        return loader.construct_yaml_int(yaml.ScalarNode(tag, value))
    if tag == _FLOAT_TAG:
        # Never a binary float: 0.30 stays Decimal("0.30"), so money and scores are exact.
        text = value.replace("_", "").lower()
        try:
            return Decimal(_SPECIAL_FLOATS.get(text, text))
        except InvalidOperation:
            return value
    # Timestamps stay text: the models parse dates and explain impossible ones.
    return value
