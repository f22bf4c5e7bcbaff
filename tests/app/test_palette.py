"""The command palette's "go to note": fuzzy over titles and aliases, kana and romaji folded."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.fuzzy import FuzzySearch

from tui.app import KumonoteApp
from tui.notes import bundled_library
from tui.notes.model import Library
from tui.screens.palette import NoteMatch, go_to_matches
from tui.search.engine import SearchEngine
from tui.search.titles import TitleMatcher
from tui.widgets.note_view import NoteView

from .helpers import choose_in_palette, ready


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


@pytest.fixture(scope="module")
def titles(library: Library) -> TitleMatcher:
    return TitleMatcher(library)


@pytest.fixture(scope="module")
def engine(library: Library, tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    return SearchEngine.open(library, cache_dir=tmp_path_factory.mktemp("palette-cache"))


def fuzzy(query: str, candidate: str) -> float:
    return FuzzySearch().match(query, candidate)[0]


def matches(
    query: str, library: Library, titles: TitleMatcher, engine: SearchEngine | None = None
) -> list[NoteMatch]:
    parsed = engine.parse(query) if engine is not None else None
    return go_to_matches(query, library, titles, fuzzy, parsed)


@pytest.mark.parametrize(
    "query",
    ["こんぷりへんど", "コンプリヘンド", "ｺﾝﾌﾟﾘﾍﾝﾄﾞ", "konpurihendo", "comprehend", "cmprhnd"],
)
def test_kana_width_and_romaji_find_the_note(
    library: Library, titles: TitleMatcher, query: str
) -> None:
    found = matches(query, library, titles)
    assert found and found[0].note.id == "ai-services/comprehend"


def test_a_folded_match_highlights_the_alias_it_matched(
    library: Library, titles: TitleMatcher
) -> None:
    best = matches("こんぷりへんど", library, titles)[0]
    assert best.name == "コンプリヘンド" and best.spans == ((0, 7),)
    assert best.score == fuzzy("コンプリヘンド", "コンプリヘンド")  # as if typed in katakana


@pytest.mark.parametrize("query", ["angou", "あんごう", "アンゴウ", "暗号"])
def test_readings_from_the_index_find_kanji_aliases(
    library: Library, titles: TitleMatcher, engine: SearchEngine, query: str
) -> None:
    found = matches(query, library, titles, engine)
    assert found and found[0].note.id == "security/kms"
    assert found[0].name == "暗号化"


def test_typos_are_corrected_with_the_index(
    library: Library, titles: TitleMatcher, engine: SearchEngine
) -> None:
    found = matches("compurehendo", library, titles, engine)
    assert found and found[0].note.id == "ai-services/comprehend"


def test_a_lone_kana_is_not_a_match_for_a_long_one(library: Library, titles: TitleMatcher) -> None:
    # テキスト分析 (Comprehend), テキスト読み上げ (Polly), 書き起こし (Transcribe) hold a き only.
    found = {match.note.id: match.name for match in matches("キー", library, titles)}
    assert found["security/kms"] == "AWS KMS キー"
    assert found["ai-services/comprehend"] == "キーフレーズ抽出"
    assert "ai-services/polly" not in found and "ai-services/transcribe" not in found


def test_nothing_matches_nothing(library: Library, titles: TitleMatcher) -> None:
    assert matches("zzqqxx", library, titles) == []


@pytest.mark.parametrize(("typed", "title"), [("こんぷりへんど", "Comprehend"), ("angou", "KMS")])
async def test_palette_goes_to_a_note_typed_in_kana_or_romaji(
    tmp_path: Path, typed: str, title: str
) -> None:
    app = KumonoteApp(cache_dir=tmp_path / "index", watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await choose_in_palette(pilot, typed)
        assert title in str(screen.query_one(NoteView).border_title)
