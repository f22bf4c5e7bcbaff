"""Waiting for events, never for a fixed time: what every test that waits shares.

A test waits for what it can observe (a message handled, a worker done, a file written, a
process gone), checked again and again until it holds. The deadline only turns a wait that
would never end into a failure that says what never happened; nothing here asserts that
anything is fast (timings belong to `bench/`).

`tests/` is on the import path (`pythonpath` in pyproject.toml), so any test imports this as
`waiting`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.pilot import Pilot

T = TypeVar("T")

DEADLINE = 60.0
"""Seconds before a wait gives up: far beyond what any event takes on a loaded CI machine."""

POLL = 0.01
"""Seconds between two looks at something outside this process (a file, a child process)."""


class NeverHappened(AssertionError):
    """What a test waited for did not happen before the deadline."""


def poll_until(
    check: Callable[[], T | None], what: str, *, timeout: float = DEADLINE, interval: float = POLL
) -> T:
    """Call `check` until it returns something true, and return that.

    For effects outside the test's event loop: files, locks, other processes, threads. Raises
    `NeverHappened` naming `what` after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise NeverHappened(f"{what}: not so after {timeout:g} s")
        time.sleep(interval)  # not a wait for the event: the interval between two looks at it


async def wait_until(
    pilot: Pilot[Any],
    check: Callable[[], T | None],
    what: str = "the condition",
    *,
    timeout: float = DEADLINE,
) -> T:
    """Let the app process what is pending until `check()` returns something true; return it.

    Each round is `pilot.pause()` without a delay: every widget of the screen handles the
    messages already posted, then the event loop runs until the process is idle (workers
    and timers get their turn). Raises `NeverHappened` naming `what` after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise NeverHappened(f"{what}: not so after {timeout:g} s")
        await pilot.pause()
