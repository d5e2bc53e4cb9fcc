"""The spending ledger (the contract's Input 3): what the finance office paid from the funds.

A workbook (sheet ``ledger`` or ``支出明细``, else the first visible one), a CSV file in
the applicants' encodings, YAML (``entries:``), or a folder of them. Headers in English
or Chinese in any order, below any title rows; county codes or names; date cells or the
forms people type (2022-08-05, 2022/8/5, 2022年8月5日); refunds as negative amounts.

A national ledger has a million lines, so lines are kept in columns (``array``s of
integers, strings interned), not as an object per line; a CSV file is read as a stream.
Every problem names its place: ``FILE:SHEET!CELL`` or ``FILE:LINE:COL``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..i18n import Msg
from ..i18n.terms import LEDGER_HEADERS, LEDGER_SHEETS, LEDGER_SYNONYMS, PROGRAMMES, SOURCES
from ..plan.models import Plan
from ..problems import Problem, ProblemError, make_problem
from .sheets import TABLES, cell_text, column_letters, county_names, read_sheet
from .sources import display_name
from .yamldoc import load_yaml

LEDGER_FILES = (".yaml", ".yml", *TABLES)
REQUIRED = ("date", "voucher", "county", "source", "amount")
MAX_PROBLEMS = 20  # lines named per kind of problem; the rest are counted
_BY_HEADER = {**{k: k for k in LEDGER_HEADERS}, **{v: k for k, v in LEDGER_HEADERS.items()}, **LEDGER_SYNONYMS}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONEY = re.compile(r"^([-+]?)(\d+)(?:\.(\d{1,2}))?$")
CSV_CHUNK = 1 << 20


@dataclass(frozen=True)
class Where:
    """A ledger line's file, sheet (None for CSV and YAML) and the columns of its keys."""

    file: str
    sheet: str | None
    columns: dict[str, int]  # key -> 1-based column (YAML: the key's column on its line)


@dataclass
class Ledger:
    """The ledger's lines, in columns; ``line(i)`` names line i's place."""

    files: list[Where] = field(default_factory=list)
    date: array = field(default_factory=lambda: array("i"))  # proleptic ordinal
    amount: array = field(default_factory=lambda: array("q"))  # fen, negative for a refund
    county: list[str] = field(default_factory=list)  # a plan code, or the text given where none
    known: array = field(default_factory=lambda: array("b"))  # 1 where the county is in the plan
    programme: list[str | None] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    item: list[str | None] = field(default_factory=list)
    person_days: array = field(default_factory=lambda: array("i"))  # -1: not given
    professional: list[str | None] = field(default_factory=list)
    voucher: list[str] = field(default_factory=list)
    file: array = field(default_factory=lambda: array("i"))  # into files (YAML: one per entry)
    row: array = field(default_factory=lambda: array("i"))  # 1-based line or row

    def __len__(self) -> int:
        return len(self.date)

    def place(self, i: int, key: str = "amount") -> dict:
        """Where line ``i`` (its ``key``'s cell) stands: file, sheet, cell, line."""
        where = self.files[self.file[i]]
        column = where.columns.get(key, 1)
        cell = f"{column_letters(column)}{self.row[i]}" if where.sheet is not None else None
        return {"file": where.file, "sheet": where.sheet, "cell": cell, "line": self.row[i]}


def read_ledger(path: Path | str, plan: Plan) -> Ledger:
    """Every ledger file at ``path`` (a file or a folder), checked against the plan.
    Raises ProblemError with every problem when a line cannot be read."""
    path = Path(path)
    reader = _Reader(plan)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower().rstrip() in LEDGER_FILES
                       and not p.name.startswith(("~$", ".")))
        if not files:
            raise ProblemError([make_problem(display_name(path), 1, 1, "", "no-ledger", Msg("ledger.empty_folder"))])
    else:
        files = [path]
    for file in files:
        reader.read(file)
    reader.finish()
    return reader.ledger


