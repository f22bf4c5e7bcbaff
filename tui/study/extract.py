"""Cards from a note, with no extra writing: "what is it", definitions, table cells, and the
authored cards of the Obsidian Spaced Repetition syntax.

Authored cards, in any line outside code:

- `front::back` on one line; `front:::back` also makes the reverse card;
- a line that is only `?` between a multi-line front and back (`??`: both directions), the
  card running from the blank line before it to the blank line after;
- `==term==`: a cloze card for each marked term, the term hidden on the front.

Lines that make authored cards make no other card. From the rest: a "what is it" card for the
note (its title asked about, its first bullet or paragraph the answer), a card for each
definition-like bullet (`Xは、…です。`, `X is …`) and one for each filled table cell (its
row's first cell and its column name asked about).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tui.notes.model import Note, Section
from tui.study.blocks import BULLET, Block, Table, blocks, code_lines, comment_lines
from tui.study.card import Card, Kind, card_id
from tui.study.text import has_japanese, outside_code, plain, plain_lines

_SEPARATOR = re.compile(r"(?<!:)(:{2,3})(?!:)")
_MARK = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_JA_DEFINITION = re.compile(r"^(?P<term>[^、。，,：:]{1,60}?)(?:とは|は)[、，,]\s*\S")
_JA_ENDING = re.compile(r"(?:です|ます|である|のこと|を指す|をいう|だ)[。．.]?$")
_EN_DEFINITION = re.compile(r"^(?P<term>[^.,;:!?()]{1,60}?)\s+(?:is|are)\s+\S.*[.]$")
_EN_NOT_TERMS = frozenset(
    {"it", "this", "that", "there", "these", "those", "they", "he", "she", "we", "you"}
    | {"which", "what", "who", "here", "such", "each"}
)
_JA_NOT_TERMS = frozenset(("これ", "それ", "あれ", "ここ", "そこ", "今回", "次", "本書", "以下"))
_JA_PARTICLES = ("に", "で", "へ", "も", "を", "が", "や", "の")
"""A term ending in one of these is not the subject of a definition (`…には、`, `…では、`)."""
_LINKS = re.compile(r"!?\[[^\]]*\]\([^)]*\)|\[\[[^\]]*\]\]")
_NOT_WORDS = re.compile(r"[\s\W_]+")
EXTRACTION_VERSION = 1
"""Raised whenever a change here makes other cards from the same note: stored cards made by
another version are not reused (see `Deck.reload`)."""
CLOZE_GAP = "[…]"
"""What stands on a cloze card's front where its term is hidden."""
MAX_TERM_WORDS = 6
"""An English definition's term has at most this many words (`X is …`)."""


def what_is_front(title: str, answer: str) -> str:
    """The question of a "what is it" card: Japanese when its answer is, else English."""
    return f"{title} とは？" if has_japanese(answer) else f"What is {title}?"


def _section_of(sections: tuple[Section, ...], line: int) -> str:
    anchor = ""
    for section in sections:
        if section.line > line:
            break
        anchor = section.anchor
    return anchor


def _unbulleted(line: str) -> str:
    bullet = BULLET.match(line)
    return line[bullet.end() :] if bullet else line


class _Cards:
    """Collects one note's cards, giving each its id and section."""

    def __init__(self, note: Note) -> None:
        self.note = note
        self.sections = tuple(sorted(note.sections, key=lambda s: s.line))
        self.found: list[Card] = []
        self.seen: dict[tuple[Kind, str], int] = {}

    def add(self, kind: Kind, front: str, back: str, line: int) -> None:
        front, back = front.strip(), back.strip()
        if not front or not back:
            return
        key = (kind, " ".join(front.split()))
        ordinal = self.seen.get(key, 0) + 1
        self.seen[key] = ordinal
        self.found.append(
            Card(
                card_id(self.note.id, kind, front, ordinal),
                self.note.id,
                kind,
                front,
                back,
                _section_of(self.sections, line),
                line,
            )
        )


