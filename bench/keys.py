"""Keystroke to screen: type a query one character at a time, time each key to the new screen.

kumonote runs in tmux on a warm index. For each query, one untimed pass types it slowly and
records the settled screen after every key (search bar, status count, filtered tree and note).
Timed passes then clear the search, type the same keys, and stop each clock at the first capture
equal to the recorded screen for that prefix: the tree and the note are both up to date then,
and no guess about "changed enough" is needed. A key whose screen never matches (a toast
came or went, or the search ranked ties differently) is timed to the last change before its
screen settled, and counted.

The driver's own floor (a key echoed by `cat`) is measured alongside.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.startup import Workspace, kumonote_argv, kumonote_ready
from bench.table import Row, median, ms, percentile
from bench.tmux import ScreenTimeout, Terminal

SECTION = "keys"
QUERIES = ("暗号", "kms", "sagemaker", "angou")
BUDGETS_MS = {"bundled": 50.0, "10k": 100.0}
POLL = 0.002
"""Seconds between captures while a key is being timed."""
PLACEHOLDER = "to search"
"""Part of the search bar's placeholder: shown while the bar is empty (the benchmark runs
kumonote in English, `KUMONOTE_LANG=en`: see `Workspace.env`)."""
SEARCH_BINDING = "Clear search"
"""In the footer while the search bar has the focus."""
STATUS_ROWS = 3
"""The search bar and its status line are the top three rows of the screen."""


LOST_AFTER = 15.0
"""Seconds after which a search bar that still shows its placeholder has lost the key."""


class KeyLost(ScreenTimeout):
    """What was typed never reached the search bar (the focus was elsewhere)."""


def status_text(screen: str) -> str:
    """The search row (search bar and status), where the result count is shown."""
    return "\n".join(screen.split("\n")[:STATUS_ROWS])


def shows_count(screen: str) -> bool:
    """Does the status line show a result count ("3 notes", "1 note", "100+ notes")?"""
    return _COUNT.search(status_text(screen)) is not None


_COUNT = re.compile(r"\d\+? notes?\b")
INDEXING = "indexing"
"""In the status line while the index is being built."""


@contextmanager
def browser(
    space: Workspace, content: Path | None, *, timeout: float = 300.0
) -> Iterator[tuple[Terminal, float]]:
    """kumonote on `content` with a warm index, at its settled first screen.

    Yields the terminal and the seconds from launch to the first full screen.
    """
    space.index(content)
    ready = kumonote_ready(content)
    with Terminal(kumonote_argv(content), env=space.env()) as term:
        started = term.launch()
        seen, _ = term.wait_for(ready, timeout=timeout)
        # the index opens in the background: wait until nothing moves any more
        term.wait_stable(0.6, timeout=timeout, check=lambda s: INDEXING not in status_text(s))
        yield term, seen - started


def footer(screen: str) -> str:
    """The bottom row: the key bindings of the focused widget."""
    return screen.rstrip("\n").split("\n")[-1]


def bar_focused(screen: str) -> bool:
    """Does the search bar have the focus? (Only then does the footer offer to clear it.)"""
    return SEARCH_BINDING in footer(screen)


def focus_search(term: Terminal) -> None:
    """Put the cursor in an empty search bar with `/`, from wherever the focus is.

    Escape first: if the bar already has the focus, `/` would be typed into it (Escape in the
    bar clears it and focuses the tree; elsewhere on an unfiltered tree it does nothing). The
    footer shows which widget has the focus, so each step waits for it rather than for time.
    """
    term.send_key("Escape")
    # longer than Textual's ESCDELAY (0.1 s), or Escape and `/` could be read as alt+/
    term.wait_stable(0.3, timeout=60, check=lambda s: not shows_count(s) and not bar_focused(s))
    term.send_text("/")
    _, screen = term.wait_stable(0.1, timeout=60, check=bar_focused)
    if PLACEHOLDER not in status_text(screen):
        raise RuntimeError(f"`/` did not leave an empty search bar; screen:\n{screen}")


def clear_search(term: Terminal) -> None:
    """Escape clears the search; then `/` focuses the bar again."""
    focus_search(term)


def settle_key(
    term: Terminal, prefix: str, sent: float, timeout: float = 120.0
) -> tuple[float, str]:
    """Wait until the screen for `prefix` has settled; (seconds to the last change, screen).

    Settled means: the search row shows `prefix` and a result count, and nothing has changed for
    0.3 s or for three times as long as the key took so far, whichever is longer, so that a slow
    search is not mistaken for its end.
    """
    last = term.screen()
    changed = sent
    while True:
        time.sleep(0.005)
        screen = term.screen()
        now = time.perf_counter()
        if screen != last:
            last, changed = screen, now
            continue
        quiet = max(0.3, 3 * (changed - sent))
        if now - changed >= quiet and prefix in status_text(screen) and shows_count(screen):
            return changed - sent, screen
        if now - sent > LOST_AFTER and PLACEHOLDER in status_text(screen):
            raise KeyLost(f"{prefix!r} never reached the search bar; screen:\n{screen}")
        if now - sent > timeout:
            raise ScreenTimeout(f"no settled screen for {prefix!r}; last screen:\n{screen}")


def time_key(term: Terminal, key: str, expected: str, prefix: str) -> tuple[float, bool]:
    """Send one key; seconds until the screen equals `expected`, and whether it did."""
    last = term.screen()
    sent = time.perf_counter()
    term.send_text(key)
    changed = sent
    while True:
        screen = term.screen()
        now = time.perf_counter()
        if screen == expected:
            return now - sent, True
        if screen != last:
            last, changed = screen, now
        elif now - changed > 1.0 and prefix in status_text(screen) and shows_count(screen):
            return changed - sent, False
        if now - sent > 60:
            raise ScreenTimeout(f"no screen for {prefix!r} within 60 s; last screen:\n{screen}")
        time.sleep(POLL)


@dataclass
class KeyTimes:
    """Per-key latencies (seconds) for one corpus, by query."""

    by_query: dict[str, list[float]] = field(default_factory=dict)
    unmatched: int = 0

    @property
    def all(self) -> list[float]:
        """Every latency."""
        return [v for values in self.by_query.values() for v in values]


def measure(
    term: Terminal, queries: Sequence[str], passes: int, log: Callable[[str], None]
) -> KeyTimes:
    """Calibrate each query once, then time `passes` passes of it."""
    times = KeyTimes()
    focus_search(term)
    for query in queries:
        expected: list[str] = []
        for i, key in enumerate(query):
            sent = time.perf_counter()
            term.send_text(key)
            _, screen = settle_key(term, query[: i + 1], sent)
            expected.append(screen)
        clear_search(term)
        for _ in range(passes):
            for i, key in enumerate(query):
                latency, matched = time_key(term, key, expected[i], query[: i + 1])
                times.by_query.setdefault(query, []).append(latency)
                if not matched:
                    times.unmatched += 1
                    _, expected[i] = settle_key(term, query[: i + 1], time.perf_counter())
            clear_search(term)
        values = times.by_query[query]
        log(f"keys: {query!r}: p50 {ms(median(values))}, p95 {ms(percentile(values, 0.95))}")
    return times


def floor(samples: int = 20) -> list[float]:
    """The driver's own key-to-screen time: a character echoed by `cat`."""
    out: list[float] = []
    with Terminal(["cat"]) as term:
        term.launch()
        time.sleep(0.1)
        for _ in range(samples):
            typed = term.screen().count("x")

            def echoed(screen: str, before: int = typed) -> bool:
                return screen.count("x") > before

            sent = time.perf_counter()
            term.send_text("x")
            seen, _ = term.wait_for(echoed, timeout=5, interval=POLL)
            out.append(seen - sent)
    return out


