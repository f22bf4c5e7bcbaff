"""Human and JSON output of search results, and the title-only matcher."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.notes import bundled_library
from tui.search.engine import SearchEngine
from tui.search.report import format_results, mark, results_to_json, use_color
from tui.search.results import Hit, SearchResult
from tui.search.titles import TitleMatcher

# The command line's messages are asserted in English here (tests/test_i18n.py has both).
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache: Path = tmp_path_factory.mktemp("report-cache")
    return SearchEngine.open(bundled_library(), cache_dir=cache)


def test_json_shape(engine: SearchEngine) -> None:
    data = results_to_json(engine.search("暗号", limit=5))
    assert data and json.loads(json.dumps(data)) == data
    first = data[0]
    assert set(first) == {
        "id",
        "title",
        "category",
        "score",
        "snippet",
        "matches",
        "complete",
        "reason",
    }
    assert first["complete"] is True and first["reason"] == ""
    assert first["id"] == "security/kms"
    for start, end in first["matches"]:
        assert first["snippet"][start:end] == "暗号"
    scores = [row["score"] for row in data]
    assert scores == sorted(scores, reverse=True)


def test_json_of_nothing_is_an_empty_list(engine: SearchEngine) -> None:
    assert results_to_json(engine.search("zzqqxx")) == []
    assert results_to_json(engine.search("")) == []


def test_limit(engine: SearchEngine) -> None:
    assert len(engine.search("の", limit=2).hits) <= 2
    assert len(engine.search("の", limit=0).hits) <= 1


def test_text_marks_without_color(engine: SearchEngine) -> None:
    text = format_results(engine.search("こんてな", limit=2), color=False)
    assert "【コンテナ】" in text
    assert "\x1b" not in text


def test_text_bold_with_color(engine: SearchEngine) -> None:
    text = format_results(engine.search("kms", limit=1), color=True)
    assert "\x1b[1mKMS\x1b[0m" in text


def test_did_you_mean_and_nothing_found(engine: SearchEngine) -> None:
    assert "Did you mean: SageMaker" in format_results(engine.search("sagemkaer"), color=False)
    assert "No notes match" in format_results(engine.search("zzqqxx"), color=False)


def test_color_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) is True
    assert use_color(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Tty()) is False


def test_mark_escapes_controls() -> None:
    assert mark("a\x1bb", [(0, 1)], color=False) == "【a】␛b"
    hit = Hit("x", "t\x1b[2J", "c\x9b", 1.0, "s\x07", [(0, 1)])
    text = format_results(SearchResult("q", [hit]), color=False)
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text


def test_title_matcher_folds_like_the_search() -> None:
    titles = TitleMatcher(bundled_library())
    assert titles.search("ｺﾝﾃﾅ").hits[0].note_id.startswith("containers/")
    assert titles.search("ＫＭＳ").hits[0].note_id == "security/kms"
    assert titles.search("kms").hits[0].note_id == "security/kms"
    assert titles.search("step func").hits[0].note_id == "application-integration/step-functions"
    hit = titles.search("sagemaker").hits[0]
    assert hit.snippet[hit.matches[0][0] : hit.matches[0][1]] == "SageMaker"
    assert titles.search("").hits == []


def test_warm_up_is_harmless(engine: SearchEngine) -> None:
    engine.warm_up()
    assert engine.search("sagemkaer").suggestion is not None
