"""Index sub-files read straight from the memory-mapped segment, not copied out of it.

Whoosh maps each compound segment (``.seg``) and hands out its sub-files (term index,
postings, stored fields) as ``BufferFile`` objects, which wrap the mapped bytes in a
``BytesIO``. ``BytesIO(memoryview)`` copies: opening an index read every byte of its
segments into memory again (40 MB and about 20 ms for 10,000 notes, several times that with
the whole API reference) before the first search, and kept the copies. `ViewFile` reads the
mapping in place: `get` (what most of Whoosh's readers use) slices it, and the file-like
calls (`seek`, `read`, `readline`, pickles) go through `ViewReader`, a cursor over it.

`use_views` makes Whoosh's compound storage hand out `ViewFile`; nothing else changes.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

_SEEK_SET, _SEEK_CUR, _SEEK_END = 0, 1, 2


class ViewReader:
    """A read-only file over a memoryview: a cursor, no copy of what is not read."""

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        """Up to `size` bytes from the cursor (all that is left when `size` is negative)."""
        start = self._pos
        end = len(self._view) if size is None or size < 0 else min(start + size, len(self._view))
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readinto(self, buffer: Any) -> int:
        """Fill `buffer` from the cursor; the number of bytes put in it."""
        target = memoryview(buffer).cast("B")
        data = self._view[self._pos : self._pos + len(target)]
        target[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        """Bytes up to and including the next newline (or `size` bytes, or the end)."""
        view = self._view
        end = len(view) if size is None or size < 0 else min(self._pos + size, len(view))
        start = self._pos
        pos = start
        while pos < end:
            chunk = bytes(view[pos : min(pos + 4096, end)])
            found = chunk.find(b"\n")
            if found >= 0:
                pos += found + 1
                break
            pos += len(chunk)
        self._pos = pos
        return bytes(view[start:pos])

    def __iter__(self) -> ViewReader:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def seek(self, offset: int, whence: int = _SEEK_SET) -> int:
        """Move the cursor, as `io.BytesIO.seek` does."""
        if whence == _SEEK_CUR:
            offset += self._pos
        elif whence == _SEEK_END:
            offset += len(self._view)
        elif whence != _SEEK_SET:
            raise ValueError(f"invalid whence ({whence})")
        if offset < 0:
            raise ValueError(f"negative seek position {offset}")
        self._pos = offset
        return offset

    def tell(self) -> int:
        """Where the cursor is."""
        return self._pos

    def close(self) -> None:
        """Mark closed (the mapping belongs to the segment's storage, which closes it)."""
        self.closed = True


class ViewFile(BufferFile):  # type: ignore[misc]
    """Whoosh's `BufferFile`, reading its bytes in place instead of from a copy."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        view = buf if isinstance(buf, memoryview) else memoryview(buf)
        self._buf = view
        self._name = name
        self.file = ViewReader(view)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> ViewFile:
        """A part of this file, sharing its bytes."""
        return ViewFile(self._buf[position : position + length], name=name or self._name)


def use_views() -> None:
    """Make Whoosh's compound segments hand out `ViewFile` (idempotent)."""
    compound.BufferFile = ViewFile
