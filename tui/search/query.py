"""From what the user typed to a structured query (pure Python, no Whoosh).

User input never reaches Whoosh's query parser. In Whoosh 2.7 ``NOT OR "``, ``"~`` and
``sagemaker~1/20`` raise, ``sagemaker~9`` runs a fuzzy expansion for 15 s and
``NOT sagemaker`` matches nearly every note. Here the input is only ever *text*:

* it is cut to `MAX_INPUT` characters (a 100,000-character paste costs nothing), control
  characters and unpaired surrogates become spaces;
* text between paired quotes (``"…"``, ``“…”``, ``「…」``) is one phrase; everything else is
  split on white space, and every piece is a *clause*; clauses are ANDed;
* inside a piece, words joined by ``-``, ``.``, ``/``, ``_`` … form a phrase (``sse-c``);
  other punctuation (``~``, ``:``, ``*``, brackets) just separates clauses, and words such
  as ``AND``/``OR``/``NOT`` are ordinary words;
* each clause has alternatives: the exact word, its prefix (``infer`` → ``inferentia``),
  typo corrections when the word is nowhere in the index (``sagemkaer`` → ``sagemaker``),
  romaji read as kana when the word is romaji (``suiron`` → ``すいろん``), and the kanji
  whose reading the kana is (``すいろん`` → ``推論``), from the index's reading table.

The engine evaluates a `ParsedQuery` against the index's posting lists
(`tui.search.retrieval`), then keeps only notes whose text really holds each clause;
`Highlighter` uses the same patterns to find matches in any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from tui.search import romaji
from tui.search.analysis import MAX_WORD, Unit, fold, fold_with_offsets, has_kanji, units

MAX_INPUT = 256
"""Characters of a query that are looked at; the rest is ignored."""
MAX_CLAUSES = 8
MAX_UNITS = 12
MIN_TYPO_LENGTH = 4

_CLEAN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\ufeff]")
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "”": "”"}
_JOINERS = frozenset("-_./'+#@&")


class Lexicon(Protocol):
    """What the query builder may ask the index (all optional knowledge)."""

    def exists(self, term: str) -> bool:
        """True when a Latin word is a term of the index."""
        ...

    def has_prefix(self, prefix: str) -> bool:
        """True when some Latin term of the index starts with `prefix` (other than itself)."""
        ...

    def corrections(self, word: str, prefix: bool = False) -> list[str]:
        """Index terms close to `word` (typos), best first; with `prefix`, terms whose start is
        close to `word` (a word still being typed: ``sagemk`` → ``sagemaker``)."""
        ...

    def surfaces(self, reading: str, prefix: bool) -> list[str]:
        """Kanji words whose folded reading is (or, with `prefix`, starts with) `reading`."""
        ...

    def display(self, term: str) -> str:
        """How a folded term is written in titles and aliases (``sagemaker`` → ``SageMaker``)."""
        ...


@dataclass(frozen=True)
class Pattern:
    """A folded word sequence to find in text."""

    parts: tuple[str, ...]
    prefix: bool = False
    """The last part may be the start of a longer word."""
    lengthened: bool = False
    """The only part is one kana whose long vowel folding took away (``キー`` → ``き``): it
    matches only where the text lengthens that kana too, never a lone ``き``."""
    stem: bool = False
    """The last part is the stem of a verb or adjective (``動か``, ``書``): a kana follows it."""


@dataclass(frozen=True)
class Alternative:
    """One way a clause can match."""

    kind: str
    """word, prefix, typo, cjk, phrase, kana, reading (kanji read as the kana), compound
    (kanji words read together as the kana) or initial (the first letter of a Latin word, looked
    for in titles and aliases only)."""
    terms: tuple[str, ...] = ()
    """Index terms that must all be in one field."""
    prefix: str = ""
    """Expand this term prefix instead (``kind`` prefix, or a one-character CJK word)."""
    yomi: bool = False
    """Also look in the reading fields (the alternative is all kana)."""
    weight: float = 1.0
    pattern: Pattern | None = None
    label: str = ""
    """Why a note found this way matched, for the status line (``読み: じゅぴたー → Jupyter``);
    empty when the note shows what was typed."""


@dataclass(frozen=True)
class Clause:
    """One thing the user asked for; a note must match one of its alternatives."""

    source: str
    alternatives: tuple[Alternative, ...]
    phrase: bool = False
    """A quoted phrase: every note found must hold it."""
    weight: float = 1.0
    """How much the clause counts among the others (a word that frames a question, such as
    方法, counts less)."""
    fallback: tuple[Clause, ...] = ()
    """Clauses to search instead when no note holds this one (the words of a compound, the
    words of a kana run cut at its particles)."""

    @property
    def patterns(self) -> list[Pattern]:
        """The highlight patterns of the alternatives."""
        return [alt.pattern for alt in self.alternatives if alt.pattern is not None]


@dataclass
class ParsedQuery:
    """A sanitized query as clauses (ANDed), plus a "did you mean" when words were fixed."""

    text: str
    clauses: list[Clause] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def patterns(self) -> list[Pattern]:
        """Every pattern of every clause."""
        return [pattern for clause in self.clauses for pattern in clause.patterns]


def sanitize(text: object) -> str:
    """`text` made safe to analyze: a string, at most `MAX_INPUT` characters, no controls."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[: MAX_INPUT * 4]
    text = _CLEAN.sub(" ", text)
    return text[:MAX_INPUT].strip()


