"""Why someone was not placed, and why a post has empty slots: sentences a person understands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import Msg
from .scores import format_score

if TYPE_CHECKING:  # the result type only: allocation.py imports this module
    from .allocation import Allocation
    from .solve.instance import Person, PostRef


def unassigned_reason(result: Allocation, person: Person) -> Msg:
    """Why this applicant was not placed, as a sentence a person understands."""
    rules = result.instance.plan.rules
    if not person.edges:
        prof = person.professional
        if prof.qualification.level < rules.min_qualification.level:
            return Msg("reason.qualification", {"have": prof.qualification.value,
                                                "need": rules.min_qualification.value})
        if prof.preferences == []:
            return Msg("reason.empty_preferences")
        return Msg("reason.no_match")
    below = []
    for ref, _ in person.edges:
        placed = result.placed_at(ref.index)
        if len(placed) < ref.quota:
            # A free slot they could fill: only a rule or the method's trade-offs kept them out.
            if rules.min_team > 1:
                return Msg("reason.team_left_open", {"place": ref.place, "n": rules.min_team})
            if rules.max_per_agency is not None:
                return Msg("reason.agency_cap", {"agency": person.agency.id,
                                                 "n": rules.max_per_agency})
            return Msg("reason.free_slot", {"place": ref.place})
        below.append((ref, len(placed), placed[-1].person.score))
    ref, count, lowest = below[0]
    params = {"count": count, "place": ref.place, "score": format_score(lowest)}
    if person.score < lowest or (person.score == lowest and result.method == "stable"):
        head = Msg("reason.ranked_below", params)
    else:
        head = Msg("reason.better_fill", params)
    if rules.max_per_agency is not None:
        if result.sent.get(person.agency.id, 0) >= rules.max_per_agency:
            return Msg("reason.agency_cap_and", {"agency": person.agency.id,
                                                 "n": rules.max_per_agency, "head": head})
    return head if len(below) == 1 else Msg("reason.all_full", {"head": head})


def shortfall_cause(result: Allocation, ref: PostRef) -> Msg:
    """Why a post has empty slots."""
    eligible = result.instance.candidates[ref.index]
    if not eligible:
        return Msg("short.nobody")
    free = [p for p in eligible if p.index not in result.by_person]
    if not free:
        elsewhere = len(eligible) - result.filled[ref.index]
        if elsewhere:
            return Msg("short.only_elsewhere", {"n": len(eligible), "k": elsewhere})
        return Msg("short.only", {"n": len(eligible)})
    rules = result.instance.plan.rules
    if rules.min_team > 1:
        return Msg("short.team", {"n": rules.min_team})
    if rules.max_per_agency is not None:
        return Msg("short.cap", {"n": rules.max_per_agency})
    return Msg("short.method", {"n": len(free), "method": Msg(f"method.{result.method}")})
