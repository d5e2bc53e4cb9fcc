"""From files to checked models: default paths, validation, and every problem with its place."""

from __future__ import annotations

import difflib
import typing
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from . import checks
from .fiscal import service_end
from .i18n import Msg
from .models import PATTERN_MESSAGES, AllocationFile, Applicants, Plan
from .problems import Problem, ProblemError, make_problem
from .solve.instance import Instance, plan_posts
from .sources import resolve
from .tabledoc import MergedDocument
from .tables import TABLES, read_table
from .yamlfile import Document, MisreadNumber, load_yaml

M = TypeVar("M", bound=BaseModel)


PER_KIND = 100  # problems of one kind reported one by one; the rest are counted

def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that the mapping at ``loc`` (below ``model``) should match, if any."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue  # a list item: the list's element type was taken at its field
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
        # Unwrap Optional[...], list[...] and Annotated[...] down to a model.
        while typing.get_origin(current) is not None:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unknown_key_hint(model: type[BaseModel], loc: tuple) -> object:
    """'did you mean ...?' from the keys allowed at that place, or a hint at the wrong file."""
    name = str(loc[-1])
    here = _model_at(model, loc[:-1])
    if here is not None:
        close = difflib.get_close_matches(name, list(here.model_fields), n=1)
        if close:
            return Msg("problem.unknown_key_hint", {"suggestion": close[0]})
    if len(loc) == 1:
        others: dict[type[BaseModel], type[BaseModel]] = {Plan: Applicants, Applicants: Plan}
        other = others.get(model)
        if other is not None and name in other.model_fields:
            return Msg("problem.wrong_file", {"expected": Msg(f"file.{model.__name__}"),
                                              "found": Msg(f"file.{other.__name__}")})
    return ""


