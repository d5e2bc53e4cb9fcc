"""The documents to publish and to sign (notice §3): what goes into the public list of
those selected (公示) and into each tripartite agreement (三方协议), as typed data.

The Word files themselves are written by ``render/documents.py``; this module decides
their content: who is listed, the notice's period in working days, each agreement's
parties, post, service period and funds (by fiscal year, exact, from the budget).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..i18n import Msg, Named
from ..money.budget import budget
from ..plan.models import AllocationFile, Contact, Placement, Plan
from ..plan.periods import months_by_year, service_end
from ..plan.posts import PostRef, plan_posts

CALENDAR = "chinese_calendar"  # the State Council's public holidays and make-up working days


@dataclass(frozen=True)
class Listed:
    """One person on the public list: name, sending agency, the post."""

    no: int
    professional: str
    name: Named
    agency: str
    agency_name: Named
    post: PostRef


@dataclass
class Publicity:
    """The public notice of those to be sent (拟选派人员名单公示)."""

    plan: Plan
    people: list[Listed]
    start: dt.date
    end: dt.date
    days: int
    calendar: str  # "chinese_calendar" (holidays known) or "weekends" (only weekends skipped)
    contact: Contact | None
    warning: Msg | None = None  # the calendar did not know a year: weekends alone were skipped

    def to_dict(self, lang: str = "en") -> dict:
        return {
            "plan": self.plan.plan.id,
            "title": self.plan.plan.heading(lang),
            "count": len(self.people),
            "from": self.start.isoformat(), "to": self.end.isoformat(), "working_days": self.days,
            "calendar": self.calendar,
            "people": [{"no": p.no, "professional": p.professional, "name": p.name.pick(lang),
                        "agency": p.agency, "agency_name": p.agency_name.pick(lang),
                        "county": p.post.county.code, "county_name": Named(p.post.county.name,
                                                                           p.post.county.name_zh).pick(lang),
                        "programme": p.post.programme.value} for p in self.people],
            "contact": None if self.contact is None else self.contact.model_dump(exclude_none=True),
        }


def working_days(start: dt.date, days: int) -> tuple[dt.date, str, Msg | None]:
    """The last of ``days`` working days from ``start`` (itself counted when a working day):
    the State Council's holidays and make-up days where the calendar knows the year,
    else weekends only, with a warning saying so."""
    import chinese_calendar  # the maintained holiday calendar; only for the notices

    day, counted, calendar, warning = start, 0, CALENDAR, None
    while True:
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            working = day.weekday() < 5
            calendar = "weekends"
            warning = Msg("docs.no_calendar", {"year": day.year})
        if working:
            counted += 1
            if counted == days:
                return day, calendar, warning
        day += dt.timedelta(days=1)


def listed(plan: Plan, record: AllocationFile) -> list[Listed]:
    """Everyone placed, in the plan's order of posts, then by the allocation's order."""
    posts = {ref.key: ref for ref in plan_posts(plan)}
    order = {ref.key: ref.index for ref in posts.values()}
    placed = sorted(record.assignments, key=lambda a: order.get((a.county, a.programme.value), len(order)))
    return [Listed(no, a.professional, Named(a.name or a.professional, a.name_zh), a.agency,
                   Named(a.agency_name or a.agency, a.agency_name_zh), posts[(a.county, a.programme.value)])
            for no, a in enumerate(placed, start=1)]


def publicity(plan: Plan, record: AllocationFile, start: dt.date, days: int = 5) -> Publicity:
    """The public list of those selected, open for ``days`` working days from ``start``."""
    end, calendar, warning = working_days(start, days)
    return Publicity(plan, listed(plan, record), start, end, days, calendar, plan.plan.contact, warning)


@dataclass(frozen=True)
class YearFunds:
    """One fiscal year's money for one person: months served in it, central and local."""

    year: int
    months: int
    central: Decimal
    local: Decimal


@dataclass
class Agreement:
    """One tripartite agreement: its number, the three parties, the post, the period, the funds."""

    number: str
    person: Listed
    start: dt.date
    end: dt.date
    months: int
    funds: list[YearFunds]
    central: Decimal  # the whole period
    local: Decimal

    @property
    def file_name(self) -> str:
        """The document's file name: the number and the person's id (no name: ids are safe)."""
        return f"{self.number}_{self.person.professional}.docx"


def agreements(plan: Plan, record: AllocationFile) -> list[Agreement]:
    """One agreement per placement, numbered in the public list's order."""
    start, end = plan.plan.service_start, service_end(plan)
    periods = {a.professional: (a.start or start, a.end or end) for a in record.assignments}
    out = []
    for person in listed(plan, record):
        first, last = periods[person.professional]
        lines = budget(plan, [Placement(person.post.county.code, person.post.programme.value, person.agency,
                                        first, last, person.professional)])
        served = dict(months_by_year(first, (last.year - first.year) * 12 + last.month - first.month + 1))
        funds = [YearFunds(int(str(line.key)), served.get(int(str(line.key)), 0), line.central, line.local)
                 for line in lines.by_year if line.central or line.local]
        out.append(Agreement(f"{plan.plan.id}-{person.no:03d}", person, first, last,
                             sum(served.values()), funds, lines.totals.central, lines.totals.local))
    return out
