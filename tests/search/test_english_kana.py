"""Katakana readings of English words and the kana-tolerant key."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

from tui.search.english_kana import EnglishReader, loose, word_parts


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("PyTorch", ["Py", "Torch"]),
        ("MXNet", ["MX", "Net"]),
        ("boto3", ["boto", "3"]),
        ("SageMaker", ["Sage", "Maker"]),
        ("TensorFlow", ["Tensor", "Flow"]),
        ("inferentia", ["inferentia"]),
        ("XGBoost", ["XG", "Boost"]),
        ("AWSLambda", ["AWS", "Lambda"]),
        ("EC2", ["EC", "2"]),
        ("iPhone", ["i", "Phone"]),
        ("KMS", ["KMS"]),
        ("g4dn", ["g", "4", "dn"]),
    ],
)
def test_word_parts(word: str, parts: list[str]) -> None:
    assert word_parts(word) == parts


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ヴァイオリン", "バイオリン"),
        ("パーティー", "パーティ"),
        ("ぱーてぃー", "パーティ"),
        ("ﾊﾟｰﾃｨｰ", "パーティ"),
        ("プラスティック", "プラスチック"),
        ("ディーゼル", "ジーゼル"),
        ("トゥール", "ツール"),
        ("ドゥ", "ズ"),
        ("スィート", "シート"),
        ("ヂ", "ジ"),
        ("ヅ", "ズ"),
        ("ドッカー", "ドカー"),
        ("ウィルス", "ウイルス"),
        ("ウォッチ", "ウオッチ"),
        ("ウェア", "ウエア"),
        ("フィルム", "フイルム"),
        ("クァルテット", "クアルテット"),
        ("メイン", "メーン"),
        ("ヴェール", "ベール"),
        ("ヴォーカル", "ボーカル"),
        ("ヴ", "ブ"),
        ("ジュピーター", "ジュピター"),
    ],
)
def test_loose_merges_spelling_variants(a: str, b: str) -> None:
    assert loose(a) == loose(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("ファイル", "はいる"), ("フィルム", "ヒルム"), ("デジタル", "ディジタル"), ("バス", "パス")],
)
def test_loose_keeps_apart(a: str, b: str) -> None:
    assert loose(a) != loose(b)


def test_loose_is_hiragana_and_idempotent() -> None:
    for text in ("クラウドウォッチ", "ヴァイオリン", "ハードウェア", "エムエックスネット"):
        key = loose(text)
        assert all("ぁ" <= c <= "ゖ" for c in key)
        assert loose(key) == key
    # the ウ of ドウォ is no long vowel
    assert loose("クラウドウォッチ") != loose("クラウドチ")


@pytest.fixture(scope="module")
def reader() -> EnglishReader:
    pytest.importorskip("e2k")
    found = EnglishReader()
    assert found.available, found.problem
    return found


USUAL = {
    "Fargate": ("ファーゲート", 0),
    "Jupyter": ("ジュピター", 0),
    "Lambda": ("ラムダ", 0),
    "Polly": ("ポリー", 0),
    "MXNet": ("エムエックスネット", 0),
    "PyTorch": ("パイトーチ", 0),
    "TensorFlow": ("テンソルフロー", 0),
    "Docker": ("ドッカー", 0),
    "Kinesis": ("キネシス", 0),
    "endpoint": ("エンドポイント", 0),
    "linguistic": ("リングイスティック", 2),
    "iPhone": ("アイフォーン", 0),
    "CloudWatch": ("クラウドウォッチ", 0),
}


@pytest.mark.parametrize(
    ("word", "usual", "allowed"), [(word, *value) for word, value in USUAL.items()]
)
def test_readings_match_what_writers_use(
    reader: EnglishReader, word: str, usual: str, allowed: int
) -> None:
    assert distance(loose(reader.reading(word)), loose(usual)) <= allowed


def test_fargate_is_loose_equal(reader: EnglishReader) -> None:
    assert loose("ファーゲート") == loose(reader.reading("Fargate"))
    assert loose("ふぁーげーと") == loose(reader.reading("fargate"))


@pytest.mark.parametrize(
    ("word", "reading"),
    [
        ("MXNet", "エムエックスネット"),
        ("AMI", "エーエムアイ"),
        ("kms", "ケーエムエス"),
        ("EC2", "イーシーツー"),
        ("S3", "エススリー"),
        ("boto3", "ボトスリー"),
        ("PyTorch", "パイトーチ"),
        ("iPhone", "アイフォン"),
    ],
)
def test_reading_rules(reader: EnglishReader, word: str, reading: str) -> None:
    assert reader.reading(word) == reading


@pytest.mark.parametrize(
    "word",
    ["2024", "a1b2c3", "x" * 25, "supercalifragilisticexp", "café", "sse-c", "", "データ"],
)
def test_words_without_a_reading(reader: EnglishReader, word: str) -> None:
    assert reader.reading(word) == ""
    assert word not in reader.readings([word])


def test_numbers_are_left_out(reader: EnglishReader) -> None:
    assert reader.reading("V100") == "ブイ"
    assert reader.reading("ml5") == "エムエルファイブ"


def test_readings_of_many_words(reader: EnglishReader) -> None:
    words = ["Fargate", "Lambda", "AMI", "2024", "Lambda", "SageMaker"]
    found = reader.readings(words)
    assert set(found) == {"Fargate", "Lambda", "AMI", "SageMaker"}
    assert found["SageMaker"] == reader.reading("Sage") + reader.reading("Maker")
    assert reader.readings(words) == found  # from the cache


def test_batched_model_agrees_with_e2k(reader: EnglishReader) -> None:
    e2k = pytest.importorskip("e2k")
    model = e2k.C2K()
    words = [
        "fargate",
        "jupyter",
        "inferentia",
        "ai",
        "rekognition",
        "textract",
        "ab",
        "comprehend",
        "trainium",
        "zzzzyz",
        "transcribe",
        "personalize",
        "x" * 20,
    ]
    fresh = EnglishReader()
    assert fresh.readings(words) == {word: model(word) for word in words if model(word)}


def test_missing_model_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> ModuleType:
        if name == "e2k":
            raise ImportError("No module named 'e2k'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    missing = EnglishReader()
    assert not missing.available
    assert missing.problem is not None and "e2k" in missing.problem
    assert missing.reading("Fargate") == ""
    assert missing.reading("AMI") == "エーエムアイ"  # letter names need no model
    assert missing.readings(["MXNet", "KMS"]) == {"KMS": "ケーエムエス"}
