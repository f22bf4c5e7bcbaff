"""Latin letters spelt as their Japanese names (``エーピーアイ`` → ``api``).

Parsing works on the text as written, not on `tui.search.analysis.fold`: folding drops a
vowel that only lengthens the kana before it, so ``えーえむ`` (AM) folds to ``えむ`` (M).
Instead each character is NFKC-normalised (half-width and full-width forms), katakana become
hiragana, ``-`` becomes ``ー`` and runs of ``ー`` become one.

In every letter name a long vowel may be written ``ー``, as the vowel that lengthens the kana
(``けい``, ``おう``, ``きゅう``) or left out (``でぃえる``). A full parse is found by dynamic
programming, preferring the fewest letters (``えーえむ`` is A M, not A A M). Because leaving
long vowels out turns many Japanese words into letters (``いえ``, ``ていし``, ``おうけ``), a
parse needs at least one *marked* letter: one written with ``ー`` or with a name of two or
more kana that is not just a kana and its lengthening vowel (``えむ``, ``あい``, ``でぃ``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tui.search.romaji import to_kana

_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("a", ("えー", "え")),
    ("b", ("びー",)),
    ("c", ("しー", "すぃー")),
    ("d", ("でぃー", "でー", "ぢー")),
    ("e", ("いー",)),
    ("f", ("えふ",)),
    ("g", ("じー", "ぢー")),
    ("h", ("えーち", "えっち", "えーぢ")),
    ("i", ("あい",)),
    ("j", ("じぇー",)),
    ("k", ("けー",)),
    ("l", ("える",)),
    ("m", ("えむ",)),
    ("n", ("えぬ",)),
    ("o", ("おー",)),
    ("p", ("ぴー",)),
    ("q", ("きゅー",)),
    ("r", ("あーる",)),
    ("s", ("えす",)),
    ("t", ("てぃー", "てー")),
    ("u", ("ゆー",)),
    ("v", ("ぶいー", "ゔぃー")),
    ("w", ("だぶりゅー", "だぶる")),
    ("x", ("えっくす", "えくす")),
    ("y", ("わい",)),
    ("z", ("ぜっと", "ぜっど", "ずぃー", "ぜど")),
)
"""Each letter's names; ``ー`` marks a long vowel that may be written in any of the ways the
module docstring lists. Where two letters share a spelling the first listed wins (``ぢー`` is
D, the romaji ``di-`` typed for D)."""

SPELLING: dict[str, str] = {
    "a": "えー",
    "b": "びー",
    "c": "しー",
    "d": "でぃー",
    "e": "いー",
    "f": "えふ",
    "g": "じー",
    "h": "えいち",
    "i": "あい",
    "j": "じぇー",
    "k": "けー",
    "l": "える",
    "m": "えむ",
    "n": "えぬ",
    "o": "おー",
    "p": "ぴー",
    "q": "きゅー",
    "r": "あーる",
    "s": "えす",
    "t": "てぃー",
    "u": "ゆー",
    "v": "ぶい",
    "w": "だぶりゅー",
    "x": "えっくす",
    "y": "わい",
    "z": "ぜっと",
}
"""The usual hiragana name of each letter, used by `spell`."""

_LONG = "ー"
_ROW_VOWELS = (
    ("あかがさざただなはばぱまやらわぁゃゎ", "あ"),
    ("いきぎしじちぢにひびぴみりぃ", "い"),
    ("うくぐすずつづぬふぶぷむゆるぅゅゔ", "う"),
    ("えけげせぜてでねへべぺめれぇ", "えい"),
    ("おこごそぞとどのほぼぽもよろをぉょ", "おう"),
)
_START_BLOCKERS = frozenset("ーっんぁぃぅぇぉゃゅょゎ")
"""A remainder of `letter_splits` cannot start with these."""
_MAX_TEXT = 80


def _lengtheners(kana: str) -> str:
    """The vowels that lengthen `kana` (``い`` and ``え`` after ``け``)."""
    for row, vowels in _ROW_VOWELS:
        if kana in row:
            return vowels
    return ""


@dataclass(frozen=True)
class _Name:
    letter: str
    marked: bool
    """Written with ``ー`` or as a name that does not look like a Japanese syllable."""


def _expand(pattern: str) -> list[tuple[str, bool]]:
    """Every way to write `pattern`, each with whether it carries a ``ー``."""
    forms: list[tuple[str, bool]] = [("", False)]
    for index, char in enumerate(pattern):
        if char != _LONG:
            forms = [(text + char, long) for text, long in forms]
            continue
        before = pattern[index - 1]
        options = ["", _LONG, *_lengtheners(before)]
        forms = [
            (text + option, long or option == _LONG) for text, long in forms for option in options
        ]
    return forms


def _looks_japanese(text: str) -> bool:
    """A single kana, or a kana and a vowel lengthening it (``て``, ``てい``, ``おう``)."""
    return len(text) == 1 or (len(text) == 2 and text[1] in _lengtheners(text[0]))


def _build() -> dict[str, _Name]:
    table: dict[str, _Name] = {}
    for letter, patterns in _NAMES:
        for pattern in patterns:
            for text, long in _expand(pattern):
                if text not in table:
                    table[text] = _Name(letter, long or not _looks_japanese(text))
    return table


_TABLE = _build()
_MAX_NAME = max(len(text) for text in _TABLE)


@lru_cache(maxsize=1024)
def _normalize_char(char: str) -> str:
    text = unicodedata.normalize("NFKC", char)
    out: list[str] = []
    for c in text:
        code = ord(c)
        if 0x30A1 <= code <= 0x30F6:
            c = chr(code - 0x60)
        elif c in "-‐−":
            c = _LONG
        out.append(c)
    return "".join(out)


def _normalize(text: str) -> tuple[str, list[int]]:
    """Normalised `text` and, for each of its characters, its start in `text`."""
    chars: list[str] = []
    starts: list[int] = []
    for index, char in enumerate(text):
        for c in _normalize_char(char):
            if c in "\u3099\u309a":
                if chars:  # a half-width sound mark: compose with the kana before it
                    composed = unicodedata.normalize("NFC", chars[-1] + c)
                    if len(composed) == 1:
                        chars[-1] = composed
                continue
            if c == " " and char in "\uff9e\uff9f\u309b\u309c":
                continue  # NFKC gives a space before the combining sound mark
            if c == _LONG and chars and chars[-1] == _LONG:
                continue
            chars.append(c)
            starts.append(index)
    return "".join(chars), starts


def kana_text(text: str) -> str:
    """`text` with kana in hiragana, NFKC-normalised, ``-`` as ``ー`` and runs of ``ー`` as
    one, keeping every vowel (unlike `tui.search.analysis.fold`)."""
    return _normalize(text)[0]


@dataclass(frozen=True)
class _Parse:
    count: int
    letters: str
    last_start: int
    last_marked: bool


def _parses(text: str) -> list[dict[bool, _Parse]]:
    """For each end position of `text`, the best parse up to it, without and with a marked
    letter (fewest letters; among equals the first found, which takes longer names first)."""
    n = len(text)
    best: list[dict[bool, _Parse]] = [{} for _ in range(n + 1)]
    best[0][False] = _Parse(0, "", 0, False)
    for start in range(n):
        here = best[start]
        if not here:
            continue
        for size in range(min(_MAX_NAME, n - start), 0, -1):
            name = _TABLE.get(text[start : start + size])
            if name is None:
                continue
            there = best[start + size]
            for marked, parse in here.items():
                key = marked or name.marked
                old = there.get(key)
                if old is None or parse.count + 1 < old.count:
                    there[key] = _Parse(
                        parse.count + 1, parse.letters + name.letter, start, name.marked
                    )
    return best


def _kana_of(text: str) -> str | None:
    """`text` normalised, or its kana when it is romaji; None for other Latin text."""
    normal = unicodedata.normalize("NFKC", text).strip()
    if normal.isascii():
        return to_kana(normal)
    return None


def read_letters(text: str) -> str | None:
    """The Latin letters that all of `text` spells as two or more letter names, lower case
    (``エーピーアイ`` → ``api``); None when it does not. Romaji is read as kana first
    (``eemuai`` → ``ami``)."""
    kana = _kana_of(text)
    normal, _ = _normalize(kana if kana is not None else text.strip())
    if not normal or len(normal) > _MAX_TEXT or (kana is None and normal.isascii()):
        return None
    parse = _parses(normal)[-1].get(True)
    if parse is None or parse.count < 2:
        return None
    return parse.letters


def letter_splits(text: str, limit: int = 3) -> list[tuple[str, str]]:
    """The ways `text` starts with two or more letter names and goes on with something else:
    ``(letters, rest as written)``, longest run of letters first, at most `limit`.

    A split never cuts a letter name short (``でぃーえ|る…``), the last letter is a marked one
    (not ``…えすて|すと``), and the rest does not start with ``ー``, ``っ``, ``ん`` or a small
    kana. For romaji the rest is given in hiragana.
    """
    kana = _kana_of(text)
    source = kana if kana is not None else text
    normal, starts = _normalize(source)
    n = len(normal)
    if n < 3 or n > _MAX_TEXT or normal.isascii():
        return []
    best = _parses(normal)
    found: list[tuple[str, str]] = []
    for end in range(n - 1, 1, -1):
        parse = best[end].get(True)
        if (
            parse is None
            or parse.count < 2
            or not parse.last_marked
            or normal[end] in _START_BLOCKERS
        ):
            continue
        start = parse.last_start
        stop = min(n, start + _MAX_NAME)
        if any(normal[start:longer] in _TABLE for longer in range(end + 1, stop + 1)):
            continue
        found.append((parse.letters, source[starts[end] :]))
        if len(found) >= limit:
            break
    return found


def spell(acronym: str) -> str:
    """The hiragana letter names of a Latin acronym (``MX`` → ``えむえっくす``).

    Raises ValueError when `acronym` holds anything but ASCII letters.
    """
    if not acronym or not acronym.isascii() or not acronym.isalpha():
        raise ValueError(f"not a Latin acronym: {acronym!r}")
    return "".join(SPELLING[char] for char in acronym.lower())