def _multi_line(cards: _Cards, lines: list[str], skip: set[int]) -> set[int]:
    """Cards around `?` / `??` lines; returns the lines they took."""
    taken: set[int] = set()
    for number, line in enumerate(lines):
        marker = line.strip()
        if marker not in ("?", "??") or number in skip or number in taken:
            continue
        start = number
        while start > 0 and lines[start - 1].strip() and start - 1 not in skip:
            start -= 1
        end = number + 1
        while end < len(lines) and lines[end].strip() and end not in skip:
            end += 1
        front = plain_lines(lines[start:number])
        back = plain_lines(lines[number + 1 : end])
        if not front or not back:
            continue
        cards.add(Kind.BASIC, front, back, start)
        if marker == "??":
            cards.add(Kind.REVERSE, back, front, start)
        taken.update(range(start, end))
    return taken


def _one_line(cards: _Cards, lines: list[str], skip: set[int]) -> set[int]:
    """`front::back`, `front:::back` and `==cloze==` cards; returns the lines they took."""
    taken: set[int] = set()
    for number, raw in enumerate(lines):
        if number in skip or not raw.strip():
            continue
        line = _unbulleted(raw)
        masked = outside_code(line)
        separator = _SEPARATOR.search(masked)
        if separator is not None:
            front = plain(line[: separator.start()])
            back = plain(line[separator.end() :])
            if front and back:
                cards.add(Kind.BASIC, front, back, number)
                if separator.group(1) == ":::":
                    cards.add(Kind.REVERSE, back, front, number)
                taken.add(number)
                continue
        marks = [m for m in _MARK.finditer(line) if masked[m.start() : m.end()] == m.group(0)]
        if marks:
            back = plain(line)
            for mark in marks:
                hidden = line[: mark.start()] + CLOZE_GAP + line[mark.end() :]
                cards.add(Kind.CLOZE, plain(hidden), back, number)
            taken.add(number)
    return taken


def definition_term(text: str) -> str | None:
    """The term a definition-like sentence defines (`Xは、…です。`, `X is …`), or None."""
    japanese = _JA_DEFINITION.match(text)
    if japanese is not None and _JA_ENDING.search(text):
        term = japanese.group("term").strip()
        if not term or term in _JA_NOT_TERMS or term.endswith(_JA_PARTICLES):
            return None
        return term
    english = _EN_DEFINITION.match(text)
    if english is not None:
        term = english.group("term").strip()
        words = term.split()
        if words and len(words) <= MAX_TERM_WORDS and words[0].lower() not in _EN_NOT_TERMS:
            return term
    return None


def _meaningful(block: Block) -> bool:
    """Whether a block says something beyond links and pictures (a "Related" list does not)."""
    return bool(_NOT_WORDS.sub("", _LINKS.sub("", "".join(block.lines))))


def _automatic(cards: _Cards, lines: list[str], skip: set[int]) -> None:
    """The cards made without extra writing, from the lines authored cards did not take."""
    first: Block | None = None
    for block in blocks(lines, skip):
        if isinstance(block, Table):
            _table(cards, block)
            continue
        if first is None:
            if _meaningful(block):
                first = block
                answer = plain_lines(list(block.lines))
                front = what_is_front(cards.note.title, answer)
                cards.add(Kind.WHAT_IS, front, answer, block.line)
            continue
        if block.kind == "bullet":
            term = definition_term(plain(block.lines[0]))
            if term is not None:
                cards.add(Kind.DEFINITION, term, plain_lines(list(block.lines)), block.line)


def _table(cards: _Cards, table: Table) -> None:
    """A card for each filled cell past the first column: its row's first cell and its
    column's name asked about."""
    header = [plain(cell) for cell in table.header]
    for line, row in table.rows:
        if not row or not plain(row[0]):
            continue
        name = plain(row[0])
        for column, cell in zip(header[1:], row[1:], strict=False):
            value = plain(cell)
            if column and value:
                cards.add(Kind.TABLE, f"{name} — {column}", value, line)


def cards_of(note: Note) -> list[Card]:
    """Every card of `note`, in the order of its lines (authored ones first within a line)."""
    lines = note.body.split("\n")
    skip = code_lines(lines)
    skip |= comment_lines(lines, skip)
    skip |= {n for n, line in enumerate(lines) if line.lstrip().startswith("#")}
    cards = _Cards(note)
    skip |= _multi_line(cards, lines, skip)
    skip |= _one_line(cards, lines, skip)
    _automatic(cards, lines, skip)
    cards.found.sort(key=lambda card: card.line)
    return cards.found


def cards_of_notes(notes: Iterable[Note]) -> Iterator[Card]:
    """The cards of each note in turn."""
    for note in notes:
        yield from cards_of(note)
