"""``sanqu validate`` as a function: every problem in both files, and a summary of the plan."""

from __future__ import annotations

from dataclasses import dataclass

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
        }

    def summary(self) -> dict | None:
        """The plan's figures, funding, stated reconciliation and notes; None if unreadable."""
        plan, applicants = self.inputs.plan, self.inputs.applicants
        if plan is None:
            return None
        posts = list(plan.posts())
        by_programme: dict[str, dict[str, int]] = {}
        for _, _, post in posts:
            entry = by_programme.setdefault(post.programme.value, {"posts": 0, "slots": 0})
            entry["posts"] += 1
            entry["slots"] += post.quota
        actual = stated_figures(plan, applicants)
        stated = plan.plan.stated
        reconciled = []
        for name in STATED_ORDER:
            claimed = getattr(stated, name) if stated else None
            if claimed is None:
                continue
            value = actual.get(name)
            reconciled.append({"figure": name, "stated": claimed, "actual": value,
                               "ok": value == claimed})
        notes = []
        for prefecture in plan.prefectures:
            if prefecture.note:
                notes.append({"place": prefecture.code, "name": prefecture.name,
                              "name_zh": prefecture.name_zh, "note": prefecture.note,
                              "note_zh": prefecture.note_zh})
            for county in prefecture.counties:
                if county.note:
                    notes.append({"place": county.code, "name": county.name,
                                  "name_zh": county.name_zh, "note": county.note,
                                  "note_zh": county.note_zh})
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
            "counties": len({c.code for _, c in plan.counties()}),
            "posts": len(posts),
            "programmes": by_programme,
            "slots": sum(post.quota for _, _, post in posts),
            "trainees": sum(post.trainees for _, _, post in posts),
            "agencies": len(applicants.agencies) if applicants else None,
            "applicants": actual.get("professionals_applied"),
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
            "stated": reconciled,
            "notes": notes,
        }
