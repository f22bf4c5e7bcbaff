"""Relevance contract on the bundled notes: each query must put the expected note(s) high.

A row is (query, expected note ids, rank): every listed note must be within the top
`rank` hits (3 unless stated). The table is a contract; add rows, do not loosen them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.notes import bundled_library
from tui.notes.model import Library
from tui.search.analysis import fold
from tui.search.engine import SearchEngine
from tui.search.titles import TitleMatcher

TOP = 3

# (query, every one of these note ids must be in the top `rank`, rank)
TABLE: list[tuple[str, tuple[str, ...], int]] = [
    # -- from the issue --------------------------------------------------------------------
    ("暗号", ("security/kms",), TOP),
    ("推論", ("compute/elastic-inference", "compute/inferentia", "compute/fpgas"), TOP),
    ("トピック", ("ai-services/comprehend", "sagemaker/neural-topic-model"), TOP),
    ("音声", ("ai-services/polly", "ai-services/transcribe", "ai-services/lex"), TOP),
    ("チャットボット", ("ai-services/lex",), TOP),
    ("レコメンド", ("ai-services/personalize",), TOP),
    ("医療", ("ai-services/comprehend",), TOP),
    ("こんてな", ("containers/dl-containers",), TOP),
    ("ｺﾝﾃﾅ", ("containers/dl-containers",), TOP),
    ("ＫＭＳ", ("security/kms",), TOP),
    ("kms", ("security/kms",), TOP),
    ("sse-c", ("security/kms",), TOP),
    ("sagemkaer", ("sagemaker/sagemaker-multi-az-endpoints",), TOP),
    ("greengras", ("iot/greengrass",), TOP),
    ("suiron", ("compute/elastic-inference", "compute/inferentia", "compute/fpgas"), TOP),
    ("angou", ("security/kms",), TOP),
    ("8888", ("sagemaker/jupyter-port-8888",), TOP),
    ("ワークフロー", ("application-integration/step-functions",), TOP),
    ("失敗", ("sagemaker/describe-job-api",), TOP),
    ("infer", ("compute/inferentia", "compute/elastic-inference", "compute/fpgas"), TOP),
    ("sagemaker 可用性", ("sagemaker/sagemaker-multi-az-endpoints",), TOP),
    # -- our own ---------------------------------------------------------------------------
    ("鍵", ("security/kms",), 1),
    ("暗号化", ("security/kms",), 1),
    ("ワアクフロオ", ("application-integration/step-functions",), 1),
    ("wakufuro", ("application-integration/step-functions",), 1),
    ("ＷＯＲＫＦＬＯＷ", ("application-integration/step-functions",), TOP),
    ("LDA", ("ai-services/comprehend",), 1),
    ("ntm", ("sagemaker/neural-topic-model",), 1),
    ("チャットボット 音声", ("ai-services/lex",), 1),
    ("polly", ("ai-services/polly",), 1),
    ("pollyy", ("ai-services/polly",), 1),
    ("cloudtrial", ("security/cloudtrail",), 1),
    ("comprehnd", ("ai-services/comprehend",), 1),
    ("personalise", ("ai-services/personalize",), 1),
    ("監査", ("security/cloudtrail",), TOP),
    ("ログ", ("security/cloudtrail",), TOP),
    ("じゅぴたー", ("sagemaker/jupyter-port-8888",), TOP),
    ("ｊｕｐｙｔｅｒ", ("sagemaker/jupyter-port-8888",), TOP),
    ("jupyter", ("sagemaker/jupyter-port-8888", "sagemaker/notebook-instances"), TOP),
    (
        "ディープラーニング",
        ("containers/deep-learning-containers", "compute/deep-learning-ami"),
        TOP,
    ),
    ("でぃーぷらーにんぐ", ("containers/deep-learning-containers",), TOP),
    ("GPU", ("compute/gpu-instances",), 1),
    ("p3", ("compute/gpu-instances",), 1),
    ("フェデレーション", ("security/iam-federation",), 1),
    ("federation", ("security/iam-federation",), 1),
    ("hipaa", ("security/compliance-programs",), 1),
    ("ISO 27001", ("security/compliance-programs",), 1),
    ("boto3", ("developer-tools/boto3",), 1),
    ("ステップファンクション", ("application-integration/step-functions",), 1),
    ("step functions", ("application-integration/step-functions",), 1),
    ("steP FUNCtions", ("application-integration/step-functions",), 1),
    ('"暗号 鍵"', ("security/kms",), 1),
    ("ecr", ("containers/registry",), 1),
    ("レジストリ", ("containers/registry",), 1),
    ("kubernetes", ("containers/eks",), 1),
    ("invoke", ("sagemaker/invoke-endpoint",), 1),
    ("本番", ("sagemaker/production-variant",), 1),
    ("honban", ("sagemaker/production-variant",), 1),
    ("ばりあんと", ("sagemaker/production-variant",), 1),
    ("個人情報", ("security/pii",), TOP),
    ("コードコミット", ("developer-tools/codecommit",), 1),
    ("codecomit", ("developer-tools/codecommit",), 1),
    ("auto scaling", ("compute/auto-scaling",), 1),
    ("sqs", ("application-integration/sqs",), 1),
    ("きゅー", ("application-integration/sqs",), TOP),
    ("inferentia", ("compute/inferentia",), 1),
    ("fpga", ("compute/fpgas",), 1),
    ("lambda sagemaker", ("sagemaker/sagemaker-with-lambda",), 1),
    ("kikaigakushuu", ("concepts/three-layers",), 1),
    ("きかいがくしゅう", ("concepts/three-layers",), 1),
    ("angoukagi", ("security/kms",), 1),
    ("anngouka", ("security/kms",), 1),
]


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


@pytest.fixture(scope="module")
def engine(library: Library, tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    cache: Path = tmp_path_factory.mktemp("relevance-cache")
    return SearchEngine.open(library, cache_dir=cache)


def test_expected_notes_exist(library: Library) -> None:
    missing = {note_id for _, ids, _ in TABLE for note_id in ids if library.get(note_id) is None}
    assert not missing, f"relevance table names notes that do not exist: {sorted(missing)}"


@pytest.mark.parametrize(
    ("query", "expected", "rank"),
    TABLE,
    ids=[f"{q}->{','.join(i.split('/')[-1] for i in ids)}" for q, ids, _ in TABLE],
)
def test_relevance(engine: SearchEngine, query: str, expected: tuple[str, ...], rank: int) -> None:
    result = engine.search(query)
    top = [hit.note_id for hit in result.hits[:rank]]
    missing = [note_id for note_id in expected if note_id not in top]
    assert not missing, f"{query!r}: {missing} not in top {rank}: {top}"


def test_lda_lands_on_its_section(engine: SearchEngine) -> None:
    hits = {hit.note_id: hit for hit in engine.search("トピック").hits}
    anchor = hits["ai-services/comprehend"].section_anchor
    assert anchor is not None and "lda" in anchor


def test_typo_reports_did_you_mean(engine: SearchEngine) -> None:
    result = engine.search("sagemkaer")
    assert result.suggestion is not None
    assert result.suggestion.lower() == "sagemaker"
    assert engine.search("sagemaker").suggestion is None


def test_romaji_highlights_the_kanji(engine: SearchEngine) -> None:
    result = engine.search("suiron")
    hit = result.hits[0]
    assert [hit.snippet[a:b] for a, b in hit.matches] == ["推論"]
    assert result.highlighter.spans("機械学習モデルの推論処理") == [(8, 10)]


def test_romaji_compounds_highlight_their_kanji(engine: SearchEngine) -> None:
    hit = engine.search("kikaigakushuu").hits[0]
    assert "機械学習" in [hit.snippet[a:b] for a, b in hit.matches]
    hit = engine.search("angoukagi").hits[0]
    assert "暗号鍵" in [hit.snippet[a:b] for a, b in hit.matches]


def test_english_words_that_are_not_romaji_stay_english(engine: SearchEngine) -> None:
    # "step" would be ッテ if read as romaji; it must only find Step Functions.
    ids = [hit.note_id for hit in engine.search("step").hits]
    assert ids[0] == "application-integration/step-functions"
    assert len(ids) <= 3


def test_nothing_found_is_empty(engine: SearchEngine) -> None:
    assert engine.search("zzqqxx").hits == []
    assert engine.search("").hits == []
    assert engine.search("   ").hits == []


def _starts_a_word(letter: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){letter}", fold(text)) is not None


@pytest.mark.parametrize("letter", ["k", "s", "e"])
def test_a_lone_first_letter_finds_titles_with_a_word_starting_with_it(
    engine: SearchEngine, library: Library, letter: str
) -> None:
    # The first key of `kms` must not empty the tree: notes named with a k-word come up.
    for searcher in (engine, TitleMatcher(library)):
        hits = searcher.search(letter, limit=200).hits
        assert hits
        for hit in hits:
            note = library.get(hit.note_id)
            assert note is not None
            assert any(_starts_a_word(letter, name) for name in (note.title, *note.aliases))
    ids = [hit.note_id for hit in engine.search("k").hits]
    assert {"security/kms", "containers/eks"} <= set(ids)


def test_a_word_being_typed_is_weighed_as_a_prefix_not_by_its_rarest_completion(
    engine: SearchEngine,
) -> None:
    # `sa` completes to sagemaker (many notes) and saml (one alias): SageMaker comes first.
    assert "SageMaker" in engine.search("sa").hits[0].title
    assert engine.search("com").hits[0].note_id == "ai-services/comprehend"


@pytest.mark.parametrize(("typed", "meant"), [("sagemk", "SageMaker"), ("comprhe", "Comprehend")])
def test_a_typo_in_a_word_still_being_typed_is_corrected(
    engine: SearchEngine, typed: str, meant: str
) -> None:
    # No "no results" between `sagem` and `sagemkaer`: the start of the word is corrected.
    result = engine.search(typed)
    assert result.suggestion == meant
    assert meant in result.hits[0].title
    # A finished word (a space after it) is not the start of a longer one.
    assert engine.search(typed + " ").suggestion != meant


def test_one_kana_typed_in_romaji_finds_what_the_kana_finds(engine: SearchEngine) -> None:
    def ids(query: str) -> list[str]:
        return [hit.note_id for hit in engine.search(query, limit=200).hits]

    assert ids("ko") and ids("ko") == ids("こ")
    # Letters that also start a word of the notes stay that word's prefix (`ku`: Kubernetes).
    assert ids("ku")[0] == "containers/eks" and len(ids("ku")) < len(ids("く"))


def test_a_lone_letter_that_is_finished_is_only_a_word(engine: SearchEngine) -> None:
    # "k " (a space after it) is a finished word: the letter alone, which no note has.
    assert engine.search("k ").hits == []
    # with another word, the notes holding that word are found, as holding only part of it
    result = engine.search("k sqs")
    assert result.hits and not any(hit.complete for hit in result.hits)
    assert result.hits[0].note_id == "application-integration/sqs"


@pytest.mark.parametrize(
    "query", ["暗号", "こんてな", "sagemkaer", "s", "an", "推論 エンドポイント"]
)
def test_results_without_snippets_rank_the_same_notes(
    engine: SearchEngine, library: Library, query: str
) -> None:
    full = engine.search(query, limit=200)
    bare = engine.search(query, limit=200, snippets=False)
    assert [h.note_id for h in bare.hits] == [h.note_id for h in full.hits]
    assert [h.score for h in bare.hits] == [h.score for h in full.hits]
    assert all(not h.snippet and not h.matches for h in bare.hits)
    assert bare.suggestion == full.suggestion
    titles = TitleMatcher(library)
    assert [h.note_id for h in titles.search(query, snippets=False).hits] == [
        h.note_id for h in titles.search(query).hits
    ]
