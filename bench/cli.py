"""Whole-process `kumonote search`: a fresh process per query, warm caches, side by side.

`kumonote search QUERY` is what a shell or an editor runs: its time is the interpreter's start,
kumonote's imports, loading the notes (from the metadata cache), opening the index and the
search. It is launched on the bundled notes and on the 10,000 generated ones in turn, round
after round (the order rotating, the query changing each round and the same for both), so a
noisy machine slows both sides of each ratio alike. Warm: the index is built and the notes'
cache written before the first timed launch; one untimed launch of each comes first.
"""

from __future__ import annotations

import resource
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.startup import Workspace, kumonote_argv
from bench.table import Row, median, ms, ratio

SECTION = "cli"
QUERIES = ("暗号", "kms", "sagemaker", "angou")
LARGE_BUDGET = 1.8
"""`kumonote search` on 10,000 notes, at most this many times the same on the bundled notes."""


@dataclass(frozen=True)
class Run:
    """One process: wall seconds, CPU seconds (user + system, its children included)."""

    seconds: float
    cpu: float


def search_once(space: Workspace, content: Path | None, query: str) -> Run:
    """Run `kumonote search QUERY` once, to completion."""
    argv = [*kumonote_argv(content), "search", query]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        argv, env=space.env(), capture_output=True, text=True, timeout=600, check=False
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"`kumonote search` failed: {result.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu)


@dataclass
class Runs:
    """Every run of every corpus, by name."""

    by_name: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, name: str, run: Run) -> None:
        self.by_name.setdefault(name, []).append(run)


def run(
    space: Workspace,
    corpora: Sequence[tuple[str, Path | None]],
    *,
    runs: int,
    log: Callable[[str], None],
) -> list[Row]:
    """`kumonote search` on each corpus (name, folder or None for the bundled notes)."""
    for name, content in corpora:
        log(f"cli: {name}: building the index, warming up")
        space.index(content)
        search_once(space, content, QUERIES[0])  # writes the notes' cache, compiles bytecode
    names = [name for name, _ in corpora]
    folders = dict(corpora)
    result = Runs()
    for round_ in range(runs):
        query = QUERIES[round_ % len(QUERIES)]
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            result.add(name, search_once(space, folders[name], query))
        log(
            f"cli: round {round_ + 1}/{runs} ({query}): "
            + ", ".join(
                f"{n} {ms(result.by_name[n][-1].seconds)} (CPU {ms(result.by_name[n][-1].cpu)})"
                for n in order
            )
        )
    return rows(result, runs)


def rows(result: Runs, runs: int) -> list[Row]:
    """Medians per corpus, and the 10k / bundled ratio (median of the per-round ratios)."""
    out = []
    for name, values in result.by_name.items():
        wall = median([r.seconds for r in values])
        cpu = median([r.cpu for r in values])
        out.append(
            Row(
                SECTION,
                f"{name}: `kumonote search`, whole process, warm (median of {runs}; CPU)",
                f"{ms(wall)} ({ms(cpu)})",
            )
        )
    if "10k" in result.by_name and "bundled" in result.by_name:
        large, small = result.by_name["10k"], result.by_name["bundled"]
        per_round = [a.seconds / b.seconds for a, b in zip(large, small, strict=True)]
        per_cpu = [a.cpu / b.cpu for a, b in zip(large, small, strict=True)]
        value = median(per_round)
        shown = f"{ratio(value)} (CPU {ratio(median(per_cpu))})"
        out.append(
            Row.check(
                SECTION,
                f"10k / bundled: `kumonote search` (median of {len(per_round)} rounds)",
                shown,
                f"≤ {LARGE_BUDGET}×",
                value <= LARGE_BUDGET,
            )
        )
    else:
        out.append(Row.skip(SECTION, "10k / bundled: `kumonote search`", "not in the smoke run"))
    return out
