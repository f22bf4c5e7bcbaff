"""The app with the whole AWS API reference beside the bundled notes (`docs add aws --all`).

Its budgets: the first screen stays ≤ 1.3 × a bare Textual app (the reference
joins after it), and a keystroke's p95 stays ≤ 100 ms with every page in the index. The
reference is built once into the workspace and indexed once (a warm cache, as a user has
after the first start); each launch gets fresh state with the reference linked into its data
folder. Needs botocore; not in the smoke run.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from bench import minimal_app
from bench.keys import INDEXING, QUERIES, clear_search, focus_search, measure, status_text
from bench.startup import Workspace, kumonote_argv, kumonote_ready, launch, minimal_argv
from bench.table import Row, median, ms, percentile, ratio
from bench.tmux import Terminal

SECTION = "reference"
FIRST_SCREEN_BUDGET = 1.3
KEY_BUDGET_MS = 100.0
PROBE = "NextToken"
"""A word in the bodies of the reference's pages and in no title: until the whole reference is
in the open index, the app finds it nowhere (its title search finds none); then 100+ pages."""


def _env(space: Workspace, docsets: Path, cache: Path) -> dict[str, str]:
    env = space.env(cache)
    data = Path(env["KUMONOTE_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    (data / "docsets").symlink_to(docsets, target_is_directory=True)
    return env


def prepare(space: Workspace, log: Callable[[str], None]) -> tuple[Path, Path, float, float]:
    """Build the full reference and its index: (docsets folder, warm cache, build s, index s)."""
    from tui.docsets.build import build_aws

    docsets = space.root / "reference" / "docsets"
    cache = space.root / "reference" / "cache"
    log("reference: building every service's pages (kumonote docs add aws --all)")
    started = time.perf_counter()
    build_aws(every=True, root=docsets)
    built = time.perf_counter() - started
    log("reference: indexing the bundled notes and the reference (kumonote index)")
    started = time.perf_counter()
    subprocess.run(
        [*kumonote_argv(), "index"],
        env=_env(space, docsets, cache),
        capture_output=True,
        check=True,
        timeout=3600,
    )
    return docsets, cache, built, time.perf_counter() - started


def searchable(term: Terminal, log: Callable[[str], None]) -> None:
    """Wait until the reference has joined and the index holding it is open.

    The reference loads and its index opens after the first screen, in the background, and
    nothing on screen moves meanwhile: keys timed then would measure the loading as well (the
    budget is for keys with the reference loaded). The probe's result count tells.
    """
    focus_search(term)
    term.send_text(PROBE)
    started = time.perf_counter()
    term.wait_for(lambda s: f"{PROBE}" in status_text(s) and "100+" in status_text(s), timeout=600)
    log(f"reference: searchable {time.perf_counter() - started:.1f} s after the probe")
    clear_search(term)


def run(space: Workspace, *, rounds: int, passes: int, log: Callable[[str], None]) -> list[Row]:
    """First screen against the bare app, round by round, and keystrokes, with the reference."""
    docsets, cache, built, indexed = prepare(space, log)
    rows = [
        Row(
            SECTION,
            "`docs add aws --all`, then `kumonote index` (once)",
            f"{built:.0f} s / {indexed:.0f} s",
        )
    ]
    ready = kumonote_ready(None)
    ratios, bare, ours = [], [], []
    for number in range(rounds):
        base = launch(minimal_argv(), minimal_app.ready, space.env()).seconds
        mine = launch(kumonote_argv(), ready, _env(space, docsets, cache), timeout=300).seconds
        log(f"reference: round {number + 1}/{rounds}: bare {ms(base)}, kumonote {ms(mine)}")
        bare.append(base)
        ours.append(mine)
        ratios.append(mine / base)
    value = median(ratios)
    rows.append(
        Row.check(
            SECTION,
            f"first screen with the full reference / bare app (median of {rounds} rounds)",
            f"{ratio(value)} ({ms(median(ours))} / {ms(median(bare))})",
            f"≤ {FIRST_SCREEN_BUDGET}×",
            value <= FIRST_SCREEN_BUDGET,
        )
    )
    with Terminal(kumonote_argv(), env=_env(space, docsets, cache)) as term:
        term.launch()
        term.wait_for(ready, timeout=300)
        term.wait_stable(1.0, timeout=600, check=lambda s: INDEXING not in status_text(s))
        searchable(term, log)
        times = measure(term, QUERIES, passes, log)
    values = times.all
    p95 = percentile(values, 0.95)
    rows.append(
        Row.check(
            SECTION,
            f"key → tree and note with the full reference, p50 / p95 ({len(values)} keys)",
            f"{ms(median(values))} / {ms(p95)}",
            f"p95 ≤ {KEY_BUDGET_MS:.0f} ms",
            p95 * 1000 <= KEY_BUDGET_MS,
        )
    )
    return rows
