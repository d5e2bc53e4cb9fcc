"""The problem as every method sees it: posts, people, and who may fill which post.

The eligibility rule lives here, once: ``ineligible_reason`` says why not, and
``eligible_posts`` lists the posts a person may fill, most wanted first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..i18n import Msg, Named
from .models import (
    Agency,
    Applicants,
    County,
    Plan,
    Post,
    Prefecture,
    Professional,
    Programme,
    Rules,
)


@dataclass(frozen=True)
class PostRef:
    """A post with its place, numbered in plan order."""

    index: int
    prefecture: Prefecture
    county: County
    post: Post
    quota: int
    programme: Programme
    place: Named  # the county's name in each language, for messages

    @property
    def key(self) -> tuple[str, str]:
        return self.county.code, self.programme.value


def plan_posts(plan: Plan) -> list[PostRef]:
    """Every post of the plan, in file order."""
    return [PostRef(i, pre, county, post, post.quota, post.programme,
                    Named(county.name, county.name_zh))
            for i, (pre, county, post) in enumerate(plan.posts())]


def ineligible_reason(professional: Professional, ref: PostRef, rules: Rules) -> Msg | None:
    """Why this professional may not fill this post, or None when they may."""
    required = rules.min_qualification
    if professional.qualification.level < required.level:
        return Msg("ineligible.qualification", {"have": professional.qualification.value,
                                                "need": required.value})
    if professional.preferences is not None and ref.county.code not in professional.preferences:
        return Msg("ineligible.preferences")
    if professional.programmes is not None and ref.programme not in professional.programmes:
        return Msg("ineligible.programme", {"programme": Msg(f"programme.{ref.programme.value}")})
    return None


def eligible_posts(professional: Professional, posts: list[PostRef], by_county: dict[str, list[PostRef]],
                   rules: Rules) -> list[tuple[PostRef, int | None]]:
    """The posts this professional may fill, most wanted first, each with its preference rank.

    Rank is the county's place in their preferences (1 = first choice) and None for
    someone who gave no preferences; they accept every county, in plan order. Posts
    with no slots are left out.
    """
    if professional.qualification.level < rules.min_qualification.level:
        return []
    programmes = professional.programmes
    preferences = professional.preferences
    if preferences is None:
        return [(ref, None) for ref in posts
                if ref.quota and (programmes is None or ref.programme in programmes)]
    out: list[tuple[PostRef, int | None]] = []
    for rank, code in enumerate(preferences, start=1):
        for ref in by_county.get(code, ()):
            if ref.quota and (programmes is None or ref.programme in programmes):
                out.append((ref, rank))
    return out


def posts_by_county(posts: list[PostRef]) -> dict[str, list[PostRef]]:
    """County code -> its posts, in plan order."""
    out: dict[str, list[PostRef]] = {}
    for ref in posts:
        out.setdefault(ref.county.code, []).append(ref)
    return out


@dataclass
class Person:
    index: int
    agency: Agency
    professional: Professional
    edges: list[tuple[PostRef, int | None]]  # eligible posts, most wanted first
    # The professional's id and score, read hundreds of thousands of times by the methods
    # and the explanations: kept here as plain attributes.
    id: str = field(init=False)
    score: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.id = self.professional.id
        self.score = self.professional.score


@dataclass
class Instance:
    """What every method works on: plan-ordered posts and file-ordered people."""

    plan: Plan
    posts: list[PostRef]
    people: list[Person]
    candidates: list[list[Person]]  # per post: who may fill it, in file order
    applicants: Applicants | None = None  # what it was built from
    units: list[int] | None = None  # scores as integers (assignment.score_units), once computed

    @classmethod
    def build(cls, plan: Plan, applicants: Applicants) -> Instance:
        posts = plan_posts(plan)
        by_county = posts_by_county(posts)
        people = [Person(i, agency, prof, eligible_posts(prof, posts, by_county, plan.rules))
                  for i, (agency, prof) in enumerate(applicants.professionals())]
        return cls(plan, posts, people, candidates_of(posts, people), applicants)


def candidates_of(posts: list[PostRef], people: list[Person]) -> list[list[Person]]:
    """Per post, who may fill it, in file order."""
    candidates: list[list[Person]] = [[] for _ in posts]
    for person in people:
        for ref, _ in person.edges:
            candidates[ref.index].append(person)
    return candidates
