"""The docsets that are built, as content sources beside the notes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.docsets.model import SOURCE
from tui.docsets.store import list_docsets, read_manifest
from tui.i18n import _
from tui.notes.sources import Source


def _label(name: str) -> str:
    return _("AWS API reference") if name == SOURCE else name


def docset_sources(root: Path | str | None = None) -> list[Source]:
    """A source per built docset (with a readable manifest), named after it (`aws`)."""
    return [
        Source(info.path, info.name, reference=True, label=_label(info.name))
        for info in list_docsets(root)
        if info.manifest is not None
    ]


def with_docsets(sources: Sequence[Source], *, enabled: bool = True) -> tuple[Source, ...]:
    """`sources`, then every built docset not among them already."""
    if not enabled:
        return tuple(sources)
    paths = {source.path for source in sources}
    return (*sources, *(s for s in docset_sources() if s.path not in paths))


def source_for(path: Path) -> Source:
    """The source of a folder named with `--content`: a reference when it is a built docset."""
    if read_manifest(path.expanduser()) is None:
        return Source(path)
    name = path.expanduser().name
    return Source(path, name, reference=True, label=_label(name))
