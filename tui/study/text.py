"""Markdown inline markup to plain text, the one way every card's front and back are made.

A card's back must be text that is in its note: cards strip the same markup from the same
lines, so `plain(line)` of a note line always contains the back made from it.
"""

from __future__ import annotations

import re

_WIKILINK = re.compile(r"\[\[([^\]|\n]+?)(?:\|([^\]\n]+))?\]\]")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_MARK = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>\n]*>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|=~<>])")
_SPACES = re.compile(r"[ \t]+")
_MARKUP = re.compile(r"[\[`*_~=<\\]")
"""A character some inline markup starts with: text without any is plain already."""


def _code_free(text: str) -> tuple[str, list[str]]:
    """`text` with each code span and backslash escape replaced by a placeholder, and what
    they stand for (a code span's code, an escaped character)."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group(2).strip() or match.group(2))
        return f"\x00{len(spans) - 1}\x00"

    def escaped(match: re.Match[str]) -> str:
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    return _ESCAPE.sub(escaped, _CODE.sub(keep, text)), spans


def _restore(text: str, spans: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)


def plain(text: str) -> str:
    """`text` without inline Markdown: links keep their words, emphasis and marks their text,
    code spans their code; HTML tags go, `<br>` becomes a space; runs of spaces become one.

    >>> plain("**Amazon SQS** は [[キュー|queue]] と `send_message` の ==要点== です")
    'Amazon SQS は queue と send_message の 要点 です'
    """
    if not _MARKUP.search(text):
        return _SPACES.sub(" ", text).strip()
    text, spans = _code_free(text)
    text = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    for pattern in (_STRONG,):
        text = pattern.sub(lambda m: m.group(2), text)
    for pattern in (_EMPHASIS, _STRIKE, _MARK):
        text = pattern.sub(lambda m: m.group(1), text)
    text = _BREAK.sub(" ", text)
    text = _TAG.sub("", text)
    text = _restore(text, spans)
    return _SPACES.sub(" ", text).strip()


def plain_lines(lines: list[str]) -> str:
    """Several lines, each made `plain`, joined with newlines (empty ones dropped)."""
    return "\n".join(found for found in (plain(line) for line in lines) if found)


def outside_code(text: str) -> str:
    """`text` with the contents of code spans blanked out (same length), so separators such
    as `::` or `==` inside code are not taken for card syntax."""
    return _CODE.sub(lambda m: " " * len(m.group(0)), text)


def has_japanese(text: str) -> bool:
    """Whether `text` holds kana or kanji."""
    return any(
        "\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"
        for char in text
    )
