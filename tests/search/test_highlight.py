"""What the search highlights in the bundled notes: each query term as the user sees it, never a
lone kana left over from folding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes import bundled_library
from tui.notes.model import Library
from tui.search.engine import SearchEngine
from tui.search.titles import TitleMatcher


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


@pytest.fixture(scope="module")
def engine(library: Library, tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache: Path = tmp_path_factory.mktemp("highlight-cache")
    return SearchEngine.open(library, cache_dir=cache)


def highlighted(engine: SearchEngine, library: Library, query: str, note_id: str) -> set[str]:
    """The distinct texts highlighted in a note's body for `query`."""
    note = library.get(note_id)
    assert note is not None
    spans = engine.search(query).highlighter.spans(note.body)
    return {note.body[a:b] for a, b in spans}


def test_a_long_kana_word_is_not_highlighted_as_a_lone_kana(
    engine: SearchEngine, library: Library
) -> None:
    # The KMS note says 暗号化できます: its き is not the キー of the query.
    assert highlighted(engine, library, "暗号 キー", "security/kms") == {"暗号", "キー"}
    assert highlighted(engine, library, "キー", "ai-services/comprehend") == {"キー"}
    # Every note found for キー holds one (not only a き, nor a kanji read き…).
    result = engine.search("キー", limit=200)
    assert result.hits
    for hit in result.hits:
        note = library.get(hit.note_id)
        assert note is not None
        found = {note.body[a:b] for a, b in result.highlighter.spans(note.body)}
        assert found == {"キー"}, (hit.note_id, found)


@pytest.mark.parametrize(
    ("query", "note_id", "expected"),
    [
        ("暗号", "security/kms", {"暗号"}),
        ("angou", "security/kms", {"暗号"}),
        # and the English word its katakana reads as
        ("こんてな", "containers/registry", {"コンテナ", "Container"}),
        # and 可用性's synonym from Sudachi's dictionary
        (
            "sagemaker 可用性",
            "sagemaker/sagemaker-multi-az-endpoints",
            {"Sagemaker", "SageMaker", "可用性", "アベイラビリティー"},
        ),
    ],
)
def test_query_terms_are_highlighted_whole(
    engine: SearchEngine, library: Library, query: str, note_id: str, expected: set[str]
) -> None:
    assert highlighted(engine, library, query, note_id) == expected


def test_title_search_does_not_match_a_lone_kana(library: Library) -> None:
    # Not テキスト分析 (Comprehend), テキスト読み上げ (Polly) or 書き起こし (Transcribe).
    hits = TitleMatcher(library).search("キー").hits
    assert {hit.note_id: hit.snippet for hit in hits} == {
        "security/kms": "AWS KMS キー",
        "ai-services/comprehend": "キーフレーズ抽出",
    }