class _Reader:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.ledger = Ledger()
        self.names = county_names(plan) or {}
        self.programmes: dict[str, list[str]] = {}
        for _, county, post in plan.posts():
            self.programmes.setdefault(county.code, []).append(post.programme.value)
        self.problems: list[Problem] = []
        self.counted: dict[str, int] = {}
        self.dates: dict[str, int | None] = {}
        self.strings: dict[str, str] = {}
        self.terms: dict[str, str] = {}
        self.unknown_counties: set[str] = set()

    # -- problems

    def flag(self, where: Where, row: int, key: str, code: str, words: str, **params) -> None:
        self.counted[code] = self.counted.get(code, 0) + 1
        if self.counted[code] > MAX_PROBLEMS:
            return
        column = where.columns.get(key, 1)
        cell = f"{column_letters(column)}{row}" if where.sheet is not None else None
        self.problems.append(make_problem(where.file, row, column, key, code, Msg(words, params),
                                          sheet=where.sheet, cell=cell))

    def finish(self) -> None:
        for code, count in self.counted.items():
            if count > MAX_PROBLEMS:
                self.problems.append(make_problem(self.ledger.files[-1].file, 1, 1, "", code,
                                                  Msg("ledger.more", {"count": count - MAX_PROBLEMS, "code": code})))
        if self.problems:
            raise ProblemError(sorted(self.problems))
        if len(self.ledger) and not any(self.ledger.known):
            counties = "、".join(sorted(self.unknown_counties)[:5])
            raise ProblemError([make_problem(self.ledger.files[0].file, 1, 1, "", "other-plan", Msg(
                "ledger.other_plan", {"plan": self.plan.plan.id, "counties": counties}))])

    # -- files

    def read(self, path: Path) -> None:
        display = display_name(path)
        suffix = path.suffix.lower().rstrip()
        if suffix == ".csv":
            self.rows(display, None, _csv_rows(path, display))
        elif suffix in TABLES:
            sheet = read_sheet(path, display, LEDGER_SHEETS)
            self.rows(display, sheet.name, iter(sheet.rows))
        else:
            self.yaml(path, display)

    def rows(self, display: str, sheet: str | None, rows) -> None:
        titles = 0
        header: list = []
        for header in rows:
            if sum(1 for v in header if _header_key(cell_text(v)) is not None) >= 3:
                break
            titles += 1
            if titles > 20:
                break
        columns: dict[str, int] = {}
        problems = []
        for c, value in enumerate(header):
            text = cell_text(value)
            if not text:
                continue
            key = _header_key(text)
            if key is None:
                close = difflib.get_close_matches(text, list(_BY_HEADER), n=1, cutoff=0.5)
                problems.append((c, "unknown-header", "ledger.unknown_header",
                                 {"header": text, "hint": close[0] if close else "、".join(LEDGER_HEADERS.values())}))
            elif key != "_ignore":
                columns.setdefault(key, c)
        where = Where(display, sheet, {k: c + 1 for k, c in columns.items()})
        head = titles + 1
        for c, code, words, params in problems:
            self.flag(Where(display, sheet, {"_": c + 1}), head, "_", code, words, **params)
        missing = [k for k in REQUIRED if k not in columns]
        if missing:
            self.flag(where, head, "_", "missing-column", "ledger.missing_column",
                      columns="、".join(f"{k} {LEDGER_HEADERS[k]}" for k in missing))
        if missing or problems:
            return
        self.ledger.files.append(where)
        index = len(self.ledger.files) - 1
        picks = [(k, c) for k, c in columns.items() if k in LEDGER_HEADERS]
        for r, row in enumerate(rows, start=head + 1):
            values = {k: (row[c] if c < len(row) else None) for k, c in picks}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            self.line(where, index, r, values)

    def yaml(self, path: Path, display: str) -> None:
        doc = load_yaml(path, display)
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            line, column = doc.where(())
            raise ProblemError([make_problem(display, line, column, "", "no-ledger", Msg("ledger.yaml_shape"))])
        if data.get("plan") not in (None, self.plan.plan.id):
            line, column = doc.where(("plan",))
            raise ProblemError([make_problem(display, line, column, "plan", "other-plan", Msg(
                "ledger.yaml_plan", {"given": str(data["plan"]), "plan": self.plan.plan.id}))])
        for i, entry in enumerate(data["entries"]):
            line, column = doc.where(("entries", i))
            if not isinstance(entry, dict):
                raise ProblemError([make_problem(display, line, column, "", "wrong-type", Msg("ledger.yaml_shape"))])
            columns = {}
            values = {}
            for key, value in entry.items():
                name = _header_key(str(key))
                if name is None or name == "_ignore":
                    close = difflib.get_close_matches(str(key), list(_BY_HEADER), n=1, cutoff=0.5)
                    k_line, k_col = doc.where(("entries", i, key))
                    self.problems.append(make_problem(display, k_line, k_col, str(key), "unknown-header", Msg(
                        "ledger.unknown_header", {"header": str(key), "hint": close[0] if close else ""})))
                    continue
                columns[name] = doc.where(("entries", i, key))[1]
                values[name] = value
            where = Where(display, None, columns)
            self.ledger.files.append(where)
            missing = [k for k in REQUIRED if k not in values]
            if missing:
                self.flag(where, line, "_", "missing-column", "ledger.missing_key",
                          columns="、".join(f"{k} {LEDGER_HEADERS[k]}" for k in missing))
                continue
            self.line(where, len(self.ledger.files) - 1, line, values)

    # -- one line

    def line(self, where: Where, index: int, row: int, values: dict) -> None:
        ok = True
        date = self.date(values.get("date"))
        if date is None:
            self.flag(where, row, "date", "bad-date", "ledger.bad_date", value=_shown(values.get("date")))
            ok = False
        amount = _fen(values.get("amount"))
        if amount is None:
            self.flag(where, row, "amount", "bad-amount", "ledger.bad_amount", value=_shown(values.get("amount")))
            ok = False
        voucher = _ident(values.get("voucher"))
        if not voucher:
            self.flag(where, row, "voucher", "missing-value", "ledger.missing", what="voucher 凭证号")
            ok = False
        source_text = self.term(values.get("source"))
        source = SOURCES.get(source_text) or SOURCES.get(source_text.lower())
        if source is None:
            self.flag(where, row, "source", "bad-source", "ledger.bad_source", value=_shown(source_text))
            ok = False
        item = self.term(values.get("item")) or None
        if item is None and source in ("central", "local"):
            self.flag(where, row, "item", "missing-value", "ledger.missing", what="item 支出科目")
            ok = False
        days = -1
        if _ident(values.get("person_days")):
            number = _number(values.get("person_days"))
            if number is None or number < 0 or number != int(number):
                self.flag(where, row, "person_days", "bad-number", "ledger.bad_days",
                          value=_shown(values.get("person_days")))
                ok = False
            else:
                days = int(number)
        elif source == "training" and amount is not None and amount > 0:
            self.flag(where, row, "person_days", "missing-value", "ledger.missing", what="person_days 培训人天")
            ok = False
        county, known, programme = self.county(where, row, values)
        if county is None:
            ok = False
        if not ok or date is None or amount is None or county is None or source is None:
            return
        ledger = self.ledger
        ledger.date.append(date)
        ledger.amount.append(amount)
        ledger.county.append(county)
        ledger.known.append(known)
        ledger.programme.append(programme)
        ledger.source.append(source)
        ledger.item.append(self.intern(item) if item else None)
        ledger.person_days.append(days)
        professional = _ident(values.get("professional")) or None
        ledger.professional.append(professional)
        ledger.voucher.append(voucher)
        ledger.file.append(index)
        ledger.row.append(row)

    def term(self, value) -> str:
        """A county, source, item or programme as read: these repeat on every line, so each
        distinct cell is normalised once."""
        if type(value) is str:
            cached = self.terms.get(value)
            if cached is None:
                cached = self.intern(_ident(value))
                if len(self.terms) < 100_000:  # bounded, whatever the file holds
                    self.terms[value] = cached
            return cached
        return _ident(value)

    def intern(self, text: str) -> str:
        return self.strings.setdefault(text, text)

    def date(self, value) -> int | None:
        if isinstance(value, dt.datetime):
            return value.date().toordinal()
        if isinstance(value, dt.date):
            return value.toordinal()
        if not isinstance(value, str):
            return None
        if value in self.dates:
            return self.dates[value]
        text = unicodedata.normalize("NFKC", value).strip()
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        ordinal = None
        if match:
            try:
                ordinal = dt.date(int(match[1]), int(match[2]), int(match[3])).toordinal()
            except ValueError:
                ordinal = None
        if len(self.dates) < 100_000:
            self.dates[value] = ordinal
        return ordinal

    def county(self, where: Where, row: int, values: dict) -> tuple[str | None, int, str | None]:
        token = self.term(values.get("county"))
        if not token:
            self.flag(where, row, "county", "missing-value", "ledger.missing", what="county 县")
            return None, 0, None
        if token in self.programmes:
            code = token
        else:
            codes = self.names.get(token.casefold())
            if not codes:  # a finding (unknown-county), not an unreadable line
                self.unknown_counties.add(token)
                return self.intern(token), 0, None
            if len(codes) > 1:
                self.flag(where, row, "county", "ambiguous-county", "problem.ambiguous_county", name=token,
                          codes=", ".join(codes))
                return None, 0, None
            code = codes[0]
        offered = self.programmes[code]
        text = self.term(values.get("programme"))
        if text:
            programme = PROGRAMMES.get(text, text.lower())
            if programme not in offered:
                self.flag(where, row, "programme", "unknown-programme", "assess.unknown_programme", county=code,
                          value=text, offered="、".join(offered))
                return None, 0, None
        elif len(offered) > 1:
            self.flag(where, row, "county", "missing-value", "assess.which_programme", county=code,
                      offered="、".join(offered))
            return None, 0, None
        else:
            programme = offered[0]
        return code, 1, programme


