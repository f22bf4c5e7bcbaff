"""Romaji → kana, only for input that really is romaji.

A word is converted only when all of it parses as romaji syllables (Hepburn, Kunrei and the
usual input-method spellings). English words almost never do: ``step`` (``st``),
``sagemkaer`` (``mk``) and ``kms`` are left alone, so they cannot pull in notes through
accidental kana such as ッテ. While typing, an unfinished final syllable (``suir``,
``ky``, ``ch``) may be dropped: ``suir`` → ``すい``.
"""

from __future__ import annotations

_VOWELS = {"a": "あ", "i": "い", "u": "う", "e": "え", "o": "お"}

_ROWS: dict[str, str] = {
    "k": "かきくけこ",
    "g": "がぎぐげご",
    "s": "さしすせそ",
    "z": "ざじずぜぞ",
    "t": "たちつてと",
    "d": "だぢづでど",
    "n": "なにぬねの",
    "h": "はひふへほ",
    "b": "ばびぶべぼ",
    "p": "ぱぴぷぺぽ",
    "m": "まみむめも",
    "r": "らりるれろ",
}


def _build_table() -> dict[str, str]:
    table: dict[str, str] = dict(_VOWELS)
    for consonant, kana in _ROWS.items():
        for vowel, char in zip("aiueo", kana, strict=True):
            table[consonant + vowel] = char
        i_kana = kana[1]
        for vowel, small in zip("auo", "ゃゅょ", strict=True):
            table[consonant + "y" + vowel] = i_kana + small
        table[consonant + "ye"] = i_kana + "ぇ"
    table.update(
        {
            "ya": "や",
            "yu": "ゆ",
            "yo": "よ",
            "ye": "いぇ",
            "wa": "わ",
            "wi": "うぃ",
            "we": "うぇ",
            "wo": "を",
            "shi": "し",
            "sha": "しゃ",
            "shu": "しゅ",
            "sho": "しょ",
            "she": "しぇ",
            "chi": "ち",
            "cha": "ちゃ",
            "chu": "ちゅ",
            "cho": "ちょ",
            "che": "ちぇ",
            "cya": "ちゃ",
            "cyu": "ちゅ",
            "cyo": "ちょ",
            "tsu": "つ",
            "tsa": "つぁ",
            "tsi": "つぃ",
            "tse": "つぇ",
            "tso": "つぉ",
            "ji": "じ",
            "ja": "じゃ",
            "ju": "じゅ",
            "jo": "じょ",
            "je": "じぇ",
            "jya": "じゃ",
            "jyu": "じゅ",
            "jyo": "じょ",
            "jye": "じぇ",
            "fa": "ふぁ",
            "fi": "ふぃ",
            "fu": "ふ",
            "fe": "ふぇ",
            "fo": "ふぉ",
            "fyu": "ふゅ",
            "va": "ゔぁ",
            "vi": "ゔぃ",
            "vu": "ゔ",
            "ve": "ゔぇ",
            "vo": "ゔぉ",
            "thi": "てぃ",
            "thu": "てゅ",
            "dhi": "でぃ",
            "dhu": "でゅ",
            "twu": "とぅ",
            "dwu": "どぅ",
            "hu": "ふ",
            "si": "し",
            "ti": "ち",
            "tu": "つ",
            "zi": "じ",
            "di": "ぢ",
            "du": "づ",
        }
    )
    return table


TABLE = _build_table()
_MAX_KEY = max(len(key) for key in TABLE)
_PREFIXES = frozenset(key[:i] for key in TABLE for i in range(1, len(key)))
_CONSONANTS = frozenset("bcdfghjkmprstvwyz")
_MACRONS = str.maketrans(
    {
        "ā": "aa",
        "ī": "ii",
        "ū": "uu",
        "ē": "ee",
        "ō": "ou",
        "â": "aa",
        "î": "ii",
        "û": "uu",
        "ê": "ee",
        "ô": "ou",
    }
)


def to_kana(word: str, *, partial: bool = False) -> str | None:
    """Hiragana for `word` when all of it is romaji, else None.

    With `partial`, an unfinished syllable at the end is dropped instead of failing (for the
    word being typed). A hyphen becomes ``ー``.
    """
    text = word.lower().translate(_MACRONS)
    if not text or not text.isascii():
        return None
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if char == "-":
            out.append("ー")
            i += 1
            continue
        if char == "n":
            if nxt == "'":
                out.append("ん")
                i += 2
                continue
            if nxt == "n":
                if not out:
                    return None
                after = text[i + 2] if i + 2 < n else ""
                out.append("ん")
                i += 1 if after in "aiueoy" and after else 2
                continue
            if not nxt or nxt not in "aiueoy":
                if not out:
                    return None  # no Japanese word starts with ん
                out.append("ん")
                i += 1
                continue
        if char == "m" and nxt in ("b", "m", "p") and nxt:
            out.append("ん")
            i += 1
            continue
        if char in _CONSONANTS and (nxt == char or (char == "t" and text[i + 1 : i + 3] == "ch")):
            if not out:
                return None  # nor with っ ("sse", "ssh" stay English)
            out.append("っ")
            i += 1
            continue
        for size in range(min(_MAX_KEY, n - i), 0, -1):
            piece = text[i : i + size]
            kana = TABLE.get(piece)
            if kana is not None:
                out.append(kana)
                i += size
                break
        else:
            rest = text[i:]
            if partial and rest in _PREFIXES:
                break
            return None
    result = "".join(out)
    return result or None
