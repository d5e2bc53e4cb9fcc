"""The quarterly progress report (notice §6, the contract's ``sanqu report``): who is in
post at the quarter's end, the person-months, the quarter's changes, the funds as of its
last day, the training delivered, and the findings.

Every figure comes from the rule that owns it: person-months and the budget from
``money.budget`` (whole months from ``start`` to ``end``), the funds from
``year.spending`` as of the quarter's last day, the changes from the allocation's own
periods. The quarter is clipped to the service period (2022Q3 of a service from
1 August 2022 runs from 1 August); a quarter with no day of service is an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..i18n import Msg
from ..money.budget import MONEY_KEYS, Line, budget
from ..money.fen import as_json, cents
from ..plan.models import AllocationFile, Placement, Plan, post_label
from ..plan.periods import quarter_bounds, service_end
from ..problems import Problem, SanquError
from ..read.ledger import PARTS, Ledger
from .keeping import Change
from .spending import Finding, Lines, Spending, spending


@dataclass
class PostInPost:
    county: str
    name: str
    name_zh: str | None
    programme: str
    quota: int
    in_post: int


@dataclass
class Report:
    plan: Plan
    quarter: str
    first: dt.date
    last: dt.date
    basis: str  # "quota" or "allocation"
    by_post: list[PostInPost]
    person_months: tuple[int, int]  # the quarter's, to date
    changes: list[Change]
    budget_quarter: Line
    budget_to_date: Line
    funds: Spending | None  # with a ledger
    training: tuple[int | None, int | None]  # person-days, fen spent in the quarter (with a ledger)
    by_quarter: list[Line] = field(default_factory=list)  # the budget of every quarter of service
    findings: list[Finding] = field(default_factory=list)

    @property
    def slots(self) -> int:
        return sum(p.quota for p in self.by_post)

    @property
    def in_post(self) -> int:
        return sum(p.in_post for p in self.by_post)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def to_dict(self, lang: str = "en") -> dict:
        if self.funds is not None:
            funds = {k: v for k, v in self.funds.to_dict(lang).items() if k != "findings"}
        else:
            funds = {"quarter": _money(self.budget_quarter), "to_date": _money(self.budget_to_date)}
        days, spent = self.training
        return {
            "plan": self.plan.plan.id, "quarter": self.quarter,
            "from": self.first.isoformat(), "to": self.last.isoformat(),
            "in_post": {"on": self.last.isoformat(), "slots": self.slots, "in_post": self.in_post,
                        "by_post": [{"county": p.county, "programme": p.programme, "quota": p.quota,
                                     "in_post": p.in_post} for p in self.by_post]},
            "person_months": {"quarter": self.person_months[0], "to_date": self.person_months[1]},
            "changes": [{"professional": c.professional, "kind": c.kind, "from": post_label(c.before),
                         "to": post_label(c.after), "effective": c.effective.isoformat()} for c in self.changes],
            "funds": funds,
            "training": {"person_days": days, "spent": None if spent is None else as_json(cents(spent))},
            "findings": [f.to_dict(lang) for f in self.findings],
        }


def quarter_of_service(plan: Plan, quarter: str) -> tuple[str, dt.date, dt.date]:
    """The quarter "YYYYQn" as its key and its days within the service period.

    ValueError if ``quarter`` is not of that form; SanquError if no day of it is a day of service."""
    first, last = quarter_bounds(quarter)
    key = f"{first.year}Q{(first.month - 1) // 3 + 1}"
    start, end = plan.plan.service_start, service_end(plan)
    if last < start or first > end:
        raise SanquError(Msg("report.outside", {"quarter": key, "start": start.isoformat(),
                                                "end": end.isoformat()}))
    return key, max(first, start), min(last, end)


def report(plan: Plan, quarter: str, record: AllocationFile | None = None, ledger: Ledger | None = None,
           agreements: list[Problem] | None = None) -> Report:
    """The report of ``quarter`` ("2022Q4") on the quotas, or on the allocation ``record``."""
    key, first, last = quarter_of_service(plan, quarter)
    placements: list[Placement] | None = record.placements() if record is not None else None
    funds = budget(plan, placements)
    by_post = _in_post(plan, placements, last)
    months = [line for line in funds.by_month if str(line.key) <= f"{last.year}-{last.month:02d}"]
    in_quarter = [line for line in months if str(line.key) >= f"{first.year}-{first.month:02d}"]
    person_months = (sum(line.professionals for line in in_quarter), sum(line.professionals for line in months))
    quarters = [line for line in funds.by_quarter if str(line.key) <= key]
    this = next((line for line in quarters if line.key == key), Line(key))
    spent = None
    training: tuple[int | None, int | None] = (None, None)
    if ledger is not None:
        spent = spending(plan, ledger, placements, last)
        training = _training(ledger, first, last)
    findings = list(spent.findings) if spent is not None else []
    findings += [_finding(p) for p in agreements or []]
    return Report(plan, key, first, last, "quota" if record is None else "allocation", by_post, person_months,
                  _changes(plan, record, first, last) if record is not None else [],
                  this, _sum(key, quarters), spent, training, funds.by_quarter, findings)


def _in_post(plan: Plan, placements: list[Placement] | None, day: dt.date) -> list[PostInPost]:
    """Each post's quota and who is in post on ``day`` (on the quotas: the quota)."""
    start, end = plan.plan.service_start, service_end(plan)
    count: dict[tuple[str, str], int] = {}
    for placed in placements or []:
        if (placed.start or start) <= day <= (placed.end or end):
            count[placed.key] = count.get(placed.key, 0) + 1
    return [PostInPost(county.code, county.name, county.name_zh, post.programme.value, post.quota,
                       post.quota if placements is None else count.get((county.code, post.programme.value), 0))
            for _, county, post in plan.posts()]


