"""Text analysis shared by indexing, queries and highlighting (pure Python, no Whoosh).

Folding, applied per character so that every folded character still knows where it came
from in the original text:

* Unicode NFKC of each character on its own (full-width ``ＫＭＳ`` → ``KMS``, half-width
  ``ｺﾝﾃﾅ`` → ``コンテナ``); a half-width sound mark that NFKC turns into a combining mark is
  composed with the kana before it (``ｶﾞ`` → ``が``);
* lower case;
* katakana folded onto hiragana (``コンテナ`` and ``こんてな`` become the same string);
* long vowels: ``ー`` after kana is dropped, and so is a vowel kana that only lengthens the
  kana before it (``あ`` after an a-row kana, ``い`` after i/e, ``う`` after u/o, ``え``
  after e, ``お`` after o). ``ワークフロー``, ``ワアクフロオ`` and the romaji ``wakufuro``
  all fold to ``わくふろ``; ``あんごう`` and ``ango`` both fold to ``あんご``.

Tokens, from the folded text:

* runs of Latin letters and digits are words (``sse-c`` → ``sse``, ``c``);
* runs of CJK characters (kanji and kana) are indexed as overlapping bigrams plus kanji
  unigrams (`tui.search.documents.term_counts`), so a two-character word is one term and a
  one-kanji query such as ``鍵`` still matches.

`fold` is the fast path used for indexing (``str.translate`` with a lazily filled table);
`fold_with_offsets` gives the same string plus the original span of every character and is
used for highlighting. Both apply the same regular expressions, so they never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

ANALYZER_VERSION = 4
"""Bump whenever folding or tokenizing changes: cached indexes made by another version are
rebuilt."""

MAX_WORD = 48
"""Longer Latin/digit runs are cut to this many characters (hashes, base64 blobs)."""

_LONG_MARK = "\u30fc"
_COMBINING_MARKS = "\u3099\u309a"

_ROW_A = "あかがさざただなはばぱまやらわぁゃゎゕ"
_ROW_I = "いきぎしじちぢにひびぴみりぃゐ"
_ROW_U = "うくぐすずつづぬふぶぷむゆるぅゅゔ"
_ROW_E = "えけげせぜてでねへべぺめれぇゑゖ"
_ROW_O = "おこごそぞとどのほぼぽもよろをぉょ"
_KANA_CLASS = "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fd\u30fe"

CJK_CLASS = (
    "\u3005-\u3007\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fd\u30fe"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
"""Characters that form CJK runs (after folding)."""

_LONG_AFTER_KANA = re.compile(f"(?<=[{_KANA_CLASS}]){_LONG_MARK}+")
_LONG_ELSEWHERE = re.compile(_LONG_MARK)
# The vowel comes first in each branch so that the regex engine only looks behind at vowels.
_VOWEL = re.compile(
    f"あ(?<=[{_ROW_A}]あ)|い(?<=[{_ROW_I}{_ROW_E}]い)|う(?<=[{_ROW_U}{_ROW_O}]う)"
    f"|え(?<=[{_ROW_E}]え)|お(?<=[{_ROW_O}]お)"
)
_COMBINE = re.compile(f"[^{_COMBINING_MARKS}]?[{_COMBINING_MARKS}]+")
TOKEN_RE = re.compile(f"(?P<cjk>[{CJK_CLASS}]+)|(?P<word>[^\\W_{CJK_CLASS}]+)")
"""Runs of CJK characters or of other letters/digits, in folded text."""
_CJK_RE = re.compile(f"[{CJK_CLASS}]")
_KANJI_RE = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _fold_char(char: str) -> str:
    """Fold one character on its own: NFKC, lower case, katakana → hiragana."""
    text = unicodedata.normalize("NFKC", char)
    if len(text) == 2 and text[0] == " " and text[1] in _COMBINING_MARKS:
        text = text[1]  # a spacing sound mark (゛ ゜): keep only the combining mark
    text = text.lower()
    out = []
    for c in text:
        code = ord(c)
        if 0x30A1 <= code <= 0x30F6 or code in (0x30FD, 0x30FE):
            c = chr(code - 0x60)
        out.append(c)
    return "".join(out)


class _FoldTable(dict[int, str]):
    """`str.translate` table filled on first use of each character."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        return value


