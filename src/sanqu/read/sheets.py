"""Applicants from spreadsheets: xlsx, xls, ods (python-calamine) and CSV, one row per person.

Each file becomes a ``TableDocument``: the same data shape as the YAML applicants file
(``{"agencies": [...]}``) and the cell every value came from, so that the same models,
rules and messages apply, and every problem names ``file:sheet!cell`` (workbooks) or
``file:line:col`` (CSV). ``MergedDocument`` (a folder of files) answers the same
questions as the YAML ``Document``. Headers are English keys or Chinese names, in any
order (``shared/contract.md``, Input 2b)."""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..i18n import Msg
from ..i18n.terms import ANY_COUNTY, HEADERS, PROGRAMMES, QUALIFICATIONS, SHEET_NAMES
from ..plan.models import Plan
from ..plan.personal import id_card_problem, keep_id_card, keep_phone, mask_id_card
from ..problems import Problem, ProblemError, Severity, format_path, make_problem
from .text import MAX_BYTES, decode, read_bytes


@dataclass(frozen=True)
class Cell:
    """Where a value came from: 1-based row and column, and the sheet for a workbook."""

    row: int
    column: int
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


def column_letters(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclass
class TableDocument:
    """Applicants read from one table file: YAML-shaped data and each value's cell."""

    file: str
    data: dict
    cells: dict[tuple, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # found while reading

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        cell = self._cell(path)
        return (cell.row, cell.column) if cell else (1, 1)

    def _cell(self, path: tuple) -> Cell | None:
        path = tuple(path)
        while path:
            if path in self.cells:
                return self.cells[path]
            path = path[:-1]
        return None

    def place(self, path: tuple) -> str:
        cell = self._cell(path)
        if cell is None:
            return self.file
        if cell.sheet is not None:
            return f"{self.file}:{cell.sheet}!{cell.label}"
        return f"{self.file}:{cell.row}:{cell.column}"

    def first_place(self, path: tuple) -> str:
        return self.place(path)

    def problem(self, path: tuple, code: str, message, *, key: bool = False,
                severity: Severity = "error") -> Problem:
        cell = self._cell(path) or Cell(1, 1)
        return make_problem(self.file, cell.row, cell.column, format_path(path), code, message,
                            severity, cell.sheet,
                            None if cell.sheet is None else cell.label)


@dataclass
class MergedDocument:
    """Several applicant files read as one (a folder): each agency keeps its own file's places."""

    parts: list
    data: dict = field(default_factory=dict)
    owner: list[tuple[object, int]] = field(default_factory=list)  # per agency: (doc, its index)

    def __post_init__(self) -> None:
        agencies = []
        for doc in self.parts:
            for i, agency in enumerate((doc.data or {}).get("agencies") or []):
                agencies.append(agency)
                self.owner.append((doc, i))
        self.data = {"agencies": agencies}

    @property
    def file(self) -> str:
        return self.parts[0].file if self.parts else ""

    def _local(self, path: tuple) -> tuple[object, tuple]:
        path = tuple(path)
        if len(path) >= 2 and path[0] == "agencies" and isinstance(path[1], int) \
                and path[1] < len(self.owner):
            doc, i = self.owner[path[1]]
            return doc, ("agencies", i) + path[2:]
        return self.parts[0], path

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]:
        doc, local = self._local(path)
        return doc.where(local, key=key)  # type: ignore[attr-defined]

    def place(self, path: tuple) -> str:
        doc, local = self._local(path)
        return doc.place(local)  # type: ignore[attr-defined]

    def first_place(self, path: tuple) -> str:
        return self.place(path)

    def problem(self, path: tuple, code: str, message, *, key: bool = False,
                severity: Severity = "error") -> Problem:
        doc, local = self._local(path)
        problem = doc.problem(local, code, message, key=key, severity=severity)  # type: ignore[attr-defined]
        # The path a script reads is the merged one: agencies are numbered across files.
        return replace(problem, path=format_path(tuple(path)))


WORKBOOKS = (".xlsx", ".xls", ".ods")
TABLES = (*WORKBOOKS, ".csv")

REQUIRED = ("agency", "id", "name", "qualification", "score")
_SEPARATORS = re.compile(r"[,，、;；\n\r]+")
_BY_HEADER = {**{k: k for k in HEADERS}, **{v: k for k, v in HEADERS.items()}}


def read_rows(path: Path, display: str, sheets: tuple[str, ...] = SHEET_NAMES) -> tuple[list[list], str | None]:
    """The rows of a workbook's sheet named one of ``sheets`` (else its first), or of a CSV
    file; and the sheet's name."""
    def fail(code: str, key: str, **params) -> ProblemError:
        return ProblemError([make_problem(display, 1, 1, "", code, Msg(key, params))])

    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:  # a workbook is read whole
            raise fail("too-large", "problem.too_large", limit=MAX_BYTES)
        if path.suffix.lower() == ".csv":
            return list(csv.reader(io.StringIO(decode(read_bytes(path, display), display, gbk=True)))), None
        # calamine loads only for workbooks, never for YAML or CSV.
        from python_calamine import CalamineError, CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
    except ProblemError:
        raise
    except FileNotFoundError:
        raise fail("no-file", "problem.no_file") from None
    except IsADirectoryError:
        raise fail("no-file", "problem.folder") from None
    except OSError as exc:
        raise fail("no-file", "problem.unreadable", detail=exc.strerror or str(exc)) from None
    except CalamineError as exc:  # not a workbook calamine can read (or a locked one)
        raise fail("not-a-workbook", "problem.not_workbook", detail=str(exc)[:200]) from None
    names = book.sheet_names
    if not names:
        return [], None
    name = next((n for n in names if n.strip().lower() in sheets), names[0])
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise fail("not-a-workbook", "problem.not_workbook", detail=str(exc)[:200]) from None
    return rows, name


def read_table(path: Path, display: str, plan: Plan | None) -> TableDocument:
    """One table file as applicants. Raises ProblemError when it cannot be read at all."""
    rows, sheet = read_rows(path, display)
    return Reader(display, sheet, plan).read(rows)


class Reader:
    """Turns rows into the YAML shape, remembering cells, resolving names and terms."""

    def __init__(self, display: str, sheet: str | None, plan: Plan | None):
        self.doc = TableDocument(display, {"agencies": []})
        self.sheet = sheet
        self.counties = county_names(plan)

    def cell(self, row: int, column: int) -> Cell:
        return Cell(row + 1, column + 1, self.sheet)

    def flag(self, cell: Cell, code: str, message: str, severity: Severity = "error", **params) -> None:
        self.doc.problems.append(make_problem(
            self.doc.file, cell.row, cell.column, "", code, Msg(message, params),
            severity, cell.sheet, None if cell.sheet is None else cell.label))

    def read(self, rows: list[list]) -> TableDocument:
        doc = self.doc
        if not rows or not any(_text(v) for v in rows[0]):
            self.flag(self.cell(0, 0), "no-applicants", "problem.no_applicants", "warning")
            return doc
        columns = self.header(rows[0])
        if columns is None:
            return doc
        agencies: dict[str, int] = {}
        for r, row in enumerate(rows[1:], start=1):
            values = {key: (row[c] if c < len(row) else None, self.cell(r, c))
                      for key, c in columns.items()}
            if not any(_text(v) for v, _ in values.values()):
                continue  # a blank row
            self.person(values, agencies)
        if not agencies:
            self.flag(self.cell(1, 0), "no-applicants", "problem.no_applicants", "warning")
        return doc

    def header(self, row: list) -> dict[str, int] | None:
        """Column of each key; unknown headers and missing required ones are problems."""
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            text = _text(value)
            if not text:
                continue
            key = _header_key(text)
            cell = self.cell(0, c)
            if key is None:
                choices = [*HEADERS, *HEADERS.values()]
                close = difflib.get_close_matches(text.split("\n")[0].strip(), choices, n=1,
                                                  cutoff=0.5)
                hint = Msg("problem.unknown_key_hint", {"suggestion": close[0]}) if close else ""
                self.flag(cell, "unknown-key", "problem.unknown_header", header=text, hint=hint)
            elif key in columns:
                self.flag(cell, "duplicate-key", "problem.duplicate_header", header=text)
            else:
                columns[key] = c
        for key in REQUIRED:
            if key not in columns:
                self.flag(self.cell(0, 0), "missing-key", "problem.missing_header",
                          key=key, zh=HEADERS[key])
        return None if any(k not in columns for k in REQUIRED) else columns

    def person(self, values: dict[str, tuple[object, Cell]], agencies: dict[str, int]) -> None:
        doc = self.doc
        agency_value, agency_cell = values["agency"]
        agency_id = _ident(agency_value)
        if agency_id not in agencies:
            agencies[agency_id] = len(doc.data["agencies"])
            doc.data["agencies"].append({"id": agency_id, "professionals": []})
            a = agencies[agency_id]
            doc.cells[("agencies", a)] = agency_cell
            doc.cells[("agencies", a, "id")] = agency_cell
            name, name_cell = values.get("agency_name", (None, agency_cell))
            if _text(name):
                doc.data["agencies"][a]["name"] = _text(name)
                doc.cells[("agencies", a, "name")] = name_cell
            else:
                self.flag(name_cell, "missing-key", "problem.agency_name", agency=agency_id)
                doc.data["agencies"][a]["name"] = agency_id  # reported above, not again as missing
        a = agencies[agency_id]
        agency = doc.data["agencies"][a]
        name, name_cell = values.get("agency_name", (None, agency_cell))
        if _text(name) and "name" in agency and _text(name) != agency["name"]:
            self.flag(name_cell, "agency-name", "problem.agency_name_differs", agency=agency_id,
                      name=_text(name), first=agency["name"])
        p = len(agency["professionals"])
        path = ("agencies", a, "professionals", p)
        person: dict = {}
        doc.cells[path] = values["id"][1]
        for key, (value, cell) in values.items():
            if key in ("agency", "agency_name", "note"):
                continue
            converted = self.convert(key, value, cell)
            if converted is _ABSENT:
                continue
            person[key] = converted
            doc.cells[path + (key,)] = cell
            if isinstance(converted, list):
                for k in range(len(converted)):
                    doc.cells[path + (key, k)] = cell
        agency["professionals"].append(person)

    def convert(self, key: str, value: object, cell: Cell) -> object:
        """A cell's value as the YAML loader would give it, or _ABSENT for an empty optional."""
        text = _text(value)
        if key in ("id", "name"):
            return _ident(value) if key == "id" else text
        if key == "qualification":
            return QUALIFICATIONS.get(text, text.lower())
        if key == "score":
            return _number(value)
        if not text:
            return _ABSENT
        if key == "experience_years":
            number = _number(value)
            return int(number) if isinstance(number, Decimal) and number == int(number) else number
        if key == "programmes":
            return [PROGRAMMES.get(t, t) for t in _split(text)]
        if key == "preferences":
            if text.lower() in ANY_COUNTY:
                return _ABSENT
            codes = [self.county(token, cell) for token in _split(_text(value))]
            return [code for code in codes if code is not None]  # unknown names: flagged once
        if key == "id_card":
            number = unicodedata.normalize("NFKC", text).upper()
            why = id_card_problem(number)
            if why is not None:
                self.flag(cell, "invalid-id-card", "problem.id_card", why=Msg(f"id_card.{why}"),
                          masked=mask_id_card(number))
                return _ABSENT
            return keep_id_card(number)
        if key == "phone":
            return keep_phone(unicodedata.normalize("NFKC", _text(value)))
        return text

    def county(self, token: str, cell: Cell) -> str | None:
        """A preference as a county code: a code as is, or a county name of the plan
        (None, and a problem, for a name the plan does not have)."""
        token = unicodedata.normalize("NFKC", token).strip()
        if token.isdigit() or self.counties is None:
            return token
        codes = self.counties.get(token.casefold())
        if codes is None:
            close = difflib.get_close_matches(token.casefold(), list(self.counties), n=1)
            hint = Msg("problem.did_you_mean", {"suggestion": close[0]}) if close else ""
            self.flag(cell, "unknown-county", "problem.unknown_county_name", name=token, hint=hint)
            return None
        if len(codes) > 1:
            self.flag(cell, "ambiguous-county", "problem.ambiguous_county", name=token,
                      codes=", ".join(codes))
        return codes[0]


_ABSENT = object()


def _text(value: object) -> str:
    """A cell as text: a whole number without '.0', others as written, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ident(value: object) -> str:
    """An id or code: full-width forms and invisible characters normalised away (NFKC)."""
    return unicodedata.normalize("NFKC", _text(value)).strip()


def _number(value: object) -> object:
    """A number cell (or text) as a Decimal, never through a binary float's long digits."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = _text(value)
    try:
        return Decimal(unicodedata.normalize("NFKC", text))
    except InvalidOperation:
        return text


def _split(text: str) -> list[str]:
    return [t.strip() for t in _SEPARATORS.split(text) if t.strip()]


def _header_key(text: str) -> str | None:
    """The key a header names: any of its lines, English or Chinese, a trailing * ignored."""
    for line in text.split("\n"):
        line = unicodedata.normalize("NFKC", line).strip().rstrip("*").strip()
        key = _BY_HEADER.get(line) or _BY_HEADER.get(line.lower())
        if key is None:  # the Chinese names use full-width brackets; NFKC turned them half-width
            key = {unicodedata.normalize("NFKC", v): k for k, v in HEADERS.items()}.get(line)
        if key is not None:
            return key
    return None


def county_names(plan: Plan | None) -> dict[str, list[str]] | None:
    """County name (English or Chinese, case-folded) -> the codes that bear it."""
    if plan is None:
        return None
    names: dict[str, list[str]] = {}
    for _, county in plan.counties():
        for name in {county.name, county.name_zh} - {None}:
            codes = names.setdefault(str(name).casefold(), [])
            if county.code not in codes:
                codes.append(county.code)
    return names
