"""`python -m bench`: every performance measurement of kumonote, in one table.

    python -m bench                      # the full run (1k and 10k notes, frogmouth, botocore)
    python -m bench --smoke              # bundled notes only, few iterations (CI)
    python -m bench --only startup,keys  # some sections
    python -m bench relevance --details  # sections by name; relevance with its missed queries

Sections: startup, keys, memory (real program in tmux), cli (whole-process `kumonote search`),
search and index (library level, from bench/search.py), fzf (reference line), botocore (a real
English corpus), docsets (the AWS docset build: time, peak memory, pages), reference (the app
with the whole API reference: first screen, keystrokes), study (deck open,
due cards, a rating committed), render (note view, and a 4 MB note),
relevance (hit@k of held-out queries, bench/relevance.py; --json PATH keeps its numbers).
A budget that is missed prints FAIL and still exits 0: the benchmark reports, it does not gate.
The exit status is 1 only when the benchmark itself broke (a section raised an error).
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from bench import tmux
from bench.startup import Workspace
from bench.table import Row, Status, render

if TYPE_CHECKING:
    from tui.notes import Library

SECTIONS = (
    "startup",
    "cli",
    "keys",
    "memory",
    "search",
    "index",
    "fzf",
    "botocore",
    "docsets",
    "reference",
    "study",
    "render",
    "relevance",
)
TMUX_SECTIONS = {"startup", "keys", "memory", "reference"}


@dataclass(frozen=True)
class Plan:
    """How much to measure."""

    smoke: bool
    launches: int
    """Rounds of launches for start-up."""
    passes: int
    """Timed passes over each query for keystrokes."""
    memory_runs: int
    repeats: int
    """Repeats of each query for the fzf reference."""

    @classmethod
    def of(cls, smoke: bool, runs: int | None) -> Plan:
        """The smoke plan or the full one (`runs` overrides the number of launch rounds)."""
        if smoke:
            return cls(True, runs or 2, 2, 1, 3)
        return cls(False, runs or 5, 5, 3, 3)


class Log:
    """Progress lines on stderr, with the time since the start."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started = time.monotonic()

    def __call__(self, text: str) -> None:
        if not self.quiet:
            print(f"[{time.monotonic() - self.started:6.1f}s] {text}", file=sys.stderr, flush=True)


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="SECTION",
        help="sections to run (the same as --only; both may be given)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="quick run: bundled notes only, few iterations, no frogmouth, no botocore, no 10k",
    )
    parser.add_argument(
        "--only",
        metavar="SECTIONS",
        default="",
        help=f"comma-separated sections to run: {','.join(SECTIONS)}",
    )
    parser.add_argument(
        "--runs", type=int, metavar="N", help="launch rounds for start-up (default 5, smoke 2)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument(
        "--details",
        action="store_true",
        help="relevance: print each query that missed the top 3 and what it got",
    )
    parser.add_argument(
        "--json",
        type=Path,
        metavar="PATH",
        help="relevance: also write its numbers as JSON to PATH",
    )
    args = parser.parse_args(argv)
    named = [s.strip() for name in args.names for s in name.split(",") if s.strip()]
    wanted = [s.strip() for s in args.only.split(",") if s.strip()] + named or list(SECTIONS)
    unknown = sorted(set(wanted) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    args.sections = [s for s in SECTIONS if s in wanted]
    return args


class Runner:
    """Runs the chosen sections over a shared workspace and gathers their rows."""

    def __init__(
        self,
        space: Workspace,
        plan: Plan,
        log: Log,
        *,
        details: bool = False,
        json_path: Path | None = None,
    ) -> None:
        self.space = space
        self.plan = plan
        self.log = log
        self.details = details
        """Relevance: print the missed queries."""
        self.json_path = json_path
        """Relevance: write its numbers here."""
        self._libraries: dict[str, Library] = {}

    # ----- corpora ----------------------------------------------------------------------------

    def tmux_corpora(self) -> list[tuple[str, Path | None]]:
        """Corpora for keystrokes: bundled, and in the full run 1k and 10k generated notes."""
        bundled: list[tuple[str, Path | None]] = [("bundled", self.space.bundled_copy())]
        if self.plan.smoke:
            return bundled
        return [*bundled, ("1k", self.space.corpus(1000)), ("10k", self.space.corpus(10000))]

    def memory_corpora(self) -> list[tuple[str, Path | None]]:
        """Corpora for memory: bundled, and 10k in the full run."""
        return [c for c in self.tmux_corpora() if c[0] in ("bundled", "10k")]

    def libraries(self) -> list[tuple[str, Library]]:
        """The same corpora as loaded libraries (for library-level search and fzf)."""
        from tui.notes import bundled_library, load_library

        out: list[tuple[str, Library]] = []
        for name, content in self.tmux_corpora():
            if name not in self._libraries:
                self._libraries[name] = (
                    bundled_library() if content is None else load_library(content)
                )
            out.append((name, self._libraries[name]))
        return out

    # ----- sections ---------------------------------------------------------------------------

    def startup(self) -> list[Row]:
        from bench import startup

        large = None if self.plan.smoke else self.space.corpus(10000)
        return startup.run(
            self.space,
            runs=self.plan.launches,
            frogmouth=not self.plan.smoke,
            log=self.log,
            large=large,
        )

    def cli(self) -> list[Row]:
        from bench import cli

        corpora = [c for c in self.tmux_corpora() if c[0] in ("bundled", "10k")]
        return cli.run(self.space, corpora, runs=self.plan.launches * 2, log=self.log)

    def keys(self) -> list[Row]:
        from bench import keys

        return keys.run(self.space, self.tmux_corpora(), passes=self.plan.passes, log=self.log)

    def memory(self) -> list[Row]:
        from bench import memory

        return memory.run(
            self.space, self.memory_corpora(), runs=self.plan.memory_runs, log=self.log
        )

    def search(self) -> list[Row]:
        return search_rows(self.libraries(), self.plan, "search")

    def index(self) -> list[Row]:
        return search_rows(self.libraries(), self.plan, "index")

    def fzf(self) -> list[Row]:
        from bench import fzf

        libraries = self.libraries()
        return fzf.run(libraries, queries(), runs=self.plan.repeats)

    def botocore(self) -> list[Row]:
        from bench import botocore_corpus

        if self.plan.smoke:
            return [Row.skip("botocore", "AWS API reference corpus", "not in the smoke run")]
        if not botocore_corpus.available():
            return [
                Row.skip(
                    "botocore",
                    "AWS API reference corpus",
                    'botocore is not installed (pip install ".[bench]")',
                )
            ]
        from tui.notes import load_library

        folder = self.space.root / "botocore"
        self.log("botocore: converting the service models to notes")
        info = botocore_corpus.write(folder)
        library = load_library(folder)
        rows = [
            Row(
                "botocore",
                "AWS API reference corpus: services / notes / size",
                f"{info.services} / {info.notes} / {info.bytes / 1e6:.1f} MB",
            )
        ]
        return rows + search_rows([("botocore", library)], self.plan, "botocore")

    def docsets(self) -> list[Row]:
        from bench import docsets

        return docsets.run(self.space.root / "docsets", smoke=self.plan.smoke, log=self.log)

    def reference(self) -> list[Row]:
        from bench import docsets, reference

        if self.plan.smoke:
            return [
                Row.skip("reference", "the app with the full reference", "not in the smoke run")
            ]
        if not docsets.available():
            return [Row.skip("reference", "the app with the full reference", "needs botocore")]
        return reference.run(
            self.space, rounds=self.plan.launches, passes=self.plan.passes, log=self.log
        )

    def study(self) -> list[Row]:
        from bench import study
        from tui.notes import bundled_library

        bundled = bundled_library()
        libraries = [("bundled", bundled)]
        if not self.plan.smoke:
            libraries.append(("10k", study.replicated(bundled, 10_000)))
        return study.run(libraries, rounds=10 if self.plan.smoke else 30)

    def render(self) -> list[Row]:
        return render_rows(self.plan)

    def relevance(self) -> list[Row]:
        from bench import relevance

        return relevance.section(
            smoke=self.plan.smoke, show_details=self.details, json_path=self.json_path, log=self.log
        )

    def run(self, sections: Sequence[str]) -> tuple[list[Row], bool]:
        """Run `sections` in order; (rows, whether any section broke)."""
        rows: list[Row] = []
        broken = False
        for name in sections:
            if name in TMUX_SECTIONS and not tmux.available():
                rows.append(Row.skip(name, "real program in tmux", "tmux is not installed"))
                continue
            self.log(f"== {name}")
            method: Callable[[], list[Row]] = getattr(self, name)
            try:
                rows.extend(method())
            except Exception as error:  # report, keep going, exit 1 at the end
                broken = True
                traceback.print_exc(file=sys.stderr)
                message = str(error).strip().splitlines()[-1:] or [""]
                rows.append(
                    Row(
                        name,
                        "section broke",
                        f"{type(error).__name__}: {message[0]}",
                        status="ERROR",
                    )
                )
        return rows, broken


def search_module() -> ModuleType | None:
    """bench/search.py, when it is there."""
    try:
        return importlib.import_module("bench.search")
    except ModuleNotFoundError as error:
        if error.name != "bench.search":
            raise
        return None


def queries() -> list[str]:
    """Queries for the fzf reference: the first of each kind the search benchmark times."""
    module = search_module()
    found = getattr(module, "QUERIES", None)
    if isinstance(found, dict):
        return [group[0] for group in found.values() if group]
    from bench.keys import QUERIES

    return list(QUERIES)


def search_rows(libraries: Sequence[tuple[str, Library]], plan: Plan, kind: str) -> list[Row]:
    """bench/search.py's results as rows: kind "search" (queries), "index", or "botocore" (both)."""
    module = search_module()
    if module is None:
        return [Row.skip(kind, "library-level search", "bench/search.py is not there")]
    runs = 3 if plan.smoke else 20
    kinds = ("index", "search") if kind == "botocore" else (kind,)
    rows: list[Row] = []
    for part in kinds:
        for result in module.rows(libraries, kind=part, runs=runs):
            status: Status = "" if result.ok is None else ("PASS" if result.ok else "FAIL")
            rows.append(
                Row(kind, f"{result.corpus}: {result.name}", result.value, result.budget, status)
            )
    return rows


def render_rows(plan: Plan) -> list[Row]:
    """Rows from bench/render.py: note view times per note size, against Textual's Markdown."""
    from bench import render as render_bench

    rows: list[Row] = []
    for m in render_bench.run(runs=3 if plan.smoke else 9, compare=not plan.smoke):
        name = f"note of {m.size / 1000:.0f} kB: first screenful / idle"
        value = f"{m.first:.1f} ms / {m.idle:.1f} ms"
        if m.markdown_first is not None:
            value += f" (Textual Markdown {m.markdown_first:.0f} ms)"
        if m.budget is None:
            rows.append(Row("render", name, value))
        else:
            rows.append(
                Row.check("render", name, value, f"first ≤ {m.budget:.0f} ms", m.within_budget)
            )
    return rows + long_note_rows(plan)


def long_note_rows(plan: Plan) -> list[Row]:
    """Rows from bench/render.py's long note: 4 MB (1 MB in the smoke run, without a budget)."""
    from bench import render as render_bench

    size = 1_000_000 if plan.smoke else render_bench.LONG_SIZE
    m = render_bench.run_long(runs=1 if plan.smoke else 3, size=size, rewrap=not plan.smoke)
    label = f"note of {m.size / 1e6:.0f} MB, search marks"
    first = f"{m.first:.0f} ms (whole note {m.whole / 1000:.1f} s, {m.matches} matches)"
    block = f"{m.block:.0f} ms"
    rows: list[Row] = []
    if plan.smoke:
        rows.append(Row("render", f"{label}: first screenful", first))
        rows.append(Row("render", f"{label}: longest UI-thread block", block))
        return rows
    rows.append(
        Row.check(
            "render",
            f"{label}: first screenful (median of 3)",
            first,
            f"≤ {render_bench.LONG_FIRST_BUDGET:.0f} ms",
            m.first <= render_bench.LONG_FIRST_BUDGET,
        )
    )
    rows.append(
        Row.check(
            "render",
            f"{label}: longest UI-thread block, opening to leaving it (largest of 3)",
            block,
            f"≤ {render_bench.LONG_BLOCK_BUDGET:.0f} ms",
            m.block <= render_bench.LONG_BLOCK_BUDGET,
        )
    )
    rows.append(
        Row.check(
            "render",
            f"{label}: longest UI-thread block, new search and resize on the whole note",
            f"{m.rewrap:.0f} ms",
            f"≤ {render_bench.LONG_BLOCK_BUDGET:.0f} ms",
            m.rewrap <= render_bench.LONG_BLOCK_BUDGET,
        )
    )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table; 0 unless the benchmark itself broke."""
    args = parse(sys.argv[1:] if argv is None else argv)
    # a terminated run still removes its tmux servers and temporary files
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    plan = Plan.of(args.smoke, args.runs)
    log = Log(args.quiet)
    log(f"{'smoke' if plan.smoke else 'full'} run: {', '.join(args.sections)}")
    with Workspace.create() as space:
        runner = Runner(space, plan, log, details=args.details, json_path=args.json)
        rows, broken = runner.run(args.sections)
    title = "kumonote benchmark" + (" (smoke)" if plan.smoke else "")
    print(f"\n{title}, {time.strftime('%Y-%m-%d %H:%M')}, Python {sys.version.split()[0]}\n")
    print(render(rows))
    failed = [r for r in rows if r.status == "FAIL"]
    print(f"\n{len(failed)} budget(s) missed." if failed else "\nAll budgets met.")
    if broken:
        print("The benchmark itself broke (see ERROR rows and the traceback above).")
    log(f"done in {time.monotonic() - log.started:.0f}s")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
