"""One value at a time: the field types of the input files (codes, ids, visible text,
money, scores, personal data), the rule each enforces, and how scores are written back
(82.5, 81.0 for people; 82.5, 81 in JSON). The models are in models.py."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StrictInt
from pydantic_core import PydanticCustomError

from ..i18n import mask_shapes, shaped_like_personal
from ..i18n.terms import PROGRAMMES, QUALIFICATIONS
from .personal import (
    Personal,
    id_card_problem,
    keep_id_card,
    keep_phone,
    mask_id_card,
)


def _term(names: dict[str, str]):
    """A term given as its key (any case) or its Chinese name."""

    def convert(value):
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            return names.get(text) or names.get(value.strip()) or text.lower()
        return value
    return BeforeValidator(convert)


def _codes_typed_as_one(value):
    """[530628，530629] (a Chinese comma) is one YAML item holding two codes: split it."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(item.__class__ is str and item.isascii() and item
                                       and not item[0].isspace() and not item[-1].isspace() for item in value):
        return value  # the usual ["530628", "530629"]: no Chinese separator, nothing to strip
    if isinstance(value, list):
        return [part.strip() for item in value
                for part in (_CHINESE_SEPARATORS.split(item) if isinstance(item, str) else [item])
                if not isinstance(part, str) or part.strip()]
    return value


_CHINESE_SEPARATORS = re.compile(r"[，、；]")
CodeList = BeforeValidator(_codes_typed_as_one)
QualificationTerm = _term(QUALIFICATIONS)
ProgrammeTerm = _term(PROGRAMMES)


MAX_MONEY = Decimal(100_000_000)  # per person-year or per day: far above any real standard