def _problems_from(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """pydantic's errors as Problems at their places, in words an analyst reads.

    At most PER_KIND of each kind are placed and worded; the rest are counted in one
    closing line, so a file of a million broken items is reported in a moment.
    """
    problems = []
    seen: Counter = Counter()
    for err in error.errors(include_url=False):
        kind = err["type"]
        seen[kind] += 1
        if seen[kind] > PER_KIND:
            continue
        loc = tuple(err["loc"])
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "missing":
            # A missing key has no place of its own: point at the mapping that lacks it,
            # at its key where it has one ("plan:"), else at its first line.
            problems.append(doc.problem(loc[:-1], "missing-key",
                                        Msg("problem.missing_key", {"key": loc[-1]}), key=True))
            continue
        if kind == "extra_forbidden":
            hint = _unknown_key_hint(model, loc)
            problems.append(doc.problem(loc, "unknown-key",
                                        Msg("problem.unknown_key", {"key": loc[-1], "hint": hint}),
                                        key=True))
            continue
        english = err["msg"].removeprefix("Value error, ")
        params = {**{k: v for k, v in ctx.items() if k != "error"}, "english": english}
        if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
            msg = Msg(PATTERN_MESSAGES[ctx["pattern"]], {"input": value})
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            msg = Msg("pyd.mapping")
        elif kind in ("string_type", "decimal_type", "int_type", "decimal_parsing", "int_parsing"):
            params["hint"] = Msg("pyd.bool_hint") if isinstance(value, bool) else (
                Msg("pyd.misread_hint", {"text": value}) if isinstance(value, MisreadNumber) else "")
            msg = Msg(f"pyd.{kind}", params)
        else:
            msg = Msg(f"pyd.{kind}", params)
        if kind in ("enum", "literal_error"):
            code = "invalid-choice"
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            code = "wrong-type"
        else:
            code = "invalid-value"
        problems.append(doc.problem(loc, code, msg))
    for kind, count in seen.items():
        if count > PER_KIND:
            problems.append(doc.problem((), "more-problems", Msg(
                "problem.more", {"n": count - PER_KIND, "kind": kind})))
    return problems


def _validate(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    if doc.data is None:
        return None, [doc.problem((), "empty", Msg("problem.empty"))]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _problems_from(doc, exc, model)


def display_name(path: Path) -> str:
    """How a path is shown in messages: as the user gave it."""
    return str(path)


@dataclass
class Inputs:
    """Both input files as loaded: models where valid, and every problem found."""

    plan: Plan | None
    applicants: Applicants | None
    plan_path: Path
    agencies_path: Path | None
    problems: list[Problem] = field(default_factory=list)
    instance: Instance | None = None  # when both files are valid
    bundled: list[Path] = field(default_factory=list)  # which of the files are the sample

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def checked_plan(self) -> Plan:
        """The plan, when nothing is wrong; else ProblemError with every problem."""
        if self.errors or self.plan is None:
            raise ProblemError(self.problems)
        return self.plan

    def checked(self) -> tuple[Plan, Applicants]:
        """The plan and the applicants, when nothing is wrong; else ProblemError."""
        plan = self.checked_plan()
        if self.applicants is None:
            raise ProblemError(self.problems)
        return plan, self.applicants


def read_inputs(counties: Path | str | None = None, agencies: Path | str | None = None,
                *, need_agencies: bool = True) -> Inputs:
    """Load and check the plan (and the applicants); collect every problem.

    Raises ProblemError only when the files themselves cannot be chosen (``resolve``).
    """
    sources = resolve(counties, agencies, need_agencies)
    plan_path, agencies_path = sources.plan_path, sources.agencies_path
    problems: list[Problem] = []
    plan = applicants = None
    plan_doc = apps_doc = None
    instance = None
    try:
        plan_doc = load_yaml(plan_path, display_name(plan_path))
        plan, found = _validate(plan_doc, Plan)
        problems += found
        if plan is not None:
            problems += checks.check_plan(plan_doc, plan)
    except ProblemError as exc:
        problems += exc.problems
    if agencies_path is not None:
        try:
            apps_doc, read_problems = load_applicants(agencies_path, plan)
            problems += read_problems
            applicants, found = _validate(apps_doc, Applicants)
            problems += found
            if applicants is not None:
                problems += checks.check_applicants(apps_doc, applicants, plan)
        except ProblemError as exc:
            problems += exc.problems
    if plan is not None and plan_doc is not None:
        problems += checks.check_stated(plan_doc, plan, applicants if agencies_path else None)
        if applicants is not None and apps_doc is not None and not any(
                p.severity == "error" for p in problems):
            instance = Instance.build(plan, applicants)
            problems += checks.check_eligibility(plan_doc, apps_doc, instance)
    return Inputs(plan, applicants, plan_path, agencies_path, sorted(problems), instance,
                  sources.bundled)


APPLICANT_FILES = (".yaml", ".yml", ".xlsx", ".xls", ".ods", ".csv")


def load_applicants(path: Path, plan: Plan | None):
    """The applicants from a YAML file, a spreadsheet, or a folder of either (merged).

    Returns the document (data and places) and the problems found while reading; a
    file that cannot be read at all raises ProblemError, as for YAML.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and
                       p.suffix.lower() in APPLICANT_FILES and not p.name.startswith(("~$", ".")))
        if not files:
            raise ProblemError([make_problem(display_name(path), 1, 1, "", "no-file", Msg(
                "problem.empty_folder", {"kinds": ", ".join(APPLICANT_FILES)}))])
        parts, problems = [], []
        for file in files:
            try:
                part, found = load_applicants(file, plan)
                parts.append(part)
                problems += found
            except ProblemError as exc:
                problems += exc.problems
        if any(p.severity == "error" for p in problems) and not parts:
            raise ProblemError(problems)
        return MergedDocument(parts), problems
    if path.suffix.lower() in TABLES:
        doc = read_table(path, display_name(path), plan)
        return doc, doc.problems
    return load_yaml(path, display_name(path)), []


def load_plan(path: Path | str | None = None) -> Plan:
    """The checked plan file (``data/counties.yaml`` by default). Raises ProblemError."""
    return read_inputs(path, need_agencies=False).checked_plan()


def load_inputs(counties: Path | str | None = None,
                agencies: Path | str | None = None) -> tuple[Plan, Applicants]:
    """The checked plan and applicants, checked against each other. Raises ProblemError."""
    return read_inputs(counties, agencies).checked()


def read_allocation(path: Path | str, plan: Plan, applicants: Applicants | None = None):
    """An allocation JSON file written by sanqu, checked against the plan. Raises ProblemError.

    A file of another plan gets one message, not one per post. With ``applicants`` every
    placement is also checked against them: a known person, of that agency, at a post
    they may fill.
    """
    path = Path(path)
    doc = load_yaml(path, display_name(path))  # JSON is YAML: one loader, one set of positions
    record, problems = _validate(doc, AllocationFile)
    if record is not None and record.plan != plan.plan.id:
        problems.append(doc.problem(("plan",), "wrong-plan", Msg(
            "problem.wrong_plan", {"found": record.plan, "expected": plan.plan.id})))
    elif record is not None:
        quotas = {ref.key: ref.quota for ref in plan_posts(plan)}
        first, last = plan.plan.service_start, service_end(plan)
        placed: Counter = Counter()
        seen: dict[str, int] = {}
        for part in ("assignments", "withdrawn"):
            for i, a in enumerate(getattr(record, part)):
                key = (a.county, a.programme.value)
                where = (part, i)
                if key not in quotas:
                    problems.append(doc.problem(where + ("county",), "unknown-post", Msg(
                        "problem.unknown_post", {"county": a.county, "programme": Msg(
                            f"programme.{a.programme.value}")})))
                    continue
                start, end = a.start or first, a.end or last
                if not first <= start <= end <= last:
                    problems.append(doc.problem(where, "bad-period", Msg("problem.bad_period", {
                        "id": a.professional, "start": start.isoformat(), "end": end.isoformat(),
                        "first": first.isoformat(), "last": last.isoformat()})))
                if part == "withdrawn":
                    continue
                placed[key] += 1
                if placed[key] == quotas[key] + 1:
                    problems.append(doc.problem(where, "over-quota", Msg(
                        "problem.over_quota", {"county": a.county, "quota": quotas[key],
                                               "programme": Msg(f"programme.{a.programme.value}")})))
                if a.professional in seen:
                    problems.append(doc.problem(where + ("professional",), "duplicate-id",
                                                Msg("problem.placed_twice", {"id": a.professional})))
                seen.setdefault(a.professional, i)
    if record is not None and applicants is not None and not problems:
        problems += _against_applicants(doc, record, plan, applicants)
    if record is None or any(p.severity == "error" for p in problems):
        raise ProblemError(problems)
    return record


def _against_applicants(doc: Document, record: AllocationFile, plan: Plan,
                        applicants: Applicants) -> list[Problem]:
    """Each placement of an allocation file checked against the applicants who applied."""
    instance = Instance.build(plan, applicants)
    people = {p.id: p for p in instance.people}
    problems = []
    for part in ("assignments", "withdrawn"):
        for i, a in enumerate(getattr(record, part)):
            where = (part, i)
            person = people.get(a.professional)
            if person is None:
                problems.append(doc.problem(where + ("professional",), "unknown-professional", Msg(
                    "problem.alloc_unknown_person", {"id": a.professional})))
            elif person.agency.id != a.agency:
                problems.append(doc.problem(where + ("agency",), "wrong-agency", Msg(
                    "problem.alloc_wrong_agency", {"id": a.professional, "agency": a.agency,
                                                   "actual": person.agency.id})))
            elif all(ref.key != (a.county, a.programme.value) for ref, _ in person.edges):
                problems.append(doc.problem(where + ("county",), "not-eligible", Msg(
                    "problem.alloc_not_eligible", {"id": a.professional, "county": a.county})))
    return problems


def load_allocation(path: Path | str, plan: Plan) -> list[tuple]:
    """The placements of an allocation file for the budget. Raises ProblemError.

    Returns (county code, programme, agency id, start, end) per person placed, and per
    person withdrawn for the months they served; start and end are None where the file
    gives none (the plan's service period).
    """
    return placements_of(read_allocation(path, plan))


def placements_of(record) -> list[tuple]:
    """(county, programme, agency, start, end) for everyone an allocation pays for."""
    return [(a.county, a.programme.value, a.agency, a.start, a.end)
            for a in [*record.assignments, *record.withdrawn]]
