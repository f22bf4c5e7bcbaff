"""Line breaking for mixed Japanese and Latin text, with the usual kinsoku (禁則) rules.

Rich and Textual break lines at spaces only, which strands whole Japanese sentences on the next
line. Here a run of CJK characters may break between any two characters, Latin words still break
at spaces (and mid-word only when a word is wider than the line), and:

* no line starts with closing punctuation, small kana, `ー` or `・` (`NO_START`);
* no line ends with an opening bracket (`NO_END`).

Widths are terminal cells (`rich.cells.cell_len`): full-width characters take two.
This module is pure: it knows nothing about Textual or styles, only offsets into a string.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size

NO_START = frozenset(
    # closing brackets and punctuation
    "、。，．）」』】〕〉》”’！？］｝〙〗｠：；‥…〟"
    # small kana, the long-vowel mark, the middle dot, iteration marks
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーｰ・ゝゞヽヾ々〻"
    # half-width forms
    "｡､｣ｧｨｩｪｫｬｭｮｯ"
    # Latin closers and punctuation, so they never start a line next to Japanese text either
    ")]},.:;!?%"
)
"""Characters that must not start a line."""

NO_END = frozenset("（「『【〔〈《“‘［｛〘〖｟｢([{")
"""Characters that must not end a line."""

_SPACE = frozenset(" \t")
"""Break whitespace: dropped where a line breaks."""

# Characters that may be broken around: CJK scripts and symbols, full-width forms, emoji.
# Code point ranges, not a regular expression: compiling a class this wide costs milliseconds of
# every start-up, and a lookup in a sorted table is as fast per character.
_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x2FF0, 0x9FFF),  # CJK punctuation, kana, Bopomofo, CJK ideographs
    (0xA960, 0xA97F),  # Hangul
    (0xAC00, 0xD7FF),  # Hangul
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
    (0x1F000, 0x1FAFF),  # emoji and pictographs
    (0x20000, 0x3FFFF),  # CJK extension planes
)
_CJK_STARTS = tuple(start for start, _ in _CJK_RANGES)


def is_cjk(char: str) -> bool:
    """True for characters that a line may break before or after (kana, kanji, full-width…)."""
    if not char:
        return False
    code = ord(char[0])
    if code < 0x1100:
        return False
    index = bisect_right(_CJK_STARTS, code) - 1
    return index >= 0 and code <= _CJK_RANGES[index][1]


def _may_break(before: str, after: str) -> bool:
    return before not in NO_END and after not in NO_START


def _break_at(text: str, position: int, start: int, end: int) -> tuple[int, int] | None:
    """If a line of text[start:end] may break at `position`: (its end, the next line's start)."""
    char = text[position]
    if char in _SPACE:
        run_start = position
        while run_start > start and text[run_start - 1] in _SPACE:
            run_start -= 1
        run_end = position
        while run_end < end and text[run_end] in _SPACE:
            run_end += 1
        if run_start == start:
            return None  # indentation is not a break
        if run_end < end and not _may_break(text[run_start - 1], text[run_end]):
            return None
        return run_start, run_end
    before = text[position - 1]
    if before in _SPACE:
        return None  # found at the space itself
    if (is_cjk(before) or is_cjk(char)) and _may_break(before, char):
        return position, position
    return None


def _forced_cut(text: str, start: int, limit: int, end: int) -> int:
    """Where to cut a run with no break opportunity, moving back to avoid kinsoku if possible."""
    if limit >= end:
        return end
    cut = limit
    while cut - 1 > start and not _may_break(text[cut - 1], text[cut]):
        cut -= 1
    if not _may_break(text[cut - 1], text[cut]):
        return limit  # no better place: break the rule rather than overflow
    return cut


def _wrap_line(
    text: str, start: int, end: int, width: int, cells: list[int], lines: list[tuple[int, int]]
) -> None:
    """Wrap text[start:end], which holds no newline, appending its lines to `lines`."""
    position = start
    while True:
        base = cells[position]
        if cells[end] - base <= width:
            lines.append((position, end))
            return
        # The furthest character boundary that still fits (at least one character).
        limit = max(bisect_right(cells, base + width, position + 1, end + 1) - 1, position + 1)
        found: tuple[int, int] | None = None
        for candidate in range(min(limit, end - 1), position, -1):
            found = _break_at(text, candidate, position, end)
            if found is not None:
                break
        if found is None:
            cut = _forced_cut(text, position, limit, end)
            found = (cut, cut)
        line_end, next_start = found
        # Per-character widths can undercount some emoji sequences: never overflow for them.
        while line_end - position > 1 and cell_len(text[position:line_end]) > width:
            line_end -= 1
            next_start = line_end
        lines.append((position, line_end))
        if next_start >= end:
            return
        position = next_start


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Break `text` into lines no wider than `width` cells; return each line as (start, end).

    Each line is `text[start:end]`. What lies between consecutive lines is only the whitespace
    dropped at the break (spaces, and the newline of a hard break). A line is wider than `width`
    only when `width` is smaller than a single character.
    """
    width = max(1, width)
    if "\n" not in text and cell_len(text) <= width:
        return [(0, len(text))]
    cells = list(accumulate(map(get_character_cell_size, text), initial=0))
    lines: list[tuple[int, int]] = []
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            _wrap_line(text, start, len(text), width, cells, lines)
            return lines
        _wrap_line(text, start, end, width, cells, lines)
        start = end + 1


def wrap_text(text: str, width: int) -> list[str]:
    """`wrap`, as the strings of the lines."""
    return [text[start:end] for start, end in wrap(text, width)]
