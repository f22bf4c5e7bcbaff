"""Find a query's matches in any text, as spans of the original text.

Whoosh's highlighter is not used: it works on its own token offsets, and with overlapping
CJK bigrams it marks the wrong characters or half a character pair twice. Here every
pattern of the query (folded words, kana, the kanji found through readings, typo
corrections) becomes one regular expression over *folded* text; `fold_with_offsets` maps
the matches back to the original characters, so ``ｺﾝﾃﾅ``, ``ワーク`` (with its ``ー``) or
``ＫＭＳ`` are highlighted exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from tui.search.analysis import CJK_CLASS, fold, fold_with_offsets, is_cjk
from tui.search.query import Pattern

_WORD_CHAR = f"[^\\W_{CJK_CLASS}]"
_SEPARATOR = "[\\W_]{0,3}"
_LATIN_SEPARATOR = "[\\W_]{1,3}"


def pattern_regex(pattern: Pattern) -> str:
    """The regular expression (over folded text) for one pattern.

    A Latin word must start a word: the check is a look-behind placed *after* the word's
    literal text, so the regex engine can still scan for the literal quickly.
    """
    pieces: list[str] = []
    for index, part in enumerate(pattern.parts):
        literal = re.escape(part)
        if index:
            previous = pattern.parts[index - 1]
            latin = not is_cjk(previous[-1:]) and not is_cjk(part[:1])
            pieces.append(_LATIN_SEPARATOR if latin else _SEPARATOR)
            pieces.append(literal)
        elif not is_cjk(part[:1]):
            pieces.append(f"{literal}(?<!{_WORD_CHAR}{literal})")
        else:
            pieces.append(literal)
    body = "".join(pieces)
    last = pattern.parts[-1]
    if not pattern.prefix and not is_cjk(last[-1:]):
        body += f"(?!{_WORD_CHAR})"
    return body


def compile_patterns(patterns: Iterable[Pattern]) -> re.Pattern[str] | None:
    """One regular expression matching any of `patterns`, longest first; None if none."""
    unique = {p for p in patterns if p.parts and all(p.parts)}
    if not unique:
        return None
    ordered = sorted(unique, key=lambda p: (-sum(map(len, p.parts)), p.parts, p.prefix))
    return re.compile("|".join(f"(?:{pattern_regex(p)})" for p in ordered))


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
            continue
        out.append((start, end))
    return out


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    # Typing a query one key at a time asks about the same notes again and again: their folded
    # bodies are kept (a note body is one string object, whose hash Python caches).
    return fold(text)


class Highlighter:
    """Finds a query's matches in text with the search's folding (kana, width, case, long
    vowels, romaji → kana, readings → kanji)."""

    MAX_TEXT = 2_000_000

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self.regex = compile_patterns(self.patterns)

    def __bool__(self) -> bool:
        return self.regex is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) spans of `text` that match the query."""
        if self.regex is None or not text:
            return []
        text = text[: self.MAX_TEXT]
        folded = fold_with_offsets(text)
        found = []
        for match in self.regex.finditer(folded.text):
            start, end = match.span()
            if end > start:
                found.append(folded.span(start, end))
        return merge_spans(found)

    def count(self, text: str) -> int:
        """How many spans `spans(text)` would give, without their offsets (and fast when asked
        again about the same text)."""
        if self.regex is None or not text:
            return 0
        return self.count_in_folded(_folded(text[: self.MAX_TEXT]))

    def count_in_folded(self, folded: str) -> int:
        """`count` for text that is already folded."""
        if self.regex is None:
            return 0
        total, last_end = 0, -1
        for match in self.regex.finditer(folded):
            start, end = match.span()
            if end > start:
                if start > last_end:
                    total += 1
                last_end = max(last_end, end)
        return total

    def search_folded(self, folded: str) -> bool:
        """True when already folded text contains a match."""
        return self.regex is not None and self.regex.search(folded) is not None
