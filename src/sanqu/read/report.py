"""``sanqu validate`` as a function: every problem in both files, and a summary of the plan."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Named
from ..plan.models import County, Prefecture
from ..problems import Problem
from .checks import stated_figures
from .inputs import Inputs

STATED_ORDER = ("professionals", "counties", "prefectures", "agencies_applied",
                "professionals_applied")


@dataclass
class ValidationReport:
    """What validate found: the problems, and (when the files load) the plan's figures."""

    inputs: Inputs

    @property
    def problems(self) -> list[Problem]:
        return self.inputs.problems

    @property
    def ok(self) -> bool:
        return not self.inputs.errors

    def to_dict(self, lang: str = "en") -> dict:
        """``sanqu validate --format json``."""
        errors = sum(1 for p in self.problems if p.severity == "error")
        return {
            "ok": self.ok,
            "files": {"counties": str(self.inputs.plan_path),
                      "agencies": str(self.inputs.agencies_path)},
            "errors": errors,
            "warnings": len(self.problems) - errors,
            "problems": [p.as_dict(lang) for p in self.problems],
            "summary": self.summary(),
            "inputs": [f.to_dict() for f in self.inputs.files],
        }

    def stated(self) -> list[StatedFigure]:
        """Each stated figure beside the data's (``actual`` None when the data cannot tell)."""
        plan = self.inputs.plan
        if plan is None or plan.plan.stated is None:
            return []
        actual = stated_figures(plan, self.inputs.applicants)
        return [StatedFigure(name, getattr(plan.plan.stated, name), actual.get(name))
                for name in STATED_ORDER if getattr(plan.plan.stated, name) is not None]

    def notes(self) -> list[Note]:
        """Every note of the plan, prefecture by prefecture, in file order."""
        plan = self.inputs.plan
        out: list[Note] = []
        for prefecture in plan.prefectures if plan is not None else ():
            places: list[Prefecture | County] = [prefecture, *prefecture.counties]
            for place in places:
                if place.note:
                    out.append(Note(place.code, Named(place.name, place.name_zh), Named(place.note, place.note_zh)))
        return out

    def programmes(self) -> dict[str, tuple[int, int]]:
        """Programme -> (posts, slots), in the plan's order."""
        out: dict[str, tuple[int, int]] = {}
        for _, _, post in self.inputs.plan.posts() if self.inputs.plan is not None else ():
            posts, slots = out.get(post.programme.value, (0, 0))
            out[post.programme.value] = (posts + 1, slots + post.quota)
        return out

    def summary(self) -> dict | None:
        """The plan's figures, funding, stated reconciliation and notes; None if unreadable."""
        plan, applicants = self.inputs.plan, self.inputs.applicants
        if plan is None:
            return None
        posts = list(plan.posts())
        funding = plan.funding
        return {
            "plan": plan.plan.id,
            "title": plan.plan.title,
            "title_zh": plan.plan.title_zh,
            "province": plan.plan.province,
            "province_zh": plan.plan.province_zh,
            "year": plan.plan.year,
            "service_start": plan.plan.service_start.isoformat(),
            "agreement_deadline": (plan.plan.agreement_deadline.isoformat()
                                   if plan.plan.agreement_deadline else None),
            "service_months": plan.plan.service_months,
            "prefectures": len(plan.prefectures),
            "counties": self.county_count(),
            "posts": len(posts),
            "programmes": {name: {"posts": n, "slots": slots} for name, (n, slots) in self.programmes().items()},
            "slots": sum(post.quota for _, _, post in posts),
            "trainees": sum(post.trainees for _, _, post in posts),
            "agencies": len(applicants.agencies) if applicants else None,
            "applicants": self.applicant_count(),
            "funding": {
                "central_per_person_year": f"{funding.central_per_person_year:.2f}",
                "local_per_person_year": f"{funding.local_per_person_year:.2f}",
                "dispatch_per_person_year":
                    f"{funding.central_per_person_year + funding.local_per_person_year:.2f}",
                "training_per_person_day": f"{funding.training_per_person_day:.2f}",
                "training_days": funding.training_days,
            },
            "rules": {
                "min_team": plan.rules.min_team,
                "max_per_agency": plan.rules.max_per_agency,
                "min_qualification": plan.rules.min_qualification.value,
            },
            "stated": [{"figure": s.figure, "stated": s.stated, "actual": s.actual, "ok": s.ok}
                       for s in self.stated()],
            "notes": [{"place": n.place, "name": n.name.en, "name_zh": n.name.zh, "note": n.note.en,
                       "note_zh": n.note.zh} for n in self.notes()],
        }

    def county_count(self) -> int:
        """Distinct counties (a county with a post of each programme counts once)."""
        return len({c.code for _, c in self.inputs.plan.counties()}) if self.inputs.plan is not None else 0

    def applicant_count(self) -> int | None:
        """How many applied (None without the applicants)."""
        applicants = self.inputs.applicants
        return None if applicants is None else sum(1 for _ in applicants.professionals())


@dataclass(frozen=True)
class StatedFigure:
    """A headline figure as published, and what the data says (None: cannot tell)."""

    figure: str
    stated: int
    actual: int | None

    @property
    def ok(self) -> bool:
        return self.actual == self.stated


@dataclass(frozen=True)
class Note:
    """A note on a prefecture or county: its code, name and text in each language."""

    place: str
    name: Named
    note: Named
