"""SVG snapshots of the screens people look at (pytest-textual-snapshot), in Japanese (the tests'
language) and a few in English.

Update after an intended change with `pytest tests/snapshots --snapshot-update`, then look at the
report before committing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled
from waiting import wait_until

from tui.app import KumonoteApp
from tui.screens.main import MainScreen

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _still_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `Input` is made with `cursor_blink` off, so its cursor is drawn and stays drawn.

    The blink is a 0.5 s timer on the wall clock: which phase a screenshot catches would
    otherwise depend on how long the test took to get there.
    """
    made = Input.__init__

    def still(self: Input, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", still)


def make_app(tmp_path: Path) -> KumonoteApp:
    app = KumonoteApp(cache_dir=tmp_path / "index", data_dir=tmp_path / "data", watch=False)
    app.theme = "textual-dark"
    return app


def typed(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the index, then press `keys`, then wait for the search to show.

    Fails the test (the app re-raises it) if the index never opens: no snapshot is compared.
    """

    async def run(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(
            pilot,
            lambda: screen.library is not None and screen.engine is not None,
            "the notes loaded and the full index open before the snapshot",
        )
        await pilot.press(*keys)
        for _ in range(3):
            with contextlib.suppress(WorkerCancelled):  # a search superseded by the next key
                await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run


SCREENS = {
    "start": ((100, 30), ()),
    "start_80x24": ((80, 24), ()),
    "japanese_query": ((100, 30), ("slash", *"暗号")),
    "romaji_query": ((100, 30), ("slash", *"suiron")),
    "no_results": ((100, 30), ("slash", *"zqxjv")),
    "help": ((100, 30), ("question_mark",)),
    "links": ((100, 30), ("f",)),
    "bookmarks": ((100, 30), ("B",)),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: SnapCompare, tmp_path: Path, name: str) -> None:
    size, keys = SCREENS[name]
    kwargs: dict[str, Any] = {"terminal_size": size, "run_before": typed(*keys)}
    assert snap_compare(make_app(tmp_path), **kwargs)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_in_english(snap_compare: SnapCompare, tmp_path: Path, name: str) -> None:
    """The same screens in English (the others above are in Japanese, as every test is)."""
    size, keys = SCREENS[name]
    kwargs: dict[str, Any] = {"terminal_size": size, "run_before": typed(*keys)}
    assert snap_compare(make_app(tmp_path), **kwargs)


def reviewing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open the review of the note under the tree's cursor, wait for its cards, press `keys`."""

    async def run(pilot: Pilot[None]) -> None:
        from tui.screens.review import ReviewScreen

        await typed("r")(pilot)
        screen = await wait_until(
            pilot,
            lambda: pilot.app.screen if isinstance(pilot.app.screen, ReviewScreen) else None,
            "the review screen shown",
        )
        await wait_until(pilot, lambda: screen.session is not None, "the cards due queued")
        await pilot.press(*keys)
        await pilot.pause()

    return run


REVIEWS = {
    "review": ((100, 30), ()),
    "review_answer": ((100, 30), ("space",)),
    "review_answer_50x20": ((50, 20), ("space",)),
}


@pytest.mark.parametrize("name", list(REVIEWS))
def test_review_screen(snap_compare: SnapCompare, tmp_path: Path, name: str) -> None:
    """The review's first card, before and after `space` (the stats screen shows dates, so it
    has no snapshot)."""
    size, keys = REVIEWS[name]
    kwargs: dict[str, Any] = {"terminal_size": size, "run_before": reviewing(*keys)}
    assert snap_compare(make_app(tmp_path), **kwargs)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("name", list(REVIEWS))
def test_review_screen_in_english(snap_compare: SnapCompare, tmp_path: Path, name: str) -> None:
    """The review in English."""
    size, keys = REVIEWS[name]
    kwargs: dict[str, Any] = {"terminal_size": size, "run_before": reviewing(*keys)}
    assert snap_compare(make_app(tmp_path), **kwargs)
