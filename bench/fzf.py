"""A reference line for raw filtering speed: `fzf --filter` over the same titles and bodies.

Each note becomes one line (title, aliases and body, newlines folded to spaces) in a temporary
file; every query is run through `fzf --filter` as a separate process, as a user's shell would.
The times include fzf's own start-up, which is measured too (an empty input) so the reader can
subtract it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.table import Row, median, ms, percentile
from tui.notes import Library

SECTION = "fzf"


def available() -> bool:
    """Is fzf installed?"""
    return shutil.which("fzf") is not None


def lines(library: Library) -> Iterable[str]:
    """One line per note: what kumonote searches (title, aliases, body)."""
    for note in library:
        text = " ".join([note.title, *note.aliases, note.body])
        yield " ".join(text.split())


def time_filter(source: Path, query: str) -> float:
    """Seconds for one `fzf --filter QUERY < source` (the matches are discarded)."""
    with open(source, "rb") as stdin:
        started = time.perf_counter()
        subprocess.run(
            ["fzf", "--filter", query],
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=120,
        )
        return time.perf_counter() - started


def run(corpora: Sequence[tuple[str, Library]], queries: Sequence[str], *, runs: int) -> list[Row]:
    """p50 / p95 of `fzf --filter` over each corpus, all queries, `runs` times each."""
    if not available():
        return [Row.skip(SECTION, "fzf --filter", "fzf is not installed")]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="kumonote-bench-fzf-") as tmp:
        empty = Path(tmp) / "empty.txt"
        empty.write_text("")
        start = [time_filter(empty, "x") for _ in range(max(5, runs))]
        rows.append(Row(SECTION, "fzf start-up (empty input), p50", ms(median(start))))
        for name, library in corpora:
            source = Path(tmp) / f"{name}.txt"
            text = "\n".join(lines(library)) + "\n"
            source.write_text(text, encoding="utf-8")
            size = len(text.encode())
            times = [time_filter(source, q) for _ in range(runs) for q in queries]
            rows.append(
                Row(
                    SECTION,
                    f"{name}: fzf --filter, p50 / p95 ({len(library)} notes, {megabytes(size)}, "
                    f"{len(queries)} queries × {runs})",
                    f"{ms(median(times))} / {ms(percentile(times, 0.95))}",
                )
            )
    return rows


def megabytes(size: int) -> str:
    """A byte count for the table (kB below one megabyte)."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
