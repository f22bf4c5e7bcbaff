"""Clauses for the Japanese part of a query: one clause per thing asked for.

A run of CJK text such as ``学習ジョブが失敗した理由`` becomes its content words
(`tui.search.phrases`), each a clause with every way a note may say it:

* the word as typed, folded (kana, width, long vowels), and a verb or adjective by its stem;
* kanji read as the kana typed (``かぎ`` → ``鍵``, from the index's reading table);
* Latin letters spelt in kana (``えーえむあい`` → ``AMI``, `tui.search.letters`);
* English words of the notes whose katakana reading is the kana typed (``ファーゲート`` →
  ``Fargate``, read at index time by `tui.search.english_kana`);
* synonyms from Sudachi's synonym dictionary (`tui.search.synonyms`), weighing less;

and, to search instead when no note holds the clause, its parts: the words of a compound
(``学習ジョブ`` → ``学習``, ``ジョブ``), a kana run cut into letters and a word
(``でぃーえるこんてな`` → ``DL``, ``コンテナ``) or at its particles (``かぎのかんり``).
"""

from __future__ import annotations

from dataclasses import replace

from tui.search import letters
from tui.search.analysis import fold, has_kanji, lengthens
from tui.search.phrases import WEAK_WEIGHT, Word, content_words, split_particles
from tui.search.query import (
    Alternative,
    Clause,
    Lexicon,
    Pattern,
    _cjk_clause,
    cjk_terms,
)

SYNONYM_WEIGHT = 0.5
"""A synonym weighs this much of the word typed."""
MAX_SYNONYMS = 3
LETTERS_WEIGHT = 0.95
ENGLISH_WEIGHT = 0.9
STEM_WEIGHT = 0.8
BARE_WEIGHT = 0.6
"""The noun of a suffixed word (``暗号`` for ``暗号化``)."""


def run_clauses(written: str, folded: str, lexicon: Lexicon | None) -> list[Clause]:
    """The clauses of one CJK run of the query, as written and folded."""
    if not has_kanji(written) and not _mixed_kana(written):
        return [kana_clause(written, folded, lexicon)]
    words = content_words(written)
    if not words:
        return [_cjk_clause(folded, lexicon)]  # nothing but particles: search them as typed
    return [word_clause(word, lexicon) for word in words]


def _mixed_kana(text: str) -> bool:
    """True when `text` mixes hiragana with katakana (``ファーゲートを``): a phrase."""
    hiragana = any("\u3041" <= c <= "\u3096" for c in text)
    katakana = any("\u30a1" <= c <= "\u30fa" or "\uff66" <= c <= "\uff9d" for c in text)
    return hiragana and katakana


def word_clause(word: Word, lexicon: Lexicon | None) -> Clause:
    """The clause of one content word (or compound)."""
    weight = WEAK_WEIGHT if word.weak else 1.0
    if len(word.parts) > 1:
        parts = tuple(fold(part) for part in word.parts)
        terms: list[str] = []
        for part in parts:
            terms.extend(cjk_terms(part) if _cjk(part) else (part,))
        yomi = not any(has_kanji(part) for part in parts) and all(map(_cjk, parts))
        alt = Alternative(
            "phrase",
            terms=tuple(dict.fromkeys(t for t in terms if t)),
            yomi=yomi,
            pattern=Pattern(parts, stem=word.stem),
        )
        fallback = tuple(word_clause(part, lexicon) for part in word.split)
        return Clause(
            word.text, (alt, *_synonyms(word.text, lexicon)), weight=weight, fallback=fallback
        )
    text = word.parts[0]
    folded = fold(text)
    if not has_kanji(text):
        return replace(kana_clause(text, folded, lexicon), weight=weight)
    clause = _cjk_clause(folded, lexicon)
    alternatives = list(clause.alternatives)
    if word.stem:
        alternatives = [_as_stem(alt) for alt in alternatives]
    if word.bare and word.bare != text:
        # ``オプション型`` is also an オプション (and an Option: the bare word's English reading)
        bare_folded = fold(word.bare)
        bare = (
            _cjk_clause(bare_folded, lexicon)
            if has_kanji(word.bare)
            else kana_clause(word.bare, bare_folded, lexicon)
        ).alternatives
        alternatives.extend(
            replace(alt, kind="bare", weight=alt.weight * BARE_WEIGHT) for alt in bare
        )
    alternatives.extend(_synonyms(text if not word.stem else "", lexicon))
    return Clause(text, tuple(alternatives), weight=weight)


