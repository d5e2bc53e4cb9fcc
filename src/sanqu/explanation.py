"""Why one professional is where they are, or why nowhere: each option they had, and its bar."""

from __future__ import annotations

from dataclasses import dataclass

from .allocation import Allocation, AllocationError
from .eligibility import ineligible_reason, posts_by_county


@dataclass
class Explanation:
    professional: str
    headline: str
    placed: dict | None
    reason: str | None
    options: list[dict]

    def as_dict(self) -> dict:
        return {"professional": self.professional, "placed": self.placed, "reason": self.reason,
                "headline": self.headline, "options": self.options}


def explain(result: Allocation, professional_id: str) -> Explanation:
    """Explain the placement of ``professional_id``; AllocationError if there is no such person."""
    instance = result.instance
    person = next((p for p in instance.people if p.id == professional_id), None)
    if person is None:
        raise AllocationError(f"no professional with id {professional_id!r} in the agencies file")
    prof = person.professional
    rules = instance.plan.rules
    assignment = result.by_person.get(person.index)
    reason = None
    if assignment is not None:
        place = assignment.post.county
        rank = assignment.preference_rank
        choice = "no preferences given" if rank is None else f"choice {rank}"
        headline = (f"{prof.id} {prof.name_zh or prof.name} (score {person.score}, agency "
                    f"{person.agency.id}) is placed at {place.name_zh or place.name} {place.code}, "
                    f"{assignment.post.programme.value} ({choice}) by the {result.method} method")
        placed = {"county": place.code, "programme": assignment.post.programme.value,
                  "preference_rank": rank}
    else:
        reason = dict((p.id, r) for p, r in result.unassigned)[prof.id]
        headline = (f"{prof.id} {prof.name_zh or prof.name} (score {person.score}, agency "
                    f"{person.agency.id}) is not placed: {reason}")
        placed = None

    # The posts they named (or every post, if they named none), eligible or not.
    by_county = posts_by_county(instance.posts)
    if prof.preferences is None:
        considered = [(ref, None) for ref in instance.posts]
    else:
        considered = [(ref, rank) for rank, code in enumerate(prof.preferences, start=1)
                      for ref in by_county.get(code, ())]
    options = []
    for ref, rank in considered:
        lowest = result.lowest_score(ref.index)
        filled = result.filled[ref.index]
        why_not = ineligible_reason(prof, ref, rules)
        if assignment is not None and assignment.post.index == ref.index:
            verdict = "placed here"
        elif why_not:
            verdict = f"not eligible: {why_not}"
        elif ref.quota == 0:
            verdict = "no slots"
        elif filled < ref.quota:
            verdict = "has a free slot"
            if rules.min_team > 1:
                verdict += f"; team rule min_team {rules.min_team} bound"
            if rules.max_per_agency is not None:
                verdict += f"; agency limit {rules.max_per_agency} may bind"
        elif lowest is not None and person.score < lowest:
            verdict = f"full; their score {person.score} is below the lowest placed {lowest}"
        elif assignment is not None:
            verdict = "full; a better overall allocation placed them elsewhere"
        else:
            verdict = f"full; the {result.method} method gave the places to others"
        options.append({
            "rank": rank, "county": ref.county.code, "county_name": ref.county.name,
            "county_name_zh": ref.county.name_zh, "programme": ref.programme.value,
            "quota": ref.quota, "filled": filled,
            "lowest_score": lowest,
            "verdict": verdict,
        })
    return Explanation(prof.id, headline, placed, reason, options)
