"""What the plan costs, who pays which part, and in which fiscal year, exact to the fen.

Every amount starts exact (an integer count of 1/per_fen fen) in a table of rows
(people of one agency at one post) by fiscal years; each funding part's table is rounded
once (``money.split_table``), then adjusted where a line drifts (``rounding.py``); every
breakdown is a plain sum of rounded cells, so all of them add up to the totals, to the
fen, and each of their lines is within a fen of its exact value.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, runtime_checkable

from ..plan.models import Placement, Plan, PlanInfo
from ..plan.periods import months_by_year, period_key, service_calendar, service_end
from ..plan.posts import plan_posts
from .fen import ZERO, as_json, cents, split_table, split_units
from .rounding import split_periods, within_a_fen

PARTS = ("central", "local", "training")
MONEY_KEYS = ("central", "local", "dispatch", "training", "total")


@dataclass
class Line:
    """One row of a breakdown: a key, a head count and the money."""

    key: object
    label: str = ""
    label_zh: str | None = None
    professionals: int = 0
    months: int | None = None
    central: Decimal = ZERO
    local: Decimal = ZERO
    training: Decimal = ZERO

    @property
    def dispatch(self) -> Decimal:
        return self.central + self.local

    @property
    def total(self) -> Decimal:
        return self.dispatch + self.training


@dataclass
class Budget:
    """The plan's budget: totals, breakdowns by place, year and agency, and items."""

    plan_id: str
    basis: str  # "quota" or "allocation"
    per_person_year: tuple[Decimal, Decimal]
    service_months: int
    totals: Line
    by_prefecture: list[Line]
    by_county: list[Line]
    by_year: list[Line]
    by_agency: list[Line] | None = None
    by_quarter: list[Line] = field(default_factory=list)
    by_month: list[Line] = field(default_factory=list)
    person_months: int = 0  # months paid for, summed over people
    info: PlanInfo | None = None  # the plan's id, titles and dates
    items: dict[str, list[tuple[str, str | None, Decimal]]] = field(default_factory=dict)

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu budget --format json``."""
        data = {
            "plan": self.plan_id,
            "basis": self.basis,
            "totals": {"professionals": self.totals.professionals, **_money_dict(self.totals)},
            "by_prefecture": [{"code": line.key, "name": line.label, "name_zh": line.label_zh,
                               "professionals": line.professionals, **_money_dict(line)}
                              for line in self.by_prefecture],
            "by_county": [{"code": line.key, "name": line.label, "name_zh": line.label_zh,
                           "professionals": line.professionals, **_money_dict(line)} for line in self.by_county],
            "by_year": [{"year": line.key, "months": line.months, "professionals": line.professionals,
                         **_money_dict(line)} for line in self.by_year],
            "by_quarter": [{"quarter": line.key, "months": line.months, "professionals": line.professionals,
                            **_money_dict(line)} for line in self.by_quarter],
            "by_month": [{"month": line.key, "months": line.months, "professionals": line.professionals,
                          **_money_dict(line)} for line in self.by_month],
        }
        if self.by_agency is not None:
            data["by_agency"] = [{"agency": line.key, "professionals": line.professionals, **_money_dict(line),
                                  "name": line.label if line.label != line.key else None,
                                  "name_zh": line.label_zh} for line in self.by_agency]
        if self.items:
            data["items"] = {part: [{"item": name, "item_zh": name_zh, "amount": as_json(amount)}
                                    for name, name_zh, amount in items]
                             for part, items in self.items.items()}
        return data

    def plan_title(self, lang: str) -> str:
        """The plan's title in ``lang`` where it has one, else its id."""
        return self.info.heading(lang) if self.info is not None else self.plan_id

    def view(self, name: str) -> list[Line]:
        """The rows of one breakdown by name (prefecture, county, year, quarter, month, agency)."""
        return {"prefecture": self.by_prefecture, "county": self.by_county, "year": self.by_year,
                "quarter": self.by_quarter, "month": self.by_month, "agency": self.by_agency or []}[name]


