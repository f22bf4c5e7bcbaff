"""A damaged index is found by its checksums before any of its segments is decoded."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.index import FileIndex

from tui.notes import bundled_library
from tui.search.engine import SearchEngine
from tui.search.storage import DiskStore, memory_index


def test_damaged_segments_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = bundled_library()
    SearchEngine.open(library, cache_dir=tmp_path).close()
    store = DiskStore(tmp_path, library.root)
    segments = sorted(store.path.glob("*.seg"))
    assert segments, f"no segment under {store.path}"
    data = bytearray(segments[0].read_bytes())
    data[len(data) // 2] ^= 0xFF
    segments[0].write_bytes(bytes(data))

    decoded: list[str] = []

    def refuse(self: FileIndex, *args: object, **kwargs: object) -> None:
        decoded.append("reader")
        raise RuntimeError("stands in for whatever damaged data decodes to")

    monkeypatch.setattr(FileIndex, "reader", refuse)
    fields = tuple(memory_index().schema.names())
    assert store.open(fields) is None
    assert decoded == [], "a segment was decoded before its checksum was checked"