def _as_stem(alt: Alternative) -> Alternative:
    if alt.pattern is None:
        return alt
    return replace(alt, weight=alt.weight * STEM_WEIGHT, pattern=replace(alt.pattern, stem=True))


def _cjk(text: str) -> bool:
    return any(ord(c) > 0x3000 for c in text)


def kana_clause(written: str, folded: str, lexicon: Lexicon | None) -> Clause:
    """A kana word: as written (and read as kanji), spelt letters, English words read so,
    synonyms; cut into letters and words or at its particles when no note holds it."""
    base = _cjk_clause(folded, lexicon, lengthens(written, folded))
    alternatives = list(base.alternatives)
    spelt = letters.read_letters(written)
    if spelt:
        shown = _display(spelt, lexicon, upper=True)
        alternatives.append(
            Alternative(
                "letters",
                terms=(spelt,),
                weight=LETTERS_WEIGHT,
                pattern=Pattern((spelt,)),
                label=f"読み: {written} → {shown}",
            )
        )
    alternatives.extend(_english(written, lexicon))
    alternatives.extend(_synonyms(written, lexicon))
    return Clause(written, tuple(alternatives), fallback=_kana_parts(written, folded, lexicon))


def _english(written: str, lexicon: Lexicon | None) -> list[Alternative]:
    """English words of the notes read as `written` (one word, or several in a row)."""
    find = getattr(lexicon, "english", None)
    if find is None or len(fold(written)) < 2:
        return []
    out: list[Alternative] = []
    for words, shown, close in find(written):
        out.append(
            Alternative(
                "english",
                terms=words,
                weight=ENGLISH_WEIGHT if close == 0 else ENGLISH_WEIGHT * 0.8,
                pattern=Pattern(words),
                label=f"読み: {written} → {shown}",
            )
        )
    return out


def _synonyms(word: str, lexicon: Lexicon | None) -> list[Alternative]:
    find = getattr(lexicon, "synonyms", None)
    if find is None or len(word) < 2:
        return []
    out: list[Alternative] = []
    for synonym in find(word)[:MAX_SYNONYMS]:
        folded = fold(synonym)
        if not folded or folded == fold(word):
            continue
        if folded.isascii():
            words = tuple(folded.split())
            if not words or not all(w.isalnum() for w in words):
                continue
            out.append(
                Alternative(
                    "synonym",
                    terms=words,
                    weight=SYNONYM_WEIGHT,
                    pattern=Pattern(words),
                    label=f"類義語: {synonym}",
                )
            )
            continue
        alt = _cjk_clause(folded, None).alternatives[0]
        out.append(
            replace(
                alt, kind="synonym", weight=SYNONYM_WEIGHT, yomi=False, label=f"類義語: {synonym}"
            )
        )
    return out


def _display(term: str, lexicon: Lexicon | None, upper: bool = False) -> str:
    shown = lexicon.display(term) if lexicon is not None else term
    return shown.upper() if upper and shown == term else shown


def _kana_parts(written: str, folded: str, lexicon: Lexicon | None) -> tuple[Clause, ...]:
    """What a kana run is made of, when no note holds it whole."""
    for spelt, rest in letters.letter_splits(written):
        rest_folded = fold(rest)
        if not rest_folded:
            continue
        shown = _display(spelt, lexicon, upper=True)
        head = Clause(
            spelt,
            (
                Alternative(
                    "letters",
                    terms=(spelt,),
                    weight=LETTERS_WEIGHT,
                    pattern=Pattern((spelt,)),
                    label=f"読み: {written[: len(written) - len(rest)]} → {shown}",
                ),
            ),
        )
        tail = _cjk_clause(rest_folded, lexicon, lengthens(rest, rest_folded))
        alts = (*tail.alternatives, *_english(rest, lexicon))
        return head, Clause(tail.source, alts)
    pieces = split_particles(folded) if all("\u3041" <= c <= "\u3096" for c in folded) else None
    if pieces:
        return tuple(_cjk_clause(piece, lexicon) for piece in pieces)
    if has_kanji(written):
        return ()
    # A katakana compound (``ディープラーニングコンテナ``) by its words; never by pieces of
    # two kana or less (``ファーゲート`` is no ``ファー`` + ``ゲート``: every ファンクション
    # holds ``ふぁ``).
    words = content_words(written)
    parts = [part for word in words for part in (word.split or (word,))]
    if len(parts) > 1 and all(len(fold(part.text)) >= 3 for part in parts):
        return tuple(word_clause(part, lexicon) for part in parts)
    return ()
