"""The signed agreements, as the office records them: one row per professional with the
date the tripartite agreement was signed (``--agreements FILE``: a workbook, CSV or YAML
``agreements:``). Read to warn of placements unsigned after ``agreement_deadline``."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..i18n import Msg
from ..problems import Problem, ProblemError, make_problem
from .assessment import Place
from .sheets import TABLES, read_rows
from .sources import display_name
from .yamldoc import load_yaml

HEADERS = {"professional": "professional", "人员编号": "professional", "编号": "professional", "id": "professional",
           "signed": "signed", "签订日期": "signed", "签署日期": "signed", "签订时间": "signed"}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class Signed:
    professional: str
    signed: dt.date | None
    place: Place


def read_agreements(path: Path | str) -> list[Signed]:
    """Each row's professional and signing date. Raises ProblemError with every problem."""
    path = Path(path)
    display = display_name(path)
    rows: list[tuple[dict[str, object], Place]] = []
    if path.suffix.lower().rstrip() in TABLES:
        table, sheet = read_rows(path, display, ("agreements", "三方协议", "协议"))
        header = {c: HEADERS.get(unicodedata.normalize("NFKC", str(v or "")).strip().lower()) or HEADERS.get(
            str(v or "").strip()) for c, v in enumerate(table[0] if table else [])}
        for r, row in enumerate(table[1:], start=2):
            values = {key: row[c] for c, key in header.items() if key and c < len(row)}
            if any(str(v or "").strip() for v in values.values()):
                rows.append((values, Place(display, r, 1, sheet)))
    else:
        doc = load_yaml(path, display)
        entries = doc.data.get("agreements") if isinstance(doc.data, dict) else None
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            line, column = doc.where(("agreements", i))
            if isinstance(entry, dict):
                rows.append(({HEADERS.get(str(k), str(k)): v for k, v in entry.items()}, Place(display, line, column)))
    out, problems = [], []
    for values, place in rows:
        who = str(values.get("professional") or "").strip()
        if not who:
            problems.append(place.problem("missing-key", Msg("agree.no_professional")))
            continue
        signed = _date(values.get("signed"))
        if values.get("signed") not in (None, "") and signed is None:
            problems.append(place.problem("invalid-date", Msg("agree.bad_date", {"value": str(values["signed"])})))
            continue
        out.append(Signed(who, signed, place))
    if problems:
        raise ProblemError(problems)
    return out


def _date(value: object) -> dt.date | None:
    """A date cell, or one typed as 2022-07-25, 2022/7/25 or 2022年7月25日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = _DATE.match(unicodedata.normalize("NFKC", str(value or "")).strip())
    if not found:
        return None
    try:
        return dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def unsigned(plan, record, signed: list[Signed], today: dt.date, file: str) -> list[Problem]:
    """Warnings: a placement with no signed agreement once the deadline has passed, one
    signed after the deadline, and a signed row for someone not placed."""
    deadline = plan.plan.agreement_deadline
    by_id = {s.professional: s for s in signed}
    placed = {a.professional for a in record.assignments}
    out = []
    for a in record.assignments:
        row = by_id.get(a.professional)
        if row is None or row.signed is None:
            if deadline is not None and today > deadline:
                where = row.place if row is not None else None
                message = Msg("agree.unsigned", {"id": a.professional, "deadline": deadline.isoformat()})
                out.append(where.problem("unsigned-agreement", message, "warning") if where else
                           make_problem(file, 1, 1, "", "unsigned-agreement", message, "warning"))
        elif deadline is not None and row.signed > deadline:
            out.append(row.place.problem("late-agreement", Msg("agree.late", {
                "id": a.professional, "signed": row.signed.isoformat(), "deadline": deadline.isoformat()}), "warning"))
    for row in signed:
        if row.professional not in placed:
            out.append(row.place.problem("not-placed", Msg("agree.not_placed", {"id": row.professional}), "warning"))
    return out