_TABLE = _FoldTable()


def _compose(match: re.Match[str]) -> str:
    text = match.group()
    base = text[0] if text[0] not in _COMBINING_MARKS else ""
    if not base:
        return ""
    composed = unicodedata.normalize("NFC", base + text[1])
    return composed if len(composed) == 1 else base


def fold(text: str) -> str:
    """The folded form of `text` (see the module docstring); line breaks are kept."""
    if text.isascii():
        return text.lower()
    folded = text.translate(_TABLE)
    if "\u3099" in folded or "\u309a" in folded:
        folded = _COMBINE.sub(_compose, folded)
    if _LONG_MARK in folded:
        folded = _LONG_AFTER_KANA.sub("", folded)
        folded = _LONG_ELSEWHERE.sub(" ", folded)
    return _VOWEL.sub("", folded)


@dataclass(frozen=True)
class Folded:
    """Folded text with, for each of its characters, the span it covers in the original."""

    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of folded characters ``start:end`` (``end > start``)."""
        return self.starts[start], self.ends[end - 1]


def fold_with_offsets(text: str) -> Folded:
    """Like `fold`, keeping the original offsets of every folded character."""
    n = len(text)
    if text.isascii():
        return Folded(text.lower(), list(range(n)), list(range(1, n + 1)))
    folded = text.translate(_TABLE)
    if len(folded) == n:
        # Every character folded to exactly one (the usual case): offsets are positions.
        starts = list(range(n))
        ends = list(range(1, n + 1))
    else:
        chars: list[str] = []
        starts = []
        ends = []
        table = _TABLE
        for index, char in enumerate(text):
            piece = table[ord(char)]
            for c in piece:
                chars.append(c)
                starts.append(index)
                ends.append(index + 1)
        folded = "".join(chars)
    if "\u3099" in folded or "\u309a" in folded:
        folded, starts, ends = _rewrite(folded, starts, ends, _COMBINE, _compose)
    if _LONG_MARK in folded:
        folded, starts, ends = _rewrite(folded, starts, ends, _LONG_AFTER_KANA, lambda m: "")
        folded, starts, ends = _rewrite(folded, starts, ends, _LONG_ELSEWHERE, lambda m: " ")
    folded, starts, ends = _rewrite(folded, starts, ends, _VOWEL, lambda m: "")
    return Folded(folded, starts, ends)


def _rewrite(
    text: str,
    starts: list[int],
    ends: list[int],
    pattern: re.Pattern[str],
    replace: object,
) -> tuple[str, list[int], list[int]]:
    """Apply ``pattern.sub(replace)`` to `text`, carrying the offsets along.

    A match replaced by k characters maps them onto the match's span; a deleted match is
    absorbed into the span of the character before it (so a highlight of ``ワーク`` covers
    the ``ー``).
    """
    assert callable(replace)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        out.append(text[last:start])
        new_starts.extend(starts[last:start])
        new_ends.extend(ends[last:start])
        replacement: str = replace(match)
        if replacement:
            out.append(replacement)
            span_start, span_end = starts[start], ends[end - 1]
            if len(replacement) == 1:
                new_starts.append(span_start)
                new_ends.append(span_end)
            else:
                new_starts.extend([span_start] * len(replacement))
                new_ends.extend([span_end] * len(replacement))
        elif new_ends and end > start:
            new_ends[-1] = max(new_ends[-1], ends[end - 1])
        last = end
    if last == 0:
        return text, starts, ends
    out.append(text[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return "".join(out), new_starts, new_ends


def lengthens(text: str, kana: str) -> bool:
    """True when `text` is `kana` (as written: ``キ``, ``ｷ``, ``ｶﾞ``) followed by a character
    that only lengthens it (the ``ー`` of ``キー``, the ``い`` of ``きい``): folding drops it."""
    for size in range(1, min(len(text), 3)):
        if fold(text[:size]) == kana:
            return fold(text[: size + 1]) == kana
    return False


VOWEL_KANA = frozenset("あいうえお")
"""Kana that folding may drop (after a kana of their row)."""

KANA_SOURCES = (
    (0x3041, 0x30FF),
    (0x32D0, 0x32FE),
    (0x3300, 0x3357),
    (0xFF66, 0xFF9F),
    (0x1F200, 0x1F213),
)
"""Every character whose folding holds a kana, a long mark or a sound mark lies in these
ranges (a test checks all of Unicode)."""


@dataclass(frozen=True)
class _KanaSources:
    """How one kana can be written before folding."""

    alone: str
    """Characters that fold to the kana."""
    after: frozenset[str]
    """Characters that folding drops after the kana (``ー``, ``い`` after ``き``)."""
    doubtful: tuple[str, ...]
    """Characters that would upset counting the kana by `alone`: they hold the kana among
    others, or are sound marks that may compose with the character before them."""
    each: re.Pattern[str]
    """Each of `alone`, with the next character when it is one of `after` (group 1)."""


@lru_cache(maxsize=64)
def _kana_sources(kana: str) -> _KanaSources:
    """The characters that make `kana`, lengthen it, or make counting it uncertain."""
    alone: list[str] = []
    after: list[str] = []
    doubtful: list[str] = []
    for low, high in KANA_SOURCES:
        for code in range(low, high + 1):
            char = chr(code)
            folded = _fold_char(char)
            if folded == kana:
                alone.append(char)
            elif kana in folded or folded[:1] in _COMBINING_MARKS:
                doubtful.append(char)
            if fold(kana + folded) == kana:
                after.append(char)
    each = f"[{re.escape(''.join(alone))}]([{re.escape(''.join(after))}])?" if alone else "(?!)"
    return _KanaSources("".join(alone), frozenset(after), tuple(doubtful), re.compile(each))


def long_kana(text: str, kana: str) -> list[bool] | None:
    """For each `kana` of ``fold(text)``, in order: True when `text` lengthens it there (as
    `lengthens` tells from its span in `fold_with_offsets`, but far cheaper). None when this
    way cannot tell: `kana` is a vowel (folding drops some), or `text` has sound marks or
    characters that fold to several kana (then use `fold_with_offsets`)."""
    if text.isascii():
        return []
    if kana in VOWEL_KANA:
        return None
    sources = _kana_sources(kana)
    if any(char in text for char in sources.doubtful):
        return None
    # Folding only drops long marks and vowels, and every other character becomes at least
    # one: `kana` is found here as often as in the folded text, and in the same order.
    return [match.group(1) is not None for match in sources.each.finditer(text)]


def has_long_kana(text: str, kana: str) -> bool | None:
    """``any(long_kana(text, kana))``, faster; None when it cannot tell."""
    if text.isascii():
        return False
    if kana in VOWEL_KANA:
        return None
    sources = _kana_sources(kana)
    if any(char in text for char in sources.doubtful):
        return None
    after = sources.after
    for char in sources.alone:
        position = text.find(char)
        while position >= 0:
            if text[position + 1 : position + 2] in after:
                return True
            position = text.find(char, position + 1)
    return False


def is_cjk(text: str) -> bool:
    """True when `text` holds at least one CJK character (after folding)."""
    return _CJK_RE.search(text) is not None


def has_kanji(text: str) -> bool:
    """True when `text` holds at least one kanji."""
    return _KANJI_RE.search(text) is not None


@dataclass(frozen=True)
class Unit:
    """One run of folded text: a Latin/digit word or a CJK run."""

    text: str
    cjk: bool
    start: int
    """Offset in the folded text."""
    end: int


def units(folded: str) -> Iterator[Unit]:
    """The word and CJK runs of folded text, in order."""
    for match in TOKEN_RE.finditer(folded):
        cjk = match.lastgroup == "cjk"
        yield Unit(match.group(), cjk, match.start(), match.end())
