"""Latin letters spelt as their Japanese names."""

from __future__ import annotations

import itertools
import string

import pytest

from tui.search.letters import SPELLING, kana_text, letter_splits, read_letters, spell

VARIANTS: dict[str, list[str]] = {
    "a": ["えー", "えい", "ええ", "エー", "エイ"],
    "b": ["びー", "びい", "び", "ビー"],
    "c": ["しー", "しい", "すぃー", "すぃ", "シー", "スィー"],
    "d": ["でぃー", "でぃ", "でー", "でい", "ぢー", "ディー", "デー"],
    "e": ["いー", "いい", "イー"],
    "f": ["えふ", "エフ"],
    "g": ["じー", "じい", "ジー"],
    "h": ["えいち", "えーち", "えっち", "えいぢ", "エイチ", "エッチ"],
    "i": ["あい", "アイ"],
    "j": ["じぇー", "じぇい", "じぇ", "ジェー", "ジェイ"],
    "k": ["けー", "けい", "ケー", "ケイ"],
    "l": ["える", "エル"],
    "m": ["えむ", "エム"],
    "n": ["えぬ", "エヌ"],
    "o": ["おー", "おう", "おお", "オー", "オウ"],
    "p": ["ぴー", "ぴい", "ピー"],
    "q": ["きゅー", "きゅう", "きゅ", "キュー", "キュウ"],
    "r": ["あーる", "ある", "アール", "アル"],
    "s": ["えす", "エス"],
    "t": ["てぃー", "てぃ", "てー", "ティー", "ティ", "テー"],
    "u": ["ゆー", "ゆう", "ユー", "ユウ"],
    "v": ["ぶい", "ぶいー", "ゔぃ", "ゔぃー", "ブイ", "ヴィ", "ヴィー"],
    "w": ["だぶりゅー", "だぶりゅ", "だぶりゅう", "だぶる", "ダブリュー", "ダブル"],
    "x": ["えっくす", "えくす", "エックス", "エクス"],
    "y": ["わい", "ワイ"],
    "z": ["ぜっと", "ぜっど", "ずぃー", "ぜど", "ゼット", "ズィー", "ゼド"],
}


@pytest.mark.parametrize(
    ("letter", "name"), [(letter, name) for letter, names in VARIANTS.items() for name in names]
)
def test_every_letter_name_reads_before_and_after_another(letter: str, name: str) -> None:
    assert read_letters("えむ" + name) == "m" + letter
    assert read_letters(name + "エス") == letter + "s"


def test_every_letter_has_variants() -> None:
    assert set(VARIANTS) == set(string.ascii_lowercase) == set(SPELLING)


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("えーえむあい", "ami"),
        ("エーピーアイ", "api"),
        ("ｴｰｴﾑｱｲ", "ami"),
        ("ｴｲﾁﾃｨｰﾃｨｰﾋﾟｰ", "http"),
        ("ﾃﾞｨｰｴﾙ", "dl"),
        ("でぃーえる", "dl"),
        ("でぃえる", "dl"),
        ("えむえっくす", "mx"),
        ("エムエックス", "mx"),
        ("エーピーあい", "api"),
        ("えぴあい", "api"),
        ("えーーあい", "ai"),
        ("えー-えむ", "am"),
        ("しーでぃーけー", "cdk"),
        ("ケーエムエス", "kms"),
        ("えすきゅーえる", "sql"),
        ("ブイピーシー", "vpc"),
        ("おーけー", "ok"),
        ("おうけー", "ok"),
        ("ぢーえる", "dl"),
        ("じーぴーゆー", "gpu"),
        ("エーピー", "ap"),
        ("ＡＩ", None),
        ("か゛", None),
    ],
)
def test_reads_letters(text: str, letters: str | None) -> None:
    assert read_letters(text) == letters