def _money(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise PydanticCustomError("money.finite", "must be a finite amount")
    if value < 0:
        raise PydanticCustomError("money.negative", "must not be negative")
    if value > MAX_MONEY:
        raise PydanticCustomError("money.absurd", "is absurdly large (more than {limit})",
                                  {"limit": f"{MAX_MONEY:,}"})
    exponent = value.as_tuple().exponent  # an int: the value is finite (checked above)
    if isinstance(exponent, int) and exponent < -2:
        raise PydanticCustomError(
            "money.places", "has more than two decimal places (amounts are exact to the fen)")
    return value


def _no_float(value):
    if isinstance(value, float):  # only possible from Python callers; YAML gives Decimal
        raise PydanticCustomError(
            "money.float", "binary floats are not accepted for money; use a string or Decimal")
    if isinstance(value, bool):
        raise PydanticCustomError("money.bool", "must be an amount, not true/false")
    if type(value).__name__ == "MisreadNumber":  # 020000: YAML 1.1 would read octal 8192
        raise PydanticCustomError("money.misread", "{text} is not a plain number", {"text": str(value)})
    return value


# Native (Rust-side) constraints keep validation of 30,000 applicants fast; load.py turns
# their pattern errors into these sentences.
CODE4_PATTERN = r"^[0-9]{4}$"
CODE6_PATTERN = r"^[0-9]{6}$"
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
NOT_BLANK_PATTERN = r"\S"
PATTERN_MESSAGES = {  # pattern -> message key in i18n.py
    CODE4_PATTERN: "pyd.pattern.code4",
    CODE6_PATTERN: "pyd.pattern.code6",
    SLUG_PATTERN: "pyd.pattern.slug",
    NOT_BLANK_PATTERN: "pyd.pattern.not_blank",
}

def _identifier(value):
    """Ids and codes as one thing each: full-width forms folded (NFKC), invisible characters
    and look-alike letters refused, so P001, P001+U+200B and Ｐ００１ cannot be three people."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return value
    folded = value if value.isascii() else unicodedata.normalize("NFKC", value)
    if len(folded) >= 11 and shaped_like_personal(folded):  # the shortest shape, a phone, has 11
        # Ids are printed everywhere: an identity number or a phone must not be one.
        raise PydanticCustomError("text.personal", "looks like an identity number or a phone")
    if value.isascii():
        return value
    value = folded
    for ch in value:
        if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp", "Zs") and ch != " ":
            raise PydanticCustomError("text.invisible", "contains an invisible character U+{code}",
                                      {"code": f"{ord(ch):04X}"})
    for ch in value:  # ids and codes here are Latin, digits and Chinese: А01 is not A01
        if unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK")):
            raise PydanticCustomError(
                "text.lookalike", "has {char!r}, a {script} letter that looks like a Latin one",
                {"char": ch, "script": unicodedata.name(ch).split()[0].title()})
    return value


def _masked(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)  # ５３０１… is as personal as 5301…
    return mask_shapes(folded) if shaped_like_personal(folded) else text


def _visible(value):
    """A name must show something once invisible characters are taken out."""
    if isinstance(value, str) and not value.isascii():
        shown = "".join(ch for ch in value if unicodedata.category(ch) not in ("Cf", "Cc", "Zs"))
        if not shown:
            raise PydanticCustomError("text.blank", "is blank: only invisible characters")
    return value


# Codes and ids written without quotes arrive as numbers; they are still text.
Code4 = Annotated[str, Field(coerce_numbers_to_str=True, pattern=CODE4_PATTERN),
                  BeforeValidator(_identifier)]
Code6 = Annotated[str, Field(coerce_numbers_to_str=True, pattern=CODE6_PATTERN),
                  BeforeValidator(_identifier)]
Text = Annotated[str, Field(strict=True, pattern=NOT_BLANK_PATTERN), BeforeValidator(_visible)]
# A person's or an agency's name, a note: anything shaped like an identity number or a
# phone in it is masked as it is read, so that no output can show it.
Name = Annotated[Text, AfterValidator(lambda text: _masked(text))]
Id = Annotated[str, Field(coerce_numbers_to_str=True, pattern=NOT_BLANK_PATTERN),
               BeforeValidator(_identifier)]
Money = Annotated[Decimal, BeforeValidator(_no_float), AfterValidator(_money)]


def _real_precision(value: Decimal) -> Decimal:
    """85.00000000000000000000 is 85: trailing zeros must not scale the solver's integers."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


Score = Annotated[Decimal, Field(ge=0, le=100, decimal_places=4, allow_inf_nan=False),
                  AfterValidator(_real_precision)]
Count = Annotated[StrictInt, Field(ge=0)]
# Upper bounds catch typos (an extra zero or ten) before they turn into absurd budgets.
Quota = Annotated[StrictInt, Field(ge=0, le=100_000)]
Trainees = Annotated[StrictInt, Field(ge=0, le=1_000_000)]
# A plan's years run from 1900 to 2200 (PlanInfo.year), and so do its days: a date in year
# 9999 would overflow the calendar a year or a quarter later, when a period is counted.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def personal(kind: str):
    """Personal data from YAML text or a spreadsheet: checked, then kept only masked."""

    def convert(value):
        if value is None or isinstance(value, Personal):
            return value
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise PydanticCustomError("personal.type", "must be text")
        if kind == "phone":
            return keep_phone(value.strip())
        number = value.strip().upper()
        why = id_card_problem(number)
        if why is not None:
            # The message names the number masked: never in full, not even when it is wrong.
            raise PydanticCustomError("personal.id_card", "identity number {masked} is not valid",
                                      {"masked": mask_id_card(number)})
        return keep_id_card(number)
    return BeforeValidator(convert)


def format_score(score: Decimal) -> str:
    """A score as people write it: one decimal at least (81.0), more only when given."""
    return f"{score:.1f}" if score == score.quantize(Decimal("0.1")) else f"{score}"


def score_number(score: Decimal):
    """A score as a JSON number: an int when whole, else the float that prints as the Decimal.

    Scores have at most four decimals and totals at most a dozen digits, so the shortest
    float repr reproduces the decimal text exactly.
    """
    return int(score) if score == score.to_integral_value() else float(score)
