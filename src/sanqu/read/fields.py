"""pydantic's verdict on a document, as problems at their places in words an analyst reads."""

from __future__ import annotations

import difflib
import re
import typing
from collections import Counter
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..i18n import Choices, Msg, library_message
from ..plan.models import Applicants, Plan
from ..plan.values import PATTERN_MESSAGES
from ..problems import PER_KIND, Problem
from .yamldoc import Document, MisreadNumber

M = TypeVar("M", bound=BaseModel)


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that the mapping at ``loc`` (below ``model``) should match, if any."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue  # a list item: the list's element type was taken at its field
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
        # Unwrap Optional[...], list[...] and Annotated[...] down to a model.
        while typing.get_origin(current) is not None:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unknown_key_hint(model: type[BaseModel], loc: tuple) -> object:
    """'did you mean ...?' from the keys allowed at that place, or a hint at the wrong file."""
    name = str(loc[-1])
    here = _model_at(model, loc[:-1])
    if here is not None:
        close = difflib.get_close_matches(name, list(here.model_fields), n=1)
        if close:
            return Msg("problem.unknown_key_hint", {"suggestion": close[0]})
    if len(loc) == 1:
        others: dict[type[BaseModel], type[BaseModel]] = {Plan: Applicants, Applicants: Plan}
        other = others.get(model)
        if other is not None and name in other.model_fields:
            return Msg("problem.wrong_file", {"expected": Msg(f"file.{model.__name__}"),
                                              "found": Msg(f"file.{other.__name__}")})
    return ""


def problems_from(doc: Document, error: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """pydantic's errors as Problems at their places, in words an analyst reads.

    At most PER_KIND of each kind are placed and worded; the rest are counted in one
    closing line, so a file of a million broken items is reported in a moment.
    """
    problems = []
    seen: Counter = Counter()
    for err in error.errors(include_url=False):
        kind = err["type"]
        seen[kind] += 1
        if seen[kind] > PER_KIND:
            continue
        loc = tuple(err["loc"])
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "missing" and getattr(doc, "reported", lambda _: False)(loc):
            continue  # a spreadsheet cell not read, for a reason already said at it
        if kind == "missing":
            # A missing key has no place of its own: point at the mapping that lacks it,
            # at its key where it has one ("plan:"), else at its first line.
            problems.append(doc.problem(loc[:-1], "missing-key",
                                        Msg("problem.missing_key", {"key": loc[-1]}), key=True))
            continue
        if kind == "extra_forbidden":
            hint = _unknown_key_hint(model, loc)
            problems.append(doc.problem(loc, "unknown-key",
                                        Msg("problem.unknown_key", {"key": loc[-1], "hint": hint}),
                                        key=True))
            continue
        english = err["msg"].removeprefix("Value error, ")
        params: dict = {**{k: v for k, v in ctx.items() if k != "error"}, "english": english}
        if kind.startswith("date"):  # why the date is not one, in Chinese where sanqu knows the reason
            why = str(ctx.get("error", ""))
            params["english"] = library_message("date", why, english)
        if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
            msg = Msg(PATTERN_MESSAGES[ctx["pattern"]], {"input": value})
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            msg = Msg("pyd.mapping")
        elif kind in ("string_type", "decimal_type", "int_type", "decimal_parsing", "int_parsing"):
            params["hint"] = Msg("pyd.bool_hint") if isinstance(value, bool) else (
                Msg("pyd.misread_hint", {"text": value}) if isinstance(value, MisreadNumber) else "")
            params["given"] = "" if value is None or isinstance(value, (dict, list)) else Msg(
                "pyd.given", {"value": shown(value)})
            msg = Msg(f"pyd.{kind}", params)
        elif kind == "enum":  # the keys, and in Chinese with the terms' Chinese names
            msg = Msg("pyd.enum", {"expected": Choices(re.findall(r"'([^']*)'", ctx.get("expected", ""))),
                                   "given": Msg("pyd.given", {"value": shown(value)}) if value is not None else ""})
        else:
            msg = Msg(f"pyd.{kind}", params)
        if kind in ("enum", "literal_error"):
            code = "invalid-choice"
        elif kind.endswith("_type") or kind.endswith("_parsing"):
            code = "wrong-type"
        else:
            code = "invalid-value"
        problems.append(doc.problem(loc, code, msg))
    for kind, count in seen.items():
        if count > PER_KIND:
            problems.append(doc.problem((), "more-problems", Msg(
                "problem.more", {"n": count - PER_KIND, "kind": kind})))
    return problems


def validate_document(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    if doc.data is None:
        return None, [doc.problem((), "empty", Msg("problem.empty"))]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from(doc, exc, model)


_LONG_DIGITS = re.compile(r"\d{11,}[\dXx]?")


def shown(value: object) -> str:
    """A refused value as a message quotes it: in quotes, cut short, and anything shaped like
    an identity number or a phone masked (a number typed in the wrong column stays private)."""
    text = str(value)
    text = _LONG_DIGITS.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 5) + m.group(0)[-2:], text)
    return repr(text[:60] + ("…" if len(text) > 60 else ""))
