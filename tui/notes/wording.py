"""Counts in words: "1 note", "2 notes", "1 match", "0 matches"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` and the noun that agrees with it (`plural` defaults to `singular` + "s")."""
    noun = singular if count == 1 else (plural if plural is not None else f"{singular}s")
    return f"{count} {noun}"


QUOTED_CHARS = 40
"""A message quotes at most this many characters of what the user typed."""


def shortened(text: str, limit: int = QUOTED_CHARS) -> str:
    """`text` as a message quotes it: at most `limit` characters, `…` when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
