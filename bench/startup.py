"""Start-up: from launching a program to its first full screen, in a real terminal.

kumonote (cold and warm index cache), the minimal Textual app and, in the full run, frogmouth
are launched in turn, round after round, so that a noisy machine slows them all alike. Each
launch is a fresh tmux server; the clock starts when the program is released (see
`bench.tmux`) and stops at the first capture that shows the whole first screen.

This module also holds the `Workspace` the other tmux sections share: a temporary home for the
index cache and user data, the generated corpora, and how to launch kumonote.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench import minimal_app
from bench.table import Row, median, ms, ratio
from bench.tmux import Terminal, TmuxError

SECTION = "startup"
WARM_BUDGET, COLD_BUDGET, FROGMOUTH_BUDGET, LARGE_BUDGET = 1.2, 1.6, 0.35, 1.5
"""Warm and cold first screen ÷ the minimal app; warm ÷ frogmouth on the same notes; warm on
10,000 notes ÷ warm on the bundled notes."""
LARGE = "kumonote 10k warm"
FROGMOUTH = "frogmouth==0.9.2"
FROG_ALL = "frogmouth, all notes"
"""frogmouth opening the same notes kumonote opens: every bundled note, one document."""
FROG_ONE = "frogmouth, first note"

if TYPE_CHECKING:
    from tui.notes import Note

Ready = Callable[[str], bool]


# ----- the workspace ------------------------------------------------------------------------


@dataclass
class Workspace:
    """Temporary user directories, generated corpora and how to start kumonote."""

    root: Path
    corpora: dict[int, Path] = field(default_factory=dict)
    indexed: set[Path] = field(default_factory=set)

    @classmethod
    @contextmanager
    def create(cls) -> Iterator[Workspace]:
        """A workspace in a fresh temporary directory, removed afterwards."""
        root = Path(tempfile.mkdtemp(prefix="kumonote-bench-"))
        try:
            yield cls(root)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def env(self, cache: Path | None = None) -> dict[str, str]:
        """The environment of a launched program: its own cache, data and config directories.

        Bytecode is cached (in the workspace, not next to the sources), as it is for an
        installed program: a shell with PYTHONDONTWRITEBYTECODE set would otherwise make every
        launch compile kumonote from source and time the compiler.

        Every launch gets fresh data, config and state directories, so that no launch finds the
        history of an earlier one (kumonote reopens the last note read).
        """
        user = Path(tempfile.mkdtemp(prefix="user-", dir=self.root))
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.root / "pycache")
        env.update(
            XDG_CACHE_HOME=str(cache or self.root / "cache-warm"),
            XDG_DATA_HOME=str(user / "data"),
            XDG_CONFIG_HOME=str(user / "config"),
            XDG_STATE_HOME=str(user / "state"),
            KUMONOTE_DATA_DIR=str(user / "data" / "kumonote"),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            KUMONOTE_LANG="en",  # what the screens are recognised by (bench/keys.py)
        )
        return env

    def bundled_copy(self) -> Path:
        """The bundled notes (and their images) copied into the workspace, once.

        Sections that keep kumonote open for long use the copy: kumonote reloads when its notes
        change, and the source tree may be edited while the benchmark runs.
        """
        folder = self.root / "bundled"
        if not folder.exists():
            from tui.notes import bundled_paths

            content, images = bundled_paths()
            shutil.copytree(content, folder)
            if images.is_dir():
                shutil.copytree(images, folder / "images")
        return folder

    def all_notes_document(self) -> Path:
        """Every bundled note, in the tree's order, as one Markdown file (written once).

        This is what a single-document viewer opens to show the notes kumonote shows; it
        is the shape of the original notes, one file with a `#` heading per note.
        """
        path = self.root / "all-notes.md"
        if not path.exists():
            from tui.notes import bundled_library

            bodies = [note.body.strip() for note in bundled_library().notes]
            path.write_text("\n\n".join(bodies) + "\n", encoding="utf-8")
        return path

    def fresh_cache(self) -> Path:
        """A new, empty cache directory (a cold start)."""
        return Path(tempfile.mkdtemp(prefix="cache-cold-", dir=self.root))

    def corpus(self, count: int) -> Path:
        """A folder of `count` generated notes (written once per run)."""
        if count not in self.corpora:
            from bench import corpus

            folder = self.root / f"corpus-{count}"
            corpus.write(folder, count)
            self.corpora[count] = folder
        return self.corpora[count]

    def index(self, content: Path | None, cache: Path | None = None) -> None:
        """Build kumonote's index for `content` into a cache (the warm cache), once."""
        key = (cache or self.root / "cache-warm") / (str(content) if content else "bundled")
        if key in self.indexed:
            return
        result = subprocess.run(
            [*kumonote_argv(content), "index"],
            env=self.env(cache),
            capture_output=True,
            text=True,
            timeout=3600,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"`kumonote index` failed: {result.stderr.strip()[-2000:]}")
        self.indexed.add(key)


