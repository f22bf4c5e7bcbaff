"""Pausing the cyclic garbage collector while a large structure is built.

Building 10,000 notes, or parsing a 4 MB one, allocates hundreds of thousands of objects; the
collector then runs again and again over all of them (a full collection of a large heap holds
the interpreter for a tenth of a second or more, on whatever thread triggers it). None of what
is built holds reference cycles, so nothing is lost by not collecting meanwhile.

Pauses nest and may overlap across threads: the collector resumes once, when the last pause
ends, and only if it ran before the first.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_resume = False
_interval = 0.005
_frozen = False


@contextmanager
def collector_paused(
    *, freeze: bool = False, switch_interval: float | None = None
) -> Iterator[None]:
    """Pause the collector meanwhile. `freeze`: when the last pause ends, move everything
    alive to the permanent generation (`gc.freeze`), so that later collections never walk
    what was built. `switch_interval`: hand the interpreter to a waiting thread this often
    meanwhile (seconds; Python's default is 5 ms), for a worker that must not starve the UI
    thread."""
    global _pauses, _resume, _interval, _frozen
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
            _interval = sys.getswitchinterval()
            _frozen = False
        if switch_interval is not None and switch_interval < sys.getswitchinterval():
            sys.setswitchinterval(switch_interval)
        _frozen = _frozen or freeze
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0:
                if _frozen:
                    gc.freeze()
                sys.setswitchinterval(_interval)
                if _resume:
                    gc.enable()
