"""The browser with Pilot: filtering, restore on Escape, stale results, n/N, help, palette."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual import events

from tui.i18n import _, ngettext
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.note_tree import NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.search_bar import SearchBar

from .helpers import choose_in_palette, make_app, note_ids, ready, settle, status, type_query


async def test_start_screen_shows_categories_and_first_note(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        labels = [str(node.label) for node in tree.root.children]
        assert labels[0] == "2 基本概念 (Concepts)"
        assert any("セキュリティ" in label for label in labels)
        view = screen.query_one(NoteView)
        assert view.border_title and "3つの階層" in str(view.border_title)
        assert app.focused is tree


async def test_search_filters_tree_and_shows_best_match(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        everything = note_ids(tree) or []
        await type_query(pilot, "暗号")
        assert isinstance(app.focused, SearchBar)
        shown = note_ids(tree)
        assert shown and shown[0] == "security/kms" and len(shown) < len(everything) + 37
        assert all(node.is_expanded for node in tree.root.children)
        view = screen.query_one(NoteView)
        assert "KMS" in str(view.border_title)
        assert view.match_count > 0
        assert "件" in status(screen)


async def test_escape_restores_tree_and_focuses_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        assert tree.select_note("ai-services/polly")
        await pilot.pause()
        before_expanded = [n.is_expanded for n in tree.root.children]
        before_cursor = tree.cursor_node.data if tree.cursor_node else None
        await type_query(pilot, "kms")
        assert note_ids(tree)[0] == "security/kms"
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is tree
        assert not tree.filtered
        assert [n.is_expanded for n in tree.root.children] == before_expanded
        assert tree.cursor_node is not None and tree.cursor_node.data == before_cursor
        assert screen.query_one(SearchBar).value == ""
        # the note shown agrees with the tree: the one it showed before the search
        view = screen.query_one(NoteView)
        assert view.note is not None and view.note.id == "ai-services/polly"


async def test_escape_after_opening_a_result_keeps_it_and_selects_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        view = screen.query_one(NoteView)
        assert tree.select_note("ai-services/polly")
        await type_query(pilot, "kms")
        await pilot.press("enter")  # read the best result
        await settle(pilot)
        assert app.focused is view and view.note is not None
        opened = view.note.id
        await pilot.press("escape", "escape")  # note → filtered tree → whole tree
        await settle(pilot)
        assert not tree.filtered and tree.has_focus
        assert view.note is not None and view.note.id == opened
        node = tree.cursor_node
        assert node is not None and node.data is not None and node.data.note_id == opened


async def test_stale_results_are_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        engine = screen.engine
        assert engine is not None
        release = threading.Event()
        real_search = engine.search
        seen: list[str] = []

        def slow_search(query: str, limit: int = 50, **options: Any) -> Any:
            if query == "p":
                release.wait(5)
            return real_search(query, limit=limit, **options)

        monkeypatch.setattr(engine, "search", slow_search)
        tree = screen.query_one(NoteTree)
        original = tree.show_hits

        def record(hits: list[tuple[str, int]], partial: frozenset[str] = frozenset()) -> None:
            seen.append(",".join(h[0] for h in hits))
            original(hits, partial)

        monkeypatch.setattr(tree, "show_hits", record)
        await pilot.press("slash", "p")
        await pilot.pause()
        await pilot.press("o", "l", "l", "y")  # typed while "p" is still searching
        release.set()
        await settle(pilot)
        await settle(pilot)
        assert seen, "no result was shown"
        assert len(seen) == 1, f"a stale result was shown: {seen}"
        assert seen[0].split(",")[0] == "ai-services/polly"


async def test_n_and_shift_n_move_between_matches(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "kms")
        view = screen.query_one(NoteView)
        total = view.match_count
        assert total >= 3
        await pilot.press("enter")  # focus the note
        assert app.focused is view
        await pilot.press("n")
        first = status(screen)
        await pilot.press("n")
        second = status(screen)
        await pilot.press("N")
        assert status(screen) == first != second
        assert f"/{total}" in first


async def test_previewing_the_shown_note_again_keeps_the_current_match(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "kms")
        view = screen.query_one(NoteView)
        await pilot.press("enter", "n", "n")
        assert status(screen).startswith(_("match {index}/{total}").format(index=3, total=""))
        note = view.note
        assert note is not None
        screen.post_message(NoteTree.NoteHighlighted(note.id, None))  # the tree's preview
        await settle(pilot)
        await pilot.press("n")
        assert status(screen).startswith(_("match {index}/{total}").format(index=4, total=""))


async def test_up_down_in_search_bar_move_results(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "推論")
        tree = screen.query_one(NoteTree)
        shown = note_ids(tree)
        assert len(shown) >= 2
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.focused, SearchBar)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.note_id == shown[1]
        view = screen.query_one(NoteView)
        note = screen.library.get(shown[1]) if screen.library else None
        assert note is not None and str(view.border_title) == note.title


async def test_no_results_says_so_and_suggests(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "zqxjv")
        assert note_ids(screen.query_one(NoteTree)) == []
        assert "0 件" in status(screen)
        assert _("No matching notes") in "\n".join(screen.query_one(NoteView).lines)
        assert "enter" not in offered(screen)  # nothing to read: the footer does not offer it
        await pilot.press("enter")  # nothing to read: the query stays editable
        await pilot.pause()
        assert isinstance(app.focused, SearchBar)
        await pilot.press(*["backspace"] * 5, *"暗号")
        await settle(pilot)
        assert "enter" in offered(screen)
        await pilot.press("enter")  # reading the result: n/N move between its matches
        await pilot.pause()
        assert {"n", "N"} <= offered(screen)


def offered(screen: MainScreen) -> set[str]:
    """The keys the footer offers now (bindings whose action is available)."""
    return {key for key, active in screen.active_bindings.items() if active.enabled}


@pytest.mark.usefixtures("english")  # the help's rows, asserted by their English names
async def test_help_lists_live_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(context, description) for context, _keys, description in app.screen._rows}
        assert ("Tree and note", "Next match") in rows
        assert ("Tree", "Fold") in rows or ("Tree", "Read") in rows
        # plain letters are typed in the search bar: they are not "everywhere" keys
        keys = {(context, keys) for context, keys, _description in app.screen._rows}
        assert ("Tree and note", "q") in keys and ("Everywhere", "^q") in keys
        assert ("Everywhere", "^p") in keys and ("Everywhere", "tab") in keys
        # scrolling keys a widget inherits but cannot use are left out; the ones it can, kept
        assert (
            not {
                ("Search bar", "Page Up"),
                ("Search bar", "Page Left"),
                ("Tree", "Scroll Left"),
                ("Tree", "Page Right"),
            }
            & rows
        )
        assert ("Tree", "Page Down") in rows and ("Note", "Page down") in rows
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_word_deletion_in_the_search_bar_deletes_to_the_left(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"sage maker")
        bar = screen.query_one(SearchBar)
        await pilot.press("alt+backspace")
        assert bar.value == "sage "
        await pilot.press("ctrl+w")
        assert bar.value == ""


@pytest.mark.usefixtures("english")
async def test_help_follows_a_remapped_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.set_keymap({"main.toggle_tree": "ctrl+y"})
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {description: k for _c, k, description in app.screen._rows}
        assert keys["Tree"] in ("^y", "ctrl+y")


async def test_palette_goes_to_a_note(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await choose_in_palette(pilot, "greengrass")
        assert "Greengrass" in str(screen.query_one(NoteView).border_title)


@pytest.mark.parametrize("width", [50, 40])
async def test_narrow_terminal_folds_the_tree_away(tmp_path: Path, width: int) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        assert not tree.display or tree.region.width == 0
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert tree.region.width > 0 and app.focused is tree
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.note_id is not None
        await pilot.press("enter")  # reading a note folds the tree away again
        await pilot.pause()
        assert tree.region.width == 0 and isinstance(app.focused, NoteView)
        await pilot.press("escape")  # back out: to the tree
        await pilot.pause()
        assert tree.region.width > 0 and app.focused is tree


async def test_q_quits_but_types_in_the_search_bar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "q")
        assert screen.query_one(SearchBar).value == "q"
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_the_tree_shows_the_best_hundred_and_says_there_are_more(tmp_path: Path) -> None:
    content = tmp_path / "content" / "many"
    content.mkdir(parents=True)
    for i in range(130):
        extra = "キュー " * (i % 7)
        (content / f"note{i:03}.md").write_text(
            f"# ノート {i}\n\nSQS のキューの話。{extra}\n", encoding="utf-8"
        )
    (content / "other.md").write_text("# 別の話\n\nStep Functions だけ。\n", encoding="utf-8")
    app = make_app(tmp_path, content=tmp_path / "content")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        await type_query(pilot, "キュー")
        assert len(note_ids(tree)) == 100
        assert status(screen).startswith("100+ 件")
        await pilot.press("escape")
        await type_query(pilot, "step")
        assert note_ids(tree) == ["many/other"]
        assert status(screen).startswith("1 件")


async def test_l_unfolds_a_folded_category_and_a_note(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        tree.focus()
        folded = next(node for node in tree.root.children if not node.is_expanded)
        tree.move_cursor(folded)
        await pilot.press("l")
        assert folded.is_expanded and folded.children
        note = folded.children[0]
        if note.allow_expand:
            tree.move_cursor(note)
            await pilot.press("l")
            assert note.is_expanded and note.children


async def test_the_status_counts_the_matches_of_the_note_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "コンテナ")
        view = screen.query_one(NoteView)
        for _ in range(3):
            await pilot.press("down")
            await settle(pilot)
            count = view.match_count
            said = ngettext("{count} match", "{count} matches", count).format(count=count)
            assert f"· {said} ·" in status(screen)


@pytest.mark.parametrize(
    ("width", "start"),
    # "did you mean" comes before the count: kept as long as it fits
    [(160, "もしかして SageMaker? · "), (80, "もしかして SageMaker?"), (50, "SageMaker?")],
)
async def test_a_typo_with_hits_shows_did_you_mean(tmp_path: Path, width: int, start: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "sagemkaer")
        assert note_ids(screen.query_one(NoteTree))  # the typo still finds notes
        assert status(screen).startswith(start)
        if width >= 160:  # the whole of it fits: suggestion and count
            room = screen.query_one("#status").content_region.width
            assert status(screen).endswith("件") and cell_len(status(screen)) <= room
        await pilot.press(*["backspace"] * 4, *"aker")
        await settle(pilot)
        assert screen.query_one(SearchBar).value == "sagemaker"
        assert "もしかして" not in status(screen)
        # the count always; the note's matches where the status line has room for them
        assert ("件 ·" if width >= 80 else "件") in status(screen)


async def test_tree_labels_cut_by_the_width_end_in_an_ellipsis(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(64, 24)) as pilot:  # a tree too narrow for some categories
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        width = tree.scrollable_content_region.width
        lines = [tree.render_line(y).text.rstrip() for y in range(tree.last_line + 1)]
        for line in lines:
            assert cell_len(line) <= width
        cut = [line for line in lines if line.endswith("…")]
        assert cut, lines
        assert all(not line.endswith(" …") for line in cut)


async def test_cut_result_labels_drop_the_vendor_word_to_tell_notes_apart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        await type_query(pilot, "sagemaker")
        lines = [tree.render_line(y).text.rstrip() for y in range(tree.last_line + 1)]
        sagemaker = [line for line in lines if "SageMaker" in line and "▶" in line]
        assert len(sagemaker) >= 4
        assert all("Amazon" not in line for line in sagemaker)  # cut: "SageMaker (マルチ…"
        assert len(set(sagemaker)) == len(sagemaker)  # and no two read the same
        assert any("AWS Step Functions" in line for line in lines)  # fits: kept whole


async def test_escape_then_slash_arriving_together_leave_the_search_bar_focused(
    tmp_path: Path,
) -> None:
    """Keys read in one go (fast typing on a busy app) act in the order they were typed."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        assert app.focused is tree
        for key, character in (("escape", "\x1b"), ("slash", "/"), ("k", "k"), ("m", "m")):
            app.post_message(events.Key(key, character))  # queued before any is handled
        await settle(pilot)
        bar = screen.query_one(SearchBar)
        assert bar.has_focus
        assert bar.value == "km"


