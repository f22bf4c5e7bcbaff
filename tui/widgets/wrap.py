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

import re
from dataclasses import dataclass

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

# Characters that may be broken around: CJK scripts and symbols, full-width forms, emoji.
_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals
    "\u2ff0-\u9fff"  # CJK punctuation, kana, Bopomofo, CJK ideographs
    "\ua960-\ua97f\uac00-\ud7ff"  # Hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe10-\ufe1f\ufe30-\ufe6f"  # vertical and compatibility forms
    "\uff00-\uffef"  # full-width and half-width forms
    "\U0001f000-\U0001faff"  # emoji and pictographs
    "\U00020000-\U0003ffff"  # CJK extension planes
)
_TOKEN = re.compile(rf"(\n)|([ \t]+)|([^ \t\n{_CJK_RANGES}]+)|(.)", re.DOTALL)
_CJK = re.compile(rf"[{_CJK_RANGES}]")


@dataclass(frozen=True)
class _Piece:
    """An unbreakable run of text, and the droppable whitespace before it."""

    start: int
    end: int
    width: int
    gap_width: int
    hard: bool
    """True when a newline comes before it (it must start a new line)."""


def is_cjk(char: str) -> bool:
    """True for characters that a line may break before or after (kana, kanji, full-width…)."""
    return _CJK.match(char) is not None


def _may_break(before: str, after: str) -> bool:
    return before not in NO_END and after not in NO_START


def _pieces(text: str) -> list[_Piece]:
    """Split `text` into unbreakable pieces; breaks are allowed only between pieces."""
    pieces: list[_Piece] = []
    start = -1  # start of the piece being built, -1 when none
    gap_width = 0
    hard = False
    prev = ""  # the last character of the piece being built, "" at the start of a line
    pending_gap: tuple[int, int] | None = None  # whitespace seen after the current piece

    def close(end: int) -> None:
        nonlocal start
        if start >= 0:
            width = cell_len(text[start:end])
            pieces.append(_Piece(start, end, width, gap_width, hard))
            start = -1

    end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastindex
        t_start, t_end = match.span()
        if kind == 1:  # newline: a hard break
            if start < 0 and not prev:
                # An empty line: a zero-width piece keeps it.
                start = t_start
            close(t_start if pending_gap is None else pending_gap[0])
            pending_gap = None
            gap_width, hard, prev = 0, True, ""
            end = t_end
            continue
        if kind == 2:  # spaces
            if start < 0 and not prev:
                start = t_start  # leading spaces are indentation, not a break
                end = t_end
                prev = text[t_end - 1]
                continue
            pending_gap = (t_start, t_end)
            end = t_end
            continue
        first = text[t_start]
        if pending_gap is not None:
            g_start, g_end = pending_gap
            pending_gap = None
            if _may_break(text[g_start - 1], first):
                close(g_start)
                gap_width, hard = cell_len(text[g_start:g_end]), False
                start = t_start
            # else: the spaces stay inside the piece
        elif start < 0:
            gap_width = 0
            start = t_start
        elif (kind == 4 or is_cjk(prev)) and _may_break(prev, first):
            close(t_start)
            gap_width, hard = 0, False
            start = t_start
        prev = text[t_end - 1]
        end = t_end
    if pending_gap is not None:
        close(pending_gap[0])
    elif start >= 0:
        close(end)
    elif prev == "" and hard:
        # Text ending in a newline: the empty last line.
        pieces.append(_Piece(len(text), len(text), 0, 0, True))
    return pieces


def _split_long(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Cut text[start:end], wider than `width`, into runs that fit, avoiding kinsoku if possible."""
    runs: list[tuple[int, int]] = []
    run_start = start
    used = 0
    index = start
    while index < end:
        size = get_character_cell_size(text[index])
        if used + size > width and index > run_start:
            cut = index
            # Move characters to the next line while the cut breaks a kinsoku rule.
            while cut - 1 > run_start and not _may_break(text[cut - 1], text[cut]):
                cut -= 1
            if not _may_break(text[cut - 1], text[cut]) and cut - 1 <= run_start:
                cut = index  # no better place: break the rule rather than overflow
            runs.append((run_start, cut))
            run_start = cut
            used = cell_len(text[cut:index])
            continue
        used += size
        index += 1
    runs.append((run_start, end))
    return runs


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Break `text` into lines no wider than `width` cells; return each line as (start, end).

    Each line is `text[start:end]`. What lies between consecutive lines is only the whitespace
    dropped at the break (spaces, and the newline of a hard break). A line is wider than `width`
    only when `width` is smaller than a single character.
    """
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    line_start = -1
    line_end = 0
    used = 0
    for piece in _pieces(text):
        if piece.hard and line_start >= 0:
            lines.append((line_start, line_end))
            line_start = -1
        if line_start >= 0 and used + piece.gap_width + piece.width <= width:
            line_end = piece.end
            used += piece.gap_width + piece.width
            continue
        if line_start >= 0:
            lines.append((line_start, line_end))
        if piece.width <= width:
            line_start, line_end, used = piece.start, piece.end, piece.width
            continue
        runs = _split_long(text, piece.start, piece.end, width)
        lines.extend(runs[:-1])
        line_start, line_end = runs[-1]
        used = cell_len(text[line_start:line_end])
    if line_start >= 0:
        lines.append((line_start, line_end))
    if not lines:
        lines.append((0, 0))
    return lines


def wrap_text(text: str, width: int) -> list[str]:
    """`wrap`, as the strings of the lines."""
    return [text[start:end] for start, end in wrap(text, width)]
