"""The year-end assessment (notice §4, the contract's Input 4): one row per post, read like
the applicants from a workbook, a CSV file or YAML (``assessments:``).

Each row names a post (``county`` by code or name, ``programme`` where the county has
two), its ``score`` (0..100) and/or ``grade`` (excellent 优秀, good 良好, pass 合格, fail
不合格), and any numeric factor columns (``need`` 需求, ...). A row may also name the
``agency`` that served the post: one graded fail is listed for exclusion next year.
Every problem names its place: ``FILE:SHEET!CELL``, ``FILE:LINE:COL``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..i18n import Msg
from ..i18n.terms import ASSESSMENT_HEADERS, ASSESSMENT_SHEETS, GRADES, PROGRAMMES
from ..plan.models import Plan
from ..problems import Problem, ProblemError, make_problem
from .sheets import TABLES, column_letters, county_names, read_rows
from .sheets import cell_text as _text
from .sources import display_name
from .yamldoc import load_yaml


@dataclass(frozen=True)
class Place:
    """Where a value stands: a file and its line and column, or its sheet and cell."""

    file: str
    line: int
    column: int
    sheet: str | None = None

    def problem(self, code: str, message: Msg, severity: str = "error") -> Problem:
        cell = None if self.sheet is None else f"{column_letters(self.column)}{self.line}"
        return make_problem(self.file, self.line, self.column, "", code, message, severity,  # type: ignore[arg-type]
                            self.sheet, cell)

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{column_letters(self.column)}{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class PostAssessment:
    """One post's assessment: its score, grade and factor values, and where each stands."""

    county: str
    programme: str
    score: Fraction | None
    grade: str | None
    factors: dict[str, Fraction]
    agency: str | None
    place: Place  # the row


@dataclass
class Assessment:
    """Every post's assessment, and the agencies graded fail."""

    file: str
    posts: dict[tuple[str, str], PostAssessment] = field(default_factory=dict)
    failed_agencies: list[str] = field(default_factory=list)


def read_assessment(path: Path | str, plan: Plan) -> Assessment:
    """The assessment file, checked against the plan. Raises ProblemError with every problem."""
    path = Path(path)
    display = display_name(path)
    if path.suffix.lower() in TABLES:
        rows, sheet = read_rows(path, display, ASSESSMENT_SHEETS)
        records = _from_rows(rows, display, sheet)
    else:
        records = _from_yaml(path, display)
    return _Checker(display, plan).check(records)


# One row as read: each key's value and its place.
Record = dict[str, tuple[object, Place]]


def _from_rows(rows: list[list], display: str, sheet: str | None) -> list[Record]:
    def place(r: int, c: int) -> Place:
        return Place(display, r + 1, c + 1, sheet)

    if not rows or not any(_text(v) for v in rows[0]):
        raise ProblemError([place(0, 0).problem("no-assessment", Msg("assess.empty"))])
    columns = {c: _header_key(_text(v)) for c, v in enumerate(rows[0]) if _text(v)}
    out = []
    for r, row in enumerate(rows[1:], start=1):
        record: Record = {}
        for c, key in columns.items():
            value = row[c] if c < len(row) else None
            if _text(value):
                record[key] = (value, place(r, c))
        if record:
            record["_row"] = (None, place(r, 0))
            out.append(record)
    return out


def _from_yaml(path: Path, display: str) -> list[Record]:
    doc = load_yaml(path, display)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("assessments"), list):
        line, column = doc.where(())
        raise ProblemError([Place(display, line, column).problem("no-assessment", Msg("assess.yaml_shape"))])
    out = []
    for i, entry in enumerate(data["assessments"]):
        line, column = doc.where(("assessments", i))
        if not isinstance(entry, dict):
            raise ProblemError([Place(display, line, column).problem("wrong-type", Msg("assess.yaml_shape"))])
        record: Record = {"_row": (None, Place(display, line, column))}
        for key, value in entry.items():
            line, column = doc.where(("assessments", i, key))
            if value is not None:
                record[_header_key(str(key))] = (value, Place(display, line, column))
        out.append(record)
    return out


