"""The AWS docset build (`kumonote docs add aws`): time, peak memory and pages.

Each build runs in a child process of its own, so its peak RSS is its own: the default set of
services, the same again (nothing changed: the incremental refresh), and every service
botocore has (`--all`, not in the smoke run, which builds two small services instead).
Needs botocore (`pip install ".[aws]"` or `".[bench]"`).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.table import Row, mib

SECTION = "docsets"
MEMORY_BUDGET_MIB = 1024
"""Peak RSS of the `--all` build."""

_CHILD = """
import json, resource, sys, time
from tui.docsets.build import build_aws
services = json.loads(sys.argv[2])
start = time.perf_counter()
result = build_aws(None if services == "all" else services, every=services == "all",
                   root=sys.argv[1])
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "services": len(result.manifest.services),
    "operations": result.manifest.operations,
    "pages": result.manifest.pages,
    "rebuilt": len(result.rebuilt),
}))
"""


def available() -> bool:
    """Is botocore installed?"""
    try:
        import botocore  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def build(root: Path, services: Sequence[str] | None) -> dict[str, float]:
    """Build into `root` in a child process: its figures (`services` None: `--all`)."""
    wanted = "all" if services is None else list(services)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), json.dumps(wanted)],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _row(name: str, figures: dict[str, float]) -> Row:
    return Row(
        SECTION,
        name,
        f"{figures['seconds']:.1f} s, {mib(figures['peak_kib'])}, "
        f"{figures['services']:.0f} services / {figures['operations']:.0f} operations / "
        f"{figures['pages']:.0f} pages",
    )


def run(root: Path, *, smoke: bool, log: Callable[[str], None]) -> list[Row]:
    """The section's rows; the docsets are built under `root`."""
    if not available():
        return [Row.skip(SECTION, "AWS docset build", 'botocore is not installed (".[aws]")')]
    from tui.docsets.services import DEFAULT_SERVICES

    first: Sequence[str] = ["sqs", "sts"] if smoke else DEFAULT_SERVICES
    label = "two small services" if smoke else "default services"
    log(f"docsets: building the {label}")
    rows = [_row(f"build, {label}: time, peak RSS, size", build(root / "default", first))]
    log("docsets: building them again (unchanged)")
    again = build(root / "default", first)
    rows.append(
        Row(
            SECTION,
            f"rebuild, {label}, nothing changed",
            f"{again['seconds']:.1f} s, {again['rebuilt']:.0f} services rebuilt",
        )
    )
    if smoke:
        rows.append(Row.skip(SECTION, "build, --all", "not in the smoke run"))
        return rows
    log("docsets: building every service (--all)")
    every = build(root / "all", None)
    rows.append(_row("build, --all: time, peak RSS, size", every))
    peak = every["peak_kib"] / 1024
    rows.append(
        Row.check(
            SECTION,
            "build, --all: peak RSS",
            mib(every["peak_kib"]),
            f"≤ {MEMORY_BUDGET_MIB} MiB",
            peak <= MEMORY_BUDGET_MIB,
        )
    )
    return rows
