"""Find a query's matches in any text, as spans of the original text.

Whoosh's highlighter is not used: it works on its own token offsets, and with overlapping
CJK bigrams it marks the wrong characters or half a character pair twice. Here every
pattern of the query (folded words, kana, the kanji found through readings, typo
corrections) becomes one regular expression over *folded* text; `fold_with_offsets` maps
the matches back to the original characters, so ``ｺﾝﾃﾅ``, ``ワーク`` (with its ``ー``) or
``ＫＭＳ`` are highlighted exactly as written.

Folding can leave a word one kana long: ``キー`` becomes ``き``, like the ``き`` of ``できます``
or ``テキスト``. Such a pattern (`Pattern.lengthened`) is checked against the original text,
and only a kana that is long there too (``キー``, ``ｷｰ``, ``きい``) is a match; the methods that
take folded text want the original as well for that check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from tui.search.analysis import (
    CJK_CLASS,
    Folded,
    fold,
    fold_with_offsets,
    has_long_kana,
    is_cjk,
    lengthens,
    long_kana,
)
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
    if pattern.stem:
        body += "(?=[\u3041-\u3096])"  # folded text: every kana is hiragana
    elif not pattern.prefix and not is_cjk(last[-1:]):
        body += f"(?!{_WORD_CHAR})"
    return body


def compile_patterns(patterns: Iterable[Pattern]) -> re.Pattern[str] | None:
    """One regular expression matching any of `patterns`, longest first; None if none."""
    unique = {p for p in patterns if p.parts and all(p.parts)}
    if not unique:
        return None
    ordered = sorted(unique, key=lambda p: (-sum(map(len, p.parts)), p.parts, p.prefix, p.stem))
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


class _LongKana:
    """Tells whether a kana of folded text is long in the original (``キー``, not ``キ``).

    Asked about positions in increasing order. Most texts answer through `long_kana`, by the
    kana's rank among its equals; the others through the offsets of `fold_with_offsets`.
    """

    def __init__(self, folded: str, text: str, offsets: Folded | None) -> None:
        self._folded = folded
        self._text = text
        self._offsets = offsets
        self._flags: dict[str, list[bool] | None] = {}
        self._counted: dict[str, tuple[int, int]] = {}
        """kana → (position counted up to, how many of it before there)."""

    def is_long(self, start: int) -> bool:
        """True when the kana at folded position `start` is lengthened in the original."""
        kana = self._folded[start]
        if self._offsets is None:
            if kana not in self._flags:
                self._flags[kana] = long_kana(self._text, kana)
            flags = self._flags[kana]
            if flags is not None:
                position, rank = self._counted.get(kana, (0, 0))
                rank += self._folded.count(kana, position, start)
                self._counted[kana] = (start + 1, rank + 1)
                return rank < len(flags) and flags[rank]
            self._offsets = fold_with_offsets(self._text)
        first, last = self._offsets.span(start, start + 1)
        return lengthens(self._text[first:last], kana)


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
        singles = [p for p in self.patterns if len(p.parts) == 1 and len(p.parts[0]) == 1]
        self._long_only = frozenset(p.parts[0] for p in singles if p.lengthened) - {
            p.parts[0] for p in singles if not p.lengthened
        }
        """Kana that match only where the original text lengthens them (``キー``)."""
        self._others = (
            compile_patterns(
                p for p in self.patterns if not (p.lengthened and p.parts[0] in self._long_only)
            )
            if self._long_only
            else None
        )
        """The other patterns, when there are such kana."""

    def __bool__(self) -> bool:
        return self.regex is not None

    @property
    def needs_text(self) -> bool:
        """True when matches in folded text must be checked against the original."""
        return bool(self._long_only)

    def finditer(
        self, folded: str, text: str | None = None, offsets: Folded | None = None
    ) -> Iterator[re.Match[str]]:
        """The non-empty matches in `folded`, the folded form of `text`.

        Without `text`, a lengthened kana (``キー``) cannot be told from a lone one and
        matches both. `offsets`, ``fold_with_offsets(text)``, saves folding `text` again.
        """
        if self.regex is None:
            return
        long_only = self._long_only
        checker: _LongKana | None = None
        for match in self.regex.finditer(folded):
            start, end = match.span()
            if end <= start:
                continue
            if long_only and text is not None and end - start == 1 and folded[start] in long_only:
                if checker is None:
                    checker = _LongKana(folded, text, offsets)
                if not checker.is_long(start):
                    continue
            yield match

    def first(self, folded: str, text: str | None = None) -> re.Match[str] | None:
        """The first match in `folded`, the folded form of `text` (see `finditer`)."""
        if self.regex is None:
            return None
        if not self._long_only:
            return self.regex.search(folded)
        if text is not None and not self.search_folded(folded, text):
            return None  # the usual answer, found without looking at each kana
        return next(self.finditer(folded, text), None)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sorted, non-overlapping (start, end) spans of `text` that match the query."""
        if self.regex is None or not text:
            return []
        text = text[: self.MAX_TEXT]
        folded = fold_with_offsets(text)
        found = []
        matches = (
            self.finditer(folded.text, text, folded)
            if self._long_only
            else self.regex.finditer(folded.text)
        )
        for match in matches:
            start, end = match.span()
            if end > start:
                found.append(folded.span(start, end))
        return merge_spans(found)

    def count(self, text: str) -> int:
        """How many spans `spans(text)` would give, without their offsets (and fast when asked
        again about the same text)."""
        if self.regex is None or not text:
            return 0
        text = text[: self.MAX_TEXT]
        return self.count_in_folded(_folded(text), text)

    def count_in_folded(self, folded: str, text: str | None = None) -> int:
        """`count` for text that is already folded; `text` is the original (see `finditer`)."""
        if self.regex is None:
            return 0
        matches = self.finditer(folded, text) if self._long_only else self.regex.finditer(folded)
        total, last_end = 0, -1
        for match in matches:
            start, end = match.span()
            if end > start:
                if start > last_end:
                    total += 1
                last_end = max(last_end, end)
        return total

    def search_folded(self, folded: str, text: str | None = None) -> bool:
        """True when already folded text contains a match; `text` is the original (see
        `finditer`)."""
        if self.regex is None:
            return False
        if not self._long_only or text is None:
            return self.regex.search(folded) is not None
        if self._others is not None and self._others.search(folded) is not None:
            return True
        for kana in self._long_only:
            if kana in folded:
                found = has_long_kana(text, kana)
                if found is None:
                    return next(self.finditer(folded, text), None) is not None
                if found:
                    return True
        return False