def _csv_rows(path: Path, display: str):
    """A CSV file's rows, streamed: UTF-16 by its BOM, else UTF-8, else GB18030 when its
    first megabyte is not UTF-8. A UTF-8 file with a line in another encoding further on
    is refused at that line, never decoded whole as the wrong one."""
    def fail(code: str, key: str, line: int = 1, **params) -> ProblemError:
        return ProblemError([make_problem(display, line, 1, "", code, Msg(key, params))])

    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise fail("no-file", "problem.unreadable", detail=exc.strerror or str(exc)) from None
    with handle:
        head = handle.read(CSV_CHUNK)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            try:
                codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
                encoding = "utf-8-sig"
            except UnicodeDecodeError:
                encoding = "gb18030"
            if b"\x00" in head or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                raise fail("encoding", "ledger.binary")
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        reader = csv.reader(text)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise fail("encoding", "ledger.mixed_encoding", reader.line_num + 1) from None
            except csv.Error as exc:
                raise fail("bad-csv", "ledger.bad_csv", reader.line_num, detail=str(exc)) from None
            yield row


def _header_key(text: str) -> str | None:
    for line in text.split("\n"):
        line = unicodedata.normalize("NFKC", line).strip().rstrip("*").strip()
        key = _BY_HEADER.get(line) or _BY_HEADER.get(line.lower())
        if key is not None:
            return key
    return None


def _ident(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", cell_text(value)).strip()


def _shown(value) -> str:
    from .fields import shown

    return shown(cell_text(value)) if value is not None else ""


def _number(value) -> Decimal | None:
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(_ident(value))
    except InvalidOperation:
        return None


def _fen(value) -> int | None:
    """Yuan with at most two decimals as whole fen; None when it is not money."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value * 100
    if type(value) is str:  # the common case first: 1200.00 as typed
        match = _MONEY.match(value)
        if match:
            whole = int(match[2]) * 100 + int((match[3] or "").ljust(2, "0"))
            return -whole if match[1] == "-" else whole
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "inf" in text or "nan" in text:
            return None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace("¥", "")
        text = text.removesuffix("元").strip()
        if text.startswith("(") and text.endswith(")"):  # an accountant's negative
            text = "-" + text[1:-1]
        text = text.replace("−", "-")
    match = _MONEY.match(text)
    if not match:
        return None
    whole = int(match[2]) * 100 + int((match[3] or "").ljust(2, "0"))
    return -whole if match[1] == "-" else whole


__all__ = ["LEDGER_FILES", "Ledger", "read_ledger"]
