"""Content sources: several folders (and the bundled notes) loaded as one library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes import ContentNotFound
from tui.notes.links import resolve_link
from tui.notes.sources import Source, load_sources


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    return write(
        tmp_path / "mine",
        {
            "lab/kms-memo.md": "# KMS 実習メモ\n\n- ローテーション。[[AWS KMS キー]] を見る。\n",
            "lab/polly.md": "# Polly の練習\n\n- [[自分のノート:lab/kms-memo#手順]] も見る。\n",
        },
    )


def test_one_source_loads_as_before_with_its_ids_unprefixed(mine: Path) -> None:
    library = load_sources([Source(mine)])
    assert sorted(note.id for note in library) == ["lab/kms-memo", "lab/polly"]
    assert [info.key for info in library.sources] == ["mine"]
    assert library.roots == (mine.resolve(),)


def test_two_sources_keep_the_first_ids_and_prefix_the_second(mine: Path) -> None:
    library = load_sources([Source.bundled(), Source(mine, "自分のノート")])
    assert [info.key for info in library.sources] == ["kumonote", "自分のノート"]
    assert library.get("security/kms") is not None  # the bundled ids, as bookmarks have them
    memo = library.get("自分のノート:lab/kms-memo")
    assert memo is not None and memo.title == "KMS 実習メモ"
    assert "ローテーション" in memo.body  # the body still reads from its file
    mine_categories = [c for c in library.categories if c.source == "自分のノート"]
    assert [c.id for c in mine_categories] == ["自分のノート:lab"]
    assert {c.source for c in library.categories} == {"kumonote", "自分のノート"}
    assert len({note.id for note in library}) == len(library)


def test_wikilinks_cross_sources_by_title_and_by_source_id(mine: Path) -> None:
    library = load_sources([Source.bundled(), Source(mine, "自分のノート")])
    memo = library.get("自分のノート:lab/kms-memo")
    polly = library.get("自分のノート:lab/polly")
    assert memo is not None and polly is not None
    to_bundled = resolve_link("AWS KMS キー", memo, library)
    assert (to_bundled.kind, to_bundled.note_id) == ("note", "security/kms")
    across = resolve_link("自分のノート:lab/kms-memo#手順", polly, library)
    assert (across.kind, across.note_id) == ("note", "自分のノート:lab/kms-memo")
    unknown = resolve_link("ほか:lab/kms-memo", polly, library)
    assert unknown.kind == "broken"


def test_a_missing_source_is_reported_and_the_others_load(mine: Path, tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    library = load_sources([Source.bundled(), Source(gone), Source(mine)])
    assert library.get("security/kms") is not None
    assert library.get("mine:lab/polly") is not None
    assert [w.path for w in library.warnings if "gone" in w.reason] == [gone]
    broken = [info for info in library.sources if info.problem]
    assert [info.key for info in broken] == ["gone"]
    assert gone not in library.roots


def test_only_missing_sources_raise(tmp_path: Path) -> None:
    with pytest.raises(ContentNotFound):
        load_sources([Source(tmp_path / "a"), Source(tmp_path / "b")])
    with pytest.raises(ContentNotFound):
        load_sources([])


def test_two_sources_with_the_same_name_get_distinct_keys(tmp_path: Path) -> None:
    a = write(tmp_path / "a" / "notes", {"x/one.md": "# One\n- 1\n"})
    b = write(tmp_path / "b" / "notes", {"x/one.md": "# One again\n- 2\n"})
    library = load_sources([Source(a), Source(b)])
    assert [info.key for info in library.sources] == ["notes", "notes-2"]
    assert sorted(note.id for note in library) == ["notes-2:x/one", "x/one"]


def test_a_single_markdown_file_is_a_source(tmp_path: Path, mine: Path) -> None:
    single = write(tmp_path, {"memo.md": "# メモ\n- ひとこと\n"}) / "memo.md"
    library = load_sources([Source(mine), Source(single)])
    note = library.get("memo:memo")  # the source is named after the file, without .md
    assert note is not None and note.title == "メモ"


def test_each_set_of_sources_has_an_index_of_its_own(mine: Path, tmp_path: Path) -> None:
    from tui.search.engine import SearchEngine

    other = write(tmp_path / "other", {"x/note.md": "# 別のノート\n- ひとこと\n"})
    cache = tmp_path / "index"
    both = SearchEngine.open(load_sources([Source(mine), Source(other)]), cache_dir=cache)
    assert both.search("ひとこと", 5).hits
    alone = SearchEngine.open(load_sources([Source(mine)]), cache_dir=cache)
    assert not alone.search("ひとこと", 5).hits
    folders = [p for p in (cache / "search").iterdir() if p.is_dir()]
    assert len(folders) == 2  # the one-source index did not replace the two-source one
    again = SearchEngine.open(load_sources([Source(mine), Source(other)]), cache_dir=cache)
    assert again.search("ひとこと", 5).hits
