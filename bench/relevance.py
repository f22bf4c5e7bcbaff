"""Search relevance: does the note a learner is after come back near the top?

    python -m bench relevance                 # bundled notes and the public collections
    python -m bench relevance --details       # also every missed query and what came back
    python -m bench relevance --json out.json # the numbers as JSON, to compare two runs
    python -m bench.relevance --smoke         # bundled notes, the ten smoke queries

Each collection has a file of held-out queries in bench/relevance/ (written from the notes
before any tuning, as a learner who half-remembers would type them), each with the ids of
the notes that answer it. A query is run with `SearchEngine.search(query, limit=10)`; it is a
hit@k when any expected id is among the first k hits. Reported per collection and per kind of
query: hit@1, hit@3, MRR@10 (1/rank of the first expected hit, 0 past ten) and the
zero-result rate (no hits at all). There are no budgets: this section reports.

The public collections (see bench/relevance/collections.json) are not in the repository: they
are looked for in $KUMONOTE_RELEVANCE_DIR/<name>/ (default ~/.cache/kumonote-relevance/), and a
collection that is not there is skipped with a line that says so.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.table import Row, render

if TYPE_CHECKING:
    from tui.notes import Library

HERE = Path(__file__).resolve().parent / "relevance"
"""The query files and collections.json."""

ENV_DIR = "KUMONOTE_RELEVANCE_DIR"
DEFAULT_DIR = Path("~/.cache/kumonote-relevance")
KINDS = ("phrase", "keywords", "reading", "kana-english", "typo")
LIMIT = 10
SECTION = "relevance"


@dataclass(frozen=True)
class Query:
    """One held-out query and the notes that answer it."""

    text: str
    expected: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Outcome:
    """What one query got: the ids of its hits in order, and the rank of the first expected."""

    query: Query
    got: tuple[str, ...]
    rank: int | None
    """1-based rank of the first expected id among the hits, None when it is not there."""

    def hit(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k


@dataclass(frozen=True)
class Score:
    """Relevance of a group of outcomes."""

    count: int
    hit1: float
    hit3: float
    mrr: float
    zero: float

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Score:
        n = len(outcomes)
        if not n:
            return cls(0, float("nan"), float("nan"), float("nan"), float("nan"))
        return cls(
            n,
            sum(o.hit(1) for o in outcomes) / n,
            sum(o.hit(3) for o in outcomes) / n,
            sum(1 / o.rank for o in outcomes if o.rank is not None) / n,
            sum(not o.got for o in outcomes) / n,
        )

    def text(self) -> str:
        return (
            f"hit@1 {self.hit1:.0%} · hit@3 {self.hit3:.0%} · MRR {self.mrr:.2f} · "
            f"zero {self.zero:.0%}"
        )

    def as_dict(self) -> dict[str, float | int]:
        return {
            "queries": self.count,
            "hit@1": round(self.hit1, 4),
            "hit@3": round(self.hit3, 4),
            "mrr@10": round(self.mrr, 4),
            "zero_rate": round(self.zero, 4),
        }


@dataclass
class Measured:
    """One collection's run."""

    name: str
    notes: int
    outcomes: list[Outcome]
    seconds: float
    load_warnings: int = 0
    unknown: list[str] = field(default_factory=list)
    """Expected ids that are not notes of the library (a stale query file)."""

    def score(self, kind: str | None = None) -> Score:
        return Score.of([o for o in self.outcomes if kind is None or o.query.kind == kind])

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.hit(3)]


@dataclass(frozen=True)
class Collection:
    """A library to search and the file of its queries."""

    name: str
    queries: str
    repository: str = ""
    commit: str = ""


# ----- collections and queries ----------------------------------------------------------------


def relevance_dir() -> Path:
    """Where the public collections are: $KUMONOTE_RELEVANCE_DIR or the default."""
    return Path(os.environ.get(ENV_DIR) or DEFAULT_DIR).expanduser()


def collections() -> list[Collection]:
    """The bundled notes, then the public collections of collections.json."""
    data = json.loads((HERE / "collections.json").read_text(encoding="utf-8"))
    public = [
        Collection(c["name"], c["queries"], c.get("repository", ""), c.get("commit", ""))
        for c in data["collections"]
    ]
    return [Collection("bundled", "bundled.json"), *public]


def load_queries(filename: str) -> list[Query]:
    """A query file: a list of {"query", "expected", "kind"}."""
    items: list[dict[str, Any]] = json.loads((HERE / filename).read_text(encoding="utf-8"))
    queries = [Query(item["query"], tuple(item["expected"]), item["kind"]) for item in items]
    strange = sorted({q.kind for q in queries} - set(KINDS))
    if strange:
        raise ValueError(f"{filename}: unknown kind(s) {', '.join(strange)}")
    return queries


def load_library(collection: Collection) -> Library | None:
    """The collection's notes, or None when a public collection is not on this machine."""
    if collection.name == "bundled":
        from tui.notes import bundled_library

        return bundled_library()
    folder = relevance_dir() / collection.name
    if not folder.is_dir():
        return None
    from tui.notes import load_library as load

    return load(folder)


# ----- measuring ------------------------------------------------------------------------------


def first_rank(expected: Sequence[str], got: Sequence[str]) -> int | None:
    """1-based rank of the first hit that is one of `expected`."""
    wanted = set(expected)
    return next((i for i, note_id in enumerate(got, 1) if note_id in wanted), None)


