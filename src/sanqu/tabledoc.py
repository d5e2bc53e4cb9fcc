"""Applicant data read from tables, with the cell every value came from.

``TableDocument`` (one spreadsheet) and ``MergedDocument`` (a folder of files) answer
the same questions as the YAML ``Document``: where a value stands, and a Problem about
it there, so every rule and message applies to every form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .problems import Problem, Severity, format_path, make_problem


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
