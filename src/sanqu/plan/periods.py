"""Fiscal years: China's is the calendar year, so a service period is split by year."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Plan


def months_by_year(start: dt.date, months: int) -> list[tuple[int, int]]:
    """How many service months fall in each calendar year.

    A service month belongs to the year in which it begins: a 12-month service from
    2022-08-01 gives [(2022, 5), (2023, 7)].
    """
    counts: dict[int, int] = {}
    for k in range(months):
        year = start.year + (start.month - 1 + k) // 12
        counts[year] = counts.get(year, 0) + 1
    return sorted(counts.items())


def service_end(plan: Plan) -> dt.date:
    """The last day of the plan's service period."""
    start = plan.plan.service_start
    months = start.month - 1 + plan.plan.service_months
    first_after = dt.date(start.year + months // 12, months % 12 + 1, 1)
    return first_after - dt.timedelta(days=1)


def service_calendar(start: dt.date, months: int) -> list[tuple[int, int]]:
    """The calendar (year, month) of each service month, in order."""
    return [(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1) for k in range(months)]


def period_key(year: int, month: int, axis: str) -> str | int:
    """The period a calendar month belongs to: 2022, "2022Q3" or "2022-08"."""
    if axis == "year":
        return year
    if axis == "quarter":
        return f"{year}Q{(month - 1) // 3 + 1}"
    return f"{year}-{month:02d}"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a calendar quarter "YYYYQn"; ValueError if not one."""
    text = quarter.strip().upper()
    if len(text) != 6 or text[4] != "Q" or not text[:4].isdigit() or text[5] not in "1234":
        raise ValueError(quarter)
    year, q = int(text[:4]), int(text[5])
    first = dt.date(year, 3 * q - 2, 1)
    after = dt.date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return first, after - dt.timedelta(days=1)
