"""The notes' metadata cache: a second load reads no note file, and gives the same library."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tui.notes import Library, bundled_paths, load_library
from tui.notes import cache as cache_module
from tui.notes.cache import NotesCache
from tui.notes.model import StoredNote

AN_HOUR_AGO = time.time() - 3600


def write(path: Path, text: str, *, when: float = AN_HOUR_AGO) -> None:
    """Write a note dated `when` (files written just now are not cached: see RACY_NS)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


def snapshot(library: Library) -> list[tuple[object, ...]]:
    """Everything a note says, its body included."""
    return [
        (
            n.id,
            n.title,
            n.category,
            n.body,
            n.path,
            n.body_line,
            n.aliases,
            n.tags,
            n.order,
            n.sections,
            n.images,
            n.fingerprint,
        )
        for n in library
    ]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write(root / "ml" / "_category.yaml", "title: 機械学習\norder: 1\n")
    write(
        root / "ml" / "sagemaker.md",
        "---\ntitle: SageMaker\naliases: [セージメーカー]\ntags: [ml]\norder: 2\n---\n"
        "# SageMaker\n\n## 推論\n\n- エンドポイント ![図](images/fig.png)\n\n"
        "### 料金\n\n- 従量課金\n",
    )
    write(root / "ml" / "comprehend.md", "# Comprehend\n\n## 感情分析\n\n- センチメント\n")
    write(
        root / "raw" / "notes.md",
        "前書き\n\n# 一つ目\n\n本文一\n\n## 節\n\n# 二つ目\n\n本文二\n",
    )
    write(root / "raw" / "a.md", "# A md\n")
    write(root / "raw" / "a.markdown", "# A markdown\n")
    write(root / "images" / "fig.png", "not really a png")
    return root


