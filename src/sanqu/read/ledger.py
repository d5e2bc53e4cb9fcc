"""The spending ledger (the contract's Input 3): what the finance office paid from the funds.

A workbook (sheet ``ledger`` or ``支出明细``, else the first visible one), a CSV file in
the applicants' encodings, YAML (``entries:``), or a folder of them. Headers in English
or Chinese in any order, below any title rows; county codes or names; date cells or the
forms people type (2022-08-05, 2022/8/5, 2022年8月5日); refunds as negative amounts.

A national ledger has a million lines, so lines are kept in columns (``array``s of
integers, each repeated text stored once), not as an object per line; a CSV file is
read as a stream, and a line whose every cell was seen before in a good line is added
from what those cells came to (``fast_line``), without reading each cell again.
Every problem names its place: ``FILE:SHEET!CELL`` or ``FILE:LINE:COL``.
"""

from __future__ import annotations

import datetime as dt
import difflib
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
from .sources import display_name, folder_files
from .text import csv_rows
from .yamldoc import load_yaml

LEDGER_FILES = (".yaml", ".yml", *TABLES)
_FAST_KEYS = ("date", "amount", "voucher", "source", "item", "county", "programme", "person_days", "professional")
REQUIRED = ("date", "voucher", "county", "source", "amount")
MAX_PROBLEMS = 20  # lines named per kind of problem; the rest are counted
_BY_HEADER = {**{k: k for k in LEDGER_HEADERS}, **{v: k for k, v in LEDGER_HEADERS.items()}, **LEDGER_SYNONYMS}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONEY = re.compile(r"^([-+]?)(\d+)(?:\.(\d{1,2}))?$")


@dataclass(frozen=True)
class Where:
    """A ledger line's file, sheet (None for CSV and YAML) and the columns of its keys."""

    file: str
    sheet: str | None
    columns: dict[str, int]  # key -> 1-based column (YAML: the key's column on its line)


PARTS = ("central", "local", "training")  # a line's source, as its index here


@dataclass
class Ledger:
    """The ledger's lines, in columns of integers: a million lines take arrays, not objects.

    Texts that repeat (counties, items, programmes, vouchers, professionals) are kept once,
    each column holding an index into its list (0 in ``items``, ``programmes`` and
    ``professionals`` is none); ``source`` indexes ``PARTS``. ``place(i)`` names line i's place.
    """

    files: list[Where] = field(default_factory=list)
    date: array = field(default_factory=lambda: array("i"))  # proleptic ordinal
    amount: array = field(default_factory=lambda: array("q"))  # fen, negative for a refund
    county: array = field(default_factory=lambda: array("i"))  # into counties
    source: array = field(default_factory=lambda: array("b"))  # into PARTS
    item: array = field(default_factory=lambda: array("i"))  # into items
    programme: array = field(default_factory=lambda: array("i"))  # into programmes
    person_days: array = field(default_factory=lambda: array("i"))  # -1: not given
    professional: array = field(default_factory=lambda: array("i"))  # into professionals
    voucher: array = field(default_factory=lambda: array("i"))  # into vouchers
    file: array = field(default_factory=lambda: array("i"))  # into files (YAML: one per entry)
    row: array = field(default_factory=lambda: array("i"))  # 1-based line or row
    counties: list[str] = field(default_factory=list)  # a plan code, or the text given where none
    known: list[bool] = field(default_factory=list)  # per county: is it the plan's
    items: list[str | None] = field(default_factory=lambda: [None])
    programmes: list[str | None] = field(default_factory=lambda: [None])
    professionals: list[str | None] = field(default_factory=lambda: [None])
    vouchers: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # files of a folder not read, each named

    def __len__(self) -> int:
        return len(self.date)

    def county_of(self, i: int) -> str:
        return self.counties[self.county[i]]

    def source_of(self, i: int) -> str:
        return PARTS[self.source[i]]

    def item_of(self, i: int) -> str | None:
        return self.items[self.item[i]]

    def voucher_of(self, i: int) -> str:
        return self.vouchers[self.voucher[i]]

    def professional_of(self, i: int) -> str | None:
        return self.professionals[self.professional[i]]

    def place(self, i: int, key: str = "amount") -> dict:
        """Where line ``i`` (its ``key``'s cell) stands: file, sheet, cell, line."""
        where = self.files[self.file[i]]
        column = where.columns.get(key, 1)
        cell = f"{column_letters(column)}{self.row[i]}" if where.sheet is not None else None
        return {"file": where.file, "sheet": where.sheet, "cell": cell, "line": self.row[i]}


class _Index:
    """A list of distinct texts and each one's index: a column stores the index."""

    def __init__(self, texts: list, start: tuple = ()):
        self.texts = texts
        self.ids: dict = {text: k for k, text in enumerate(start)}

    def __call__(self, text) -> int:
        k = self.ids.get(text)
        if k is None:
            k = self.ids[text] = len(self.texts)
            self.texts.append(text)
        return k

    def typed(self, cell) -> int | None:
        """The index of a cell as typed (its text normalised), remembered under the cell
        too; None for an empty cell. One dict for both, the text kept once: a national
        ledger has a voucher every few lines."""
        text = _ident(cell)
        if not text:
            return None
        k = self(cell if text == cell else text)
        self.ids[cell] = k
        return k


