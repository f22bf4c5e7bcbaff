"""`Highlighter.count` (used for the tree's hit counts) agrees with `spans` (the highlights)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.notes import bundled_library
from tui.search.engine import SearchEngine
from tui.search.highlight import Highlighter
from tui.search.query import parse

QUERIES = ["暗号", "kms", "sagemaker", "angou", "コンテナ", "s", "の", "ー", "推論 エンドポイント",
           "ﾃﾞｰﾀ", "suiron", "sagemkaer"]


def test_count_is_the_number_of_highlighted_spans_in_every_bundled_note() -> None:
    library = bundled_library()
    for query in QUERIES:
        light = Highlighter(parse(query).patterns)
        for note in library:
            assert light.count(note.body) == len(light.spans(note.body)), (query, note.id)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["ab", "暗号", "カー", "a b", "ab ab"]),
       st.lists(st.sampled_from(["ab", "a", "b", " ", "暗号", "暗", "カー", "かあ", "ｶｰ", "\n"]),
                max_size=12).map("".join))
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
