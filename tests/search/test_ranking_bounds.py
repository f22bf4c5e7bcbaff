"""Ranking stops checking candidates once the rest cannot reach the results shown: the first
`limit` results are the same as the first `limit` of a search that checks every candidate."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tui.notes.model import Category, Library, Note, SourceInfo
from tui.search.engine import SearchEngine


def _note(note_id: str, title: str, body: str) -> Note:
    return Note(
        id=note_id,
        title=title,
        category="c",
        body=f"# {title}\n{body}\n",
        path=Path(f"{note_id.replace(':', '/')}.md"),
    )


def _bodies(rng: random.Random) -> list[str]:
    words = ["暗号", "鍵", "管理", "kms", "key", "policy", "号暗", "暗", "号", "list", "tags"]
    filler = ["ノート", "メモ", "text", "other", "話"]
    out = []
    for _ in range(400):
        picked = rng.choices(words + filler, k=rng.randint(3, 40))
        out.append("- " + " ".join(picked) + "。\n- " + "".join(rng.choices(filler, k=5)))
    return out


def _engine(tmp: pytest.TempPathFactory, own: list[Note], pages: list[Note]) -> SearchEngine:
    root = tmp.mktemp("notes")
    library = Library(
        root=root,
        categories=[
            Category("c", "c", notes=own, source="kumonote"),
            Category("aws:s", "s", notes=pages, source="aws"),
        ],
        sources=(
            SourceInfo("kumonote", "notes", root),
            SourceInfo("aws", "AWS", root / "aws", reference=True),
        ),
    )
    return SearchEngine.open(library, cache_dir=tmp.mktemp("cache"))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> SearchEngine:
    rng = random.Random(7)
    bodies = _bodies(rng)
    own = [_note(f"c/n{i:03}", f"メモ {i}", body) for i, body in enumerate(bodies[:250])]
    pages = [_note(f"aws:s/p{i:03}", f"Page {i}", body) for i, body in enumerate(bodies[250:])]
    return _engine(tmp_path_factory, own, pages)


@pytest.mark.parametrize(
    "query",
    [
        "暗号",
        "暗号 鍵",
        "鍵の管理",
        "kms",
        "key policy",
        "p",
        "list tags",
        "暗号化の方法",
        "tags kms",
    ],
)
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_a_short_list_is_the_head_of_the_long_one(
    engine: SearchEngine, query: str, limit: int
) -> None:
    everything = engine.search(query, limit=1000, snippets=False).hits
    assert len(everything) > limit  # the stop has candidates to skip
    head = engine.search(query, limit=limit, snippets=False).hits
    assert [(h.note_id, h.score) for h in head] == [
        (h.note_id, h.score) for h in everything[:limit]
    ]


FILLER = "ほかの話をここに書きます。\n" * 12


def test_words_together_are_found_below_many_notes_that_score_higher_apart(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # 40 notes hold both words twice, far apart; one holds each once, in one line. The index
    # scores it lowest, the proximity bonus ranks it first: the stop must allow for the bonus.
    apart = [
        _note(f"c/apart{i:02}", f"離れ {i}", f"鍵。鍵。\n{FILLER}管理。管理。") for i in range(40)
    ]
    near = _note("c/near", "近く", f"鍵を管理する。\n{FILLER}")
    engine = _engine(tmp_path_factory, [*apart, near], [])
    everything = engine.search("鍵 管理", limit=1000, snippets=False).hits
    assert everything[0].note_id == "c/near"
    assert [h.note_id for h in engine.search("鍵 管理", limit=1, snippets=False).hits] == ["c/near"]


def test_a_japanese_query_finds_own_notes_below_many_higher_scoring_pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The pages score higher on the index but a Japanese query lists the learner's notes
    # first: checking must go on past pages that can no longer make the list.
    pages = [
        _note(f"aws:s/p{i:02}", f"Page {i}", "暗号 暗号 暗号。" + "Other words. " * i)
        for i in range(60)
    ]
    own = [_note("c/mine", "わたしのメモ", f"暗号。\n{FILLER}{FILLER}")]
    engine = _engine(tmp_path_factory, own, pages)
    assert engine.search("暗号", limit=1000, snippets=False).hits[0].note_id == "c/mine"
    assert engine.search("暗号", limit=3, snippets=False).hits[0].note_id == "c/mine"
