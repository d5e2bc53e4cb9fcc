"""Applicants from spreadsheets: xlsx, xls, ods (python-calamine) and CSV, one row per person.

Each file becomes a ``TableDocument``: the same data shape as the YAML applicants file
(``{"agencies": [...]}``) and the cell every value came from, so that the same models,
rules and messages apply, and every problem names ``file:sheet!cell`` (workbooks) or
``file:line:col`` (CSV). ``MergedDocument`` (a folder of files) answers the same
questions as the YAML ``Document``. Headers are English keys or Chinese names, in any
order (``shared/contract.md``, Input 2b)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import unicodedata
import zipfile
import zlib
from array import array
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..i18n import Msg
from ..i18n.terms import (
    AMBIGUOUS_HEADERS,
    ANY_COUNTY,
    HEADER_SYNONYMS,
    HEADERS,
    PROGRAMMES,
    QUALIFICATIONS,
    SHEET_NAMES,
)
from ..plan.models import Plan
from ..plan.personal import id_card_problem, keep_id_card, keep_phone, mask_id_card
from ..problems import Problem, ProblemError, Severity, format_path, make_problem
from .bounds import TooLarge, check_parts, column_letters, sheet_extent
from .text import MAX_BYTES, csv_rows


@dataclass(frozen=True)
class Cell:
    """Where a value came from: 1-based row and column, and the sheet for a workbook."""

    row: int
    column: int
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


@dataclass
class TableDocument:
    """Applicants read from one table file: YAML-shaped data and each value's cell."""

    file: str
    data: dict
    cells: dict[tuple, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # found while reading
    titles: list[str] = field(default_factory=list)  # rows above the headers ("2023年三区计划申报表")
    numbered: bool = False  # ids made as the agency's id and the person's number (A01-1)
    sheet: str | None = None
    flagged: set[tuple] = field(default_factory=set)  # keys left out for a problem said at their cell

    def reported(self, path: tuple) -> bool:
        """Whether a key missing at ``path`` was left out for a problem already reported."""
        return tuple(path) in self.flagged

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

    def reported(self, path: tuple) -> bool:
        doc, local = self._local(path)
        return bool(getattr(doc, "reported", lambda _: False)(local))

    def first_place(self, path: tuple) -> str:
        return self.place(path)

    def problem(self, path: tuple, code: str, message, *, key: bool = False,
                severity: Severity = "error") -> Problem:
        doc, local = self._local(path)
        problem = doc.problem(local, code, message, key=key, severity=severity)  # type: ignore[attr-defined]
        # The path a script reads is the merged one: agencies are numbered across files.
        return replace(problem, path=format_path(tuple(path)))


# .xlsm is an xlsx with macros (never run); .et is WPS's own format, read by its content.
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
TABLES = (*WORKBOOKS, ".csv")

REQUIRED = ("agency", "id", "name", "qualification", "score")
_SEPARATORS = re.compile(r"[,，、;；\n\r]+")
_BY_HEADER = {**{k: k for k in HEADERS}, **{v: k for k, v in HEADERS.items()}, **HEADER_SYNONYMS}
_HEADER_ROWS = 20  # how far down a title may push the headers


def _header_row(rows: list[list]) -> int:
    """The first row that holds at least three known headers (rows above it are titles);
    the first row when none does, so that its unknown headers are reported there."""
    for r, row in enumerate(rows[:_HEADER_ROWS]):
        if sum(1 for v in row if _text(v) and _header_key(_text(v)) is not None) >= 3:
            return r
    return 0


def _ambiguous(text: str) -> tuple[str, str] | None:
    """The two keys a header could mean (名称: name or agency_name), if it is such a one."""
    line = unicodedata.normalize("NFKC", text.split("\n")[0]).strip().rstrip("*").strip()
    return AMBIGUOUS_HEADERS.get(line)


def _numbered_ids(rows: list[list], columns: dict[str, int]) -> bool:
    """Whether the people's ids are to be made from their agency's id: no 编号 column, or
    one that numbers each agency's people from 1 (1, 2, 3: every second agency would
    otherwise collide)."""
    if "id" not in columns:
        return True
    if "agency" not in columns:
        return False
    firsts: dict[str, int] = {}
    for row in rows:
        value = _text(row[columns["id"]]) if columns["id"] < len(row) else ""
        if not value:
            continue
        if not value.isdigit():
            return False
        agency = _ident(row[columns["agency"]]) if columns["agency"] < len(row) else ""
        firsts[agency] = min(firsts.get(agency, int(value)), int(value))
    return bool(firsts) and all(first == 1 for first in firsts.values())


@dataclass
class Sheet:
    """One sheet (or CSV file) as read: its rows, its name, and its merged ranges
    (0-based ((first row, first column), (last row, last column)))."""

    rows: list[list]
    name: str | None = None
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # 1-based, as Excel numbers them
    formulas: dict[str, str] = field(default_factory=dict)  # cell -> its error, "" if not computed
    lines: array | None = None  # a CSV file's first line of each row (a cell may span lines)


def read_rows(path: Path, display: str, sheets: tuple[str, ...] = SHEET_NAMES) -> tuple[list[list], str | None]:
    """The rows of a workbook's sheet named one of ``sheets`` (else its first), or of a CSV
    file; and the sheet's name."""
    sheet = read_sheet(path, display, sheets)
    return sheet.rows, sheet.name


def read_sheet(path: Path, display: str, sheets: tuple[str, ...] = SHEET_NAMES) -> Sheet:
    """A workbook's visible sheet named one of ``sheets`` (else its first visible one; a
    hidden sheet is never preferred), or a CSV file, with its merged ranges."""
    def fail(code: str, key: str, **params) -> ProblemError:
        return ProblemError([make_problem(display, 1, 1, "", code, Msg(key, params))])

    suffix = path.suffix.lower().rstrip()  # a name typed with a trailing space is still its kind
    if path.is_file() and path.stat().st_size > MAX_BYTES:  # applicants: a province's, not a nation's
        raise fail("too-large", "problem.too_large", limit=MAX_BYTES)
    if suffix == ".csv":  # streamed
        lines = array("i")
        return Sheet([row or _BLANK for row in csv_rows(path, display, lines)], lines=lines)
    # calamine loads only for workbooks, never for YAML or CSV.
    from python_calamine import CalamineError

    with ExitStack() as stack:
        zipped = _open_zip(path)  # xlsx, xlsm, ods, and WPS's .et when it is one: bounded first
        if zipped is not None:
            stack.enter_context(zipped)
            _bounded(display, None, lambda: check_parts(zipped))
            if "content.xml" in zipped.namelist():  # ods: calamine reads every sheet as it opens
                _bounded(display, None, lambda: sheet_extent(zipped, ""))
        book = _open_book(path, display, fail)
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")] \
            or book.sheet_names
        if not visible:
            return Sheet([])
        name = next((n for n in visible if n.strip().lower() in sheets), visible[0])
        extent = _bounded(display, name, lambda: sheet_extent(zipped, name)) \
            if zipped and "content.xml" not in zipped.namelist() else None
    try:
        found = book.get_sheet_by_name(name)
        rows = found.to_python(skip_empty_area=False)
        merged = list(found.merged_cell_ranges or [])
    except CalamineError as exc:
        raise fail("not-a-workbook", "problem.not_workbook", detail=str(exc)[:200]) from None
    if extent is None:
        return Sheet(rows, name, merged)
    return Sheet(rows, name, merged, hidden_rows=extent.hidden_rows, formulas=extent.formulas)


def _bounded(display: str, sheet: str | None, check):
    """``check()``'s answer; a bound it finds passed, or a broken archive, as a problem
    (a sheet too large is named at its farthest cell)."""
    try:
        return check()
    except TooLarge as exc:
        if exc.key != "problem.sheet_too_large":
            sheet = None
        p = exc.params
        row, column = (p["rows"], p["columns"]) if sheet else (1, 1)
        raise ProblemError([make_problem(display, row, column, "", "too-large", Msg(exc.key, p),
                                         "error", sheet, p["corner"] if sheet else None)]) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
        raise ProblemError([make_problem(display, 1, 1, "", "not-a-workbook", Msg(
            "problem.not_workbook", {"detail": str(exc)[:200]}))]) from None


def _open_zip(path: Path) -> zipfile.ZipFile | None:
    """The workbook as a zip archive, when it is one (xls is not); None otherwise."""
    try:
        return zipfile.ZipFile(path) if zipfile.is_zipfile(path) else None
    except (OSError, zipfile.BadZipFile, ValueError):
        return None  # calamine says what it is


def _open_book(path: Path, display: str, fail):
    """calamine's workbook: its sheets' names and kinds, not yet their cells."""
    from python_calamine import CalamineError, CalamineWorkbook

    suffix = path.suffix.lower().rstrip()
    try:
        if suffix == ".et" or suffix != path.suffix.lower():  # WPS's format (xls or xlsx inside), or
            # a name with a trailing space: calamine tells the kind by the content
            with open(path, "rb") as handle:
                try:
                    book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
                except CalamineError:
                    raise fail("not-a-workbook", "problem.et_unreadable") from None
        else:
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
    return book


def read_table(path: Path, display: str, plan: Plan | None) -> TableDocument:
    """One table file as applicants. Raises ProblemError when it cannot be read at all."""
    sheet = read_sheet(path, display)
    reader = Reader(display, sheet.name, plan, sheet.lines, sheet.formulas)
    doc = reader.read(sheet.rows, sheet.merged)
    reader.name_hidden(sheet.rows, sheet.hidden_rows)
    return doc


class Reader:
    """Turns rows into the YAML shape, remembering cells, resolving names and terms."""

    def __init__(self, display: str, sheet: str | None, plan: Plan | None,
                 lines: array | None = None, formulas: dict[str, str] | None = None):
        self.doc = TableDocument(display, {"agencies": []}, sheet=sheet)
        self.sheet = sheet
        self.lines = lines
        self.formulas = formulas or {}
        self.counties = county_names(plan)
        # Suggestions name a county as the plan does, in full (香格里拉市, not 香格里拉).
        self.full_names = [str(n).casefold() for _, c in plan.counties() for n in (c.name, c.name_zh) if n] \
            if plan is not None else []

    def cell(self, row: int, column: int) -> Cell:
        line = self.lines[row] if self.lines and row < len(self.lines) else row + 1
        return Cell(line, column + 1, self.sheet)

    def flag(self, cell: Cell, code: str, message: str, severity: Severity = "error", **params) -> None:
        self.doc.problems.append(make_problem(
            self.doc.file, cell.row, cell.column, "", code, Msg(message, params),
            severity, cell.sheet, None if cell.sheet is None else cell.label))

    def read(self, rows: list[list], merged: list | None = None) -> TableDocument:
        doc = self.doc
        top = _header_row(rows)
        if not rows or not any(_text(v) for v in rows[top]):
            self.flag(self.cell(0, 0), "no-applicants", "problem.no_applicants", "warning")
            return doc
        doc.titles = [" ".join(_text(v) for v in row if _text(v)) for row in rows[:top] if any(_text(v) for v in row)]
        columns = self.header(rows[top], top)
        if columns is None:
            return doc
        if merged:
            rows = [list(row) for row in rows]  # unmerged in place
            if not self.unmerge(rows, merged, columns, top):
                return doc
        agencies: dict[str, int] = {}
        numbered = _numbered_ids(rows[top + 1:], columns)
        counts: dict[str, int] = {}
        for r, row in enumerate(rows[top + 1:], start=top + 1):
            if not any(v is not None and v != "" for v in row):
                continue  # a blank row (a million of them cost no more than their bytes)
            values = {key: (row[c] if c < len(row) else None, self.cell(r, c))
                      for key, c in columns.items() if not key.startswith("_")}
            if not any(_text(v) for v, _ in values.values()):
                continue  # blank in every column read
            if numbered:  # ids absent or 1, 2, 3 within each agency: the agency's id and the number
                agency = _ident(values["agency"][0]) if "agency" in values else ""
                counts[agency] = counts.get(agency, 0) + 1
                given = values.get("id", (None, values["agency"][1]))
                number = _text(given[0]) or str(counts[agency])
                values["id"] = (f"{agency}-{number}", given[1])
            self.person(values, agencies)
        if numbered and agencies:
            doc.numbered = True
        if not agencies:
            self.flag(self.cell(top + 1, 0), "no-applicants", "problem.no_applicants", "warning")
        return doc

    def name_hidden(self, rows: list[list], hidden: list[int]) -> None:
        """One warning for the rows with data that Excel hides: read, and said to be."""
        shown = [r for r in hidden if r <= len(rows) and any(v is not None and v != "" for v in rows[r - 1])]
        if shown:
            more = Msg("problem.hidden_rows_more", {"n": len(shown) - 10}) if len(shown) > 10 else ""
            self.flag(self.cell(shown[0] - 1, 0), "hidden-rows", "problem.hidden_rows", "warning",
                      rows=", ".join(map(str, shown[:10])), more=more)

    def unmerge(self, rows: list[list], merged: list, columns: dict[str, int], top: int) -> bool:
        """A merge down one agency's rows in an agency column is that value on each row; a
        merge down several people's own cells is an error naming the range, never a guess."""
        key_of = {c: key for key, c in columns.items()}
        ok = True
        for (r0, c0), (r1, c1) in merged:
            if r1 <= top or r0 == r1:
                continue  # the titles and headers, or a merge across one row
            for c in range(c0, c1 + 1):
                key = key_of.get(c)
                if key is None:
                    continue
                if key in ("agency", "agency_name"):
                    value = rows[r0][c] if c < len(rows[r0]) else None
                    for r in range(max(r0, top + 1), r1 + 1):
                        while len(rows[r]) <= c:
                            rows[r].append(None)
                        rows[r][c] = value
                else:
                    span = f"{self.cell(r0, c0).label}:{self.cell(r1, c1).label}"
                    self.flag(self.cell(r0, c), "merged-cells", "problem.merged_cells", span=span,
                              sheet=self.sheet or "", header=_text(rows[top][c]))
                    ok = False
                    break
        return ok

    def header(self, row: list, top: int = 0) -> dict[str, int] | None:
        """Column of each key; unknown headers and missing required ones are problems."""
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            text = _text(value)
            if not text:
                continue
            key = _header_key(text)
            cell = self.cell(top, c)
            both = _ambiguous(text)
            if key is None and both is not None:
                self.flag(cell, "ambiguous-header", "problem.ambiguous_header", header=text,
                          first=both[0], second=both[1], first_zh=HEADERS[both[0]], second_zh=HEADERS[both[1]])
                continue
            if key == "_ignore":
                columns[f"_ignore{c}"] = c
                continue
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
        required = [k for k in REQUIRED if k != "id"]  # no id column: numbered within each agency
        for key in required:
            if key not in columns:
                self.flag(self.cell(top, 0), "missing-key", "problem.missing_header",
                          key=key, zh=HEADERS[key])
        return None if any(k not in columns for k in required) else columns

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
        doc.cells[path] = values["id"][1] if "id" in values else agency_cell
        for key, (value, cell) in values.items():
            if key in ("agency", "agency_name", "note"):
                continue
            converted = self.convert(key, value, cell)
            if converted is _REPORTED:
                doc.flagged.add(path + (key,))
            if converted is _ABSENT or converted is _REPORTED:
                continue
            person[key] = converted
            doc.cells[path + (key,)] = cell
            if isinstance(converted, list):
                for k in range(len(converted)):
                    doc.cells[path + (key, k)] = cell
        agency["professionals"].append(person)

    def convert(self, key: str, value: object, cell: Cell) -> object:
        """A cell's value as the YAML loader would give it, or _ABSENT for an empty optional."""
        if self.formulas and cell.label in self.formulas:  # never an empty cell, nor a 0
            error = self.formulas[cell.label]
            if error:
                self.flag(cell, "formula-error", "problem.formula_error", error=error)
            else:
                self.flag(cell, "formula-uncomputed", "problem.formula_uncomputed")
            return _REPORTED
        if key == "id_card" and isinstance(value, (int, float)) and not isinstance(value, bool):
            self.flag(cell, "id-card-number", "problem.id_card_number")  # its digits: never shown
            return _REPORTED
        kind = _not_text(value) if key == "id" else None
        if kind is not None:
            self.flag(cell, "cell-kind", f"problem.{kind}_cell", header=HEADERS[key])
            return _REPORTED
        text = _text(value)
        if key in ("id", "name"):
            return _ident(value) if key == "id" else text
        if key == "qualification":
            return QUALIFICATIONS.get(text, text.lower())
        if key in ("score", "experience_years") and isinstance(value, (dt.date, dt.datetime)):
            # Excel shows 76 typed into a date-formatted cell as 1900/3/16: say so, never guess.
            self.flag(cell, "date-cell", "problem.date_cell", date=value.isoformat()[:10])
            return _REPORTED
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
                return _REPORTED
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
            close = difflib.get_close_matches(token.casefold(), self.full_names, n=1) or \
                difflib.get_close_matches(token.casefold(), list(self.counties), n=1)
            hint = Msg("problem.did_you_mean", {"suggestion": close[0]}) if close else ""
            self.flag(cell, "unknown-county", "problem.unknown_county_name", name=token, hint=hint)
            return None
        if len(codes) > 1:
            self.flag(cell, "ambiguous-county", "problem.ambiguous_county", name=token,
                      codes=", ".join(codes))
        return codes[0]


_ABSENT = object()  # an optional cell left empty
_REPORTED = object()  # a cell not read for a problem reported at it (not reported again as missing)


def _not_text(value: object) -> str | None:
    """Why a cell cannot hold an id as typed: a TRUE/FALSE cell, a date cell, or a number
    Excel keeps only to 15 digits (an identity number typed as a number has lost its last
    ones: never shown, never completed)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return "date_id"
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= 1e15):
        return "long_number"
    return None
_BLANK: list = []  # every blank CSV line: one list, never changed


def cell_text(value: object) -> str:
    """A cell as text: a whole number without '.0', others as written, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_text = cell_text  # the name this module reads best by


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
    """County name (case-folded) -> the codes that bear it: the plan's full names, English
    and Chinese, then the names people write short, where a short name is not also some
    county's full name: without the suffix (彝良县 -> 彝良, 蒙自市 -> 蒙自), without the
    ethnic part of an autonomous county's name (耿马傣族佤族自治县 -> 耿马县, 耿马), and an
    English name's first word (Yiliang County -> yiliang). A short name two counties
    share maps to both: it is reported as ambiguous, with the candidates."""
    if plan is None:
        return None
    names: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    for _, county in plan.counties():
        for name in {county.name, county.name_zh} - {None}:
            codes = names.setdefault(str(name).casefold(), [])
            if county.code not in codes:
                codes.append(county.code)
        for alias in _short_names(county.name, county.name_zh):
            codes = short.setdefault(alias.casefold(), [])
            if county.code not in codes:
                codes.append(county.code)
    for alias, codes in short.items():
        names.setdefault(alias, codes)
    return names


_ETHNIC_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治[县旗]$")


def _short_names(english: str, chinese: str | None) -> list[str]:
    """The short forms of a county's names (see ``county_names``)."""
    out = []
    if chinese:
        autonomous = _ETHNIC_AUTONOMOUS.match(chinese)
        if autonomous:
            out += [autonomous.group(1), autonomous.group(1) + "县"]
        elif chinese[-1] in "县市区旗" and len(chinese) >= 3:
            out.append(chinese[:-1])
    words = english.replace("-", " ").split()
    if len(words) > 1 and words[-1].lower() in ("county", "city", "district", "banner"):
        out.append(english.rsplit(" ", 1)[0] if "autonomous" not in english.lower() else english.split()[0])
    return out
