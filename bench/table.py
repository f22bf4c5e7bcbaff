"""Rows of benchmark results, and the one table `python -m bench` prints.

Every section returns `Row`s. A row with a budget says PASS or FAIL; a row without one is a
measurement for the reader (a reference line, a size, a count). A section that could not run
(no tmux, no network for frogmouth…) returns a SKIP row that says why.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Status = Literal["PASS", "FAIL", "SKIP", "ERROR", ""]


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    section: str
    name: str
    value: str
    budget: str = ""
    status: Status = ""

    @classmethod
    def check(cls, section: str, name: str, value: str, budget: str, ok: bool) -> Row:
        """A row measured against a budget."""
        return cls(section, name, value, budget, "PASS" if ok else "FAIL")

    @classmethod
    def skip(cls, section: str, name: str, reason: str) -> Row:
        """A measurement that could not be taken here, and why."""
        return cls(section, name, reason, "", "SKIP")


def median(values: Sequence[float]) -> float:
    """The median (NaN for no values, so a broken run shows instead of crashing the table)."""
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `fraction` of values at or below.

    Nearest rank never invents a value between two samples, and with few samples p95 is the
    largest one, which is the honest answer.
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil without importing math
    return ordered[int(rank) - 1]


def ms(seconds: float) -> str:
    """Seconds as milliseconds for the table."""
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def mib(kib: float) -> str:
    """KiB (as /proc reports it) as MiB for the table."""
    return f"{kib / 1024:.1f} MiB"


def ratio(value: float) -> str:
    """A ratio for the table."""
    return f"{value:.2f}×"


def render(rows: Iterable[Row]) -> str:
    """A Markdown table (readable in a terminal, pasteable into docs/performance.md)."""
    header = ("section", "measurement", "value", "budget", "result")
    lines = [
        tuple(_cell(c) for c in (r.section, r.name, r.value, r.budget, r.status)) for r in rows
    ]
    widths = [max([_width(header[i]), *(_width(line[i]) for line in lines)]) for i in range(5)]

    def fmt(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(fmt(line) for line in lines)
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
