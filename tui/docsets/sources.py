"""The docsets that are built, as content sources beside the notes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.docsets.model import SOURCE
from tui.docsets.store import list_docsets
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