def measure(name: str, library: Library, queries: Sequence[Query]) -> Measured:
    """Run every query on a fresh index of `library`."""
    from tui.search.engine import SearchEngine

    known = {note.id for note in library}
    unknown = sorted({i for q in queries for i in q.expected if i not in known})
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="kumonote-bench-relevance-") as cache,
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        engine = SearchEngine.open(library, cache_dir=cache)
        try:
            for query in queries:
                result = engine.search(query.text, limit=LIMIT)
                got = tuple(hit.note_id for hit in result.hits[:LIMIT])
                outcomes.append(Outcome(query, got, first_rank(query.expected, got)))
        finally:
            engine.close()
    return Measured(
        name,
        len(library),
        outcomes,
        time.perf_counter() - started,
        len(getattr(library, "warnings", ()) or ()),
        unknown,
    )


def run(
    *, smoke: bool = False, log: Callable[[str], None] | None = None
) -> list[tuple[Collection, Measured | None]]:
    """Measure every collection (smoke: the bundled notes with smoke.json); None = absent."""
    say = log or (lambda text: None)
    chosen = [Collection("bundled", "smoke.json")] if smoke else collections()
    out: list[tuple[Collection, Measured | None]] = []
    for collection in chosen:
        queries = load_queries(collection.queries)
        library = load_library(collection)
        if library is None:
            say(f"relevance: {collection.name} is not in {relevance_dir()}; skipped")
            out.append((collection, None))
            continue
        say(f"relevance: {collection.name}: {len(library)} notes, {len(queries)} queries")
        out.append((collection, measure(collection.name, library, queries)))
    return out


# ----- reporting ------------------------------------------------------------------------------


def rows(results: Sequence[tuple[Collection, Measured | None]]) -> list[Row]:
    """Table rows: per collection its size, the overall score, and the score per kind."""
    out: list[Row] = []
    for collection, measured in results:
        if measured is None:
            out.append(
                Row.skip(
                    SECTION,
                    f"{collection.name}: public collection",
                    f"not found in {relevance_dir() / collection.name} "
                    f"(fetch {collection.repository} at {collection.commit[:10]}; "
                    f"{ENV_DIR} sets the folder)",
                )
            )
            continue
        source = f", {collection.commit[:10]}" if collection.commit else ""
        about = (
            f"{measured.notes} notes{source}, {measured.load_warnings} load warning(s), "
            f"{measured.seconds:.1f} s"
        )
        if measured.unknown:
            about += f", {len(measured.unknown)} expected id(s) not in the library"
        out.append(Row(SECTION, f"{collection.name}: collection", about))
        overall = measured.score()
        out.append(
            Row(SECTION, f"{collection.name}: all ({overall.count} queries)", overall.text())
        )
        for kind in KINDS:
            score = measured.score(kind)
            if score.count:
                out.append(Row(SECTION, f"{collection.name}: {kind} ({score.count})", score.text()))
    return out


def details(results: Sequence[tuple[Collection, Measured | None]]) -> str:
    """Every query that missed the top 3, with the first three ids it got."""
    lines: list[str] = []
    for _, measured in results:
        if measured is None:
            continue
        misses = measured.misses()
        lines.append(
            f"## {measured.name}: {len(misses)} of {len(measured.outcomes)} queries "
            "missed the top 3"
        )
        for o in misses:
            where = f"rank {o.rank}" if o.rank else ("no hits" if not o.got else "not in top 10")
            got = ", ".join(o.got[:3]) or "—"
            lines.append(
                f"- [{o.query.kind}] {o.query.text!r} ({where}); "
                f"expected {', '.join(o.query.expected)}; got {got}"
            )
        for note_id in measured.unknown:
            lines.append(f"- expected id {note_id!r} is not a note of {measured.name}")
    return "\n".join(lines)


def as_json(results: Sequence[tuple[Collection, Measured | None]]) -> dict[str, Any]:
    """The numbers (and every query's outcome) for comparing runs."""
    data: dict[str, Any] = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": sys.version.split()[0],
        "limit": LIMIT,
        "collections": {},
    }
    for collection, measured in results:
        if measured is None:
            data["collections"][collection.name] = {"skipped": "not found"}
            continue
        data["collections"][collection.name] = {
            "repository": collection.repository,
            "commit": collection.commit,
            "queries_file": collection.queries,
            "notes": measured.notes,
            "load_warnings": measured.load_warnings,
            "unknown_expected": measured.unknown,
            "all": measured.score().as_dict(),
            "kinds": {k: measured.score(k).as_dict() for k in KINDS if measured.score(k).count},
            "outcomes": [
                {
                    "query": o.query.text,
                    "kind": o.query.kind,
                    "expected": list(o.query.expected),
                    "rank": o.rank,
                    "top3": list(o.got[:3]),
                    "hits": len(o.got),
                }
                for o in measured.outcomes
            ],
        }
    return data


def write_json(results: Sequence[tuple[Collection, Measured | None]], path: Path) -> None:
    """`as_json` into `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(as_json(results), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def section(
    *,
    smoke: bool,
    show_details: bool,
    json_path: Path | None,
    log: Callable[[str], None] | None = None,
) -> list[Row]:
    """The rows for `python -m bench` (details on stdout, JSON written when asked)."""
    results = run(smoke=smoke, log=log)
    if show_details:
        print(details(results), flush=True)
    if json_path is not None:
        write_json(results, json_path)
    return rows(results)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--smoke", action="store_true", help="bundled notes only, the queries of smoke.json"
    )
    parser.add_argument(
        "--details",
        action="store_true",
        help="print every query that missed the top 3 and what it got",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    def log(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr, flush=True)

    table = section(smoke=args.smoke, show_details=args.details, json_path=args.json, log=log)
    print(render(table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
