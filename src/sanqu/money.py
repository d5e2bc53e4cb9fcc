"""Money: exact to the fen, rounded half up, split so that the parts add up to the total."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_fen(value: Fraction | Decimal | int) -> Decimal:
    """Round to the fen, half up (四舍五入), never through a binary float."""
    if isinstance(value, Fraction):
        return _fraction_fen(value)
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def _fraction_fen(value: Fraction) -> Decimal:
    # Exact half-up rounding of a Fraction, independent of the decimal context's precision.
    fen = value * 100
    whole = fen.numerator // fen.denominator
    if fen - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-2)


def split(exact: list[Fraction], total: Decimal | None = None) -> list[Decimal]:
    """Round each share to the fen so that they add up exactly to ``total``.

    ``total`` defaults to the rounded sum of the shares, and must itself be a rounding
    (down or up) of that sum. Largest-remainder rule: every share is first cut down to
    the fen; the fen still missing go one each to the shares that lost most, earlier
    shares first among equals, so the result is deterministic.
    """
    if total is None:
        total = _fraction_fen(sum(exact, Fraction(0)))
    floors = []
    remainders = []
    for i, value in enumerate(exact):
        fen = value * 100
        whole = fen.numerator // fen.denominator
        floors.append(whole)
        remainders.append((-(fen - whole), i))
    missing = int(total * 100) - sum(floors)
    if not 0 <= missing <= len(exact):
        raise ValueError(f"{total} is not a rounding of the sum of the shares")
    for _, i in sorted(remainders)[:missing]:
        floors[i] += 1
    return [Decimal(f).scaleb(-2).quantize(FEN, rounding=ROUND_DOWN) for f in floors]


def split_table(exact: list[list[Fraction]]) -> list[list[Decimal]]:
    """Round a table (rows x columns) so that rows, columns and the whole add up exactly.

    Row totals and column totals are each rounded from their exact sums by the
    largest-remainder rule; the cells of every column but the last are split to their
    column's total, and the last column takes what each row has left. A row or column
    total is thus never more than a fen from its exact value.
    """
    if not exact:
        return []
    columns = len(exact[0])
    row_totals = split([sum(row, Fraction(0)) for row in exact])
    column_totals = split([sum((row[c] for row in exact), Fraction(0)) for c in range(columns)])
    cells = [[ZERO] * columns for _ in exact]
    for c in range(columns - 1):
        for r, amount in enumerate(split([row[c] for row in exact], column_totals[c])):
            cells[r][c] = amount
    for r in range(len(exact)):
        cells[r][-1] = row_totals[r] - sum(cells[r][:-1], ZERO)
    return cells


def fmt(amount: Decimal) -> str:
    """For people: thousands separators, two decimals."""
    return f"{amount:,.2f}"


def as_json(amount: Decimal) -> str:
    """For scripts: a plain string with exactly two decimals."""
    return f"{amount:.2f}"
