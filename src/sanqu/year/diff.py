"""``sanqu diff OLD NEW``: what changed between two allocations (or two plans), and what it costs.

A non-empty diff is a change that needs the province's approval (notice §3); the
renderers lay it out as the adjustment request (调整申请).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..money.budget import MONEY_KEYS, Budget, Line, budget
from ..money.fen import as_json
from ..plan.models import AllocationFile, PlacedRecord, Plan, PlanInfo, post_label
from ..read.inputs import placements_of
from .keeping import Change


@dataclass
class PostChange:
    county: str
    programme: str
    field: str
    before: object
    after: object


@dataclass
class Diff:
    plan_id: str
    info: PlanInfo  # the plan's id, titles and dates
    changes: list[Change] | None  # allocation diffs
    posts: list[PostChange] | None  # plan diffs
    before: Budget
    after: Budget
    plan: Plan | None = None  # the plan (the new one for plan diffs): county names for the request
    people: dict[str, PlacedRecord] = field(default_factory=dict)  # each changed person, as placed
    reasons: dict[str, str] = field(default_factory=dict)  # why, where --keep said
    filled: tuple[int, int] = (0, 0)  # posts filled (slots for plan diffs), before and after
    old_plan: Plan | None = None  # plan diffs: the plan before, to compare year with year

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu diff --format json``: the contract's shape."""

        data: dict = {"plan": self.plan_id}
        if self.changes is not None:
            data["changes"] = [{"professional": c.professional, "kind": c.kind,
                                "from": post_label(c.before), "to": post_label(c.after),
                                "effective": c.effective.isoformat()} for c in self.changes]
        else:
            data["posts"] = [{"county": p.county, "programme": p.programme, "field": p.field,
                              "before": p.before, "after": p.after} for p in self.posts or []]
        data["budget"] = {
            "before": totals(self.before.totals), "after": totals(self.after.totals),
            "delta": totals(delta(self.before.totals, self.after.totals)),
            "by_year": [{"year": year, "before": totals(a), "after": totals(b), "delta": totals(d)}
                        for year, a, b, d in by_year(self)],
        }
        return data


def diff_allocations(plan: Plan, old: AllocationFile, new: AllocationFile) -> Diff:
    """Who left, who came, who moved, and the budget before and after, by person-months."""
    first = plan.plan.service_start
    olds = {a.professional: a for a in old.assignments}
    news = {a.professional: a for a in new.assignments}
    left = {a.professional: a for a in new.withdrawn}
    changes = []
    for ident in sorted(olds.keys() | news.keys()):
        a, b = olds.get(ident), news.get(ident)
        if a is not None and b is None:
            end = left[ident].end if ident in left else None
            when = _day_after(end) if end is not None else first
            changes.append(Change(ident, "withdrawn", _key(a), None, when))
        elif a is None and b is not None:
            changes.append(Change(ident, "placed", None, _key(b), b.start or first))
        elif a is not None and b is not None and _key(a) != _key(b):
            changes.append(Change(ident, "moved", _key(a), _key(b), b.start or first))
    people: dict[str, PlacedRecord] = {a.professional: a for a in old.assignments}
    for w in new.withdrawn:  # the names from where they were placed, the days from when they left
        known = people.get(w.professional)
        people[w.professional] = known.model_copy(update={"start": w.start, "end": w.end}) if known else w
    people.update({a.professional: a for a in new.assignments})
    reasons = {c.professional: c.reason for c in new.changes if c.reason}
    return Diff(plan.plan.id, plan.plan, changes, None,
                budget(plan, placements_of(old)), budget(plan, placements_of(new)), plan,
                {c.professional: people[c.professional] for c in changes}, reasons,
                (len(old.assignments), len(new.assignments)))


def diff_plans(old: Plan, new: Plan) -> Diff:
    """Posts added or removed, quotas and trainees changed, funding changed; budgets by quota."""
    posts: list[PostChange] = []
    before = {(c.code, p.programme.value): p for _, c, p in old.posts()}
    after = {(c.code, p.programme.value): p for _, c, p in new.posts()}
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            posts.append(PostChange(*key, "post", None if a is None else a.quota,
                                    None if b is None else b.quota))
            continue
        for name in ("quota", "trainees"):
            if getattr(a, name) != getattr(b, name):
                posts.append(PostChange(*key, name, getattr(a, name), getattr(b, name)))
    for name in ("central_per_person_year", "local_per_person_year", "training_per_person_day",
                 "training_days"):
        x, y = getattr(old.funding, name), getattr(new.funding, name)
        if x != y:
            posts.append(PostChange("", "", f"funding.{name}", str(x), str(y)))
    for name in ("service_start", "service_months"):
        x, y = getattr(old.plan, name), getattr(new.plan, name)
        if x != y:
            posts.append(PostChange("", "", f"plan.{name}", str(x), str(y)))
    return Diff(new.plan.id, new.plan, None, posts, budget(old), budget(new), new,
                filled=(sum(p.quota for _, _, p in old.posts()), sum(p.quota for _, _, p in new.posts())),
                old_plan=old)


def _key(record) -> tuple[str, str]:
    return (record.county, record.programme.value)


def _day_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def totals(line: Line) -> dict:
    """A budget line as the contract's totals: professionals and money as strings."""
    return {"professionals": line.professionals,
            **{key: as_json(getattr(line, key)) for key in MONEY_KEYS}}


def delta(before: Line, after: Line) -> Line:
    """after - before, line by line (exact: both are already rounded to the fen)."""
    out = Line("delta", professionals=after.professionals - before.professionals)
    for part in ("central", "local", "training"):
        setattr(out, part, getattr(after, part) - getattr(before, part))
    return out


def by_service_year(diff: Diff) -> list[tuple[str, Line, Line, Line]]:
    """(label, before, after, delta) per fiscal year: the same calendar year for two
    allocations of one plan; for two plans, the first fiscal year of each beside the
    other's first, and so on (2022 -> 2023), so that like is compared with like."""
    if diff.old_plan is None:
        return [(str(year), a, b, d) for year, a, b, d in by_year(diff)]
    out = []
    olds, news = diff.before.by_year, diff.after.by_year
    for k in range(max(len(olds), len(news))):
        a = olds[k] if k < len(olds) else Line("")
        b = news[k] if k < len(news) else Line("")
        out.append((f"{a.key or '-'} → {b.key or '-'}", a, b, delta(a, b)))
    return out


def by_year(diff: Diff) -> list[tuple[int, Line, Line, Line]]:
    """(year, before, after, delta) for every year either budget has."""
    empty: dict[int, Line] = {int(str(line.key)): line for line in diff.before.by_year}
    later: dict[int, Line] = {int(str(line.key)): line for line in diff.after.by_year}
    out = []
    for year in sorted(empty.keys() | later.keys()):
        a = empty.get(year, Line(year))
        b = later.get(year, Line(year))
        out.append((year, a, b, delta(a, b)))
    return out

