"""From files to checked models: default paths, validation, and every problem with its place."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import Msg
from ..plan.models import Applicants, Plan
from ..plan.posts import Instance
from ..problems import Located, Problem, ProblemError, make_problem
from . import checks
from .allocation import load_allocation, placements_of, read_allocation
from .fields import validate_document
from .sheets import TABLES, MergedDocument, read_table
from .sources import display_name, folder_files, resolve
from .yamldoc import load_yaml

__all__ = ["Inputs", "load_allocation", "load_applicants", "load_plan", "placements_of",
           "read_allocation", "read_files"]


@dataclass
class Inputs:
    """Both input files as loaded: models where valid, and every problem found."""

    plan: Plan | None
    applicants: Applicants | None
    plan_path: Path
    agencies_path: Path | None
    problems: list[Problem] = field(default_factory=list)
    instance: Instance | None = None  # when both files are valid
    plan_doc: Located | None = None  # where each plan value stands, for later problems
    bundled: list[Path] = field(default_factory=list)  # which of the files are the sample
    files: list[InputFile] = field(default_factory=list)  # what each applicants file gave

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


def read_files(counties: Path | str | None = None, agencies: Path | str | None = None,
                *, need_agencies: bool = True) -> Inputs:
    """Read and check the plan (and the applicants) file by file and against each other;
    collect every problem. ``sanqu.loader.read_inputs`` adds what only deciding can tell.

    Raises ProblemError only when the files themselves cannot be chosen (``resolve``).
    """
    sources = resolve(counties, agencies, need_agencies)
    with _collector_paused():
        return _read(sources, need_agencies)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects that all live on, so the garbage
    collector's passes find nothing to free: paused meanwhile (national validate 0.75x),
    and what was loaded is then set aside from its later passes (``gc.freeze``)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def _read(sources, need_agencies: bool) -> Inputs:
    plan_path, agencies_path = sources.plan_path, sources.agencies_path
    problems: list[Problem] = []
    plan = applicants = None
    plan_doc = apps_doc = None
    instance = None
    try:
        plan_doc = load_yaml(plan_path, display_name(plan_path))
        plan, found = validate_document(plan_doc, Plan)
        problems += found
        if plan is not None:
            problems += checks.check_plan(plan_doc, plan)
    except ProblemError as exc:
        problems += exc.problems
    if agencies_path is not None:
        try:
            apps_doc, read_problems = load_applicants(agencies_path, plan)
            problems += read_problems
            applicants, found = validate_document(apps_doc, Applicants)
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
    return Inputs(plan, applicants, plan_path, agencies_path, sorted(problems), instance, plan_doc,
                  sources.bundled, input_files(apps_doc) if apps_doc is not None else [])


APPLICANT_FILES = (".yaml", ".yml", *TABLES)


@dataclass(frozen=True)
class InputFile:
    """One applicants file as read: how many agencies and people it gave, its sheet, the
    title rows above its headers, and whether its ids were made (A01-1)."""

    file: str
    agencies: int
    people: int
    sheet: str | None = None
    titles: tuple[str, ...] = ()
    numbered: bool = False

    @property
    def spreadsheet(self) -> bool:
        """A workbook or CSV file (not YAML)."""
        return self.sheet is not None or self.file.lower().rstrip().endswith(".csv")

    def to_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "agencies": self.agencies, "people": self.people,
                "titles": list(self.titles), "ids_numbered": self.numbered}


def input_files(doc) -> list[InputFile]:
    """What each applicants file gave (a folder's files in the order read)."""
    out = []
    for part in getattr(doc, "parts", [doc]):
        agencies = (part.data or {}).get("agencies") or [] if isinstance(part.data, dict) else []
        people = sum(len(a.get("professionals") or []) for a in agencies if isinstance(a, dict))
        out.append(InputFile(part.file, len(agencies), people, getattr(part, "sheet", None),
                             tuple(getattr(part, "titles", ())), getattr(part, "numbered", False)))
    return out


def load_applicants(path: Path, plan: Plan | None):
    """The applicants from a YAML file, a spreadsheet, or a folder of either (merged).

    Returns the document (data and places) and the problems found while reading; a
    file that cannot be read at all raises ProblemError, as for YAML.
    """
    if path.is_dir():
        files, skipped = folder_files(path, APPLICANT_FILES)
        if not files:
            raise ProblemError([make_problem(display_name(path), 1, 1, "", "no-file", Msg(
                "problem.empty_folder", {"kinds": ", ".join(APPLICANT_FILES)})), *skipped])
        parts, problems = [], list(skipped)
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
    if path.suffix.lower().rstrip() in TABLES:
        doc = read_table(path, display_name(path), plan)
        return doc, doc.problems
    return load_yaml(path, display_name(path)), []


def load_plan(path: Path | str | None = None) -> Plan:
    """The checked plan file (``data/counties.yaml`` by default). Raises ProblemError."""
    return read_files(path, need_agencies=False).checked_plan()
