"""Why one professional is where they are, or why nowhere: each option they had, and its bar."""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from ..i18n import Msg, Named
from ..plan.posts import (
    Person,
    PostRef,
    ineligible_reason,
    posts_by_county,
)
from ..plan.values import format_score, score_number
from .allocation import Allocation, solver
from .solve.envy import priority
from .solve.order import levels
from .solve.solution import AllocationError


@dataclass
class Explanation:
    """One person's placement: a headline, and each option with its verdict."""

    professional: str
    headline: Msg
    placed: dict | None
    reason: Msg | None
    options: list[dict]  # each with "verdict": a tuple of Msg parts

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu allocate --explain ID --format json``."""
        return {
            "professional": self.professional,
            "placed": self.placed,
            "reason": None if self.reason is None else self.reason.render(lang),
            "headline": self.headline.render(lang),
            "options": [{**o, "verdict": "".join(m.render(lang) for m in o["verdict"]),
                         "lowest_score": None if o["lowest_score"] is None
                         else score_number(o["lowest_score"])} for o in self.options],
        }

def find_person(people: list[Person], wanted: str) -> Person:
    """The professional an analyst means: by id (any case, full-width folded) or by name.

    A name two people share is an error that lists them all, with their ids.
    """
    key = unicodedata.normalize("NFKC", wanted).strip().casefold()
    by_id = [p for p in people if p.id.casefold() == key]
    if by_id:
        return by_id[0]
    named = [p for p in people if key in (p.professional.name.casefold(),
                                          (p.professional.name_zh or "").casefold())]
    if len(named) == 1:
        return named[0]
    if named:
        raise AllocationError(Msg("explain.ambiguous", {"name": wanted, "who": ", ".join(
            f"{p.id} ({p.agency.id})" for p in named)}))
    raise AllocationError(Msg("explain.unknown", {"id": wanted}))


def explain(result: Allocation, professional_id: str, deadline: float | None = None) -> Explanation:
    """Explain the placement of a professional (an id, any case, or a name); AllocationError
    if there is no such person or the name is shared. ``deadline`` (``time.monotonic()``):
    the what-if solves stop there, and say what they could not find out."""
    instance = result.instance
    person = find_person(instance.people, professional_id)
    prof = person.professional
    rules = instance.plan.rules
    assignment = result.by_person.get(person.index)
    who = {"id": prof.id, "name": Named(prof.name, prof.name_zh), "score": person.score,
           "agency": Named(f"{person.agency.id} {person.agency.name}",
                           f"{person.agency.id} {person.agency.name_zh}" if person.agency.name_zh else None)}
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
    considered: list[tuple[PostRef, int | None]]
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
            verdict: tuple[Msg, ...] = (Msg("verdict.placed"),)
        elif why_not:
            verdict = (Msg("verdict.not_eligible", {"why": why_not}),)
        elif ref.quota == 0:
            verdict = (Msg("verdict.no_slots"),)
        elif assignment is not None and not _ranked_above(rank, assignment.preference_rank):
            verdict = (Msg("verdict.not_above"),)
        else:
            verdict = _why_not_here(result, person, ref, deadline)
        options.append({
            "rank": rank, "county": ref.county.code, "county_name": ref.county.name,
            "county_name_zh": ref.county.name_zh, "programme": ref.programme.value,
            "quota": ref.quota, "filled": filled,
            "lowest_score": lowest,
            "verdict": verdict,
        })
    return Explanation(prof.id, headline, placed, reason, options)


def _ranked_above(rank: int | None, placed_rank: int | None) -> bool:
    return rank is not None and placed_rank is not None and rank < placed_rank


def _why_not_here(result: Allocation, person: Person, ref: PostRef,
                  deadline: float | None = None) -> tuple[Msg, ...]:
    """Why a county this person ranked higher (or any, if unplaced) did not take them.

    Held by people of higher priority: that is the whole reason. A free slot or a holder
    of lower priority is a blocking pair; for the optimising methods the post's verdict
    is then what placing them here would have cost, found by solving again with that
    placement forced; the stable method is no optimisation, so it just says so.
    """
    holders = result.placed_at(ref.index)
    me = priority(person.score, person.id)
    lower = [a.person for a in holders if priority(a.person.score, a.person.id) > me]
    if len(holders) >= ref.quota and not lower:
        return (Msg("verdict.higher", {"n": len(holders), "lowest": format_score(
            holders[-1].person.score), "score": format_score(person.score)}),)
    head = (Msg("verdict.free_slot"),) if len(holders) < ref.quota else (
        Msg("verdict.lower", {"who": ", ".join(f"{p.id} ({format_score(p.score)})" for p in lower)}),)
    if result.method == "stable":
        return head + (Msg("verdict.stable_rule"),)
    if not result.proven_optimal:  # the allocation itself ran out of time: so would the what-if
        return head + (Msg("verdict.not_searched"),)
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left < 0.05:
        return head + (Msg("verdict.out_of_time"),)
    instance = result.instance
    other = solver("fair").what_if(instance, result.method, (person.index, ref.index), left)
    if other is not None and not other.proven_optimal:
        return head + (Msg("verdict.out_of_time"),)
    if other is None:
        return head + (Msg("verdict.rule_breaks", {"rules": _rules_text(instance)}),)
    now = levels(result.method, instance, {a.person.index: a.post.index for a in result.assignments})
    then = levels(result.method, instance, other.placed)
    if then[0] < now[0]:
        because = Msg("verdict.slots_lost", {"n": now[0] - then[0]})
    elif len(then) == 4 and then[1] < now[1]:
        because = Msg("verdict.more_envy", {"then": -then[1], "now": -now[1]})
    elif then[-2] < now[-2]:
        because = Msg("verdict.lower_score", {"delta": format_score(now[-2] - then[-2])})
    else:
        because = Msg("verdict.worse_ranks")
    if not result.proven_optimal:
        because = Msg("verdict.unproven", {"head": because})
    return head + (because,)


def _rules_text(instance) -> str:
    rules = instance.plan.rules
    parts = []
    if rules.min_team > 1:
        parts.append(f"min_team {rules.min_team}")
    if rules.max_per_agency is not None:
        parts.append(f"max_per_agency {rules.max_per_agency}")
    return ", ".join(parts) or "-"
