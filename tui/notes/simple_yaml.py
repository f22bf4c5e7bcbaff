"""The small part of YAML that note front matter nearly always uses, read without PyYAML.

`title: Amazon SQS`, `aliases: [SQS, "8888", キュー]`, `order: 10`: flat mappings of plain or
simply quoted text, whole numbers and flow lists of those. Importing PyYAML and running its
loader costs more than reading all the bundled notes, so these are read here; anything else
(escapes, block lists, comments, values YAML would read as dates, booleans or floats, …) returns
None and the caller uses the real YAML loader. Whatever this accepts, it reads exactly as
PyYAML's safe loader would (a property test checks that).
"""

from __future__ import annotations

import re

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_INT = re.compile(r"(?:0|[1-9][0-9]{0,17})\Z")
# Plain text that YAML reads as a string in both a block and a flow context: no indicator
# first, no characters that start quotes, comments, flow collections or anchors anywhere,
# nothing that could be a number, date or other resolved type (those begin with a digit, a sign,
# a dot or `~`, or are one of the booleans and nulls below; a digit first is fine in text that
# is not all ASCII).
_TEXT = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~=<\\][^,\[\]{}#'\"\\\t]*\Z")
_RESOLVED_WORDS = frozenset(["y", "yes", "n", "no", "true", "false", "on", "off", "null"])


def _text(value: str, in_list: bool) -> str | None:
    """`value` if YAML reads it as this very string, else None."""
    if value[:1].isdigit() and not value.isascii():
        # YAML's numbers, dates and times are all ASCII: "3つの階層" can only be text
        if not _TEXT.match("a" + value[1:]):
            return None
    elif not _TEXT.match(value) or value.lower() in _RESOLVED_WORDS:
        return None
    if ":" in value and (in_list or ": " in value or value.endswith(":")):
        return None
    if not value.isprintable() or value != value.strip():
        return None
    return value


def _quoted(value: str) -> str | None:
    """The text of `"…"` or `'…'` when it has no escapes, quotes or commas inside, else None."""
    inner = value[1:-1]
    if any(mark in inner for mark in ("'", '"', "\\", ",")) or not inner.isprintable():
        return None
    return inner


def _scalar(value: str, in_list: bool = False) -> str | int | None:
    if _INT.match(value):
        return int(value)
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return _quoted(value)
    return _text(value, in_list)


def _flow_list(value: str) -> list[str | int] | None:
    inner = value[1:-1].strip(" ")
    if not inner:
        return []
    items: list[str | int] = []
    for raw in inner.split(","):
        item = _scalar(raw.strip(" "), in_list=True)
        if item is None:
            return None
        items.append(item)
    return items


def load_simple(source: str) -> dict[str, object] | None:
    """`source` read as a flat mapping if it is in the simple subset, else None."""
    data: dict[str, object] = {}
    for line in source.split("\n"):
        if not line.strip(" \r"):
            continue
        key, colon, rest = line.partition(": ")
        if not colon or not _KEY.match(key) or key in data or key.lower() in _RESOLVED_WORDS:
            return None
        value = rest.rstrip(" \r")
        if value[:1] == " ":  # `key:  value` is fine YAML, but rare: keep it simple
            return None
        parsed: object
        if value.startswith("[") and value.endswith("]"):
            parsed = _flow_list(value)
        else:
            parsed = _scalar(value)
        if parsed is None:
            return None
        data[key] = parsed
    return data or None
