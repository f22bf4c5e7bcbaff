"""Memory: peak RSS (VmHWM) of kumonote after its first screen and after a search.

Read from /proc/<pid>/status of the process running in tmux, against the minimal Textual app
measured in the same run. kumonote runs on a warm index; the search types a query into the bar
and waits for its results, so the peak includes the index being opened and searched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import minimal_app
from bench.keys import KeyLost, browser, focus_search, settle_key, shows_count
from bench.startup import Workspace, launch, minimal_argv
from bench.table import Row, median, mib, ratio
from bench.tmux import Terminal

SECTION = "memory"
BUDGET = 1.5
QUERY = "暗号"


def search(term: Terminal, query: str = QUERY, attempts: int = 3) -> None:
    """Type `query` into the search bar and wait for its results.

    If the typing is lost (the focus moved while kumonote was still busy starting), the bar is
    focused again and the query typed again.
    """
    for attempt in range(attempts):
        focus_search(term)
        sent = time.perf_counter()
        term.send_text(query)
        try:
            settle_key(term, query, sent)
        except KeyLost:
            if attempt == attempts - 1:
                raise
            continue
        if not shows_count(term.screen()):
            raise RuntimeError("the search showed no result count")
        return


def kumonote_peaks(space: Workspace, content: Path | None) -> tuple[int, int]:
    """(VmHWM after the first screen, VmHWM after a search), KiB."""
    with browser(space, content) as (term, _):
        first = term.peak_rss_kib()
        search(term)
        return first, term.peak_rss_kib()


def run(
    space: Workspace,
    corpora: Sequence[tuple[str, Path | None]],
    *,
    runs: int,
    log: Callable[[str], None],
) -> list[Row]:
    """Peak RSS of kumonote on each corpus and of the minimal app, interleaved."""
    baseline: list[int] = []
    first: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    launch(minimal_argv(), minimal_app.ready, space.env())  # warm-up: bytecode, page cache
    for _, content in corpora:
        kumonote_peaks(space, content)
    for round_ in range(runs):
        baseline.append(launch(minimal_argv(), minimal_app.ready, space.env()).rss_kib)
        for name, content in corpora:
            at_first, at_search = kumonote_peaks(space, content)
            first.setdefault(name, []).append(at_first)
            after.setdefault(name, []).append(at_search)
        log(
            f"memory: round {round_ + 1}/{runs}: minimal {mib(baseline[-1])}, "
            + ", ".join(f"{n} {mib(first[n][-1])} → {mib(after[n][-1])}" for n, _ in corpora)
        )
    base = median(baseline)
    rows = [Row(SECTION, "minimal app: peak RSS at first screen", mib(base))]
    for name, _ in corpora:
        f, a = median(first[name]), median(after[name])  # KiB
        rows.append(
            Row(
                SECTION,
                f"{name}: kumonote peak RSS at first screen / after a search",
                f"{mib(f)} / {mib(a)}",
            )
        )
        if name == "bundled":
            rows.append(
                Row.check(
                    SECTION,
                    "bundled: first screen / minimal app",
                    ratio(f / base),
                    f"≤ {BUDGET}×",
                    f / base <= BUDGET,
                )
            )
            rows.append(Row(SECTION, "bundled: after a search / minimal app", ratio(a / base)))
        else:
            rows.append(
                Row(
                    SECTION,
                    f"{name}: first screen / after a search ÷ minimal app",
                    f"{ratio(f / base)} / {ratio(a / base)}",
                )
            )
    return rows
