"""Fiscal years: China's is the calendar year, so a service period is split by year."""

from __future__ import annotations

import datetime as dt


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
