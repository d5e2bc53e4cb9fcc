"""The input files as pydantic models: the field-by-field rules of the contract (each
field's type, and the rule one value must meet, are in ``values.py``).

Rules that compare records with each other (unique codes, code prefixes, preferences
naming real counties, stated figures) live in ``checks.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from ..i18n import Named
from .personal import Personal
from .values import (
    SLUG_PATTERN,
    Code4,
    Code6,
    CodeList,
    Count,
    Day,
    Id,
    Money,
    Name,
    ProgrammeTerm,
    QualificationTerm,
    Quota,
    Score,
    Text,
    Trainees,
    personal,
)


class Programme(str, Enum):
    county_service = "county_service"
    station_support = "station_support"


class Qualification(str, Enum):
    none = "none"
    assistant = "assistant"
    intermediate = "intermediate"
    senior = "senior"

    @property
    def level(self) -> int:
        """Rank of the qualification: none 0 < assistant < intermediate < senior 3."""
        return _LEVELS[self]


_LEVELS = {q: i for i, q in enumerate(Qualification)}


class _Strict(BaseModel):
    # Unknown keys are errors: a typo must never be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stated(_Strict):
    professionals: Count | None = None
    counties: Count | None = None
    prefectures: Count | None = None
    agencies_applied: Count | None = None
    professionals_applied: Count | None = None


class Contact(_Strict):
    """Who issues the plan's public notices and takes objections (the 公示's last lines)."""

    office: Text  # the issuing office, 发布单位
    phone: Text | None = None  # the office's phone (never a professional's)
    address: Text | None = None
    email: Text | None = None


class PlanInfo(_Strict):
    id: Annotated[str, Field(strict=True, pattern=SLUG_PATTERN)]
    title: Text | None = None
    title_zh: Text | None = None
    province: Text
    province_zh: Text | None = None
    year: Annotated[StrictInt, Field(ge=1900, le=2200)]
    agreement_deadline: Day | None = None
    service_start: Day
    service_months: Annotated[StrictInt, Field(ge=1, le=36)]
    stated: Stated | None = None
    contact: Contact | None = None

    def title_in(self, lang: str) -> str | None:
        """The plan's title in ``lang`` where it has one, else the English title (None if untitled)."""
        return Named(self.title, self.title_zh).pick(lang)  # type: ignore[arg-type]

    def heading(self, lang: str) -> str:
        """What heads a table or sheet about the plan: its title in ``lang``, else its id."""
        return self.title_in(lang) or self.id


class FundingItem(_Strict):
    """One line of what a part of the per-person-year money pays for: with an amount (a
    budget per item), or without (a purpose the part may pay for, as the notice lists)."""

    item: Text
    item_zh: Text | None = None
    amount: Money | None = None


class Funding(_Strict):
    central_per_person_year: Money
    local_per_person_year: Money
    training_per_person_day: Money
    training_days: Annotated[StrictInt, Field(ge=0, le=366)] = 0
    # Optional itemisation: every item of a part with an amount (adding up to the part, see
    # checks.py), or none with one (the part's purposes).
    central_items: list[FundingItem] | None = None
    local_items: list[FundingItem] | None = None


class Rules(_Strict):
    min_team: Annotated[StrictInt, Field(ge=1)] = 1
    max_per_agency: Annotated[StrictInt, Field(ge=1)] | None = None
    min_qualification: Annotated[Qualification, QualificationTerm] = Qualification.none

    @property
    def free(self) -> bool:
        """No rule across people binds (no team to make up, no agency cap): eligibility and
        quotas alone decide, so a matching finds the allocation."""
        return self.min_team <= 1 and self.max_per_agency is None


class Post(_Strict):
    programme: Annotated[Programme, ProgrammeTerm]
    quota: Quota
    trainees: Trainees = 0


class County(_Strict):
    code: Code6
    name: Text
    name_zh: Text | None = None
    posts: Annotated[list[Post], Field(min_length=1)]
    note: Text | None = None
    note_zh: Text | None = None


