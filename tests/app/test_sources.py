"""Two content sources in the app: two branches, one search, live reload of the second,
and a source that went away."""

from __future__ import annotations

from pathlib import Path

from textual.widgets.tree import TreeNode

from tui.notes.sources import Source
from tui.widgets.note_tree import NodeData, NoteTree
from tui.widgets.note_view import NoteView

from .helpers import Posted, make_app, ready, settle, type_query, wait_until, watching


def mine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine" / "lab"
    folder.mkdir(parents=True)
    (folder / "rotation.md").write_text(
        "# 鍵の自動ローテーション\n\n- 暗号鍵は毎年ローテーションされる。\n", encoding="utf-8"
    )
    return folder.parent


def top(tree: NoteTree) -> list[str]:
    return [str(node.label) for node in tree.root.children]


def sources_of(tree: NoteTree) -> list[str | None]:
    return [node.data.source if node.data else None for node in tree.root.children]


def notes_under(node: TreeNode[NodeData]) -> list[str]:
    found = []
    for child in node.children:
        if child.data is not None and child.data.note_id is not None:
            found.append(child.data.note_id)
        found.extend(notes_under(child))
    return found


async def test_two_sources_are_two_branches_and_one_search(tmp_path: Path) -> None:
    folder = mine(tmp_path)
    app = make_app(tmp_path, content=[Source.bundled(), Source(folder, "自分のノート")])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        assert sources_of(tree) == ["kumonote", "自分のノート"]
        labels = top(tree)
        assert labels[0].endswith("同梱のノート") and labels[1] == "1 自分のノート"
        assert len(tree.root.children[0].children) > 5  # the bundled categories
        assert [str(c.label) for c in tree.root.children[1].children] == ["1 lab"]
        await type_query(pilot, "暗号")  # in both: the bundled KMS note and my own
        found = {
            source: notes_under(node)
            for source, node in zip(sources_of(tree), tree.root.children, strict=True)
        }
        assert "自分のノート:lab/rotation" in found["自分のノート"]
        assert "security/kms" in found["kumonote"]
        await pilot.press("escape")
        assert tree.select_note("自分のノート:lab/rotation")
        await settle(pilot)
        assert screen.query_one(NoteView).note is not None
        assert "毎年ローテーション" in "\n".join(screen.query_one(NoteView).lines)


async def test_editing_the_second_source_updates_the_tree(tmp_path: Path) -> None:
    folder = mine(tmp_path)
    app = make_app(tmp_path, content=[Source.bundled(), Source(folder)], watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await watching(pilot, folder / "lab" / "probe.md", "mine:lab/probe")
        (folder / "lab" / "new.md").write_text("# 新しいメモ\n- 追加\n", encoding="utf-8")
        await wait_until(
            pilot,
            lambda: screen.library is not None and screen.library.get("mine:lab/new") is not None,
            "the new note of the second source loaded",
        )
        await settle(pilot)
        tree = screen.query_one(NoteTree)
        assert str(tree.root.children[1].label) == "3 mine"


async def test_a_missing_source_is_told_and_the_bundled_notes_open(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    posted = Posted()
    app = make_app(tmp_path, content=[Source.bundled(), Source(gone, "消えたフォルダー")])
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        screen = await ready(pilot)
        assert screen.library is not None and screen.library.get("security/kms") is not None
        told = "\n".join(posted.notified())
        assert "問題 1 件" in told, told
        tree = screen.query_one(NoteTree)
        assert sources_of(tree) == ["kumonote"]  # no empty branch for it
        assert screen.query_one(NoteView).note is not None
