"""Index sub-files read in place: `ViewReader` behaves as `io.BytesIO` does for reading, and
an opened index reads its segments through views of the mapping, not copies."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.notes.model import Category, Library, Note
from tui.search.engine import SearchEngine
from tui.search.mapped_files import ViewFile, ViewReader

DATA = b"first line\nsecond\n\nlast without newline"


def _both() -> tuple[ViewReader, io.BytesIO]:
    return ViewReader(memoryview(DATA)), io.BytesIO(DATA)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["read", "readline", "seek", "seek_cur", "seek_end", "readinto"]),
            st.integers(-3, len(DATA) + 5),
        ),
        max_size=12,
    )
)
def test_reads_seeks_and_lines_match_bytesio(steps: list[tuple[str, int]]) -> None:
    view, bytes_io = _both()
    for step, number in steps:
        if step == "read":
            assert view.read(number) == bytes_io.read(number)
        elif step == "readline":
            assert view.readline(number) == bytes_io.readline(number)
        elif step == "readinto":
            size = max(number, 0)
            a, b = bytearray(size), bytearray(size)
            assert view.readinto(a) == bytes_io.readinto(b)
            assert a == b
        else:
            whence = {"seek": 0, "seek_cur": 1, "seek_end": 2}[step]
            target = {0: 0, 1: view.tell(), 2: len(DATA)}[whence] + number
            if target < 0:
                with pytest.raises(ValueError):
                    view.seek(number, whence)
                continue
            assert view.seek(number, whence) == bytes_io.seek(number, whence)
        assert view.tell() == bytes_io.tell()


def test_lines_iterate_as_bytesio_does() -> None:
    view, bytes_io = _both()
    assert list(view) == list(bytes_io)


def test_a_pickle_loads_from_it() -> None:
    thing = {"terms": ["暗号", "kms"], "n": 3}
    blob = b"head" + pickle.dumps(thing)
    view = ViewReader(memoryview(blob))
    view.seek(4)
    assert pickle.load(view) == thing


def test_a_view_file_shares_its_bytes() -> None:
    source = bytearray(b"0123456789")
    whole = ViewFile(memoryview(source))
    part = whole.subset(2, 5)
    assert part.get(0, 3) == b"234"
    source[2] = ord("X")  # no copy was made: the change shows through
    assert part.get(0, 3) == b"X34"
    assert part.read(10) == b"X3456"


def test_an_opened_index_reads_its_segments_in_place(tmp_path: Path) -> None:
    notes = [
        Note(
            id=f"c/n{i}",
            title=f"暗号 {i}",
            category="c",
            body=f"# 暗号 {i}\n鍵 kms {i}\n",
            path=Path(f"c/n{i}.md"),
        )
        for i in range(30)
    ]
    library = Library(root=tmp_path / "notes", categories=[Category("c", "c", notes=notes)])
    SearchEngine.open(library, cache_dir=tmp_path / "cache").close()
    engine = SearchEngine.open(library, cache_dir=tmp_path / "cache")  # from the disk now
    try:
        assert engine.search("暗号", snippets=False).hits
        reader = engine._reader  # what the engine reads with
        files = [leaf._terms._dbfile for leaf, _ in reader.leaf_readers()]
        assert files and all(isinstance(f, ViewFile) for f in files)
    finally:
        engine.close()
