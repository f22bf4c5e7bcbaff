"""The content sources shown, for the browser and the command line alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tui.docsets.sources import source_for, with_docsets
from tui.notes.sources import Source
from tui.state.config import Config, chosen_sources


def shown_sources(
    content: Path | Sequence[Source | Path] | None, config: Config | None = None
) -> tuple[tuple[Source, ...], bool]:
    """The sources to show, and whether they were named (`--content`) rather than configured.

    Named: those folders or files (a built docset is a reference) or sources. Configured:
    the config file's, then every built docset unless `docsets = false`.
    """
    given = (content,) if isinstance(content, Path) else content
    named_sources = (
        None if given is None else [source_for(s) if isinstance(s, Path) else s for s in given]
    )
    sources, named = chosen_sources(named_sources, config)
    if not named and (config is None or config.docsets):
        sources = with_docsets(sources)
    return sources, named