async def test_results_then_none_say_zero_and_mark_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "8888")
        assert status(screen).startswith("2 件")
        await pilot.press("9")
        await settle(pilot)
        assert status(screen).startswith("0 件"), status(screen)
        view = screen.query_one(NoteView)
        assert view.match_count == 0  # the message does not mark 8888


async def test_escape_from_a_category_brings_back_the_note_from_before(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        view = screen.query_one(NoteView)
        assert tree.select_note("security/kms")
        await settle(pilot)
        tree.move_cursor(tree.root.children[0], animate=False)  # a category
        await settle(pilot)
        assert view.note is not None and view.note.id == "security/kms"
        await type_query(pilot, "zzqx")
        assert view.note is None
        await pilot.press("escape")
        await settle(pilot)
        assert view.note is not None and view.note.id == "security/kms"


async def test_a_query_longer_than_the_bar_scrolls_to_keep_the_cursor_in_view(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *("sagemaker " * 8))
        await settle(pilot)
        bar = screen.query_one(SearchBar)
        assert bar.virtual_size.width > bar.content_region.width
        assert bar.scroll_x > 0
        x = bar.cursor_screen_offset.x
        assert bar.content_region.x <= x <= bar.content_region.right  # may sit in the padding
        await pilot.press("home")
        await settle(pilot)
        assert bar.scroll_x == 0


async def test_a_note_found_by_an_alias_alone_offers_no_match_keys(tmp_path: Path) -> None:
    content = tmp_path / "content" / "auth"
    content.mkdir(parents=True)
    (content / "federation.md").write_text(
        "---\naliases: [SAML]\n---\n# IAM フェデレーション\n\n外部の ID で AWS に入る。\n",
        encoding="utf-8",
    )
    app = make_app(tmp_path, content=tmp_path / "content")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "saml")
        assert note_ids(screen.query_one(NoteTree)) == ["auth/federation"]
        # why it matched instead of "0 matches", and no "n/N": there is nothing to jump to
        assert status(screen) == "1 件 · 別名: SAML"
        await pilot.press("enter")
        await pilot.pause()
        assert {"n", "N"}.isdisjoint(offered(screen))