@pytest.mark.parametrize(
    ("text", "letters"),
    [
        ("えーえむ", "am"),  # not A A M with えーえ as one A
        ("ええむ", "am"),
        ("えーえい", "aa"),  # not A E A E
        ("えーえーえー", "aaa"),
        ("えいちえむ", "hm"),
        ("えいぢえむ", "hm"),  # H, not A D
        ("あいあい", "ii"),
        ("えむえむ", "mm"),
    ],
)
def test_ambiguous_text_takes_the_fewest_letters(text: str, letters: str) -> None:
    assert read_letters(text) == letters


@pytest.mark.parametrize(
    "text",
    [
        "こんてな",
        "あいす",  # あい + す is no full parse
        "えす",  # one letter
        "ダブリュー",
        "",
        " ",
        "ｋｍｓ",
        "kms",
        "api",
        "ai",  # romaji あい: one letter
        "いえ",  # 家: only bare kana
        "して",
        "おけ",
        "ていし",  # 停止: a kana and its lengthening vowel is no mark of a letter name
        "いいえ",
        "えいえい",  # A A, but written like Japanese kana only
        "おいしい",
        "けいし",
        "きゅうあんどえー",
        "えむx",
    ],
)
def test_other_text_is_no_letters(text: str) -> None:
    assert read_letters(text) is None


@pytest.mark.parametrize(
    ("romaji", "letters"),
    [
        ("eemuai", "ami"),
        ("e-emuai", "ami"),
        ("deieru", "dl"),
        ("emueru", "ml"),
        ("ｅｅｍｕａｉ", "ami"),
        ("esu", None),
        ("emu", None),
    ],
)
def test_romaji_letter_names(romaji: str, letters: str | None) -> None:
    assert read_letters(romaji) == letters


def test_every_spelling_reads_back() -> None:
    for size in (1, 2, 3):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            word = "".join(letters)
            expected = word if size > 1 else None
            assert read_letters(spell(word)) == expected, word
            katakana = "".join(chr(ord(c) + 0x60) if c != "ー" else c for c in spell(word))
            assert read_letters(katakana) == expected, word


def test_spell() -> None:
    assert spell("MX") == "えむえっくす"
    assert spell("AMI") == "えーえむあい"
    assert spell("kms") == "けーえむえす"
    assert spell("V") == "ぶい"
    for bad in ("EC2", "", "ＡＩ", "S-3"):
        with pytest.raises(ValueError):
            spell(bad)


@pytest.mark.parametrize(
    ("text", "splits"),
    [
        ("でぃーえるこんてな", [("dl", "こんてな")]),
        ("ディーエルコンテナ", [("dl", "コンテナ")]),
        ("ﾃﾞｨｰｴﾙｺﾝﾃﾅ", [("dl", "ｺﾝﾃﾅ")]),
        ("deierukontena", [("dl", "こんてな")]),
        ("えーあいいんふら", [("ai", "いんふら")]),
        ("でぃーえるえんじん", [("dl", "えんじん")]),  # not D L A + んじん
        ("えーぴーあいげーとうぇい", [("api", "げーとうぇい"), ("ap", "あいげーとうぇい")]),
        ("えむえっくすねっと", [("mx", "ねっと")]),  # not M A + っくすねっと
        ("こんてな", []),
        ("えすすりー", []),  # one letter only
        ("でぃーえる", []),  # nothing after the letters
        ("", []),
        ("kontena", []),
    ],
)
def test_letter_splits(text: str, splits: list[tuple[str, str]]) -> None:
    assert letter_splits(text) == splits


def test_letter_splits_longest_first_and_limited() -> None:
    text = "えむえすえすえすえすとあ"
    assert letter_splits(text) == [("mssss", "とあ"), ("msss", "えすとあ"), ("mss", "えすえすとあ")]
    assert letter_splits(text, limit=1) == [("mssss", "とあ")]
    assert letter_splits("えむえすえすてすと")[0] == ("mss", "てすと")  # not M S S T + すと


def test_kana_text_keeps_vowels() -> None:
    assert kana_text("ｴｰｴﾑ") == "えーえむ"
    assert kana_text("エ--ム") == "えーむ"
    assert kana_text("ｶﾞ") == "が"
