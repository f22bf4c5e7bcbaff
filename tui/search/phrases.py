"""The content words of a Japanese phrase as people type it into a search bar.

``暗号化の方法``, ``鍵の管理は誰が``, ``学習ジョブが失敗した理由``: the words that carry the
meaning are nouns, verbs and adjectives; particles (を, に, の, から), auxiliaries (たい, た),
empty verbs (する, できる, なる), pronouns (誰, 何) and formal nouns (こと, とき) are dropped.
A verb or adjective is looked for by its stem (``動かし`` → ``動か``, which ``動かす``,
``動かせ`` and ``動かして`` all start with), a suffixed noun also by its bare noun
(``暗号化`` → ``暗号``), and adjacent nouns form a compound (``学習ジョブ``) whose own words
are searched on their own when the compound is nowhere in the notes.

SudachiPy gives the word classes (`tui.search.morphology`); without it the text is split by
script (kanji, katakana, hiragana), which finds the same words in most typed phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.search import morphology

_DROPPED_CLASSES = frozenset(
    ("助詞", "助動詞", "補助記号", "記号", "空白", "接続詞", "感動詞", "代名詞", "副詞", "連体詞")
)
EMPTY_NOUNS = frozenset(
    [
        "こと",
        "もの",
        "物",
        "ため",
        "為",
        "とき",
        "時",
        "ところ",
        "所",
        "よう",
        "様",
        "方",
        "ほう",
        "わけ",
        "訳",
        "はず",
        "際",
        "たち",
        "達",
        "何",
        "なに",
        "どれ",
        "どこ",
        "いつ",
        "誰",
        "だれ",
        "どう",
        "やり方",
        "仕方",
    ]
)
"""Formal and question nouns: they shape the question, not its subject."""
WEAK_NOUNS = frozenset(
    [
        "方法",
        "理由",
        "原因",
        "場合",
        "違い",
        "意味",
        "手順",
        "仕組み",
        "使い方",
        "種類",
        "一覧",
        "例",
        "概要",
        "説明",
        "目的",
        "特徴",
        "役割",
        "機能",
        "設定",
        "方",
        "関係",
        "利用",
        "使用",
    ]
)
"""Nouns that often frame a question (``…の方法``): searched, but they weigh less."""
WEAK_WEIGHT = 0.35
_EMPTY_VERBS = frozenset(
    [
        "する",
        "為る",
        "できる",
        "出来る",
        "いる",
        "居る",
        "ある",
        "有る",
        "なる",
        "成る",
        "くる",
        "来る",
        "いく",
        "行く",
        "みる",
        "見る",
        "おく",
        "置く",
        "しまう",
        "やる",
        "思う",
        "言う",
        "いう",
        "わかる",
        "分かる",
        "知る",
        "ない",
        "無い",
        "よい",
        "良い",
        "いい",
        "ほしい",
        "欲しい",
        "たい",
    ]
)
_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HIRAGANA = "\u3041-\u3096\u309d\u309e"
_KATAKANA = "\u30a1-\u30fa\u30fc\u30fd\u30fe\uff66-\uff9f"
_SCRIPT_RUN = re.compile(f"[{_KANJI}]+[{_HIRAGANA}]*|[{_KATAKANA}]+|[{_HIRAGANA}]+")
_PARTICLES = [
    "について",
    "から",
    "まで",
    "より",
    "では",
    "には",
    "とは",
    "へは",
    "での",
    "との",
    "への",
    "ので",
    "のに",
    "けど",
    "を",
    "に",
    "が",
    "は",
    "の",
    "で",
    "と",
    "へ",
    "も",
    "や",
    "か",
    "な",
    "ね",
    "よ",
]
"""Hiragana that join the words of a phrase (longest first where one starts another)."""
_TAIL = re.compile(f"[{_HIRAGANA}]+$")


@dataclass(frozen=True)
class Word:
    """One thing asked for, as written in the query."""

    parts: tuple[str, ...]
    """The pieces of a compound (one piece for a single word)."""
    weak: bool = False
    """A noun that frames a question (``方法``): weighs less."""
    stem: bool = False
    """The last part is a verb or adjective stem: a kana must follow it in the text."""
    bare: str | None = None
    """The noun without its prefix or suffix (``暗号`` of ``暗号化``), also searched."""
    split: tuple[Word, ...] = field(default=())
    """The compound's own words, searched when the compound is nowhere in the notes."""

    @property
    def text(self) -> str:
        """The word as typed (its parts together)."""
        return "".join(self.parts)


@dataclass
class _Unit:
    """A content morpheme with its affixes, on the way to a `Word`."""

    text: str
    start: int
    end: int
    kind: str
    """noun, verb (verb or adjective: matched by its stem), prefix or suffix."""
    bare: str | None = None


def content_words(text: str) -> list[Word]:
    """The words that carry the meaning of `text` (a piece of the query without spaces and
    without Latin letters), in order."""
    if not text:
        return []
    morphemes = morphology.analyze(text)
    units = _units_from_morphemes(morphemes) if morphemes is not None else _units_by_script(text)
    return _words(units)