def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_a_second_load_reads_no_note_and_gives_the_same_library(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_library(content, cache_dir=cache_dir(tmp_path))
    assert not any(isinstance(note, StoredNote) for note in first)
    expected = snapshot(first)
    warnings = [str(w) for w in first.warnings]

    read: list[str] = []
    real = Path.read_bytes

    def counting(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    second = load_library(content, cache_dir=cache_dir(tmp_path))
    assert all(isinstance(note, StoredNote) for note in second)
    assert [n.id for n in second] == [e[0] for e in expected]
    assert not any(note.body_loaded for note in second if isinstance(note, StoredNote))
    assert not [name for name in read if name.endswith((".md", ".markdown"))]
    assert [str(w) for w in second.warnings] == warnings
    assert snapshot(second) == expected  # bodies read now, from the files


def test_no_cache_gives_the_same_library(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    cached = load_library(content, cache_dir=cache_dir(tmp_path))
    plain = load_library(content, cache=False)
    assert snapshot(cached) == snapshot(plain)


def test_the_bundled_notes_load_the_same_from_the_cache(tmp_path: Path) -> None:
    content_dir, images = bundled_paths()
    plain = load_library(content_dir, images_dir=images, cache=False)
    load_library(content_dir, images_dir=images, cache_dir=cache_dir(tmp_path))
    cached = load_library(content_dir, images_dir=images, cache_dir=cache_dir(tmp_path))
    assert any(isinstance(note, StoredNote) for note in cached)
    assert snapshot(cached) == snapshot(plain)
    assert [str(w) for w in cached.warnings] == [str(w) for w in plain.warnings]


def test_a_changed_file_is_read_again(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    write(content / "ml" / "comprehend.md", "# Comprehend\n\n## 構文解析\n")
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    note = library.get("ml/comprehend")
    assert note is not None and not isinstance(note, StoredNote)
    assert [s.title for s in note.sections] == ["構文解析"]


def test_a_file_of_the_same_size_and_time_but_rewritten_is_read_again(
    content: Path, tmp_path: Path
) -> None:
    path = content / "ml" / "comprehend.md"
    load_library(content, cache_dir=cache_dir(tmp_path))
    before = path.stat()
    replacement = path.with_name("new.tmp")
    replacement.write_text(path.read_text(encoding="utf-8").replace("感情", "構文"), "utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)  # as editors save: same size, same mtime, a new file
    note = load_library(content, cache_dir=cache_dir(tmp_path)).get("ml/comprehend")
    assert note is not None and "構文分析" in note.body


def test_files_written_just_now_are_not_cached(content: Path, tmp_path: Path) -> None:
    write(content / "ml" / "fresh.md", "# Fresh\n", when=time.time())
    load_library(content, cache_dir=cache_dir(tmp_path))
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    fresh = library.get("ml/fresh")
    assert fresh is not None and not isinstance(fresh, StoredNote)
    assert isinstance(library.get("ml/comprehend"), StoredNote)


def test_added_and_removed_files(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    (content / "ml" / "comprehend.md").unlink()
    write(content / "ml" / "polly.md", "# Polly\n")
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    assert library.get("ml/comprehend") is None
    polly = library.get("ml/polly")
    assert polly is not None and polly.body == "# Polly\n"
    again = load_library(content, cache_dir=cache_dir(tmp_path))
    assert isinstance(again.get("ml/polly"), StoredNote)
    assert again.get("ml/comprehend") is None


def test_a_file_removed_after_loading_gives_a_message_not_a_traceback(
    content: Path, tmp_path: Path
) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    (content / "ml" / "comprehend.md").unlink()
    note = library.get("ml/comprehend")
    assert note is not None
    assert "could not be read" in note.body and "removed" in note.body
    assert any("removed after the notes were loaded" in str(w) for w in library.warnings)
    assert note.body == note.body  # read once


def test_a_file_changed_after_loading_gives_its_new_body(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    write(content / "raw" / "notes.md", "# 一つ目\n\n新しい本文\n\n# 二つ目\n\n本文二\n")
    first = library.get("raw/notes#一つ目")
    assert first is not None and "新しい本文" in first.body
    write(content / "ml" / "comprehend.md", "\x00\x01 binary now")
    gone = library.get("ml/comprehend")
    assert gone is not None and "no longer readable" in gone.body


def test_a_note_gone_from_its_changed_file(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    library = load_library(content, cache_dir=cache_dir(tmp_path))
    write(content / "raw" / "notes.md", "# 三つ目だけ\n\n本文\n\n# 四つ目\n")
    second = library.get("raw/notes#二つ目")
    assert second is not None and "no longer in its file" in second.body


def test_split_notes_and_renamed_ids_from_the_cache(content: Path, tmp_path: Path) -> None:
    first = load_library(content, cache_dir=cache_dir(tmp_path))
    second = load_library(content, cache_dir=cache_dir(tmp_path))
    ids = [n.id for n in second]
    assert "raw/a" in ids and "raw/a.md" in ids  # a.markdown sorts first and keeps raw/a
    assert {n.id: n.body for n in second} == {n.id: n.body for n in first}
    renamed = second.get("raw/a.md")
    assert isinstance(renamed, StoredNote) and renamed.body == "# A md\n"
    assert "raw/notes#一つ目" in ids and "raw/notes#二つ目" in ids


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"kumonote-notes\n\x80\x05garbage", "truncate"],
)
def test_a_damaged_cache_is_rebuilt(content: Path, tmp_path: Path, damage: bytes | str) -> None:
    expected = snapshot(load_library(content, cache_dir=cache_dir(tmp_path)))
    (file,) = (cache_dir(tmp_path) / "notes").glob("*.pickle")
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2] if isinstance(damage, str) else damage)
    assert snapshot(load_library(content, cache_dir=cache_dir(tmp_path))) == expected
    stored = load_library(content, cache_dir=cache_dir(tmp_path))
    assert any(isinstance(note, StoredNote) for note in stored)
    assert snapshot(stored) == expected


def test_records_that_are_not_records_are_read_again(content: Path, tmp_path: Path) -> None:
    expected = snapshot(load_library(content, cache_dir=cache_dir(tmp_path)))
    cache = NotesCache.open(content.resolve(), False, cache_dir(tmp_path))
    rel = "ml/comprehend.md"
    stamp = cache._old[rel][0]
    cache._old[rel] = (stamp, (), (("too", "short"),))
    cache._changed = True
    cache._new = dict(cache._old)
    cache.save()
    assert snapshot(load_library(content, cache_dir=cache_dir(tmp_path))) == expected


def test_an_unwritable_cache_folder_changes_nothing(content: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder would be")
    expected = snapshot(load_library(content, cache=False))
    assert snapshot(load_library(content, cache_dir=blocker)) == expected
    assert snapshot(load_library(content, cache_dir=blocker)) == expected


def test_replace_gives_a_note_with_the_new_body(content: Path, tmp_path: Path) -> None:
    load_library(content, cache_dir=cache_dir(tmp_path))
    note = load_library(content, cache_dir=cache_dir(tmp_path)).get("ml/comprehend")
    assert isinstance(note, StoredNote)
    edited = replace(note, body=note.body + "\n- 追記\n")
    assert edited.body.endswith("- 追記\n")
    assert edited.fingerprint != note.fingerprint
    assert edited.sections == note.sections and edited.path == note.path


def test_the_search_index_opens_without_reading_a_note(content: Path, tmp_path: Path) -> None:
    from tui.search.engine import SearchEngine

    library = load_library(content, cache_dir=cache_dir(tmp_path))
    SearchEngine.open(library, cache_dir=tmp_path / "index").close()
    stored = load_library(content, cache_dir=cache_dir(tmp_path))
    engine = SearchEngine.open(stored, cache_dir=tmp_path / "index")
    assert engine.notice is None
    assert not any(n.body_loaded for n in stored if isinstance(n, StoredNote))
    hits = engine.search("感情分析").hits
    assert hits and hits[0].note_id == "ml/comprehend"
    engine.close()


def test_single_file_content_is_cached_apart_from_its_folder(content: Path, tmp_path: Path) -> None:
    single = content / "raw" / "notes.md"
    one = load_library(single, cache_dir=cache_dir(tmp_path))
    folder = load_library(content / "raw", cache_dir=cache_dir(tmp_path))
    again = load_library(single, cache_dir=cache_dir(tmp_path))
    assert [n.id for n in again] == [n.id for n in one]
    assert len(folder) != len(one)


def test_equal_tags_and_aliases_are_stored_once(tmp_path: Path) -> None:
    root = tmp_path / "content"
    for name in ("a", "b"):
        write(
            root / "ml" / f"{name}.md",
            f"---\ntitle: {name}\naliases: [同じ, 別名]\ntags: [ml, aws]\n---\n# {name}\n\n本文\n",
        )
    expected = snapshot(load_library(root, cache_dir=cache_dir(tmp_path)))
    cache_module._memory.clear()  # read the cache file, not what this process remembers
    a, b = load_library(root, cache_dir=cache_dir(tmp_path))
    assert isinstance(a, StoredNote) and isinstance(b, StoredNote)
    assert a.tags == ("ml", "aws") and a.tags is b.tags
    assert a.aliases == ("同じ", "別名") and a.aliases is b.aliases
    assert snapshot(load_library(root, cache_dir=cache_dir(tmp_path))) == expected