class Prefecture(_Strict):
    code: Code4
    name: Text
    name_zh: Text | None = None
    counties: Annotated[list[County], Field(min_length=1)]
    note: Text | None = None
    note_zh: Text | None = None


class Plan(_Strict):
    """The plan file: what is offered where, at what cost, under which rules."""

    plan: PlanInfo
    funding: Funding
    rules: Rules = Rules()
    prefectures: Annotated[list[Prefecture], Field(min_length=1)]

    def counties(self):
        """Every county with its prefecture, in file order."""
        for prefecture in self.prefectures:
            for county in prefecture.counties:
                yield prefecture, county

    def posts(self):
        """Every post as (prefecture, county, post), in file order."""
        for prefecture, county in self.counties():
            for post in county.posts:
                yield prefecture, county, post


class Professional(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    id: Id
    name: Name
    name_zh: Name | None = None
    qualification: Annotated[Qualification, QualificationTerm]
    experience_years: Annotated[StrictInt, Field(ge=0, le=80)] | None = None
    gender: Name | None = None  # optional: kept as given, used by no rule
    score: Score
    preferences: Annotated[list[Code6], CodeList] | None = None
    programmes: Annotated[list[Annotated[Programme, ProgrammeTerm]], Field(min_length=1)] | None = None
    # Optional personal data (from the agencies' spreadsheets): kept masked, see personal.py.
    id_card: Annotated[Personal | None, personal("id_card")] = None
    phone: Annotated[Personal | None, personal("phone")] = None


class Agency(_Strict):
    id: Id
    name: Name
    name_zh: Name | None = None
    prefecture: Code4 | None = None
    professionals: list[Professional] = []


class Applicants(_Strict):
    """The agencies file: who applied, from which agency."""

    agencies: list[Agency]

    def professionals(self):
        """Every professional with their agency, in file order."""
        for agency in self.agencies:
            for professional in agency.professionals:
                yield agency, professional


class _Open(BaseModel):
    # The allocation file is sanqu's own output: extra keys are expected and ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)


class PlacedRecord(_Open):
    professional: Id
    agency: Id
    county: Code6
    programme: Annotated[Programme, ProgrammeTerm]
    start: Day | None = None  # absent: the plan's service period
    end: Day | None = None    # the last day served
    agency_name: Name | None = None  # for the budget's lines by agency
    agency_name_zh: Name | None = None
    name: Name | None = None  # the person's, for the documents (公示, 三方协议)
    name_zh: Name | None = None


class ChangeRecord(_Open):
    """A change as ``--keep`` wrote it: who, what kind, and why (read for the request)."""

    professional: Id
    kind: str
    reason: str | None = None
    before: dict | None = Field(None, alias="from")  # {"county", "programme"}
    after: dict | None = Field(None, alias="to")
    effective: dt.date | None = None


class AllocationFile(_Open):
    """What ``sanqu allocate --format json`` wrote, as ``sanqu budget --allocation`` reads it.

    ``withdrawn`` (written by ``--keep``) holds those who left, with the months they
    served, so that the budget still pays for those months.
    """

    plan: Text
    method: str | None = None
    assignments: list[PlacedRecord]
    withdrawn: list[PlacedRecord] = []
    changes: list[ChangeRecord] = []

    def placements(self) -> list[Placement]:
        """Everyone this allocation pays for: the placed, and those who left, for their months."""
        return [Placement(r.county, r.programme.value, r.agency, r.start, r.end, r.professional)
                for r in [*self.assignments, *self.withdrawn]]


@dataclass(frozen=True)
class Placement:
    """One person paid for at a post: the post, the sending agency, and the days served
    (``start`` to ``end``, the last day served; None: the plan's service period)."""

    county: str
    programme: str
    agency: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    professional: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The post, as ``PostRef.key``: (county code, programme)."""
        return self.county, self.programme


def post_label(key: tuple[str, str] | None) -> dict | None:
    """A post as the contract's ``{"county", "programme"}``."""
    return None if key is None else {"county": key[0], "programme": key[1]}
