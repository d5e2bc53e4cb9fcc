"""Why one professional is where they are, or why nowhere: each option they had, and its bar."""

from __future__ import annotations

from dataclasses import dataclass

from .allocation import Allocation, AllocationError, format_score
from .i18n import Msg, Named
from .eligibility import ineligible_reason, posts_by_county


@dataclass
class Explanation:
    """One person's placement: a headline, and each option with its verdict."""

    professional: str
    headline: Msg
    placed: dict | None
    reason: Msg | None
    options: list[dict]  # each with "verdict": a tuple of Msg parts

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "professional": self.professional,
            "placed": self.placed,
            "reason": None if self.reason is None else self.reason.render(lang),
            "headline": self.headline.render(lang),
            "options": [{**o, "verdict": "".join(m.render(lang) for m in o["verdict"])}
                        for o in self.options],
        }


def explain(result: Allocation, professional_id: str) -> Explanation:
    """Explain the placement of ``professional_id``; AllocationError if there is no such person."""
    instance = result.instance
    person = next((p for p in instance.people if p.id == professional_id), None)
    if person is None:
        raise AllocationError(f"no professional with id {professional_id!r} in the agencies file")
    prof = person.professional
    rules = instance.plan.rules
    assignment = result.by_person.get(person.index)
    who = {"id": prof.id, "name": Named(prof.name, prof.name_zh), "score": person.score,
           "agency": person.agency.id}
    reason = None
    if assignment is not None:
        place = assignment.post.county
        rank = assignment.preference_rank
        choice = Msg("explain.no_preferences") if rank is None else Msg("explain.choice", {"rank": rank})
        headline = Msg("explain.placed", {
            **who, "place": Named(place.name, place.name_zh), "code": place.code,
            "programme": Msg(f"programme.{assignment.post.programme.value}"), "choice": choice,
            "method": Msg(f"method.{result.method}")})
        placed = {"county": place.code, "programme": assignment.post.programme.value,
                  "preference_rank": rank}
    else:
        reason = dict((p.id, r) for p, r in result.unassigned)[prof.id]
        headline = Msg("explain.not_placed", {**who, "reason": reason})
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
            verdict = (Msg("verdict.placed"),)
        elif why_not:
            verdict = (Msg("verdict.not_eligible", {"why": why_not}),)
        elif ref.quota == 0:
            verdict = (Msg("verdict.no_slots"),)
        elif filled < ref.quota:
            verdict = (Msg("verdict.free_slot"),)
            if rules.min_team > 1:
                verdict += (Msg("verdict.team", {"n": rules.min_team}),)
            if rules.max_per_agency is not None:
                verdict += (Msg("verdict.cap", {"n": rules.max_per_agency}),)
        elif lowest is not None and person.score < lowest:
            verdict = (Msg("verdict.below", {"score": format_score(person.score),
                                              "lowest": format_score(lowest)}),)
        elif assignment is not None:
            verdict = (Msg("verdict.elsewhere"),)
        else:
            verdict = (Msg("verdict.others", {"method": Msg(f"method.{result.method}")}),)
        options.append({
            "rank": rank, "county": ref.county.code, "county_name": ref.county.name,
            "county_name_zh": ref.county.name_zh, "programme": ref.programme.value,
            "quota": ref.quota, "filled": filled,
            "lowest_score": lowest,
            "verdict": verdict,
        })
    return Explanation(prof.id, headline, placed, reason, options)
