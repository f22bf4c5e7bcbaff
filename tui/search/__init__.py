"""Full-text search over the notes (plain Python, no UI code).

Importing this package is cheap: Whoosh, SudachiPy and rapidfuzz are imported only by the
modules that need them, which the app loads in a worker. The pieces:

* `analysis` – folding (NFKC per character with offsets, case, kana, long vowels) and
  tokens (Latin words, CJK bigrams);
* `romaji` – romaji → kana for input that really is romaji;
* `readings` – kana readings of kanji with SudachiPy, at index time only;
* `query` – user input → clauses and alternatives (never Whoosh's query parser);
* `highlight` – match spans in any text, in original offsets;
* `titles` – a title/alias matcher usable before the index exists;
* `documents`, `indexing`, `storage` – what is indexed, the Whoosh schema and writer, and
  the on-disk cache (build aside then swap, fallbacks);
* `engine` – `SearchEngine`, `SearchResult`, `Hit`;
* `report` – human and JSON output for ``kumonote search``.

``from tui.search import SearchEngine`` works too, loading the engine on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Hit", "SearchEngine", "SearchResult", "TitleMatcher"]


def __getattr__(name: str) -> Any:
    if name == "SearchEngine":
        from tui.search.engine import SearchEngine

        return SearchEngine
    if name in ("Hit", "SearchResult"):
        from tui.search import results

        return getattr(results, name)
    if name == "TitleMatcher":
        from tui.search.titles import TitleMatcher

        return TitleMatcher
    raise AttributeError(f"module 'tui.search' has no attribute {name!r}")
