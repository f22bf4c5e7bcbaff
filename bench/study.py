"""Study mode at the library level: opening the deck, listing due cards, rating one card.

    python -m bench.study             # bundled notes, and 10,000 notes made from them
    python -m bench.study --smoke     # bundled notes only

A rating is one keystroke of the review, so it has the browsing budget (p95 ≤ 50 ms), commit
to disk included. Each library gets a fresh review store in a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.table import Row, median, ms, percentile, render
from tui.notes import Library, bundled_library
from tui.notes.model import Category
from tui.study import Deck, Rating

KEY_BUDGET = 0.050
"""p95 of one review keystroke (the browsing budget)."""


def replicated(library: Library, count: int) -> Library:
    """`count` notes made by repeating `library`'s notes under new ids (bodies read now)."""
    notes = list(library)
    copies = [
        dataclasses.replace(
            notes[n % len(notes)],
            id=f"{notes[n % len(notes)].id}-{n}",
            body=notes[n % len(notes)].body,
            sections=notes[n % len(notes)].sections,
            path=notes[n % len(notes)].path,
        )
        for n in range(count)
    ]
    return Library(root=library.root, categories=[Category("copies", "copies", notes=copies)])


def _timed(action: Callable[[], object], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def _measure(name: str, library: Library, rounds: int) -> list[Row]:
    """The rows of one library, measured over a review store of its own."""
    with tempfile.TemporaryDirectory(prefix="kumonote-bench-study-") as folder:
        path = Path(folder) / "study.sqlite3"
        start = time.perf_counter()
        deck = Deck.open(library, path)
        first = time.perf_counter() - start
        with deck:
            again = _timed(lambda: Deck.open(library, path).close(), max(3, rounds // 5))
            due = _timed(deck.due, rounds)
            some = [library.notes[0].id]
            due_one = _timed(lambda: deck.due(some), rounds)
            count = min(rounds * 2, 60, len(deck.cards))
            cards = iter(deck.cards[:count])
            rates = _timed(lambda: deck.rate(next(cards), Rating.GOOD), count)
        made = len(deck.cards)
    label = f"{name} ({len(library)} notes, {made} cards)"
    p95 = percentile(rates, 0.95)
    return [
        Row("study", f"{label}: first open (cards made, store created)", ms(first)),
        Row("study", f"{label}: open again, median", ms(median(again))),
        Row("study", f"{label}: due cards of all notes, median", ms(median(due))),
        Row("study", f"{label}: due cards of one note, median", ms(median(due_one))),
        Row("study", f"{label}: rate one card (committed), median", ms(median(rates))),
        Row.check(
            "study",
            f"{label}: rate one card (committed), p95",
            ms(p95),
            f"≤ {ms(KEY_BUDGET)}",
            p95 <= KEY_BUDGET,
        ),
    ]


def run(libraries: Sequence[tuple[str, Library]], rounds: int = 30) -> list[Row]:
    """Rows for each library: deck open (first and again), due cards, one rating."""
    return [row for name, library in libraries for row in _measure(name, library, rounds)]


def main(argv: Sequence[str] | None = None) -> None:
    """Print the study rows as a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--smoke", action="store_true", help="bundled notes only")
    args = parser.parse_args(argv)
    bundled = bundled_library()
    libraries = [("bundled", bundled)]
    if not args.smoke:
        libraries.append(("10k", replicated(bundled, 10_000)))
    print(render(run(libraries, rounds=10 if args.smoke else 30)))


if __name__ == "__main__":
    main()