def kumonote_argv(content: Path | None = None) -> list[str]:
    """The installed `kumonote` command (the console script next to this Python)."""
    script = Path(sys.executable).parent / "kumonote"
    argv = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    return [*argv, "--content", str(content)] if content is not None else argv


# ----- what a first full screen looks like ------------------------------------------------------

_MARKUP = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s+|[*_`\[\]]|\(<?[^)]*>?\)$")


def body_snippet(body: str, length: int = 12) -> str:
    """The start of the first line of running text in a note body (not a heading or image)."""
    fence = False
    for raw in body.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            fence = not fence
            continue
        if fence or not line or line.startswith(("#", "!", "|", "<", "---")):
            continue
        text = _MARKUP.sub("", line).strip()
        if len(text) >= 4:
            return text[:length].strip()
    return ""


def kumonote_ready(content: Path | None = None) -> Ready:
    """The first full screen of kumonote on `content`: the tree's categories and the first note.

    The tree must show the first category (and, on the bundled notes, "AI サービス" too) and the
    note pane the start of the first note's text, which is only drawn once the note is rendered.
    """
    from tui.notes import bundled_library, load_library

    library = bundled_library() if content is None else load_library(content)
    if not len(library):
        raise RuntimeError(f"no notes in {content}")
    first = library.notes[0]
    category = library.categories[0].title.split(" (")[0]
    wanted = [category, body_snippet(first.body)]
    if content is None:
        wanted.append("AI サービス")
    wanted = [w for w in wanted if w]

    def ready(screen: str) -> bool:
        return all(w in screen for w in wanted) and edges_drawn(screen)

    ready.__doc__ = f"shows {wanted!r}, the search bar and the footer"
    return ready


def edges_drawn(screen: str) -> bool:
    """Are the top row (the search bar) and the bottom row (the footer) drawn?

    Without this, a frame that has the panes but not yet the search bar would count as the
    first full screen.
    """
    rows = screen.split("\n")
    return bool(rows[0].strip() and rows[-1].strip())


# ----- one launch ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Launch:
    """One measured start: seconds to the first full screen; CPU seconds and peak RSS then."""

    seconds: float
    rss_kib: int
    screen: str
    cpu: float = 0.0


def launch(
    argv: list[str],
    ready: Ready,
    env: dict[str, str],
    *,
    cwd: Path | None = None,
    timeout: float = 60.0,
) -> Launch:
    """Start `argv` in a fresh terminal and time it to the first screen that satisfies `ready`."""
    with Terminal(argv, env=env, cwd=cwd) as term:
        started = term.launch()
        seen, screen = term.wait_for(ready, timeout=timeout, interval=0.005)
        return Launch(seen - started, term.peak_rss_kib(), screen, term.cpu_seconds())


def minimal_argv() -> list[str]:
    """The baseline app."""
    return [sys.executable, "-m", "bench.minimal_app"]


# ----- frogmouth ----------------------------------------------------------------------------


def frogmouth_argv(log: Callable[[str], None]) -> list[str] | str:
    """frogmouth 0.9.2 in its own venv under the user cache (it needs an old Textual).

    Returns the command, or a one-line reason why frogmouth cannot be installed here.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    home = base / "kumonote-bench" / "frogmouth-0.9.2"
    script = home / "bin" / "frogmouth"
    if script.exists():
        return [str(script)]
    log(f"installing {FROGMOUTH} into a separate venv under {base} …")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(home)
        result = subprocess.run(
            [
                str(home / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                FROGMOUTH,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(home, ignore_errors=True)
        return f"cannot install {FROGMOUTH}: {error}"
    if result.returncode != 0 or not script.exists():
        shutil.rmtree(home, ignore_errors=True)
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        return f"cannot install {FROGMOUTH}: {last}"
    return [str(script)]


def frogmouth_ready(body: str) -> Ready:
    """frogmouth has drawn the note: its first heading and the start of its text."""
    heading = next(
        (line.lstrip("# ").strip() for line in body.splitlines() if line.startswith("# ")), ""
    )
    wanted = [w for w in (heading, body_snippet(body)) if w]

    def ready(screen: str) -> bool:
        return all(w in screen for w in wanted)

    return ready


# ----- the section --------------------------------------------------------------------------


@dataclass
class StartupResult:
    """Every launch of every program (seconds, peak RSS, CPU seconds), by program name."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    rss_kib: dict[str, list[int]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, result: Launch) -> None:
        """Record one launch."""
        self.seconds.setdefault(name, []).append(result.seconds)
        self.rss_kib.setdefault(name, []).append(result.rss_kib)
        self.cpu.setdefault(name, []).append(result.cpu)


def run(
    space: Workspace,
    *,
    runs: int,
    frogmouth: bool,
    log: Callable[[str], None],
    large: Path | None = None,
) -> list[Row]:
    """Time kumonote (cold, warm), the minimal app and frogmouth, interleaved, `runs` rounds;
    with `large` (a folder of 10,000 notes), kumonote on it too, warm."""
    ready_k = kumonote_ready()
    from tui.notes import bundled_paths

    content_dir = bundled_paths()[0]
    first_note = _first_note()

    programs: dict[str, Callable[[], Launch]] = {}
    cold_caches: list[Path] = []

    def minimal() -> Launch:
        return launch(minimal_argv(), minimal_app.ready, space.env())

    def cold() -> Launch:
        cache = space.fresh_cache()
        cold_caches.append(cache)
        result = launch(kumonote_argv(), ready_k, space.env(cache))
        space.index(None, cache)  # what the cold start began, finished: the next one is warm
        return result

    def warm() -> Launch:
        cache = cold_caches[-1] if cold_caches else None
        if cache is None:
            space.index(None)
        return launch(kumonote_argv(), ready_k, space.env(cache))

    programs["minimal app"] = minimal
    programs["kumonote cold"] = cold
    programs["kumonote warm"] = warm
    if large is not None:
        log("startup: building the index of 10,000 notes")
        space.index(large)
        ready_large = kumonote_ready(large)
        large_argv = kumonote_argv(large)

        def warm_large() -> Launch:
            return launch(large_argv, ready_large, space.env(), timeout=300)

        programs[LARGE] = warm_large
    rows: list[Row] = []
    if frogmouth:
        found = frogmouth_argv(log)
        if isinstance(found, str):
            rows.append(Row.skip(SECTION, FROG_ALL, found))
        else:
            ready_f = frogmouth_ready(first_note.body)
            every_note = [*found, str(space.all_notes_document())]
            one_note = [*found, str(first_note.path)]

            def frog_all() -> Launch:
                return launch(every_note, ready_f, space.env(), cwd=space.root)

            def frog_one() -> Launch:
                return launch(one_note, ready_f, space.env(), cwd=content_dir)

            programs[FROG_ALL] = frog_all
            programs[FROG_ONE] = frog_one

    names = list(programs)
    result = StartupResult()
    log("startup: warming up (page cache, bytecode)")
    for name in names:
        programs[name]()
    for round_ in range(runs):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        # warm must follow a cold start of the same round (it reuses that cache)
        order = [n for n in order if n != "kumonote warm"]
        order.insert(order.index("kumonote cold") + 1, "kumonote warm")
        for name in order:
            result.add(name, programs[name]())
        log(
            f"startup: round {round_ + 1}/{runs}: "
            + ", ".join(
                f"{n} {ms(result.seconds[n][-1])} (CPU {ms(result.cpu[n][-1])})" for n in order
            )
        )
    for cache in cold_caches:
        shutil.rmtree(cache, ignore_errors=True)
    return rows + startup_rows(result, runs)


def startup_rows(result: StartupResult, runs: int) -> list[Row]:
    """Medians, and the ratios the budgets are written in.

    A ratio is the median over rounds of the two programs' times in the same round (launched
    one right after the other), so a burst of load on a shared machine slows both sides of each
    ratio; the ratio of the medians is shown next to it for comparison.
    """
    med = {name: median(values) for name, values in result.seconds.items()}
    rows = [
        Row(SECTION, f"{name}: first screen (median of {runs})", ms(value))
        for name, value in med.items()
    ]

    def paired(top: str, bottom: str, budget: float | None, label: str) -> None:
        per_round = [
            a / b for a, b in zip(result.seconds[top], result.seconds[bottom], strict=True)
        ]
        value = median(per_round)
        shown = f"{ratio(value)} (medians: {ratio(med[top] / med[bottom])})"
        name = f"{label} (median of {len(per_round)} rounds)"
        if budget is None:
            rows.append(Row(SECTION, name, shown))
        else:
            rows.append(Row.check(SECTION, name, shown, f"≤ {budget}×", value <= budget))

    cpu = {name: median(values) for name, values in result.cpu.items()}
    rows.append(
        Row(
            SECTION,
            "CPU time to first screen (median): " + ", ".join(cpu),
            " / ".join(ms(value) for value in cpu.values()),
        )
    )
    paired("kumonote warm", "minimal app", WARM_BUDGET, "kumonote warm / minimal app")
    paired("kumonote cold", "minimal app", COLD_BUDGET, "kumonote cold / minimal app")
    if LARGE in med:
        paired(LARGE, "kumonote warm", LARGE_BUDGET, "kumonote 10k warm / kumonote bundled warm")
    if FROG_ALL in med:
        paired("kumonote warm", FROG_ALL, FROGMOUTH_BUDGET, "kumonote warm / frogmouth, same notes")
        paired("kumonote cold", FROG_ALL, None, "kumonote cold / frogmouth, same notes")
        paired("minimal app", FROG_ALL, None, "floor: minimal app / frogmouth, same notes")
        paired("kumonote warm", FROG_ONE, None, "kumonote warm / frogmouth, first note only")
    return rows


def _first_note() -> Note:
    from tui.notes import bundled_library

    return bundled_library().notes[0]


__all__ = ["Launch", "TmuxError", "Workspace", "kumonote_argv", "kumonote_ready", "launch", "run"]
