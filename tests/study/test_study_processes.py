"""Real processes: one killed with SIGKILL between ratings, two rating the same cards at once.

Every rating a process reported as made must be in the review log afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tui.notes import load_library
from tui.study import Deck, Phase, ReviewStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")

CARDS = 80

# Rates every due card Good, one after another, printing each card's id once `rate` returned.
RATER = """
import sys
from pathlib import Path
from tui.notes import load_library
from tui.study import Deck

content, db = Path(sys.argv[1]), Path(sys.argv[2])
deck = Deck.open(load_library(content, cache=False), db)
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit("no go")
for card in deck.cards if sys.argv[3] == "all" else deck.due():
    deck.rate(card, 3)
    print(card.id, flush=True)
print("done", flush=True)
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with one note of `CARDS` authored cards."""
    folder = tmp_path / "content" / "ml"
    folder.mkdir(parents=True)
    lines = "\n".join(f"質問 {n}::答え {n}" for n in range(CARDS))
    (folder / "many.md").write_text(f"# たくさん\n{lines}\n", encoding="utf-8")
    return folder.parent


def _start(repo_root: Path, content: Path, db: Path, which: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_root), env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, "-c", RATER, str(content), str(db), which],
        cwd=repo_root,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    ready = process.stdout.readline().strip()
    assert ready == "ready", process.stderr.read() if process.stderr else ready
    return process


def _go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def test_sigkill_between_ratings_loses_no_committed_rating(
    repo_root: Path, content: Path, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "study.sqlite3"
    reported: list[str] = []
    for kill_after in (3, 11, 25):
        process = _start(repo_root, content, db, "due")
        _go(process)
        assert process.stdout is not None
        seen = 0
        while seen < kill_after:
            line = process.stdout.readline().strip()
            assert line and line != "done", "the rater finished before it could be killed"
            reported.append(line)
            seen += 1
        process.send_signal(signal.SIGKILL)
        rest, _errors = process.communicate(timeout=60)
        assert process.returncode == -signal.SIGKILL
        # What it printed before the signal landed was committed too.
        reported.extend(line for line in rest.split() if line != "done")
    with ReviewStore.open(db) as store:
        assert store.notices == []
        logged = Counter(review.card_id for review in store.reviews())
        assert set(reported) <= set(logged), set(reported) - set(logged)
        assert max(logged.values()) == 1  # each due card rated once: no rating replayed
        rated = {key for key, memory in store.memories().items() if memory.phase is not Phase.NEW}
        assert rated == set(logged)  # every logged rating changed its card, and only those
    assert len(reported) >= 3 + 11 + 25


def test_two_processes_rating_the_same_cards_at_once_both_keep_their_ratings(
    repo_root: Path, content: Path, tmp_path: Path
) -> None:
    db = tmp_path / "data" / "study.sqlite3"
    first = _start(repo_root, content, db, "all")
    second = _start(repo_root, content, db, "all")
    _go(first)
    _go(second)
    outputs: list[list[str]] = []
    for process in (first, second):
        printed, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
        outputs.append(printed.split())
    for lines in outputs:
        assert lines[-1] == "done"
        assert len(lines) == CARDS + 1
    library = load_library(content, cache=False)
    with Deck.open(library, db) as deck:
        log = deck.store.reviews()
        assert len(log) == 2 * CARDS
        per_card: dict[str, list[Phase]] = {}
        for review in log:
            per_card.setdefault(review.card_id, []).append(review.phase_before)
        assert len(per_card) == CARDS
        # The second rating of each card was made on the state the first left.
        assert all(phases == [Phase.NEW, Phase.REVIEW] for phases in per_card.values())
