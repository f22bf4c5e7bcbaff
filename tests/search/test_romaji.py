"""Romaji → kana only for real romaji."""

from __future__ import annotations

import pytest

from tui.search.analysis import fold
from tui.search.romaji import to_kana


@pytest.mark.parametrize(
    ("word", "kana"),
    [
        ("suiron", "すいろん"),
        ("angou", "あんごう"),
        ("wakufuro", "わくふろ"),
        ("kontena", "こんてな"),
        ("konnichiha", "こんにちは"),
        ("shimbun", "しんぶん"),
        ("kitte", "きって"),
        ("matcha", "まっちゃ"),
        ("kon'ya", "こんや"),
        ("toukyou", "とうきょう"),
        ("chatto", "ちゃっと"),
        ("jupita-", "じゅぴたー"),
        ("IRYOU", "いりょう"),
        ("tōkyō", "とうきょう"),
    ],
)
def test_romaji_words(word: str, kana: str) -> None:
    assert to_kana(word) == kana


@pytest.mark.parametrize(
    "word",
    [
        "step",
        "sagemkaer",
        "kms",
        "sse",
        "greengras",
        "8888",
        "x",
        "nn",
        "ssh",
        "",
        "ky",
        "boto3",
        "ec2",
    ],
)
def test_english_is_not_romaji(word: str) -> None:
    assert to_kana(word) is None


def test_unfinished_final_syllable_is_dropped_while_typing() -> None:
    assert to_kana("suir") is None
    assert to_kana("suir", partial=True) == "すい"
    assert to_kana("kyo", partial=True) == "きょ"
    assert to_kana("angouk", partial=True) == "あんごう"
    assert to_kana("step", partial=True) is None  # "st" is no syllable, even unfinished


def test_romaji_and_kana_fold_the_same() -> None:
    assert fold(to_kana("angou") or "") == fold("アンゴー") == fold("あんご")
    assert fold(to_kana("wakufuro") or "") == fold("ワークフロー")