def read_ledger(path: Path | str, plan: Plan) -> Ledger:
    """Every ledger file at ``path`` (a file or a folder), checked against the plan.
    Raises ProblemError with every problem when a line cannot be read."""
    path = Path(path)
    reader = _Reader(plan)
    if path.is_dir():
        files, reader.ledger.skipped = folder_files(path, LEDGER_FILES, "ledger.skip_kind")
        if not files:
            raise ProblemError([make_problem(display_name(path), 1, 1, "", "no-ledger", Msg("ledger.empty_folder")),
                                *reader.ledger.skipped])
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
        self.dates: dict[object, int | None] = {}
        self.strings: dict[str, str] = {}
        self.terms: dict[str, str] = {}
        self.unknown_counties: set[str] = set()
        ledger = self.ledger
        self.counties = _Index(ledger.counties)
        self.items = _Index(ledger.items, (None,))
        self.programme_ids = _Index(ledger.programmes, (None,))
        self.professionals = _Index(ledger.professionals, (None,))
        self.professionals.ids[""] = 0  # an empty cell: none
        self.vouchers = _Index(ledger.vouchers)
        # The fast path: each cell as typed, to what the slow path made of it (a CSV line
        # whose every cell was seen before, in a line that could be read, is read here).
        self.seen_source: dict[object, int] = {}
        self.seen_item: dict[object, int] = {}  # 0: none
        self.seen_place: dict[tuple, tuple[int, int]] = {}  # (county, programme) as typed
        self.seen_days: dict[object, int] = {"": -1, None: -1}

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
            self.rows(display, None, csv_rows(path, display))
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
        width = max(c for _, c in picks) + 1
        at = tuple(columns.get(k, -1) for k in _FAST_KEYS)
        fast = self.fast_line
        for r, row in enumerate(rows, start=head + 1):
            if len(row) >= width and fast(row, at, index, r):
                continue
            values = {k: (row[c] if c < len(row) else None) for k, c in picks}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
                continue
            self.line(where, index, r, values)

    def fast_line(self, row: list, at: tuple, index: int, r: int) -> bool:
        """A CSV line of cells seen before, added without reading each cell again; False
        for anything else (a new county, a date or amount in another form, a problem),
        which the slow path reads and remembers."""
        c_date, c_amount, c_voucher, c_source, c_item, c_county, c_programme, c_days, c_who = at
        date = self.dates.get(row[c_date])
        if date is None:
            return False
        text = row[c_amount]
        kind = type(text)
        if kind is float:  # a number cell: exactly some yuan and fen, as _fen reads it
            amount = round(text * 100)
            if not -1e15 < text < 1e15 or amount / 100 != text:
                return False
        elif kind is int:
            amount = text * 100
        elif kind is not str or len(text) < 4 or text[-3] != "." or not text.isascii():
            return False
        else:
            whole, cents = text[:-3], text[-2:]
            if not cents.isdigit():
                return False
            if whole.isdigit():
                amount = int(whole) * 100 + int(cents)
            elif whole[:1] == "-" and whole[1:].isdigit():
                amount = -(int(whole[1:]) * 100 + int(cents))
            else:
                return False
        source = self.seen_source.get(row[c_source])
        item = self.seen_item.get(row[c_item] if c_item >= 0 else None)
        days = self.seen_days.get(row[c_days] if c_days >= 0 else None)
        place = self.seen_place.get((row[c_county], row[c_programme] if c_programme >= 0 else None))
        if source is None or item is None or days is None or place is None:
            return False
        if item == 0 and source != 2 or days == -1 and source == 2 and amount > 0:
            return False
        voucher = self.vouchers.ids.get(row[c_voucher])
        if voucher is None:
            voucher = self.vouchers.typed(row[c_voucher])
            if voucher is None:
                return False
        who = self.professionals.ids.get(row[c_who] if c_who >= 0 else None)
        if who is None:
            who = self.professionals.typed(row[c_who]) or 0
        self.append(date, amount, voucher, source, item, place, days, who, index, r)
        return True

    def append(self, date: int, amount: int, voucher: int, source: int, item: int, place: tuple[int, int],
               days: int, who: int, index: int, row: int) -> None:
        ledger = self.ledger
        ledger.date.append(date)
        ledger.amount.append(amount)
        ledger.voucher.append(voucher)
        ledger.source.append(source)
        ledger.item.append(item)
        ledger.county.append(place[0])
        ledger.programme.append(place[1])
        ledger.person_days.append(days)
        ledger.professional.append(who)
        ledger.file.append(index)
        ledger.row.append(row)

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
        if county not in self.counties.ids:
            self.ledger.known.append(bool(known))
        place = (self.counties(county), self.programme_ids(programme))
        part = PARTS.index(source)
        item_id = self.items(self.intern(item) if item else None)
        who = self.professionals(_ident(values.get("professional")) or None)
        voucher_id = self.vouchers(voucher)
        self.append(date, amount, voucher_id, part, item_id, place, days, who, index, row)
        # What each cell as typed came to, for the fast path (bounded, whatever the file holds).
        raw = {k: values.get(k) for k in ("source", "item", "county", "programme", "person_days")}
        if len(self.seen_place) < 100_000 and not any(type(v) is bool for v in raw.values()):
            self.seen_source[raw["source"]] = part
            self.seen_item[raw["item"]] = item_id
            self.seen_place[(raw["county"], raw["programme"])] = place
            if days >= 0:
                self.seen_days[raw["person_days"]] = days

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
        if isinstance(value, dt.date):  # a date cell (a datetime is a date): kept for the fast path
            day = value.toordinal()
            if len(self.dates) < 100_000:
                self.dates[value] = day
            return day
        if not isinstance(value, str):
            return None
        if value in self.dates:
            return self.dates[value]
        text = unicodedata.normalize("NFKC", value).strip()
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        ordinal: int | None = None
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