def _changes(plan: Plan, record: AllocationFile, first: dt.date, last: dt.date) -> list[Change]:
    """The changes effective from ``first`` to ``last``: those ``--keep`` recorded, and those the
    periods show (a file kept twice records only its last round's changes)."""
    start, end = plan.plan.service_start, service_end(plan)
    found: dict[tuple[str, dt.date], Change] = {}
    for c in record.changes:
        if c.effective is not None:
            found[(c.professional, c.effective)] = Change(c.professional, c.kind, _post(c.before), _post(c.after),
                                                          c.effective)
    spans = sorted([(r.professional, r.start or start, r.end or end, (r.county, r.programme.value))
                    for r in [*record.assignments, *record.withdrawn]])
    for k, (who, a, b, post) in enumerate(spans):
        before = spans[k - 1] if k and spans[k - 1][0] == who else None
        after = spans[k + 1] if k + 1 < len(spans) and spans[k + 1][0] == who else None
        if a > start and (who, a) not in found:
            came_from = before[3] if before is not None and before[2] + dt.timedelta(days=1) == a else None
            found[(who, a)] = Change(who, "placed" if came_from is None else "moved", came_from, post, a)
        gone = b + dt.timedelta(days=1)
        if b < end and after is None and (who, gone) not in found:
            found[(who, gone)] = Change(who, "withdrawn", post, None, gone)
    return sorted((c for c in found.values() if first <= c.effective <= last),
                  key=lambda c: (c.effective, c.professional))


def _post(label: dict | None) -> tuple[str, str] | None:
    return None if label is None else (str(label["county"]), str(label["programme"]))


def _training(ledger: Ledger, first: dt.date, last: dt.date) -> tuple[int, int]:
    """The person-days and fen of the ledger's training lines dated in the quarter."""
    lines = Lines(ledger)
    chosen = (lines.source == PARTS.index("training")) & (lines.date >= first.toordinal()) & \
        (lines.date <= last.toordinal())
    days = lines.person_days[chosen]
    return int(days[days > 0].sum()), int(lines.amount[chosen].sum())


def _finding(problem: Problem) -> Finding:
    """An agreement's warning as a finding: its place, no voucher, no amount."""
    place = {"file": problem.file, "sheet": problem.sheet, "cell": problem.cell, "line": problem.line}
    message = problem.msg if problem.msg is not None else Msg("report.plain", {"text": problem.message})
    return Finding(problem.code, problem.severity, place, None, None, message)


def _sum(key: str, lines: list[Line]) -> Line:
    total = Line(key)
    for line in lines:
        total.central += line.central
        total.local += line.local
        total.training += line.training
    return total


def _money(line: Line) -> dict:
    return {k: as_json(getattr(line, k)) for k in MONEY_KEYS}


__all__ = ["Report", "quarter_of_service", "report"]
