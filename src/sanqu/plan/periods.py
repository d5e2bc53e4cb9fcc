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