def split_pieces(text: str) -> list[tuple[str, bool]]:
    """(piece, quoted) in order; unpaired quotes are plain separators."""
    pieces: list[tuple[str, bool]] = []
    i = 0
    n = len(text)
    buf: list[str] = []

    def flush() -> None:
        pieces.extend((word, False) for word in "".join(buf).split())
        buf.clear()

    while i < n:
        char = text[i]
        close = _QUOTES.get(char)
        if close is not None:
            end = text.find(close, i + 1)
            if end > i:
                flush()
                inner = text[i + 1 : end].strip()
                if inner:
                    pieces.append((inner, True))
                i = end + 1
                continue
            buf.append(" ")
            i += 1
            continue
        buf.append(char)
        i += 1
    flush()
    return pieces


def _groups(folded: str, quoted: bool) -> list[list[Unit]]:
    """Units of a piece, grouped into phrases."""
    found = list(units(folded))[: MAX_UNITS * 2]
    if quoted:
        return [found[:MAX_UNITS]] if found else []
    groups: list[list[Unit]] = []
    for unit in found:
        if groups:
            last = groups[-1][-1]
            gap = folded[last.end : unit.start]
            joined = bool(gap) and all(char in _JOINERS for char in gap) and len(gap) <= 2
            if joined and len(groups[-1]) < MAX_UNITS:
                groups[-1].append(unit)
                continue
        groups.append([unit])
    return groups


def cjk_terms(text: str) -> tuple[str, ...]:
    """Index terms of a folded CJK word: bigrams covering it, or the kanji itself. A single
    kana has no term (it is looked up as the prefix of bigrams)."""
    if len(text) < 2:
        return (text,) if has_kanji(text) else ()
    # Bigrams that cover every character; the whole word is checked in the text afterwards,
    # so overlapping bigrams would only cost time.
    starts = list(range(0, len(text) - 1, 2))
    if starts[-1] != len(text) - 2:
        starts.append(len(text) - 2)
    return tuple(dict.fromkeys(text[i : i + 2] for i in starts))


def _is_kana(text: str) -> bool:
    return not has_kanji(text)


def _cjk_alternative(text: str, kind: str, weight: float) -> Alternative:
    pattern = Pattern((text,))
    yomi = _is_kana(text)
    terms = cjk_terms(text)
    if not terms:
        return Alternative(kind, prefix=text, yomi=yomi, weight=weight, pattern=pattern)
    return Alternative(kind, terms=terms, yomi=yomi, weight=weight, pattern=pattern)


def _reading_alternatives(kana: str, lexicon: Lexicon | None, prefix: bool) -> list[Alternative]:
    """The kanji words read `kana`: single words from the reading table, else a compound of
    them (``きかいがくしゅ`` → ``機械学習``)."""
    if lexicon is None or len(kana) < 2:
        return []
    surfaces = lexicon.surfaces(kana, prefix)[:6]
    kind = "reading"
    if not surfaces and not prefix:
        compound = _compound(kana, lexicon)
        surfaces, kind = ([compound], "compound") if compound else ([], kind)
    out: list[Alternative] = []
    for surface in surfaces:
        folded = fold(surface)
        if folded and folded != kana:
            alt = _cjk_alternative(folded, kind, 0.9)
            out.append(Alternative(alt.kind, alt.terms, alt.prefix, False, alt.weight, alt.pattern))
    return out


