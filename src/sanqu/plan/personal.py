"""Personal data (PIPL): identity numbers and phones, checked, then kept only masked.

The full value is never stored: what stays in memory is its masked form, which is all
any output, message or traceback can show, and a keyed digest, so that one person
applying twice (the same identity number in two agencies' files) is still found.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class Personal:
    """A personal value as sanqu keeps it: masked for people, a digest for comparison."""

    masked: str
    digest: str

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"Personal({self.masked!r})"


def mask_id_card(value: str) -> str:
    """``530102199001011234`` -> ``530102**********34``: region and check part only."""
    return value[:6] + "*" * max(0, len(value) - 8) + value[-2:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str) -> str:
    """``13812345678`` -> ``138****5678``."""
    return value[:3] + "*" * max(0, len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def id_card_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character resident identity number (GB 11643), or None."""
    if len(value) != 18:
        return "length"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "characters"
    total = sum(int(d) * w for d, w in zip(value[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != value[17]:
        return "check_digit"
    return None


def keep_id_card(value: str) -> Personal:
    """A valid identity number (checked by the caller) as sanqu keeps it."""
    return Personal(mask_id_card(value), _digest("id", value))


def keep_phone(value: str) -> Personal:
    return Personal(mask_phone(value), _digest("phone", value))


def _digest(kind: str, value: str) -> str:
    return hashlib.blake2b(value.encode(), key=b"sanqu-" + kind.encode(), digest_size=16).hexdigest()