def _units_from_morphemes(morphemes: list[morphology.Morpheme]) -> list[_Unit]:
    units: list[_Unit] = []
    for m in morphemes:
        major, minor = m.pos
        if major in _DROPPED_CLASSES:
            units.append(_Unit("", m.start, m.end, "gap"))
        elif major == "接頭辞":
            units.append(_Unit(m.surface, m.start, m.end, "prefix"))
        elif major == "接尾辞":
            units.append(_Unit(m.surface, m.start, m.end, "suffix"))
        elif major in ("動詞", "形容詞"):
            if minor == "非自立可能" or m.base in _EMPTY_VERBS:
                units.append(_Unit("", m.start, m.end, "gap"))
            else:
                units.append(_Unit(_stem(m.surface, m.base), m.start, m.end, "verb"))
        elif m.surface in EMPTY_NOUNS or m.base in EMPTY_NOUNS:
            units.append(_Unit("", m.start, m.end, "gap"))
        else:  # nouns, na-adjectives, numbers, unknown words
            units.append(_Unit(m.surface, m.start, m.end, "noun"))
    return units


def _stem(surface: str, base: str) -> str:
    """What every form of a verb or adjective starts with: the dictionary form without its
    last kana (``動かす`` → ``動か``, ``起きる`` → ``起き``, ``早い`` → ``早``), kept no longer
    than the form typed."""
    stem = base[:-1] if len(base) > 1 and _TAIL.search(base) else base
    common = 0
    for a, b in zip(stem, surface, strict=False):
        if a != b:
            break
        common += 1
    return stem[:common] if common else surface


def _units_by_script(text: str) -> list[_Unit]:
    """Without Sudachi: kanji runs (with their okurigana dropped), katakana runs and hiragana
    runs that are not particles."""
    units: list[_Unit] = []
    last = 0
    for match in _SCRIPT_RUN.finditer(text):
        if match.start() > last:
            units.append(_Unit("", last, match.start(), "gap"))
        run = match.group()
        start = match.start()
        tail = _TAIL.search(run) if run[0] not in _HIRAGANA_SET else None
        if tail is not None and tail.start() > 0:
            kanji = run[: tail.start()]
            okurigana = tail.group()
            if okurigana in _PARTICLES or okurigana[:1] in ("の", "を", "に", "が", "は", "で"):
                units.append(_Unit(kanji, start, start + len(kanji), "noun"))
            else:
                units.append(_Unit(kanji, start, start + len(kanji), "verb"))
            units.append(_Unit("", start + len(kanji), match.end(), "gap"))
        elif run[0] in _HIRAGANA_SET and (
            run in _PARTICLES or run in _EMPTY_VERBS or run in EMPTY_NOUNS
        ):
            units.append(_Unit("", start, match.end(), "gap"))
        else:
            kind = "noun"
            units.append(_Unit(run, start, match.end(), kind))
        last = match.end()
    return units


_HIRAGANA_SET = frozenset(chr(c) for c in range(0x3041, 0x3097))


def _words(units: list[_Unit]) -> list[Word]:
    """Units grouped into words: affixes join their noun, adjacent nouns form a compound."""
    joined: list[_Unit] = []
    for unit in units:
        if unit.kind == "suffix":
            if joined and joined[-1].kind == "noun" and joined[-1].end == unit.start:
                head = joined[-1]
                head.bare = head.bare or head.text
                head.text += unit.text
                head.end = unit.end
            continue  # a suffix alone (方 of 使い方) is no word
        if (
            joined
            and joined[-1].kind == "prefix"
            and joined[-1].end == unit.start
            and unit.kind == "noun"
        ):
            prefix = joined.pop()
            unit = _Unit(prefix.text + unit.text, prefix.start, unit.end, "noun", unit.text)
        joined.append(unit)
    words: list[Word] = []
    run: list[_Unit] = []

    def flush() -> None:
        if not run:
            return
        if len(run) == 1:
            words.append(_single(run[0]))
        else:
            parts = tuple(unit.text for unit in run)
            split = tuple(_single(unit) for unit in run)
            words.append(
                Word(
                    parts, weak=all(w.weak for w in split), stem=run[-1].kind == "verb", split=split
                )
            )
        run.clear()

    for unit in joined:
        if unit.kind == "noun" and unit.text:
            if run and run[-1].end != unit.start:
                flush()
            run.append(unit)
            continue
        flush()
        if unit.kind == "verb" and unit.text:
            words.append(_single(unit))
    flush()
    return words


def _single(unit: _Unit) -> Word:
    weak = unit.text in WEAK_NOUNS
    return Word((unit.text,), weak=weak, stem=unit.kind == "verb", bare=unit.bare)


def split_particles(kana: str) -> list[str] | None:
    """A hiragana run cut at particles into its words (``かぎのかんり`` → ``かぎ``, ``かんり``),
    or None when it has no particle between two words."""
    for particle in _PARTICLES:
        at = kana.find(particle, 1)
        while 0 < at < len(kana) - len(particle):
            left, right = kana[:at], kana[at + len(particle) :]
            if len(left) >= 2 and len(right) >= 2:
                rest = split_particles(right)
                return [left, *(rest or [right])]
            at = kana.find(particle, at + 1)
    return None
