"""Full-text search over the notes (plain Python, no UI code).

Importing this package is cheap: Whoosh, SudachiPy and rapidfuzz are imported only by the
modules that need them, which the app loads in a worker. The pieces:

* `analysis` – folding (NFKC per character with offsets, case, kana, long vowels) and
  tokens (Latin words, CJK bigrams, kanji unigrams);
* `romaji` – romaji → kana for input that really is romaji;
* `readings` – kana readings of kanji with SudachiPy, at index time only;
* `query` – user input → clauses and alternatives (never Whoosh's query parser);
* `highlight` – match spans in any text, in original offsets;
* `titles` – a title/alias matcher usable before the index exists;
* `documents` – what is indexed for a note; `indexing` – the Whoosh schema, codec and fast
  segment writer; `worker` – large builds split over helper processes;
* `storage` – the on-disk cache (build aside then swap, damage, locks, fallbacks);
* `retrieval` – AND/OR and BM25 over Whoosh posting lists;
* `lexicon` – what queries may ask the index: vocabulary, typo corrections ("did you
  mean"), kanji by reading, display forms;
* `ranking` – field boosts, clause order, and the check that a note really holds each word;
* `engine` – `SearchEngine` (open, update, search, warm up), `SearchResult`, `Hit`;
* `report` – human and JSON output for ``kumonote search``.

Whoosh (whoosh-reloaded 2.7.5) keeps the inverted index. What it gets wrong here, and the
way around each (details in the modules named):

* its query parser raises on ``NOT OR "``, ``"~`` and ``sagemaker~1/20``, spends 15 s on
  ``sagemaker~9`` and matches nearly everything for ``NOT sagemaker``: user input is never
  parsed by Whoosh, queries are built from text (`query`);
* ``FuzzyTerm`` is plain Levenshtein (``sagemkaer`` is two edits from ``sagemaker``), slow,
  and noise on CJK bigrams: typos go through rapidfuzz's optimal string alignment over the
  index vocabulary (`lexicon`);
* its highlighter marks wrong characters with overlapping bigrams: spans are computed on
  folded text mapped back to original offsets (`highlight`);
* its writer costs ~10 µs per posting (per-posting pool, per-posting length lookups,
  pickled position lists): a bulk writer fills the codec's blocks directly and postings
  carry weights only (`indexing`); phrases are checked on the note text instead;
* its matchers walk documents one at a time and ``Or`` over more than two terms on a large
  index recurses on every step (2.4 s for a one-kana prefix on 10,000 notes): retrieval
  reads whole posting lists (`retrieval`);
* an inline limit above 1 calls a misspelled method, and inlined postings without values
  break segment merges: a codec subclass fixes both (`indexing`);
* the write lock makes a second writer fail, and writers of one index (or RAM indexes of
  the default name) share and delete each other's temporary files: builds go aside,
  temporary folders are private, RAM indexes get unique names, a busy lock falls back to a
  private index (`storage`, `worker`);
* nothing checks files, and a damaged term dictionary mostly still decodes (then searches
  miss notes): every index file has a recorded CRC-32, checked on open, and damage found
  on open or during a search means a rebuild (`storage`, `engine`).

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
