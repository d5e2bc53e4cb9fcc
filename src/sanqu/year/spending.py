"""The funds against the budget (notice §2): budget, accrued budget to date (序时进度), spent,
remaining and rate, by part, item, county and quarter; and the findings the fund rules
call for, each at its ledger line (the contract's ``sanqu spending``).

Amounts are whole fen (int) until shown. ``budget`` comes from ``money.budget`` (so a
county's budget here is its line there); ``to_date`` is the exact accrual
(``money.budget.accrued``) rounded half up per part, and split over counties and items
by the largest remainder, so every breakdown adds up to its totals exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..i18n import Msg
from ..money.budget import Budget, accrued, budget
from ..money.fen import as_json, cents, half_up
from ..plan.models import Placement, Plan
from ..plan.periods import period_key, service_calendar, service_end
from ..read.ledger import PARTS, Ledger

SOURCES = PARTS
ERRORS = ("unknown-item", "wrong-source", "unknown-county", "not-in-post", "over-budget", "training-over-rate")


@dataclass
class Row:
    """One line of a breakdown, in fen; ``budget``/``to_date`` None where there is none."""

    key: dict
    budget: int | None = 0
    to_date: int | None = 0
    spent: int = 0

    def to_dict(self) -> dict:
        return {**self.key, "budget": _money(self.budget), "to_date": _money(self.to_date),
                "spent": as_json(cents(self.spent)),
                "remaining": None if self.budget is None else as_json(cents(self.budget - self.spent)),
                "rate": rate(self.spent, self.to_date)}


@dataclass
class Finding:
    code: str
    severity: str
    place: dict  # file, sheet, cell, line (None for a county's finding)
    voucher: str | None
    amount: int | None
    message: Msg

    def to_dict(self, lang: str = "en") -> dict:
        return {"code": self.code, "severity": self.severity, **self.place, "voucher": self.voucher,
                "amount": None if self.amount is None else as_json(cents(self.amount)),
                "message": self.message.render(lang)}


@dataclass
class Spending:
    plan: Plan
    as_of: dt.date
    basis: str
    elapsed_months: int
    entries: int
    entries_after: int
    totals: Row
    by_source: list[Row]
    by_item: list[Row]
    by_county: list[Row]
    by_quarter: list[Row]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def to_dict(self, lang: str = "en") -> dict:
        return {"plan": self.plan.plan.id, "as_of": self.as_of.isoformat(), "basis": self.basis,
                "elapsed_months": self.elapsed_months, "service_months": self.plan.plan.service_months,
                "entries": self.entries, "entries_after": self.entries_after,
                "totals": self.totals.to_dict(),
                "by_source": [r.to_dict() for r in self.by_source],
                "by_item": [r.to_dict() for r in self.by_item],
                "by_county": [r.to_dict() for r in self.by_county],
                "by_quarter": [{**r.key, "budget": _money(r.budget), "spent": as_json(cents(r.spent))}
                               for r in self.by_quarter],
                "findings": [f.to_dict(lang) for f in self.findings]}


def rate(spent: int, to_date: int | None) -> str | None:
    """spent / to_date, four decimals, half up; None when nothing has accrued."""
    if not to_date:
        return None
    return f"{half_up(Fraction(spent, to_date), 4):.4f}"


def elapsed_months(plan: Plan, as_of: dt.date) -> int:
    """The whole months of the service period that end on or before ``as_of``."""
    count = 0
    for year, month in service_calendar(plan.plan.service_start, plan.plan.service_months):
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if last <= as_of:
            count += 1
    return count


def spending(plan: Plan, ledger: Ledger, placements: list[Placement] | None = None,
             as_of: dt.date | None = None, agency_names=None) -> Spending:
    """The funds of ``ledger`` against the plan's budget (the quotas, or ``placements``)."""
    funds = budget(plan, placements, agency_names)
    lines = Lines(ledger)
    if as_of is None:
        as_of = dt.date.fromordinal(int(lines.date.max())) if len(ledger) else plan.plan.service_start
    taken = lines.up_to(as_of.toordinal())
    elapsed = elapsed_months(plan, as_of)

    # The accrued budget: exact per county and part, rounded per part, split over counties.
    exact = accrued(plan, placements, elapsed)
    codes = list(exact)
    part_to_date = [half_up(sum((exact[c][p] for c in codes), Fraction(0)), 2) for p in range(3)]
    to_date_total = sum(int(v * 100) for v in part_to_date)
    # A county's accrual, all parts together, split from the total so that counties add up.
    county_to_date = dict(zip(codes, _split([sum(exact[c], Fraction(0)) for c in codes], to_date_total),
                              strict=True))
    part_budget = [_fen(funds.totals.central), _fen(funds.totals.local), _fen(funds.totals.training)]
    county_budget = {str(line.key): [_fen(line.central), _fen(line.local), _fen(line.training)]
                     for line in funds.by_county}

    resolve = _Items(plan)
    spent_part = taken.sums(taken.source, 3)
    county_sums = taken.sums(taken.county, len(ledger.counties))
    spent_county = {ledger.counties[k]: int(county_sums[k]) for k in taken.present(taken.county)}
    # Items by their canonical names: each (source, item as written) once.
    width = len(ledger.items)
    pairs = taken.source.astype("int64") * width + taken.item
    pair_sums = taken.sums(pairs, 3 * width)
    spent_item: dict[tuple[str, str | None], int] = {}
    for pair in taken.present(pairs):
        source = PARTS[pair // width]
        key = (source, resolve.canonical(source, ledger.items[pair % width]))
        spent_item[key] = spent_item.get(key, 0) + int(pair_sums[pair])
    spent_quarter: dict[str, int] = {}
    days, day_of_line = taken.dates()
    day_sums = taken.sums(day_of_line, len(days))
    for k, day in enumerate(days):
        when = dt.date.fromordinal(int(day))
        quarter = str(period_key(when.year, when.month, "quarter"))
        spent_quarter[quarter] = spent_quarter.get(quarter, 0) + int(day_sums[k])

    totals = Row({}, sum(part_budget), to_date_total, int(spent_part.sum()))
    by_source = [Row({"source": s}, part_budget[p], int(part_to_date[p] * 100), int(spent_part[p]))
                 for p, s in enumerate(SOURCES)]
    by_item = resolve.rows(funds, part_budget, [int(v * 100) for v in part_to_date], spent_item)
    by_county = []
    for line in funds.by_county:
        code = str(line.key)
        by_county.append(Row({"code": code, "name": line.label, "name_zh": line.label_zh},
                             sum(county_budget[code]), county_to_date[code], spent_county.get(code, 0)))
    for code in sorted(set(spent_county) - set(county_budget)):  # unknown counties: no budget
        by_county.append(Row({"code": code, "name": None, "name_zh": None}, 0, 0, spent_county[code]))
    quarters = {str(line.key): _fen(line.total) for line in funds.by_quarter}
    by_quarter = [Row({"quarter": q}, quarters.get(q, 0), None, spent_quarter.get(q, 0))
                  for q in sorted(set(quarters) | set(spent_quarter))]

    result = Spending(plan, as_of, "quota" if placements is None else "allocation", elapsed, len(taken),
                      len(ledger) - len(taken), totals, by_source, by_item, by_county, by_quarter)
    finder = _Findings(plan, ledger, placements, resolve, part_budget, county_budget, funds.items)
    result.findings = finder.find(
        taken, {c: (county_to_date[c], spent_county.get(c, 0)) for c in codes}, elapsed)
    return result


class Lines:
    """The ledger's columns as NumPy arrays (views, not copies), for sums over a million lines.

    Sums are of whole fen in 64-bit integers (``np.add.at``), exact: never floats."""

    # The ledger's columns (NumPy arrays), for these lines: see ``read.ledger.Ledger``.
    date: Any
    amount: Any
    county: Any
    source: Any
    item: Any
    person_days: Any
    professional: Any
    voucher: Any
    file: Any
    row: Any

    def __init__(self, ledger: Ledger, index=None):
        import numpy as np

        self.np = np
        whole = index is None
        self.index = np.arange(len(ledger)) if whole else index
        columns = {name: np.frombuffer(getattr(ledger, name), dtype=dtype) if len(ledger) else
                   np.zeros(0, dtype=dtype) for name, dtype in _COLUMNS}
        for name, column in columns.items():
            setattr(self, name, column if whole else column[self.index])
        self.ledger = ledger

    def __len__(self) -> int:
        return len(self.index)

    def up_to(self, day: int) -> Lines:
        """The lines dated on or before ``day``, in ledger order (these, when all are)."""
        keep = self.date <= day
        return self if keep.all() else Lines(self.ledger, self.np.flatnonzero(keep))

    def where(self, mask) -> list[int]:
        """The ledger indices of the lines where ``mask`` holds, in ledger order."""
        return [int(i) for i in self.index[mask]]

    def sums(self, keys, size: int):
        out = self.np.zeros(size, dtype="int64")
        self.np.add.at(out, keys, self.amount)
        return out

    def present(self, keys) -> list[int]:
        """The distinct keys of these lines, ascending."""
        return [int(k) for k in self.np.unique(keys)]

    def dates(self):
        """The distinct dates, and each line's index into them."""
        return self.np.unique(self.date, return_inverse=True)


_COLUMNS = (("date", "int32"), ("amount", "int64"), ("county", "int32"), ("source", "int8"), ("item", "int32"),
            ("person_days", "int32"), ("professional", "int32"), ("voucher", "int32"), ("file", "int32"),
            ("row", "int32"))


class _Items:
    """The parts' items by either name, and which part lists each."""

    def __init__(self, plan: Plan):
        self.parts: dict[str, list] = {}
        self.names: dict[str, dict[str, str]] = {}
        for part in ("central", "local"):
            listed = getattr(plan.funding, f"{part}_items") or []
            self.parts[part] = listed
            self.names[part] = {}
            for item in listed:
                for name in (item.item, item.item_zh):
                    if name:
                        self.names[part][name.casefold()] = item.item
        self.rate = int(plan.funding.training_per_person_day * 100)

    def canonical(self, source: str, item: str | None) -> str | None:
        if source == "training" or item is None:
            return None
        return self.names[source].get(item.casefold(), item)

    def status(self, source: str, item: str | None) -> str | None:
        """None if the item is the part's, else unknown-item or wrong-source."""
        if source == "training" or item is None or not self.parts[source]:
            return None
        if item.casefold() in self.names[source]:
            return None
        other = "local" if source == "central" else "central"
        return "wrong-source" if item.casefold() in self.names[other] else "unknown-item"

    def rows(self, funds: Budget, part_budget: list[int], part_to_date: list[int],
             spent: dict[tuple[str, str | None], int]) -> list[Row]:
        rows = []
        for p, part in enumerate(("central", "local")):
            listed = self.parts[part]
            priced = part in funds.items
            budgets: list[int] = [_fen(amount) for _, _, amount in funds.items.get(part, [])]
            whole = sum(budgets)
            # Each item accrues as its share of the part's budget (in yuan for _split).
            shares = _split([Fraction(part_to_date[p] * b, whole * 100) for b in budgets], part_to_date[p]) \
                if priced and whole else [0] * len(budgets)
            for k, item in enumerate(listed):
                rows.append(Row({"source": part, "item": item.item, "item_zh": item.item_zh},
                                budgets[k] if priced else None, shares[k] if priced else None,
                                spent.get((part, item.item), 0)))
            known = {item.item for item in listed}
            for (source, name), amount in sorted(spent.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
                if source == part and name not in known:  # a change of use: no budget of its own
                    rows.append(Row({"source": part, "item": name, "item_zh": None},
                                    0 if priced else None, 0 if priced else None, amount))
        rows.append(Row({"source": "training", "item": None, "item_zh": None}, part_budget[2], part_to_date[2],
                        spent.get(("training", None), 0)))
        return rows


class _Findings:
    def __init__(self, plan: Plan, ledger: Ledger, placements, items: _Items, part_budget, county_budget,
                 budget_items: dict):
        self.plan, self.ledger, self.items = plan, ledger, items
        self.part_budget, self.county_budget = part_budget, county_budget
        self.budget_items = budget_items  # part -> [(item, item_zh, budget)], only parts with amounts
        self.start = plan.plan.service_start.toordinal()
        self.end = service_end(plan).toordinal()
        self.posts: dict[str, list[tuple[str, int, int]]] | None = None
        if placements is not None:
            self.posts = {}
            for placed in placements:
                if placed.professional:
                    self.posts.setdefault(placed.professional, []).append((
                        placed.county, (placed.start or plan.plan.service_start).toordinal(),
                        (placed.end or service_end(plan)).toordinal()))
        self.out: list[Finding] = []

    def add(self, i: int | None, key: str, code: str, words: str, **params) -> None:
        severity = "error" if code in ERRORS else "warning"
        if i is None:
            place = {"file": None, "sheet": None, "cell": None, "line": None}
            self.out.append(Finding(code, severity, place, None, None, Msg(words, params)))
            return
        self.out.append(Finding(code, severity, self.ledger.place(i, key), self.ledger.voucher_of(i),
                                self.ledger.amount[i], Msg(words, params)))

    def find(self, lines: Lines, counties: dict[str, tuple[int, int]], elapsed: int) -> list[Finding]:
        """Each rule over all the lines at once; the findings in ledger order, line by line."""
        ledger, items, np = self.ledger, self.items, lines.np
        width = len(ledger.items)
        pairs = lines.source.astype("int64") * width + lines.item
        for pair in lines.present(pairs):
            source, item = PARTS[pair // width], ledger.items[pair % width]
            status = items.status(source, item)
            if status is not None:
                for i in lines.where(pairs == pair):
                    self.add(i, "item", status, f"finding.{status}", item=item, part=Msg(f"part.{source}"))
        known = np.asarray(ledger.known, dtype=bool)[lines.county] if len(lines) else np.zeros(0, dtype=bool)
        for i in lines.where(~known):
            self.add(i, "county", "unknown-county", "finding.unknown-county", county=ledger.county_of(i))
        if self.posts is not None:
            for i in lines.where((lines.professional > 0) & known):
                who, county, day = ledger.professional_of(i), ledger.county_of(i), ledger.date[i]
                if not any(c == county and a <= day <= b for c, a, b in self.posts.get(who or "", ())):
                    self.add(i, "professional", "not-in-post", "finding.not-in-post", who=who, county=county,
                             date=dt.date.fromordinal(day).isoformat())
        training = (lines.source == 2) & (lines.person_days >= 0)
        for i in lines.where(training & (lines.amount > lines.person_days.astype("int64") * items.rate)):
            days = ledger.person_days[i]
            self.add(i, "amount", "training-over-rate", "finding.training-over-rate", days=days,
                     limit=as_json(cents(days * items.rate)))
        for i in lines.where((lines.date < self.start) | (lines.date > self.end)):
            self.add(i, "date", "outside-service", "finding.outside-service",
                     date=dt.date.fromordinal(ledger.date[i]).isoformat())
        self.duplicates(lines)
        self.over_budget(lines)
        order = {code: k for k, code in enumerate(("unknown-item", "wrong-source", "unknown-county", "not-in-post",
                                                   "over-budget", "training-over-rate", "outside-service",
                                                   "duplicate-line", "behind-schedule"))}
        self.out.sort(key=lambda f: (f.place["file"] is None, f.place["file"] or "", f.place["line"] or 0,
                                     order[f.code]))
        if elapsed >= 3:
            for code, (to_date, spent) in counties.items():
                if to_date > 0 and 2 * spent < to_date:
                    self.add(None, "", "behind-schedule", "finding.behind-schedule", county=code,
                             spent=as_json(cents(spent)), to_date=as_json(cents(to_date)))
        return self.out

    def duplicates(self, lines: Lines) -> None:
        """A line with the voucher, county, source, item and amount of an earlier one."""
        np = lines.np
        if len(lines) < 2:
            return
        keys = (lines.voucher, lines.county, lines.source, lines.item, lines.amount)
        order = np.lexsort((lines.index, *reversed(keys)))  # the last key sorts first
        same = np.ones(len(order) - 1, dtype=bool)
        for key in keys:
            ranked = key[order]
            same &= ranked[1:] == ranked[:-1]
        first = order[0]
        for k in np.flatnonzero(same):  # order[k + 1] repeats order[k], and so its group's first
            if k == 0 or not same[k - 1]:
                first = order[k]
            line = int(lines.index[order[k + 1]])
            self.add(line, "amount", "duplicate-line", "finding.duplicate-line",
                     first=self.ledger.row[int(lines.index[first])])

    def over_budget(self, lines: Lines) -> None:
        """The line at which a part, an item with an amount, or a county's part first spends
        more than its budget: in date order, then ledger order."""
        ledger, np = self.ledger, lines.np
        if not len(lines):
            return
        none = np.iinfo("int64").max
        source = lines.source.astype("int64")
        # Each kind of budget: a group per line and each group's limit (none: no budget).
        county_limit = np.full(3 * len(ledger.counties), none, dtype="int64")
        for k, code in enumerate(ledger.counties):
            for p, limit in enumerate(self.county_budget.get(code, ())):
                county_limit[3 * k + p] = limit
        width = len(ledger.items)
        item_limit = np.full(3 * width, none, dtype="int64")
        priced = {(part, name): _fen(amount) for part, listed in self.budget_items.items()
                  for name, _, amount in listed}
        for k, name in enumerate(ledger.items):
            for p, part in enumerate(PARTS[:2]):
                limit = priced.get((part, self.items.canonical(part, name)))
                if limit is not None:
                    item_limit[p * width + k] = limit
        kinds = (("source", np.asarray(self.part_budget, dtype="int64")), ("county", county_limit),
                 ("item", item_limit))
        for kind, limits in kinds:  # each kind's groups made in turn: a million lines each
            if kind == "source":
                group = source
            elif kind == "county":
                group = lines.county.astype("int64") * 3 + source
            else:  # canonical items share a budget: lines grouped by the item's canonical name
                group = self._canonical_groups(source * width + lines.item, width)
            has = limits[group] != none
            order = np.flatnonzero(has)
            if not len(order):
                continue
            order = order[np.lexsort((lines.index[order], lines.date[order], group[order]))]
            g = group[order]
            running = np.cumsum(lines.amount[order])
            starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
            offset = np.zeros(len(starts), dtype="int64")  # each group's sum before it begins
            offset[1:] = running[starts[1:] - 1]
            running = running - np.repeat(offset, np.diff(np.r_[starts, len(g)]))
            crossed = np.flatnonzero(running > limits[g])
            if not len(crossed):
                continue
            _, firsts = np.unique(g[crossed], return_index=True)
            for at in crossed[firsts]:
                i = int(lines.index[order[at]])
                part = ledger.source_of(i)
                if kind == "source":
                    what: object = Msg(f"part.{part}")
                elif kind == "county":
                    what = Msg("finding.county_part", {"county": ledger.county_of(i), "part": Msg(f"part.{part}")})
                else:
                    what = self.items.canonical(part, ledger.item_of(i))
                self.add(i, "amount", "over-budget", "finding.over-budget", what=what,
                         budget=as_json(cents(int(limits[g[at]]))), spent=as_json(cents(int(running[at]))))

    def _canonical_groups(self, group, width: int):
        """(source, item as written) to (source, the first item id of its canonical name)."""
        import numpy as np

        first: dict[tuple[int, str | None], int] = {}
        remap = np.arange(3 * width, dtype="int64")
        for p in range(3):
            for k, name in enumerate(self.ledger.items):
                canonical = self.items.canonical(PARTS[p], name)
                remap[p * width + k] = p * width + first.setdefault((p, canonical), k)
        return remap[group]


def _split(exact: list[Fraction], total: int) -> list[int]:
    """Whole fen adding up to ``total``, by the largest remainder (earlier first among equals).

    Unlike ``money.fen.split_units``, ``total`` may be any number of fen: a county's accrual
    is split from the sum of the parts' roundings, which may be more than a fen from exact."""
    if not exact:
        return []
    scaled = [x * 100 for x in exact]
    floors = [int(x // 1) for x in scaled]
    missing = total - sum(floors)
    order = sorted(range(len(exact)), key=lambda k: (-(scaled[k] - floors[k]), k))
    step = 1 if missing >= 0 else -1
    for n in range(abs(missing)):
        floors[order[n % len(order)] if step > 0 else order[-1 - n % len(order)]] += step
    return floors


def _fen(amount: Decimal) -> int:
    return int(amount * 100)


def _money(fen: int | None) -> str | None:
    return None if fen is None else as_json(cents(fen))


__all__ = ["Finding", "Lines", "Row", "Spending", "elapsed_months", "rate", "spending"]


def sample_ledger(plan: Plan) -> str:
    """A sample ledger (CSV text) for trying ``sanqu spending`` on ``plan``: each month of the
    first two quarters of service, each post's work subsidy (central) and activities
    (local) at their monthly rates, and one payment for an item no plan lists (a
    finding where the plan lists its items). Marked as a sample in its first row; deterministic."""
    import csv
    import io

    from ..i18n.terms import LEDGER_HEADERS

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["示例数据（SAMPLE）：非真实支出，仅供试用 sanqu spending；not real payments"])
    writer.writerow([LEDGER_HEADERS[k] for k in ("date", "voucher", "county", "programme", "source", "item",
                                                 "amount", "note")])
    funding = plan.funding
    calendar = service_calendar(plan.plan.service_start, plan.plan.service_months)
    first_quarters = list(dict.fromkeys(period_key(y, m, "quarter") for y, m in calendar))[:2]
    months = [(y, m) for y, m in calendar if period_key(y, m, "quarter") in first_quarters]
    items = {part: (getattr(funding, f"{part}_items") or [None])[0] for part in ("central", "local")}
    voucher = 0
    for year, month in months:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        for _, county, post in plan.posts():
            if not post.quota:
                continue
            programme = post.programme.value if len(county.posts) > 1 else ""
            voucher += 1
            for part, label in (("central", "中央"), ("local", "地方")):
                rate = getattr(funding, f"{part}_per_person_year")
                item = items[part]
                fallback = "工作补贴" if part == "central" else "项目活动"
                name = (item.item_zh or item.item) if item is not None else fallback
                amount = half_up(Fraction(rate) * post.quota / 12, 2)
                writer.writerow([last.isoformat(), f"记-{voucher:04d}", county.name_zh or county.code, programme,
                                 label, name, f"{amount:.2f}", f"{month}月"])
    if months and plan.posts():
        _, county, post = next(iter(plan.posts()))
        year, month = months[-1]
        writer.writerow([dt.date(year, month, 15).isoformat(), f"记-{voucher + 1:04d}", county.name_zh or county.code,
                         post.programme.value if len(county.posts) > 1 else "", "中央", "招待费", "800.00",
                         "示例：未列入的支出科目"])
    return buffer.getvalue()