def run(
    space: Workspace,
    corpora: Sequence[tuple[str, Path | None]],
    *,
    passes: int,
    log: Callable[[str], None],
) -> list[Row]:
    """Keystroke-to-screen p50/p95 on each corpus (name, content folder or None for bundled)."""
    base = floor()
    rows = [
        Row(
            SECTION,
            "driver floor: key echoed by `cat` (p50 / p95)",
            f"{ms(median(base))} / {ms(percentile(base, 0.95))}",
        )
    ]
    for name, content in corpora:
        with browser(space, content) as (term, first_screen):
            times = measure(term, QUERIES, passes, log)
        if name != "bundled":  # start-up on the bundled notes has its own section
            rows.append(
                Row(SECTION, f"{name}: first screen, warm index (one launch)", ms(first_screen))
            )
        values = times.all
        p50, p95 = median(values), percentile(values, 0.95)
        label = f"{name}: key → tree and note, p50 / p95 ({len(values)} keys)"
        if times.unmatched:
            label += f", {times.unmatched} by settle time"
        value = f"{ms(p50)} / {ms(p95)}"
        budget = BUDGETS_MS.get(name)
        if budget is None:
            rows.append(Row(SECTION, label, value))
        else:
            rows.append(
                Row.check(SECTION, label, value, f"p95 ≤ {budget:.0f} ms", p95 * 1000 <= budget)
            )
    return rows
