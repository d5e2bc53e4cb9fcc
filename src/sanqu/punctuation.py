"""Punctuation a Chinese input method types where YAML needs ASCII: found where it breaks a file.

``quota：4`` (a full-width colon) is not a key and a value to YAML; the reader says where
the character stands and what to type instead, rather than YAML's own words.
"""

from __future__ import annotations

# Punctuation a Chinese input method types in place of YAML's, and what YAML needs.
FULL_WIDTH = {"：": ": ", "，": ", ", "［": "[", "］": "]", "｛": "{", "｝": "}", "\u3000": " ",
               "－": "-", "＂": '"', "＇": "'"}


def full_width(text: str, lines: list[int]) -> tuple[int, int, str] | None:
    """The first full-width punctuation mark on these lines (1-based), outside quotes."""
    all_lines = text.splitlines()
    for number in lines:
        if not 1 <= number <= len(all_lines):
            continue
        quote = None
        for column, char in enumerate(all_lines[number - 1], start=1):
            if quote:
                quote = None if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in FULL_WIDTH:
                return number, column, char
    return None
