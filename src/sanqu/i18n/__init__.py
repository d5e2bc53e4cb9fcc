"""Every sentence and label a person reads goes through here, to be said in some language.

Code builds messages as ``Msg(key, params)``; they are rendered at output time in the
language asked for (``--lang``, else the locale). The words themselves live in
this folder, one module per language (``en.py``, ``zh.py``): a third language is one more file there.
"""

from __future__ import annotations

import os
import re
from importlib import import_module
from pathlib import Path

LOCALES = Path(__file__).parent


def available() -> list[str]:
    """The languages there is a table for: one two-letter module each in this folder."""
    return sorted(p.stem for p in LOCALES.glob("*.py") if len(p.stem) == 2)


def default_lang(environ=os.environ) -> str:
    """The locale's language: zh for a Chinese locale (LANG=zh_CN.UTF-8), else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in available() else "en"
    return "en"


class Named:
    """A name with its Chinese form; Chinese output uses ``zh`` where there is one."""

    __slots__ = ("en", "zh")

    def __init__(self, en: str, zh: str | None = None):
        self.en, self.zh = en, zh

    def pick(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en

    def __repr__(self) -> str:
        return f"Named({self.en!r}, {self.zh!r})"


class Choices:
    """The keys a term allows, for a message: 'a', 'b' or 'c'; in Chinese, each with its
    Chinese name (none（无）、assistant（助理社会工作师）或 senior（高级社会工作师）)."""

    __slots__ = ("keys",)

    def __init__(self, keys: list[str]):
        self.keys = keys

    def render(self, lang: str = "en") -> str:
        if lang != "zh":
            quoted = [repr(k) for k in self.keys]
            return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        table = _table("zh")
        named = []
        for key in self.keys:
            name = table.get(f"qualification.{key}") or table.get(f"programme.{key}")
            named.append(f"{key}（{name}）" if name else key)
        return named[0] if len(named) == 1 else "、".join(named[:-1]) + "或" + named[-1]


# Shaped like an identity number (18 characters, or the old 15 digits) or a mobile phone
# (11 digits from 13 to 19), standing alone: not part of a longer run of digits. Every
# sentence sanqu renders is masked here, whatever put such a value in it (a number typed
# in a name, a header, a ledger's column): plan/personal.py keeps the values themselves.
_PERSONAL = re.compile(r"(?<![0-9])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9Xx])")
_ELEVEN_DIGITS = re.compile(r"\d{11}")  # what every such shape starts with: a quick first look


def shaped_like_personal(text: str) -> bool:
    """Whether ``text`` holds something shaped like an identity number or a phone."""
    return _ELEVEN_DIGITS.search(text) is not None and _PERSONAL.search(text) is not None


def mask_shapes(text: str) -> str:
    """``text`` with anything shaped like an identity number or a phone masked, as
    plan/personal.py masks them: 530102199001011237 -> 530102**********37, 13812345678 -> 138****5678."""
    return _PERSONAL.sub(lambda m: m[0][:3] + "****" + m[0][-4:] if len(m[0]) == 11
                         else m[0][:6] + "*" * (len(m[0]) - 8) + m[0][-2:], text)


class Msg:
    """A message to be rendered later in some language: a key and its parameters.

    A plain slotted class, not a dataclass: an allocation makes tens of thousands.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, params: dict | None = None):
        self.key = key
        self.params = params or {}

    def render(self, lang: str = "en") -> str:
        template = _table(lang).get(self.key) or _table("en").get(self.key)
        if template is None:  # a message only known in English (from a library)
            template = "{english}"
        values = {k: _render_value(v, lang) for k, v in self.params.items()}
        text = template.format(**values)
        return mask_shapes(text) if shaped_like_personal(text) else text

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"


def _render_value(value, lang: str):
    if isinstance(value, (Msg, Choices)):
        return value.render(lang)
    if isinstance(value, Named):
        return value.pick(lang)
    return value


def library_message(kind: str, message: str, english: str | None = None) -> Named:
    """A library's English ``message`` (libyaml's, a date parser's), with its translation
    where a language's ``LIBRARY`` knows its form; ``english`` is what English output says."""
    module = import_module("sanqu.i18n.zh")
    said = next((words for fragment, words in module.LIBRARY.get(kind, ()) if fragment in message), None)
    if said is not None:
        for pattern, more in module.LIBRARY_MORE.get(kind, ()):
            found = re.search(pattern, message)
            if found:
                said += more.format(*found.groups())
    return Named(message if english is None else english, said)


def has(lang: str, key: str) -> bool:
    """Whether ``lang`` has its own words for ``key``."""
    return key in _table(lang)


def t(lang: str, key: str, **params) -> str:
    """Render one string now."""
    return Msg(key, params).render(lang)


def period_name(key: str, lang: str) -> str:
    """A quarter "2022Q4" or a month "2022-08" in words: 2022年第四季度, 2022年8月."""
    year = int(key[:4])
    if key[4] == "Q":
        quarter = int(key[5])
        return t(lang, "period.quarter", year=year, quarter=t(lang, f"quarter.{quarter}"))
    return t(lang, "period.month", year=year, month=int(key[5:7]))


def programme(lang: str, value: str) -> str:
    return t(lang, f"programme.{value}")


def qualification(lang: str, value: str) -> str:
    return t(lang, f"qualification.{value}")


def _table(lang: str) -> dict[str, str]:
    if lang not in _TABLES:
        module = import_module(f"sanqu.i18n.{lang}")
        _TABLES[lang] = module.STRINGS
    return _TABLES[lang]


_TABLES: dict[str, dict[str, str]] = {}