def _compound(kana: str, lexicon: Lexicon) -> str | None:
    """Kanji for `kana` as a run of words of the reading table (fewest words, each read with
    at least two kana), or None."""
    n = len(kana)
    if n < 4 or n > 24:
        return None
    known: dict[str, str | None] = {}
    best: list[tuple[int, str] | None] = [None] * (n + 1)
    best[0] = (0, "")
    for start in range(n):
        here = best[start]
        if here is None:
            continue
        for end in range(start + 2, min(n, start + 8) + 1):
            piece = kana[start:end]
            if piece not in known:
                found = lexicon.surfaces(piece, False)
                known[piece] = found[0] if found else None
            surface = known[piece]
            if surface is None:
                continue
            candidate = (here[0] + 1, here[1] + surface)
            if best[end] is None or candidate[0] < best[end][0]:  # type: ignore[index]
                best[end] = candidate
    last = best[n]
    return last[1] if last is not None and last[0] >= 2 else None


def _word_clause(
    word: str, lexicon: Lexicon | None, last: bool, corrections: dict[str, str]
) -> Clause:
    alternatives = [Alternative("word", terms=(word,), pattern=Pattern((word,)))]
    known = lexicon is None or lexicon.exists(word)
    has_longer = False
    if len(word) >= 2 and not word.isdigit():
        has_longer = lexicon is None or lexicon.has_prefix(word)
        if has_longer:
            alternatives.append(
                Alternative("prefix", prefix=word, weight=0.6, pattern=Pattern((word,), True))
            )
        known = known or has_longer
    if len(word) == 1 and last and word.isascii() and word.isalpha():
        # The first letter of a name being typed (`s` of `sqs`): titles and aliases with a word
        # starting with it, rather than no result until the second letter.
        alternatives.append(
            Alternative("initial", prefix=word, weight=0.6, pattern=Pattern((word,), True))
        )
    whole = romaji.to_kana(word)
    whole_romaji = whole is not None
    if (
        lexicon is not None
        and not known
        and len(word) >= MIN_TYPO_LENGTH
        and word.isalpha()
        and (whole is None or not lexicon.surfaces(fold(whole), False))
    ):
        # A word that is all romaji syllables is read as Japanese, not as a misspelling,
        # unless no kanji of the notes is read so (``inferentai`` is a typo, ``suiron`` 推論).
        fixes = lexicon.corrections(word)
        if last:  # still typing: a typo in the start of a longer word comes first
            starts = lexicon.corrections(word, prefix=True)
            fixes = starts + [fix for fix in fixes if fix not in starts]
        fixes = fixes[:3]
        for rank, fix in enumerate(fixes):
            alternatives.append(
                Alternative("typo", terms=(fix,), weight=0.7 - 0.1 * rank, pattern=Pattern((fix,)))
            )
        if fixes:
            corrections[word] = lexicon.display(fixes[0])
        elif len(word) >= 6:
            split = _split_word(word, lexicon)
            if split is not None:
                alternatives.append(
                    Alternative("split", terms=split, weight=0.9, pattern=Pattern(split))
                )
                corrections[word] = " ".join(lexicon.display(part) for part in split)
    elif lexicon is not None and known and len(word) >= 7 and word.isalpha() and not last:
        # A long word that one note misspells (``addEventListner``) while others spell it
        # right: both are searched, and "did you mean" offers the usual spelling.
        usual = _usual_spelling(word, lexicon)
        if usual is not None:
            alternatives.append(
                Alternative("typo", terms=(usual,), weight=0.7, pattern=Pattern((usual,)))
            )
            corrections[word] = lexicon.display(usual)
    kana = romaji.to_kana(word, partial=last)
    if kana is not None:
        folded = fold(kana)
        # One kana being typed (`ko`) is looked for as こ would be, unless the letters also
        # start a Latin word of the notes (`sa`: SageMaker, not every サービス).
        if len(folded) >= 2 or (last and len(word) >= 2 and not has_longer):
            partial = not whole_romaji
            readings = _reading_alternatives(folded, lexicon, partial)
            alternatives.append(_kana_alternative(folded, "kana", 0.9, readings, partial))
            alternatives.extend(readings)
    return Clause(word, tuple(alternatives))


