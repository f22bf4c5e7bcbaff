"""SVG snapshots of the screens people look at (pytest-textual-snapshot).

Update after an intended change with `pytest tests/snapshots --snapshot-update`, then look at the
report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.app import KumonoteApp
from tui.screens.main import MainScreen

SnapCompare = Callable[..., bool]


def make_app(tmp_path: Path) -> KumonoteApp:
    app = KumonoteApp(cache_dir=tmp_path / "index", data_dir=tmp_path / "data", watch=False)
    app.theme = "textual-dark"
    return app


def typed(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Wait for the index, then press `keys`, then wait for the search to show."""

    async def run(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        for _ in range(400):
            await pilot.pause(0.05)
            if screen.library is not None and screen.engine is not None:
                break
        await pilot.press(*keys)
        for _ in range(5):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
        screen.query_one("SearchBar").cursor_blink = False

    return run


SCREENS = {
    "start": ((100, 30), ()),
    "start_80x24": ((80, 24), ()),
    "japanese_query": ((100, 30), ("slash", *"暗号")),
    "romaji_query": ((100, 30), ("slash", *"suiron")),
    "no_results": ((100, 30), ("slash", *"zqxjv")),
    "help": ((100, 30), ("question_mark",)),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare: SnapCompare, tmp_path: Path, name: str) -> None:
    size, keys = SCREENS[name]
    kwargs: dict[str, Any] = {"terminal_size": size, "run_before": typed(*keys)}
    assert snap_compare(make_app(tmp_path), **kwargs)
