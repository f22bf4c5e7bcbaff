"""Query understanding: particles, inflections, romaji particles, compounds, joined and split
words, and best-match ranking (notes holding every word above notes holding some)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes.model import Category, Library, Note
from tui.search.engine import SearchEngine
from tui.search.phrases import content_words, split_particles
from tui.search.query import Pattern, parse


def sources(text: str) -> list[str]:
    """The clause sources of a query parsed without an index."""
    return [clause.source for clause in parse(text).clauses]


# -- content words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("暗号化の方法", ["暗号化", "方法"]),
        ("鍵の管理は誰が", ["鍵", "管理"]),
        ("テキストから感情を分析", ["テキスト", "感情", "分析"]),
        ("ノートブックのポート", ["ノートブック", "ポート"]),
        ("管理して", ["管理"]),
        ("暗号化する", ["暗号化"]),
        ("機械学習モデルをデプロイしたい", ["機械学習モデル", "デプロイ"]),
        ("所有権が移動するのはいつ", ["所有権", "移動"]),
    ],
)
def test_particles_auxiliaries_and_empty_words_are_dropped(query: str, words: list[str]) -> None:
    assert [word.text for word in content_words(query)] == words


def test_a_question_frame_weighs_less() -> None:
    found = {word.text: word.weak for word in content_words("暗号化の方法")}
    assert found == {"暗号化": False, "方法": True}
    clauses = {clause.source: clause.weight for clause in parse("暗号化の方法").clauses}
    assert clauses["方法"] < clauses["暗号化"] == 1.0


def test_verbs_are_looked_for_by_their_stem() -> None:
    (word,) = content_words("動かしたいとき")
    assert word.text == "動か" and word.stem
    (clause,) = parse("動かしたいとき").clauses
    patterns = clause.patterns
    assert patterns and all(pattern.stem for pattern in patterns)


def test_a_suffixed_noun_is_also_looked_for_bare() -> None:
    (word,) = content_words("暗号化する")
    assert word.bare == "暗号"
    (clause,) = parse("暗号化する").clauses
    assert "bare" in {alt.kind for alt in clause.alternatives}


def test_a_compound_falls_back_to_its_words() -> None:
    (clause, _reason, *_rest) = parse("学習ジョブが失敗した理由").clauses
    assert clause.source == "学習ジョブ"
    assert [sub.source for sub in clause.fallback] == ["学習", "ジョブ"]


def test_kana_runs_are_cut_at_particles() -> None:
    assert split_particles("かぎのかんり") == ["かぎ", "かんり"]
    assert split_particles("こんてな") is None


def test_romaji_particles_are_dropped_between_romaji_words() -> None:
    assert sources("kagi no kanri") == ["kagi", "kanri"]
    assert sources("jidou de sukeeru") == ["jidou", "sukeeru"]
    # without romaji words around it, "to" is an English word like any
    assert sources("step to") == ["step", "to"]


def test_romaji_with_a_long_mark_is_one_word() -> None:
    (clause,) = parse("tore-ningu").clauses
    assert clause.source == "tore-ningu"
    assert clause.alternatives[0].pattern == Pattern(("とれにんぐ",))
    assert parse("sse-c").clauses[0].alternatives[0].kind == "phrase"


# -- against an index ------------------------------------------------------------------------


def _note(note_id: str, title: str, body: str, aliases: tuple[str, ...] = ()) -> Note:
    return Note(
        id=note_id,
        title=title,
        category="c",
        body=f"# {title}\n{body}\n",
        path=Path(f"{note_id}.md"),
        aliases=aliases,
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    notes = [
        _note("c/both", "鍵のメモ", "- 暗号鍵を管理する方法です。"),
        _note("c/key", "鍵だけ", "- 鍵を作ります。"),
        _note("c/manage", "管理だけ", "- ユーザーを管理します。"),
        _note("c/apart", "離れて", "- 鍵の話。\n\n" + "ほかの話。\n" * 30 + "- 管理の話。"),
        _note("c/other", "無関係", "- 音声を文字にします。"),
        _note("c/boto", "Python", "- boto3 で呼び出します。"),
        _note("c/step", "AWS Step Functions", "- Step Functions はワークフローです。"),
    ]
    library = Library(
        root=tmp_path_factory.mktemp("notes"), categories=[Category("c", "c", notes=notes)]
    )
    return SearchEngine.open(library, cache_dir=tmp_path_factory.mktemp("cache"))


def ids(engine: SearchEngine, query: str) -> list[str]:
    return [hit.note_id for hit in engine.search(query, snippets=False).hits]


def test_notes_holding_every_word_come_before_notes_holding_some(engine: SearchEngine) -> None:
    result = engine.search("鍵の管理は誰が", snippets=False)
    found = [hit.note_id for hit in result.hits]
    assert set(found[:2]) == {"c/both", "c/apart"}
    assert {"c/key", "c/manage"} <= set(found[2:])
    assert "c/other" not in found
    assert result.words == 2
    assert result.complete == 2
    assert [hit.complete for hit in result.hits] == [True, True] + [False] * (len(found) - 2)


def test_words_in_one_line_rank_above_words_apart(engine: SearchEngine) -> None:
    assert ids(engine, "鍵 管理")[:2] == ["c/both", "c/apart"]


def test_a_phrase_whose_words_are_somewhere_never_ends_empty(engine: SearchEngine) -> None:
    result = engine.search("音声の暗号化とは", snippets=False)
    assert result.hits and result.complete == 0
    assert "c/other" in [hit.note_id for hit in result.hits]


def test_a_quoted_phrase_is_still_required(engine: SearchEngine) -> None:
    assert ids(engine, '"暗号鍵" 音声') == ["c/both"]


def test_words_typed_apart_or_together(engine: SearchEngine) -> None:
    assert ids(engine, "boto 3")[:1] == ["c/boto"]
    result = engine.search("stepfunctions", snippets=False)
    assert [hit.note_id for hit in result.hits][:1] == ["c/step"]
    assert result.suggestion == "Step Functions"


def test_nothing_found_offers_the_closest_titles(engine: SearchEngine) -> None:
    result = engine.search("Step Fnuctoins xyzzy", snippets=False)
    assert result.hits == [] or result.hits[0].note_id == "c/step"
    empty = engine.search("qqqqzzzz", snippets=False)
    assert empty.hits == []
    assert isinstance(empty.closest, list)
    near = engine.search("Step Functoins Pythn", snippets=False)
    assert near.hits or near.closest