@dataclass
class _Row:
    """People of one agency at one post, with each part's exact amount per fiscal year."""

    prefecture: str
    county: str
    agency: str | None
    people: int
    exact: dict[str, list[int]]  # units of 1/per_fen fen, per fiscal year
    months: list[int]  # months served per fiscal year, by each of these people
    span: range  # the service months (0 = the first) these people serve
    training_per_month: int = 0  # units, each month of the post's service


@runtime_checkable
class HasPlacements(Protocol):
    """An allocation, as the budget needs it."""

    def placements(self) -> list[Placement]: ...


def budget(plan: Plan, placements: HasPlacements | Iterable[Placement] | None = None,
           agency_names: dict[str, tuple[str, str | None]] | None = None) -> Budget:
    """Budget the plan: each post's quota, or the people actually placed.

    ``placements`` is an Allocation, or a ``Placement`` per person paid for (as
    ``AllocationFile.placements`` reads an allocation file); each person is paid for the
    whole months from ``start`` to ``end`` (None: the service period).
    """
    if isinstance(placements, HasPlacements):
        agency_names = agency_names or getattr(placements, "agency_names", dict)()
        placements = placements.placements()
    names = agency_names or {}
    funding = plan.funding
    years = months_by_year(plan.plan.service_start, plan.plan.service_months)
    posts = plan_posts(plan)
    counts: dict[tuple[str, str], Counter] = {ref.key: Counter() for ref in posts}
    if placements is None:
        for ref in posts:
            counts[ref.key][(None, None, None)] = ref.quota
    else:
        for placed in placements:
            counts[placed.key][(placed.agency, placed.start, placed.end)] += 1

    rows: list[_Row] = []
    months_total = plan.plan.service_months
    # Exact amounts as integers in units of 1/per_fen fen: a person-month is 1/12 of a
    # person-year, and a post's training is shared by head count over its months.
    heads = {ref.key: sum(counts[ref.key].values()) for ref in posts}
    per_fen = 12 * months_total * math.lcm(*(h for h in heads.values() if h), 1)
    central = _fen(funding.central_per_person_year) * (per_fen // 12)
    local = _fen(funding.local_per_person_year) * (per_fen // 12)
    training_rate = _fen(funding.training_per_person_day) * funding.training_days
    for ref in posts:
        by_agency = counts[ref.key]
        people_here = heads[ref.key]
        # Training follows the post and its months; with an allocation it is shared among
        # the agencies staffing the post, by head count.
        training_unit = (training_rate * ref.post.trainees * (per_fen // (people_here * months_total))
                         if people_here else 0)
        groups = sorted(by_agency.items(), key=lambda kv: (
            kv[0][0] is not None, kv[0][0] or "", kv[0][1] or plan.plan.service_start))
        if not groups:
            groups = [((None, None, None), 0)]  # keep empty posts visible, with zeros
        for (agency, start, end), people in groups:
            served = _served(plan, start, end)
            rows.append(_Row(ref.prefecture.code, ref.county.code, agency, people, {
                "central": [people * central * served.get(y, 0) for y, _ in years],
                "local": [people * local * served.get(y, 0) for y, _ in years],
                "training": [training_unit * people * m for _, m in years],
            }, [served.get(y, 0) for y, _ in years], _span(plan, start, end), training_unit * people))

    first = [split_table([row.exact[part] for row in rows], per_fen) for part in PARTS]
    rounded = dict(zip(PARTS, within_a_fen([[row.exact[part] for row in rows] for part in PARTS], first,
                                           per_fen, _lines(rows, len(years), placements is not None)),
                       strict=True))
    fen: dict[int, list[int]] = {}  # per Line (by id): central, local, training in whole fen

    def add(target: Line, r: int, columns: range, people: int) -> None:
        tally = fen.setdefault(id(target), [0, 0, 0])
        for k, part in enumerate(PARTS):
            tally[k] += sum(rounded[part][r][c] for c in columns)
        target.professionals += people

    totals = Line("total")
    prefectures = {p.code: Line(p.code, p.name, p.name_zh) for p in plan.prefectures}
    counties = {c.code: Line(c.code, c.name, c.name_zh) for _, c in plan.counties()}
    by_year = [Line(y, str(y), months=m) for y, m in years]
    agencies: dict[str, Line] = {}
    whole = range(len(years))
    person_months = sum(row.people * sum(row.months) for row in rows)
    for r, row in enumerate(rows):
        add(totals, r, whole, row.people)
        add(prefectures[row.prefecture], r, whole, row.people)
        add(counties[row.county], r, whole, row.people)
        for c, line in enumerate(by_year):
            # A year counts the people who serve in it (someone who left in 2022 is not in 2023).
            add(line, r, range(c, c + 1), row.people if row.months[c] else 0)
        if placements is not None and row.agency is not None:
            name, name_zh = names.get(row.agency, (row.agency, None))
            add(agencies.setdefault(row.agency, Line(row.agency, name, name_zh)), r, whole, row.people)

    for line in [totals, *prefectures.values(), *counties.values(), *by_year, *agencies.values()]:
        line.central, line.local, line.training = (cents(f) for f in fen.get(id(line), [0, 0, 0]))

    items = {}
    for part in ("central", "local"):
        listed = getattr(funding, f"{part}_items")
        if not listed or any(item.amount is None for item in listed):
            continue  # no items, or purposes without a budget per item
        part_total = fen.get(id(totals), [0, 0, 0])[PARTS.index(part)]
        per_person = _fen(getattr(funding, f"{part}_per_person_year"))
        # Each item's share of the part: its amount per person-year over the part's.
        shares = [_fen(item.amount or ZERO) * part_total if per_person else 0 for item in listed]
        amounts = [cents(f) for f in split_units(shares, per_person or 1)]
        items[part] = [(item.item, item.item_zh, amount) for item, amount in zip(listed, amounts, strict=True)]

    return Budget(
        plan_id=plan.plan.id,
        basis="quota" if placements is None else "allocation",
        per_person_year=(funding.central_per_person_year, funding.local_per_person_year),
        service_months=months_total,
        totals=totals,
        by_prefecture=list(prefectures.values()),
        by_county=list(counties.values()),
        by_year=by_year,
        by_agency=sorted(agencies.values(), key=lambda line: str(line.key)) if placements is not None else None,
        by_quarter=_periods(plan, rows, by_year, fen, per_fen, (central, local), "quarter"),
        by_month=_periods(plan, rows, by_year, fen, per_fen, (central, local), "month"),
        person_months=person_months,
        info=plan.plan,
        items=items,
    )


def _lines(rows: list[_Row], years: int, by_agency: bool) -> list[tuple[list[int], list[int]]]:
    """Every line a breakdown shows, as (rows, years) of the rounded tables."""
    every, whole = list(range(len(rows))), list(range(years))
    groups: dict[tuple, list[int]] = {}
    for r, row in enumerate(rows):
        groups.setdefault(("prefecture", row.prefecture), []).append(r)
        groups.setdefault(("county", row.county), []).append(r)
        if by_agency and row.agency is not None:
            groups.setdefault(("agency", row.agency), []).append(r)
    return [(every, whole), *((every, [c]) for c in whole), *((members, whole) for members in groups.values())]


def _periods(plan: Plan, rows: list[_Row], by_year: list[Line], fen: dict[int, list[int]], per_fen: int,
             rates: tuple[int, int], axis: str) -> list[Line]:
    """The lines of each quarter (or month) of service, split from the rounded years.

    Exact per period: the person-months in it times the monthly rates, and the posts'
    training by months. Each year's rounded parts are split into its periods
    (``split_periods``), so the periods of a year add up to that year exactly, and each
    of their parts, dispatch and total is within a fen of exact.
    """
    calendar = service_calendar(plan.plan.service_start, plan.plan.service_months)
    keys = [period_key(year, month, axis) for year, month in calendar]
    order = list(dict.fromkeys(keys))
    exact = {key: [0, 0, 0] for key in order}
    people: dict[object, int] = dict.fromkeys(order, 0)
    months = Counter(keys)
    for row in rows:
        for k, key in enumerate(keys):
            cell = exact[key]
            if k in row.span:
                cell[0] += row.people * rates[0]
                cell[1] += row.people * rates[1]
            cell[2] += row.training_per_month
        for key in dict.fromkeys(keys[k] for k in row.span if k < len(keys)):
            people[key] += row.people
    lines: list[Line] = []
    for year_line in by_year:
        in_year = [key for key in order if str(key).startswith(str(year_line.key))]
        shares = split_periods([exact[key] for key in in_year], fen.get(id(year_line), [0, 0, 0]), per_fen)
        for key, (c, loc, tr) in zip(in_year, shares, strict=True):
            lines.append(Line(key, str(key), professionals=people[key], months=months[key],
                              central=cents(c), local=cents(loc), training=cents(tr)))
    return lines


def _span(plan: Plan, start, end) -> range:
    """The service months (0 = the first month of service) from ``start`` to ``end``."""
    first = plan.plan.service_start
    a = 0 if start is None else (start.year - first.year) * 12 + start.month - first.month
    last = service_end(plan) if end is None else end
    b = (last.year - first.year) * 12 + last.month - first.month
    return range(max(0, a), min(plan.plan.service_months, b + 1))


def _served(plan: Plan, start, end) -> dict[int, int]:
    """Whole months served in each calendar year, from ``start`` to ``end`` (None: the plan's)."""
    if start is None and end is None:
        return dict(months_by_year(plan.plan.service_start, plan.plan.service_months))
    start = start or plan.plan.service_start
    end = end or service_end(plan)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return dict(months_by_year(start, max(0, months)))


def _money_dict(line) -> dict:
    return {key: as_json(getattr(line, key)) for key in MONEY_KEYS}


def _fen(amount: Decimal) -> int:
    """An amount of the plan (exact to the fen, as the contract requires) in whole fen."""
    return int(amount * 100)


def accrued(plan: Plan, placements: Iterable[Placement] | None, months: int) -> dict[str, list[Fraction]]:
    """The budget accrued over the first ``months`` months of service (the 序时进度), exact,
    per county: [central, local, training] in yuan. A person's months are those of their
    service among the first ``months``; a post's training accrues by its months, where
    anyone serves it."""
    funding = plan.funding
    rates = (Fraction(funding.central_per_person_year) / 12, Fraction(funding.local_per_person_year) / 12)
    total_months = plan.plan.service_months
    posts = plan_posts(plan)
    spans: dict[tuple[str, str], list[range]] = {ref.key: [] for ref in posts}
    out: dict[str, list[Fraction]] = {ref.county.code: [Fraction(0)] * 3 for ref in posts}
    if placements is None:
        for ref in posts:
            spans[ref.key] = [range(total_months)] * ref.quota
    else:
        for placed in placements:
            spans[placed.key].append(_span(plan, placed.start, placed.end))
    done = range(max(0, min(months, total_months)))
    for ref in posts:
        line = out[ref.county.code]
        served = sum(len(range(max(s.start, done.start), min(s.stop, done.stop))) for s in spans[ref.key])
        line[0] += served * rates[0]
        line[1] += served * rates[1]
        if spans[ref.key]:
            line[2] += (Fraction(funding.training_per_person_day) * funding.training_days * ref.post.trainees
                        * len(done) / total_months)
    return out
