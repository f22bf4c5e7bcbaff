"""The API reference in the app: its branch, a search that lands on a page, `c` copies the
boto3 call, and `f` goes from a note to its page and back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.screens.choose import ChooseScreen
from tui.screens.messages import IndexReady, LibraryLoaded
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView

from .helpers import Posted, make_app, ready, settle, shown, type_query, wait_until

PAGE = "aws:sagemaker-runtime/InvokeEndpoint"
pytestmark = pytest.mark.usefixtures("reference_data")


async def test_the_reference_branch_search_and_copy(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        sources = [node.data.source for node in tree.root.children if node.data]
        assert sources == ["kumonote", "aws"]
        assert str(tree.root.children[1].label).endswith("AWS API リファレンス")
        await type_query(pilot, "invoke endpoint")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(screen) == PAGE
        view = screen.query_one(NoteView)
        await pilot.press("c")  # the call block is below the first screenful: found, shown, copied
        await settle(pilot)
        assert app.clipboard.startswith("import boto3")
        assert 'client.invoke_endpoint(EndpointName="string", Body=b"bytes")' in app.clipboard
        assert any("client.invoke_endpoint(" in line for line in view.lines[view.top_line :][:32])


async def test_f_leads_from_a_note_to_its_api_page_and_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, open_note="sagemaker/invoke-endpoint")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await ready(pilot)
        assert shown(screen) == "sagemaker/invoke-endpoint"
        view = screen.query_one(NoteView)
        assert "API リファレンス" in view.lines
        await pilot.press("f")
        dialog = await wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, ChooseScreen) else None, "links"
        )
        keys = [key for key, _label, _detail in dialog.items]
        assert PAGE in keys
        dialog.dismiss(PAGE)
        await wait_until(pilot, lambda: shown(screen) == PAGE, "the API page shown")
        lines = view.lines
        assert "関連ノート" in lines
        related = lines[lines.index("関連ノート") :]
        assert any("InvokeEndpoint" in line for line in related)
        await pilot.press("f")
        dialog = await wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, ChooseScreen) else None, "links"
        )
        assert "sagemaker/invoke-endpoint" in [key for key, _l, _d in dialog.items]
        dialog.dismiss("sagemaker/invoke-endpoint")
        await wait_until(
            pilot, lambda: shown(screen) == "sagemaker/invoke-endpoint", "back to the note"
        )


async def test_the_reference_joins_after_the_notes_and_a_page_asked_for_opens(
    tmp_path: Path,
) -> None:
    posted = Posted()
    app = make_app(tmp_path, open_note=PAGE)
    async with app.run_test(size=(110, 32), message_hook=posted) as pilot:
        screen = await ready(pilot)
        seen = list({id(m): m for m in posted.messages}.values())  # each once (they bubble)
        loads = [m for m in seen if isinstance(m, LibraryLoaded)]
        # the notes drew the first screen (from the load begun with the app, not a message),
        # then the reference joined them; the index opened once, on everything
        assert [(len(m.library.sources), m.reload) for m in loads] == [(2, True)]
        assert sum(isinstance(m, IndexReady) for m in seen) == 1
        assert shown(screen) == PAGE
        assert screen.engine is not None and screen.engine.search("SendMessage", 1).hits
