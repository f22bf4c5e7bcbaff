"""Query expansion by synonyms from Sudachi's synonym dictionary (plain Python).

The data ships as ``tui/search/data/synonyms.tsv.gz``, made by ``scripts/make_synonyms.py``
from SudachiDict's ``src/main/text/synonyms.txt`` (Apache-2.0; see ``data/README.md``).

Sudachi's flags, as its ``docs/synonyms.md`` defines them, and how they are used here:

* 展開制御フラグ (control): 0 expands and is expanded to; 1 is never a trigger but other
  words of its group expand to it; 2 is never used (a deletion record) and is not shipped.
* 語彙素番号 (lexeme): words with the same number are one lexeme (spelling variants,
  translations, abbreviations); some words carry several numbers (``1/2``).
* 語形種別 (form): 0 代表語, 1 対訳, 2 別称, 3 旧称, 4 誤用.
* 略語・略称 (abbreviation): 0 full form, 1 alphabetic abbreviation, 2 other abbreviation.
* 表記揺れ (notation): 0 代表表記, 1 alphabetic spelling, 2 異表記, 3 誤表記.

A word expands to the other usable words of every group in which it is a trigger. Misuses
(誤用) and misspellings (誤表記) may trigger but are never offered; former names (旧称) and
abbreviations come last, words of the trigger's own lexeme before the rest of its group.

File format (gzip, UTF-8, one record a line, fields separated by tabs):

* header: ``kumonote-synonyms``, format version, analyzer version of the folded keys, group
  count, key count, source;
* one line per group: dictionary group id, field (分野, ``/``-separated, may be empty),
  then pairs of flags and word; flags are the digits control, 体言/用言 (0 if unknown),
  form, abbreviation and notation followed by the lexeme numbers (``/``-separated);
* one line per trigger key, sorted: folded word, then the comma-separated indexes (from 0)
  of the groups it triggers. Lookups bisect this list, so loading only splits lines.
"""

from __future__ import annotations

import gzip
import operator
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tui.search.analysis import ANALYZER_VERSION, fold

MAGIC = "kumonote-synonyms"
FORMAT_VERSION = 1
DATA_FILE = "synonyms.tsv.gz"
"""The shipped file, inside the ``tui.search.data`` package."""
MAX_EXPANSIONS = 8
_KATAKANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


@dataclass(frozen=True)
class Entry:
    """One word of a synonym group with its dictionary flags."""

    word: str
    control: int = 0
    pos: int = 0
    form: int = 0
    abbreviation: int = 0
    notation: int = 0
    lexemes: tuple[int, ...] = ()

    @property
    def triggers(self) -> bool:
        """True if this word starts an expansion of its group."""
        return self.control == 0

    @property
    def offered(self) -> bool:
        """True if this word may be given as an expansion (not a misuse or misspelling)."""
        return self.control in (0, 1) and self.form != 4 and self.notation != 3

    def code(self) -> str:
        """The flags as stored in the file."""
        lexemes = "/".join(str(n) for n in self.lexemes) or "0"
        return f"{self.control}{self.pos}{self.form}{self.abbreviation}{self.notation}{lexemes}"

    @classmethod
    def decode(cls, code: str, word: str) -> Entry:
        """The entry stored as ``code`` and ``word``."""
        if len(code) < 6 or not code.isascii() or not word:
            raise ValueError(f"bad entry {code!r} {word!r}")
        control, pos, form, abbreviation, notation = (int(c) for c in code[:5])
        lexemes = tuple(n for n in (int(part) for part in code[5:].split("/")) if n)
        return cls(word, control, pos, form, abbreviation, notation, lexemes)


@dataclass(frozen=True)
class Group:
    """One synonym group: its dictionary id, field and words in dictionary order."""

    ident: str
    field: str
    entries: tuple[Entry, ...]

    @property
    def rank(self) -> int:
        """Order among the groups of a word: IT first, then general, then other fields."""
        fields = self.field.split("/") if self.field else []
        return 0 if "IT" in fields else 1 if not fields else 2

    def line(self) -> str:
        """The group as stored in the file."""
        parts = [self.ident, self.field]
        for entry in self.entries:
            parts += [entry.code(), entry.word]
        return "\t".join(parts)

    @classmethod
    def decode(cls, line: str) -> Group:
        """The group stored as ``line``."""
        parts = line.split("\t")
        if len(parts) < 4 or len(parts) % 2:
            raise ValueError(f"bad group line {line[:40]!r}")
        entries = tuple(Entry.decode(parts[i], parts[i + 1]) for i in range(2, len(parts), 2))
        return cls(parts[0], parts[1], entries)


def _close(text: str) -> str:
    """``text`` up to width, case and katakana/hiragana (long vowels kept)."""
    return unicodedata.normalize("NFKC", text).lower().translate(_KATAKANA)


def index_lines(groups: Iterable[Group]) -> list[str]:
    """The sorted key lines for ``groups``: each folded trigger word and its groups."""
    index: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        for entry in group.entries:
            if entry.triggers:
                key = fold(entry.word)
                found = index.setdefault(key, [])
                if not found or found[-1] != number:
                    found.append(number)
    return [f"{key}\t{','.join(map(str, index[key]))}" for key in sorted(index)]