def _kana_alternative(
    text: str, kind: str, weight: float, readings: list[Alternative], partial: bool
) -> Alternative:
    """A kana word; its reading field search is left out when the reading table already
    names the kanji it reads (those are searched directly, far more cheaply)."""
    alt = _cjk_alternative(text, kind, weight)
    if not partial and any(r.kind == "reading" for r in readings):
        # Kanji words read exactly this: search them instead of the reading field.
        return Alternative(alt.kind, alt.terms, alt.prefix, False, alt.weight, alt.pattern)
    return alt


def _cjk_clause(text: str, lexicon: Lexicon | None, lengthened: bool = False) -> Clause:
    if not _is_kana(text):
        return Clause(text, (_cjk_alternative(text, "cjk", 1.0),))
    if lengthened and len(text) == 1:
        # ``キー`` folds to ``き``: a note must hold a long き (not the き of できます), and the
        # readings of kanji (any starting with き) are no evidence of one.
        alt = _cjk_alternative(text, "cjk", 1.0)
        pattern = Pattern((text,), lengthened=True)
        return Clause(
            text, (Alternative(alt.kind, alt.terms, alt.prefix, False, alt.weight, pattern),)
        )
    readings = _reading_alternatives(text, lexicon, False)
    return Clause(text, (_kana_alternative(text, "cjk", 1.0, readings, False), *readings))


def _phrase_clause(group: list[Unit], quoted: bool) -> Clause:
    terms: list[str] = []
    for unit in group:
        terms.extend(cjk_terms(unit.text) if unit.cjk else (unit.text[:MAX_WORD],))
    parts = tuple(unit.text[:MAX_WORD] for unit in group)
    yomi = all(unit.cjk and _is_kana(unit.text) for unit in group)
    alt = Alternative(
        "phrase",
        terms=tuple(dict.fromkeys(t for t in terms if t)),
        yomi=yomi,
        pattern=Pattern(parts),
    )
    if not alt.terms:  # only one-character CJK units: fall back to their prefixes
        first = parts[0]
        alt = Alternative("phrase", prefix=first, yomi=yomi, pattern=Pattern(parts))
    return Clause(" ".join(parts), (alt,), phrase=quoted)


def _joined_clause(
    group: list[Unit], lexicon: Lexicon | None, corrections: dict[str, str], piece: str
) -> Clause:
    """Words joined by ``.``, ``-`` or ``_`` (``JSON.stringify``, ``sse-c``): the phrase, the
    phrase with its misspelt words corrected (``JSON.stirngify``), and, when no note holds
    it, its words one by one."""
    clause = _phrase_clause(group, False)
    if lexicon is None or any(unit.cjk for unit in group):
        return clause
    parts = [unit.text[:MAX_WORD] for unit in group]
    fixed = list(parts)
    for index, word in enumerate(parts):
        if (
            len(word) >= MIN_TYPO_LENGTH
            and word.isalpha()
            and not lexicon.exists(word)
            and not lexicon.has_prefix(word)
        ):
            found = lexicon.corrections(word)
            if found:
                fixed[index] = found[0]
    alternatives = list(clause.alternatives)
    if fixed != parts:
        alternatives.append(
            Alternative(
                "typo", terms=tuple(dict.fromkeys(fixed)), weight=0.7, pattern=Pattern(tuple(fixed))
            )
        )
        shown = piece
        for word, fix in zip(parts, fixed, strict=True):
            if word != fix:
                at = fold(shown).find(word)
                if at >= 0:
                    shown = shown[:at] + lexicon.display(fix) + shown[at + len(word) :]
        corrections[fold(piece)] = shown
    fallback = tuple(
        _word_clause(word, lexicon, False, {}) for word in dict.fromkeys(fixed) if len(word) >= 2
    )
    return Clause(clause.source, tuple(alternatives), fallback=fallback)


def _usual_spelling(word: str, lexicon: Lexicon) -> str | None:
    """A word of the index one or two edits from `word` and found in at least three times as
    many notes, when `word` itself is in at most one note (a misspelling in the notes)."""
    frequency = getattr(lexicon, "frequency", None)
    if frequency is None or frequency(word) > 1:
        return None
    for fix in lexicon.corrections(word):
        if fix != word and frequency(fix) >= 3:
            return fix
    return None


