"""How scores are written: for people (82.5, 81.0) and in JSON (82.5, 81)."""

from __future__ import annotations

from decimal import Decimal


def format_score(score: Decimal) -> str:
    """A score as people write it: one decimal at least (81.0), more only when given."""
    return f"{score:.1f}" if score == score.quantize(Decimal("0.1")) else f"{score}"


def score_number(score: Decimal):
    """A score as a JSON number: an int when whole, else the float that prints as the Decimal.

    Scores have at most four decimals and totals at most a dozen digits, so the shortest
    float repr reproduces the decimal text exactly.
    """
    return int(score) if score == score.to_integral_value() else float(score)
