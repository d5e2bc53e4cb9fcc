"""The one error type: a Problem at a place in a file, and the exception that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from .i18n import Msg

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (or doubtful) in an input, with where it is.

    Ordered by file, line and column so that a list of them sorts into reading order.
    `path` is the dotted path of the value (``prefectures[0].code``), `code` a stable
    slug for scripts, `message` the sentence a person reads.
    """

    file: str
    line: int
    column: int
    path: str = field(compare=False)
    code: str = field()
    message: str = field()
    severity: Severity = field(default="error", compare=False)
    msg: Msg | None = field(default=None, compare=False, repr=False)  # to translate
    # A workbook's problems also name the sheet and the cell ("申请人", "C7").
    sheet: str | None = field(default=None, compare=False)
    cell: str | None = field(default=None, compare=False)

    @property
    def place(self) -> str:
        """``file:line:col``, or ``file:sheet!cell`` in a workbook."""
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell}"
        return f"{self.file}:{self.line}:{self.column}"

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (English where no translation exists), anything shaped
        like an identity number or a phone masked."""
        from .i18n import mask_shapes

        return mask_shapes(self.msg.render(lang) if self.msg is not None and lang != "en" else self.message)

    def line_text(self, lang: str = "en") -> str:
        """``file:line:col: code: message``, the message in ``lang``."""
        from .i18n import mask_shapes

        tag = "" if self.severity == "error" else f"[{self.severity}] "
        return mask_shapes(f"{self.place}: {tag}{self.code}: {self.render(lang)}")

    def __str__(self) -> str:
        # yamllint's "parsable" form, which editors and CI annotators understand.
        return self.line_text()

    def as_dict(self, lang: str = "en") -> dict:
        """The problem as plain data, for ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "severity": self.severity,
            "message": self.render(lang),
            **({"sheet": self.sheet, "cell": self.cell} if self.sheet is not None else {}),
        }


def make_problem(file: str, line: int, column: int, path: str, code: str, msg,
                 severity: Severity = "error", sheet: str | None = None,
                 cell: str | None = None) -> Problem:
    """A Problem from an i18n Msg (or a plain English string)."""
    return Problem(file, line, column, path, code, str(msg), severity,
                   msg if not isinstance(msg, str) else None, sheet, cell)


class Located(Protocol):
    """Data read from a file that can say where each value stands (YAML, a sheet, a folder)."""

    @property
    def data(self) -> Any: ...

    def where(self, path: tuple, *, key: bool = False) -> tuple[int, int]: ...

    def place(self, path: tuple) -> str: ...

    def first_place(self, path: tuple) -> object: ...

    def problem(self, path: tuple, code: str, message: Any, *, key: bool = False,
                severity: Severity = "error") -> Problem: ...


class SanquError(Exception):
    """An expected failure with a message for the user (the job cannot be done as asked).

    Raised with an i18n ``Msg`` (rendered in the user's language) or plain text.
    """

    def __init__(self, message: object):
        self.message = message
        super().__init__(str(message))

    def render(self, lang: str = "en") -> str:
        from .i18n import mask_shapes

        render = getattr(self.message, "render", None)
        return mask_shapes(render(lang) if render is not None else str(self.message))


PER_KIND = 100  # problems of one kind in one file reported one by one; the rest are counted


def capped(problems: Iterable[Problem]) -> list[Problem]:
    """The problems sorted, at most PER_KIND of each code in each file, the rest counted in
    one line at the file's start: a file of 100,000 broken items is read in a moment."""
    kept: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for problem in sorted(problems):
        kind = (problem.file, problem.code)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= PER_KIND:
            kept.append(problem)
    more = [(kind, n - PER_KIND) for kind, n in seen.items() if n > PER_KIND]
    if not more:
        return kept
    from .i18n import Msg

    return sorted(kept + [make_problem(file, 1, 1, "", "more-problems", Msg("problem.more", {"n": n, "kind": code}))
                          for (file, code), n in more])


class ProblemError(Exception):
    """Raised when inputs cannot be used; carries the problems found, sorted (``capped``)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = capped(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def format_path(path: tuple) -> str:
    """``('prefectures', 0, 'code')`` -> ``prefectures[0].code``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