def _split_word(word: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """Two words of the index that `word` is written together (``stepfunctions`` → ``step``,
    ``functions``), the most even cut first; None when there are none."""
    cuts = sorted(range(2, len(word) - 1), key=lambda at: abs(len(word) - 2 * at))
    for at in cuts:
        left, right = word[:at], word[at:]
        if lexicon.exists(left) and lexicon.exists(right):
            return left, right
    return None


ROMAJI_PARTICLES = frozenset(
    [
        "no",
        "wo",
        "o",
        "ni",
        "ga",
        "wa",
        "de",
        "to",
        "he",
        "e",
        "mo",
        "ya",
        "ka",
        "kara",
        "made",
        "yori",
    ]
)
"""Particles typed in romaji between romaji words (``kagi no kanri``): dropped."""


def _join_pieces(pieces: list[tuple[str, bool]], lexicon: Lexicon | None) -> list[tuple[str, bool]]:
    """Neighbouring words that the index knows only written together become one (``boto 3``
    → ``boto3``)."""
    if lexicon is None or len(pieces) < 2:
        return pieces
    out: list[tuple[str, bool]] = []
    for piece, quoted in pieces:
        if out and not quoted and not out[-1][1]:
            before = out[-1][0]
            joined = fold(before + piece)
            if (
                joined.isascii()
                and joined.isalnum()
                and lexicon.exists(joined)
                and not (lexicon.exists(fold(before)) and lexicon.exists(fold(piece)))
            ):
                out[-1] = (before + piece, False)
                continue
        out.append((piece, quoted))
    return out


def _romaji_sentence(pieces: list[tuple[str, bool]], lexicon: Lexicon | None) -> bool:
    """True when the query has romaji words that are not words of the notes: then its
    romaji particles are particles, not words."""
    for piece, quoted in pieces:
        word = piece.lower()
        if quoted or word in ROMAJI_PARTICLES or not word.isascii():
            continue
        if romaji.to_kana(word) is not None and (lexicon is None or not lexicon.exists(word)):
            return True
    return False


def parse(text: object, lexicon: Lexicon | None = None) -> ParsedQuery:
    """Parse user input into clauses. Never raises; an empty result means "no query"."""
    clean = sanitize(text)
    query = ParsedQuery(clean)
    corrections: dict[str, str] = {}
    pieces = _join_pieces(split_pieces(clean), lexicon)
    tail = _CLEAN.sub(" ", text[: MAX_INPUT * 4])[:MAX_INPUT] if isinstance(text, str) else ""
    ends_open = bool(clean) and not tail[-1:].isspace() and clean[-1] not in '"”」』'
    sentence = _romaji_sentence(pieces, lexicon)
    for index, (piece, quoted) in enumerate(pieces):
        if sentence and not quoted and piece.lower() in ROMAJI_PARTICLES:
            continue
        last = ends_open and index == len(pieces) - 1 and not quoted
        for clause in _piece_clauses(piece, quoted, lexicon, last, corrections):
            if len(query.clauses) >= MAX_CLAUSES:
                break
            query.clauses.append(clause)
    if corrections:
        words = []
        for piece, quoted in pieces:
            fixed = corrections.get(fold(piece), piece)
            words.append(f'"{fixed}"' if quoted else fixed)
        query.suggestion = " ".join(words)
    return query


def _piece_clauses(
    piece: str, quoted: bool, lexicon: Lexicon | None, last: bool, corrections: dict[str, str]
) -> list[Clause]:
    """The clauses of one piece of the query (a quoted phrase, or text between spaces)."""
    from tui.search import concepts  # it builds on the clause types of this module

    offsets = fold_with_offsets(piece)
    folded = offsets.text
    if not quoted and "-" in piece and piece.isascii():
        kana = romaji.to_kana(piece.lower())
        if kana is not None and not (lexicon is not None and lexicon.exists(folded)):
            # ``tore-ningu``: romaji with a long mark, not two words joined by a hyphen
            return [concepts.kana_clause(piece, fold(kana), lexicon)]
    groups = _groups(folded, quoted)
    out: list[Clause] = []
    for number, group in enumerate(groups):
        final = last and number == len(groups) - 1
        if quoted:
            out.append(_phrase_clause(group, quoted))
        elif len(group) > 1:
            out.append(_joined_clause(group, lexicon, corrections, piece))
        elif group[0].cjk:
            unit = group[0]
            written = piece[slice(*offsets.span(unit.start, unit.end))]
            out.extend(concepts.run_clauses(written, unit.text, lexicon))
        else:
            out.append(_word_clause(group[0].text[:MAX_WORD], lexicon, final, corrections))
    return out
