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

from ..i18n import Msg
from ..money.budget import Budget, accrued, budget
from ..money.fen import as_json, cents, half_up
from ..plan.models import Placement, Plan
from ..plan.periods import period_key, service_calendar, service_end
from ..read.ledger import Ledger

SOURCES = ("central", "local", "training")
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
    if as_of is None:
        as_of = dt.date.fromordinal(max(ledger.date)) if len(ledger) else plan.plan.service_start
    cut = as_of.toordinal()
    taken = [i for i in range(len(ledger)) if ledger.date[i] <= cut]
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

    spent_part = [0, 0, 0]
    spent_county: dict[str, int] = {}
    spent_item: dict[tuple[str, str | None], int] = {}
    spent_quarter: dict[str, int] = {}
    resolve = _Items(plan)
    for i in taken:
        p = SOURCES.index(ledger.source[i])
        amount = ledger.amount[i]
        spent_part[p] += amount
        spent_county[ledger.county[i]] = spent_county.get(ledger.county[i], 0) + amount
        item = resolve.canonical(ledger.source[i], ledger.item[i])
        spent_item[(ledger.source[i], item)] = spent_item.get((ledger.source[i], item), 0) + amount
        day = dt.date.fromordinal(ledger.date[i])
        quarter = str(period_key(day.year, day.month, "quarter"))
        spent_quarter[quarter] = spent_quarter.get(quarter, 0) + amount

    totals = Row({}, sum(part_budget), to_date_total, sum(spent_part))
    by_source = [Row({"source": s}, part_budget[p], int(part_to_date[p] * 100), spent_part[p])
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
        self.out.append(Finding(code, severity, self.ledger.place(i, key), self.ledger.voucher[i],
                                self.ledger.amount[i], Msg(words, params)))

    def find(self, taken: list[int], counties: dict[str, tuple[int, int]], elapsed: int) -> list[Finding]:
        ledger, items = self.ledger, self.items
        seen: dict[tuple, int] = {}
        for i in taken:
            source, item, county = ledger.source[i], ledger.item[i], ledger.county[i]
            status = items.status(source, item)
            if status is not None:
                self.add(i, "item", status, f"finding.{status}", item=item, part=Msg(f"part.{source}"))
            if not ledger.known[i]:
                self.add(i, "county", "unknown-county", "finding.unknown-county", county=county)
            who = ledger.professional[i]
            if self.posts is not None and who is not None and ledger.known[i]:
                day = ledger.date[i]
                if not any(c == county and a <= day <= b for c, a, b in self.posts.get(who, ())):
                    self.add(i, "professional", "not-in-post", "finding.not-in-post", who=who, county=county,
                             date=dt.date.fromordinal(day).isoformat())
            days = ledger.person_days[i]
            if source == "training" and days >= 0 and ledger.amount[i] > days * items.rate:
                self.add(i, "amount", "training-over-rate", "finding.training-over-rate", days=days,
                         limit=as_json(cents(days * items.rate)))
            if not self.start <= ledger.date[i] <= self.end:
                self.add(i, "date", "outside-service", "finding.outside-service",
                         date=dt.date.fromordinal(ledger.date[i]).isoformat())
            key = (ledger.voucher[i], county, source, item, ledger.amount[i])
            first = seen.setdefault(key, i)
            if first != i:
                self.add(i, "amount", "duplicate-line", "finding.duplicate-line", first=ledger.row[first])
        self.over_budget(taken)
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

    def over_budget(self, taken: list[int]) -> None:
        """The line at which a part, an item with an amount, or a county's part first spends
        more than its budget: in date order, then ledger order."""
        ledger = self.ledger
        limits: dict[tuple, int] = {("source", s): self.part_budget[p] for p, s in enumerate(SOURCES)}
        for code, parts in self.county_budget.items():
            for p, s in enumerate(SOURCES):
                limits[("county", code, s)] = parts[p]
        for part, priced in self.budget_items.items():
            for name, _, amount in priced:
                limits[("item", part, name)] = _fen(amount)
        running: dict[tuple, int] = {}
        crossed: set[tuple] = set()
        for i in sorted(taken, key=lambda i: (ledger.date[i], i)):
            source = ledger.source[i]
            keys = [("source", source), ("county", ledger.county[i], source),
                    ("item", source, self.items.canonical(source, ledger.item[i]))]
            for key in keys:
                if key not in limits or key in crossed:
                    continue
                running[key] = running.get(key, 0) + ledger.amount[i]
                if running[key] > limits[key]:
                    crossed.add(key)
                    what = Msg(f"part.{source}") if key[0] == "source" else \
                        (Msg("finding.county_part", {"county": key[1], "part": Msg(f"part.{source}")})
                         if key[0] == "county" else key[2])
                    self.add(i, "amount", "over-budget", "finding.over-budget", what=what,
                             budget=as_json(cents(limits[key])), spent=as_json(cents(running[key])))


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


__all__ = ["Finding", "Row", "Spending", "elapsed_months", "rate", "spending"]


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