class _Checker:
    """Records to an Assessment: posts resolved, values read, every problem collected."""

    def __init__(self, display: str, plan: Plan):
        self.display = display
        self.plan = plan
        self.names = county_names(plan) or {}
        self.posts = {(county.code, post.programme.value): county for _, county, post in plan.posts()}
        self.programmes: dict[str, list[str]] = {}
        for county_code, programme in self.posts:
            self.programmes.setdefault(county_code, []).append(programme)
        self.problems: list[Problem] = []

    def flag(self, place: Place, code: str, words: str, **params) -> None:
        self.problems.append(place.problem(code, Msg(words, params)))

    def check(self, records: list[Record]) -> Assessment:
        out = Assessment(self.display)
        seen: dict[tuple[str, str], Place] = {}
        for record in records:
            row = record["_row"][1]
            agency = _text(record["agency"][0]) if "agency" in record else None
            grade = self.grade(record)
            if "county" not in record:  # an agency's own assessment
                if agency is None:
                    self.flag(row, "missing-key", "assess.no_county")
                elif grade == "fail" and agency not in out.failed_agencies:
                    out.failed_agencies.append(agency)
                continue
            key = self.post(record)
            if key is None:
                continue
            if key in seen:
                self.flag(record["county"][1], "duplicate-post", "assess.duplicate", county=key[0],
                          programme=Msg(f"programme.{key[1]}"), first=str(seen[key]))
                continue
            seen[key] = record["county"][1]
            score = self.number(record, "score", upper=100)
            factors = {}
            for name in sorted(k for k in record if k not in _KNOWN):
                value = self.number(record, name)
                if value is not None:
                    factors[name] = value
            if score is None and grade is None and "score" not in record and "grade" not in record:
                self.flag(row, "no-score-or-grade", "assess.no_score_or_grade", county=key[0],
                          programme=Msg(f"programme.{key[1]}"))
            out.posts[key] = PostAssessment(key[0], key[1], score, grade, factors, agency, row)
            if agency is not None and grade == "fail" and agency not in out.failed_agencies:
                out.failed_agencies.append(agency)
        for key, county in self.posts.items():
            if key not in out.posts and key not in seen:
                self.problems.append(make_problem(self.display, 1, 1, "", "post-not-assessed", Msg(
                    "assess.missing_post", {"county": key[0], "name": county.name_zh or county.name,
                                            "programme": Msg(f"programme.{key[1]}")})))
        if any(p.severity == "error" for p in self.problems):
            raise ProblemError(self.problems)
        return out

    def post(self, record: Record) -> tuple[str, str] | None:
        value, place = record["county"]
        token = unicodedata.normalize("NFKC", _text(value)).strip()
        if token.isdigit():
            code = token
            if code not in self.programmes:
                self.flag(place, "unknown-county", "assess.unknown_county", name=token)
                return None
        else:
            codes = self.names.get(token.casefold())
            if not codes:
                self.flag(place, "unknown-county", "assess.unknown_county", name=token)
                return None
            if len(codes) > 1:
                self.flag(place, "ambiguous-county", "problem.ambiguous_county", name=token, codes=", ".join(codes))
                return None
            code = codes[0]
        offered = self.programmes[code]
        if "programme" in record:
            text, where = record["programme"]
            programme = PROGRAMMES.get(_text(text), _text(text).lower())
            if programme not in offered:
                self.flag(where, "unknown-programme", "assess.unknown_programme", county=code,
                          value=_text(text), offered="、".join(offered))
                return None
            return code, programme
        if len(offered) > 1:
            self.flag(place, "missing-key", "assess.which_programme", county=code,
                      offered="、".join(offered))
            return None
        return code, offered[0]

    def grade(self, record: Record) -> str | None:
        if "grade" not in record:
            return None
        value, place = record["grade"]
        text = unicodedata.normalize("NFKC", _text(value)).strip()
        grade = GRADES.get(text) or GRADES.get(text.lower())
        if grade is None:
            self.flag(place, "unknown-grade", "assess.unknown_grade", value=text)
        return grade

    def number(self, record: Record, key: str, upper: int | None = None) -> Fraction | None:
        if key not in record:
            return None
        value, place = record[key]
        if isinstance(value, bool):
            self.flag(place, "not-a-number", "assess.not_a_number", column=key, value=str(value))
            return None
        try:
            number = Fraction(str(value)) if isinstance(value, float) else Fraction(
                unicodedata.normalize("NFKC", _text(value)))
        except (ValueError, ZeroDivisionError):
            self.flag(place, "not-a-number", "assess.not_a_number", column=key, value=_text(value))
            return None
        if number < 0 or (upper is not None and number > upper):
            self.flag(place, "out-of-range", "assess.out_of_range", column=key, value=_text(value),
                      upper_text="" if upper is None else f", at most {upper}")
            return None
        return number


_KNOWN = {"county", "programme", "score", "grade", "agency", "agency_name", "note", "_row"}


def _header_key(text: str) -> str:
    """The key a header names (English or Chinese, a trailing * ignored); any other
    header is a factor by its own name."""
    for line in text.split("\n"):
        line = unicodedata.normalize("NFKC", line).strip().rstrip("*").strip()
        key = ASSESSMENT_HEADERS.get(line) or ASSESSMENT_HEADERS.get(line.lower())
        if key is not None:
            return key
    return unicodedata.normalize("NFKC", text.split("\n")[0]).strip().rstrip("*").strip()


def factor_key(name: str) -> str:
    """A factor as named on the command line (``need`` or 需求) as the assessment's key."""
    return _header_key(name)


__all__ = ["Assessment", "Place", "PostAssessment", "factor_key", "read_assessment"]
