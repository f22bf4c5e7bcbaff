"""`kumonote NOTE` hands the app a note id: the app opens exactly that note."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiting import wait_until

from tui.app import KumonoteApp
from tui.screens.main import MainScreen
from tui.widgets.note_view import NoteView


@pytest.mark.parametrize("note_id", ["ai-services/comprehend", "security/kms"])
async def test_app_opens_a_note_by_its_id(tmp_path: Path, note_id: str) -> None:
    app = KumonoteApp(
        open_note=note_id, cache_dir=tmp_path / "index", data_dir=tmp_path / "d", watch=False
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.library is not None, "the notes loaded")
        await pilot.pause()
        note = screen.query_one(NoteView).note
        assert note is not None and note.id == note_id