def dump(groups: Sequence[Group], source: str) -> bytes:
    """The file contents for ``groups`` (gzip without a timestamp, so builds repeat)."""
    keys = index_lines(groups)
    header = "\t".join(
        [
            MAGIC,
            str(FORMAT_VERSION),
            str(ANALYZER_VERSION),
            str(len(groups)),
            str(len(keys)),
            source,
        ]
    )
    text = "\n".join([header, *(group.line() for group in groups), *keys]) + "\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


class Synonyms:
    """Synonym groups by folded word; empty (with `problem` set) if the data is unusable."""

    def __init__(
        self,
        groups: list[str] | None = None,
        keys: list[str] | None = None,
        *,
        source: str = "",
        problem: str | None = None,
    ) -> None:
        self._lines = groups or []
        self._keys = keys or []
        self._parsed: dict[int, Group | None] = {}
        self.source = source
        """Where the data comes from (repository and commit), from the file header."""
        self.problem = problem
        """Why the synonyms are empty, or None."""

    def __len__(self) -> int:
        return len(self._lines)

    @classmethod
    def load(cls, path: Path | None = None) -> Synonyms:
        """The shipped synonyms (or those at ``path``); never raises."""
        try:
            if path is None:
                data = (resources.files("tui.search.data") / DATA_FILE).read_bytes()
            else:
                data = path.read_bytes()
        except Exception as error:
            return cls(problem=f"synonym data not readable: {error}")
        return cls.from_bytes(data)

    @classmethod
    def from_bytes(cls, data: bytes) -> Synonyms:
        """Synonyms from the file contents ``data``; never raises."""
        try:
            lines = gzip.decompress(data).decode("utf-8").split("\n")
            header = lines[0].split("\t")
            if len(header) != 6 or header[0] != MAGIC or header[1] != str(FORMAT_VERSION):
                raise ValueError("not a synonym file of this version")
            count, key_count = int(header[3]), int(header[4])
            if len(lines) != 2 + count + key_count or lines[-1]:
                raise ValueError("truncated")
            groups = lines[1 : 1 + count]
            if header[2] == str(ANALYZER_VERSION):
                keys = lines[1 + count : -1]
                if not all(map(operator.lt, keys, keys[1:])):
                    raise ValueError("keys out of order")
            else:  # folded by another analyzer: fold again
                keys = index_lines(Group.decode(line) for line in groups)
        except Exception as error:
            return cls(problem=f"synonym data damaged: {error}")
        return cls(groups, keys, source=header[5])

    def _group(self, number: int) -> Group | None:
        """Group ``number``, parsed once; None if its line is damaged."""
        if number not in self._parsed:
            try:
                self._parsed[number] = Group.decode(self._lines[number])
            except (ValueError, IndexError):
                self._parsed[number] = None
        return self._parsed[number]

    def _triggered(self, key: str) -> list[int]:
        """Numbers of the groups that the folded word ``key`` triggers."""
        prefix = key + "\t"
        at = bisect_left(self._keys, prefix)
        if at == len(self._keys) or not self._keys[at].startswith(prefix):
            return []
        try:
            return [int(n) for n in self._keys[at][len(prefix) :].split(",")]
        except ValueError:
            return []

    def groups(self, word: str) -> list[Group]:
        """The groups that ``word`` (matched folded) expands, best first.

        Folding drops long vowels, so ``エラー`` (error) and ``エラ`` (gill) share a key; when
        some groups hold the word up to width, case and kana only, the others are left out.
        """
        key = fold(word.strip())
        found = [g for g in map(self._group, self._triggered(key)) if g]
        close = _close(word.strip())
        closer = [g for g in found if any(_close(e.word) == close for e in g.entries)]
        return sorted(closer or found, key=lambda group: group.rank)

    def expand(self, word: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        """Words that ``word`` may be expanded to, best first, without itself; never raises."""
        key = fold(word.strip())
        if not key:
            return []
        ranked: list[tuple[tuple[int, ...], str]] = []
        for order, group in enumerate(self.groups(word)):
            folded = [fold(entry.word) for entry in group.entries]
            own = [e for e, f in zip(group.entries, folded, strict=True) if f == key]
            lexemes = {n for e in own for n in e.lexemes}
            kinds = {e.pos for e in own} - {0}
            for position, (entry, form) in enumerate(zip(group.entries, folded, strict=True)):
                if form == key or not entry.offered:
                    continue
                rank = (
                    entry.form == 3,  # 旧称
                    entry.abbreviation != 0,
                    not lexemes.intersection(entry.lexemes),
                    bool(kinds) and entry.pos != 0 and entry.pos not in kinds,
                    order,
                    position,
                )
                ranked.append((tuple(int(r) for r in rank), entry.word))
        seen = {key}
        out: list[str] = []
        for _, candidate in sorted(ranked):
            form = fold(candidate)
            if form not in seen:
                seen.add(form)
                out.append(candidate)
                if len(out) == limit:
                    break
        return out
