"""`Highlighter.count` (used for the tree's hit counts) agrees with `spans` (the highlights)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.notes import bundled_library
from tui.search.analysis import fold
from tui.search.engine import SearchEngine
from tui.search.highlight import Highlighter
from tui.search.query import parse

QUERIES = [
    "暗号",
    "kms",
    "sagemaker",
    "angou",
    "コンテナ",
    "s",
    "の",
    "ー",
    "推論 エンドポイント",
    "ﾃﾞｰﾀ",
    "suiron",
    "sagemkaer",
    "キー",
    "暗号 キー",
]


def test_count_is_the_number_of_highlighted_spans_in_every_bundled_note() -> None:
    library = bundled_library()
    for query in QUERIES:
        light = Highlighter(parse(query).patterns)
        for note in library:
            assert light.count(note.body) == len(light.spans(note.body)), (query, note.id)


@settings(max_examples=300)
@given(
    st.sampled_from(["ab", "暗号", "カー", "a b", "ab ab"]),
    st.lists(
        st.sampled_from(["ab", "a", "b", " ", "暗号", "暗", "カー", "かあ", "ｶｰ", "\n"]),
        max_size=12,
    ).map("".join),
)
def test_count_agrees_with_spans_on_adjacent_and_overlapping_matches(query: str, text: str) -> None:
    light = Highlighter(parse(query).patterns)
    assert light.count(text) == len(light.spans(text))


def test_the_index_counts_each_hit_as_the_highlighter_does(tmp_path: Path) -> None:
    library = bundled_library()
    engine = SearchEngine.open(library, cache_dir=tmp_path)
    counted = 0
    for query in QUERIES:
        result = engine.search(query, limit=200, snippets=False)
        for hit in result.hits:
            note = library.get(hit.note_id)
            assert note is not None
            assert hit.match_count == len(result.highlighter.spans(note.body)), (query, hit)
            counted += hit.match_count
    assert counted > 100


@settings(max_examples=300)
@given(
    st.sampled_from(["キー", "きい", "アー", "暗号 キー", "キー カー", "ｷｰ", "クー"]),
    st.lists(
        st.sampled_from(
            [
                "キ",
                "き",
                "ー",
                "い",
                "ｷｰ",
                "ｷ",
                "ｶﾞ",
                "ア",
                "あ",
                "カー",
                "暗号",
                "テキスト",
                " ",
                "\n",
                "ｰ",
                "か゛",
                "ﾞ",
                "㋖",
                "㌔",
                "…",
                "ク",
                "ウ",
                "゛",
                "\u3099",
            ]
        ),
        max_size=14,
    ).map("".join),
)
def test_a_long_kana_is_counted_where_it_is_highlighted(query: str, text: str) -> None:
    # Counting finds long kana without the offsets that highlighting uses: they must agree.
    light = Highlighter(parse(query).patterns)
    spans = light.spans(text)
    assert light.count(text) == len(spans)
    assert light.search_folded(fold(text), text) == bool(spans)
