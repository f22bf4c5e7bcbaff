"""Folding, offsets, tokens and highlighting."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search.analysis import (
    KANA_SOURCES,
    _fold_char,
    fold,
    fold_with_offsets,
    has_long_kana,
    long_kana,
    units,
)
from tui.search.documents import strip_markup, term_counts
from tui.search.highlight import Highlighter, merge_spans
from tui.search.query import parse


def spans_of(query: str, text: str) -> list[str]:
    return [text[a:b] for a, b in Highlighter(parse(query).patterns).spans(text)]


def test_width_case_and_kana_fold_together() -> None:
    assert fold("ｺﾝﾃﾅ") == fold("コンテナ") == fold("こんてな")
    assert fold("ＫＭＳ") == fold("KMS") == "kms"
    assert fold("ｶﾞｲﾄﾞ") == fold("ガイド")
    assert fold("か゛") == "が"


def test_long_vowels_agree() -> None:
    assert fold("ワークフロー") == fold("ワアクフロオ") == fold("わくふろ")
    assert fold("あんごう") == fold("あんご")
    assert fold("トウキョウ") == fold("ときょ")


def test_offsets_point_into_the_original() -> None:
    text = "ＡＷＳのワークフロー、ｺﾝﾃﾅ"
    folded = fold_with_offsets(text)
    assert folded.text == fold(text)
    start = folded.text.index("わくふろ")
    a, b = folded.span(start, start + 4)
    assert text[a:b] == "ワークフロー"
    start = folded.text.index("こんてな")
    a, b = folded.span(start, start + 4)
    assert text[a:b] == "ｺﾝﾃﾅ"


def test_units_split_latin_and_cjk() -> None:
    found = [(u.text, u.cjk) for u in units(fold("SSE-C 暗号鍵とKMS 8888"))]
    assert found == [
        ("sse", False),
        ("c", False),
        ("暗号鍵と", True),
        ("kms", False),
        ("8888", False),
    ]


def test_terms_are_bigrams_words_and_kanji() -> None:
    counts = term_counts(fold("暗号鍵。鍵 sse-c のコンテナ"))
    assert counts["暗号"] == 1 and counts["号鍵"] == 1
    assert counts["鍵"] == 2 and counts["暗"] == 1  # kanji unigrams
    assert counts["sse"] == 1 and counts["c"] == 1
    assert counts["こん"] == 1
    assert "こ" not in counts and "の" not in counts  # no kana unigrams


def test_markdown_targets_are_not_indexed() -> None:
    text = strip_markup(
        "![KMS](<images/スクリーンショット 2025.png>) see [docs](https://x.example/a)"
    )
    assert "png" not in text and "https" not in text
    assert "KMS" in text and "docs" in text


def test_highlight_uses_original_offsets() -> None:
    assert spans_of("こんてな", "DLコンテナとｺﾝﾃﾅ") == ["コンテナ", "ｺﾝﾃﾅ"]
    assert spans_of("wakufuro", "Step Functions のワークフロー") == ["ワークフロー"]
    assert spans_of("kms", "ＫＭＳ and kms, not kmsx") == ["ＫＭＳ", "kms", "kms"]  # prefix
    assert spans_of("sse-c", "SSE-C と SSE C と ssec") == ["SSE-C", "SSE C"]
    assert spans_of("鍵", "暗号鍵の鍵") == ["鍵", "鍵"]


def test_a_long_kana_word_is_highlighted_only_where_it_is_long() -> None:
    # キー folds to one kana, き: a lone き (できます, テキスト, キュー) is not a match for it.
    text = "KMSキーで暗号化できます。テキストのキュー、ｷｰときー"
    assert spans_of("暗号 キー", text) == ["キー", "暗号", "ｷｰ", "きー"]
    assert spans_of("きー", text) == ["キー", "ｷｰ", "きー"]
    light = Highlighter(parse("キー").patterns)
    assert light.count(text) == 3
    assert light.count("できます") == 0 and not light.search_folded(fold("できます"), "できます")
    assert light.search_folded(fold("キーの"), "キーの")
    assert spans_of("き", "できます") == ["き"]  # a lone kana typed as such still matches


def test_long_kana_are_found_without_offsets() -> None:
    assert long_kana("キーとキときいと㋖ーとｷｰとき㌅とき", "き") == [
        True,
        False,
        True,
        True,
        True,
        False,
        False,
    ]
    assert long_kana("テキスト", "き") == [False]
    assert long_kana("ｷﾞｰ", "き") is None and long_kana("㌔", "き") is None  # offsets tell
    assert long_kana("アー", "あ") is None
    assert has_long_kana("テキスト、キー", "き") is True
    assert has_long_kana("テキスト", "き") is False
    assert has_long_kana("クウ゛", "く") is None  # ウ゛ is ヴ: no long ク, offsets tell
    assert spans_of("クー", "クウ゛とクウ") == ["クウ"]


def test_every_character_folding_to_kana_is_in_the_kana_sources() -> None:
    inside = {code for low, high in KANA_SOURCES for code in range(low, high + 1)}
    marks = "\u3041-\u3096\u309d\u309e\u30fc\u3099\u309a"
    kana = re.compile(f"[{marks}]")
    for code in range(0x110000):
        if code in inside or 0xD800 <= code <= 0xDFFF:
            continue
        assert not kana.search(_fold_char(chr(code))), hex(code)


def test_latin_words_match_at_word_starts() -> None:
    light = Highlighter(parse("s3").patterns)
    assert light.spans("S3 と xs3") == [(0, 2)]


def test_merge_spans() -> None:
    assert merge_spans([(5, 7), (0, 2), (1, 3), (7, 8), (9, 9)]) == [(0, 3), (5, 8)]


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60))
def test_fast_and_offset_folds_agree(text: str) -> None:
    folded = fold_with_offsets(text)
    assert folded.text == fold(text)
    assert len(folded.starts) == len(folded.ends) == len(folded.text)
    previous = 0
    for start, end in zip(folded.starts, folded.ends, strict=True):
        assert 0 <= start < end <= len(text)
        assert start >= previous or start == previous  # never goes backwards
        previous = start


@settings(max_examples=200)
@given(st.text(alphabet="アイウエオカガキャーｰ゛゜ﾞﾟｶｷｸあいうえおんっabcAB ー-", max_size=30))
def test_kana_heavy_folds_agree(text: str) -> None:
    assert fold_with_offsets(text).text == fold(text)
