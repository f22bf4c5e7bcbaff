"""Study mode with Pilot: `r` reviews what is due, ratings are kept, the stats screen, `review`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.style import Style
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Sparkline
from textual.widgets.tree import TreeNode

from tui import cli
from tui.notes import bundled_library
from tui.notes.model import Library
from tui.screens.main import MainScreen
from tui.screens.review import ReviewScreen
from tui.screens.stats import StatsScreen
from tui.state.files import data_dir
from tui.study import Deck, StudyStoreError, study_path
from tui.widgets.note_tree import NodeData, NoteTree
from tui.widgets.note_view import NoteView
from tui.widgets.review_card import ReviewCard

from .helpers import (
    Posted,
    choose_in_palette,
    make_app,
    ready,
    settle,
    shown,
    type_query,
    wait_until,
)


@pytest.fixture(scope="module")
def library() -> Library:
    return bundled_library()


@pytest.fixture
def deck(library: Library) -> Iterator[Deck]:
    """A deck on the test's own data directory: the one the app uses."""
    with Deck.open(library, study_path(data_dir())) as opened:
        yield opened


async def review_opened(pilot: Pilot[None]) -> ReviewScreen:
    """Wait for the review screen and for its deck to be open."""
    screen = await wait_until(
        pilot,
        lambda: pilot.app.screen if isinstance(pilot.app.screen, ReviewScreen) else None,
        "the review screen shown",
    )
    await wait_until(pilot, lambda: screen.session is not None, "the cards due queued")
    await settle(pilot)
    return screen


async def press_r_outside_the_tree(pilot: Pilot[None], screen: MainScreen) -> ReviewScreen:
    """`r` with the note pane focused and no search: a review of every note."""
    screen.set_focus(screen.query_one(NoteView))
    await pilot.press("r")
    return await review_opened(pilot)


async def test_r_reveal_and_three_ratings_are_kept_and_counted(
    tmp_path: Path, library: Library
) -> None:
    app = make_app(tmp_path)
    rated: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        session = review.session
        assert session is not None and review.scope.note_ids is None
        due_at_first = session.remaining
        for _ in range(3):
            card = session.current
            assert card is not None
            face = review.query_one(ReviewCard).face
            assert face.front == card.front and face.back is None
            assert "space: 答えを見る" in review.card_text()
            await pilot.press("space")
            assert review.query_one(ReviewCard).face.back == card.back
            assert "評価: 1 もう一度  2 難しい  3 正解  4 簡単" in review.card_text()
            await pilot.press("3")
            rated.append(card.id)
        assert session.reviewed == 3
        assert "済み 3" in review.progress_text()
        assert f"残り {due_at_first - 3}" in review.progress_text()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "back on the browser")
    with Deck.open(library, study_path(data_dir())) as fresh:
        due = {card.id for card in fresh.due()}
        assert len(set(rated)) == 3
        assert not due & set(rated)
        assert fresh.stats().reviews_today == 3


async def test_rating_keys_do_nothing_before_the_answer_is_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        session = review.session
        assert session is not None
        first = session.current
        await pilot.press("1", "2", "3", "4")
        assert session.reviewed == 0 and session.current is first and not session.revealed
        await pilot.press("space", "4")
        assert session.reviewed == 1 and session.current is not first


async def test_a_note_with_nothing_due_says_so(tmp_path: Path, deck: Deck) -> None:
    for card in deck.cards_of_notes(["security/kms"]):
        deck.rate(card, 4)  # Easy: due in days
    assert deck.cards_of_notes(["security/kms"]) and not deck.due(["security/kms"])
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)
        assert tree.select_note("security/kms")
        screen.set_focus(tree)
        await pilot.press("r")
        review = await review_opened(pilot)
        assert review.scope.note_ids == ("security/kms",)
        assert review.session is not None and review.session.finished
        assert "今復習するカードはありません" in review.card_text()
        await pilot.press("space", "3")
        assert review.session.reviewed == 0


async def test_reviewing_a_search_asks_only_about_the_notes_found(
    tmp_path: Path, deck: Deck
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "暗号")
        found = set(screen.search.session.hits)
        assert found and len(found) < len(screen.library or ())
        await pilot.press("enter")  # read the best result: the search stays shown
        await pilot.press("r")
        review = await review_opened(pilot)
        session = review.session
        assert session is not None and review.scope.note_ids is not None
        assert set(review.scope.note_ids) == found
        queued = {card.note_id for card in session.queue}
        assert queued and queued <= found
        assert session.remaining == len(deck.due(found)) < len(deck.due())


async def test_the_palette_reviews_what_was_just_looked_up(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await type_query(pilot, "暗号")
        found = set(screen.search.session.hits)
        await choose_in_palette(pilot, "調べたもの")
        review = await review_opened(pilot)
        assert review.scope.note_ids is not None and set(review.scope.note_ids) == found


async def test_show_note_leaves_for_the_cards_note_in_the_browser(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        screen.open_note("security/kms")
        review = await press_r_outside_the_tree(pilot, screen)
        assert review.session is not None
        for _ in range(5):  # away from the note the browser shows
            await pilot.press("space", "3")
        card = review.session.current
        assert card is not None and card.note_id != "security/kms"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, "back on the browser")
        assert shown(screen) == card.note_id


async def test_the_stats_screen_shows_the_figures(tmp_path: Path, deck: Deck) -> None:
    for card in deck.cards[:2]:
        deck.rate(card, 3)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await choose_in_palette(pilot, "統計")
        stats = await wait_until(
            pilot,
            lambda: app.screen if isinstance(app.screen, StatsScreen) else None,
            "the stats screen shown",
        )
        await wait_until(pilot, lambda: stats.stats is not None, "the statistics computed")
        text = stats.shown_text()
        assert "今日の復習 2 回、累計 2 回" in text
        assert f"カード {len(deck.cards)} 枚" in text
        assert "今日 2" in text
        assert list(stats.query_one("#history-chart", Sparkline).data or [])[-1] == 2
        assert sum(stats.query_one("#forecast-chart", Sparkline).data or []) == 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, StatsScreen), "stats closed")


async def test_s_on_the_review_opens_the_stats(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        await pilot.press("space", "3", "s")
        stats = await wait_until(
            pilot,
            lambda: app.screen if isinstance(app.screen, StatsScreen) else None,
            "the stats screen shown",
        )
        await wait_until(pilot, lambda: stats.stats is not None, "the statistics computed")
        assert stats.stats is not None and stats.stats.reviews_today == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is review, "back on the review")


async def test_the_app_can_start_on_the_review(tmp_path: Path, deck: Deck) -> None:
    app = make_app(tmp_path, start_review=True)
    async with app.run_test(size=(100, 30)) as pilot:
        review = await review_opened(pilot)
        assert review.scope.note_ids is None
        assert review.session is not None and review.session.remaining == len(deck.due())
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), "on the browser")


def test_kumonote_review_starts_the_app_on_the_review(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app
    import tui.widgets.image_support

    made: list[dict[str, object]] = []

    class Recorded:
        """Stands in for the app: records how it was made."""

        return_code = 0

        def __init__(self, **kwargs: object) -> None:
            made.append(kwargs)

        def run(self) -> None:
            """Nothing to draw."""

    monkeypatch.setattr(cli, "terminal_problem", lambda: None)
    monkeypatch.setattr(tui.app, "KumonoteApp", Recorded)
    monkeypatch.setattr(tui.widgets.image_support, "prepare", lambda: None)
    assert cli.main(["review"]) == 0
    assert cli.main([]) == 0
    assert [kwargs.get("start_review") for kwargs in made] == [True, False]


async def test_the_help_of_the_review_lists_its_keys_and_q_as_leaving_it(tmp_path: Path) -> None:
    from tui.screens.help import help_rows

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        rows = {description: keys.split() for _where, keys, description in help_rows(review)[0]}
        assert rows["復習をやめる"] == ["esc", "q"]
        assert rows["答えを見る"] == ["space"]
        assert [rows[name] for name in ("もう一度", "難しい", "正解", "簡単")] == [
            ["1"],
            ["2"],
            ["3"],
            ["4"],
        ]
        assert "q" not in rows["終了"]  # the app's quit key is the review's here


async def test_a_rating_the_store_cannot_keep_is_said_and_the_card_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Deck, card: object, rating: object, **kwargs: object) -> None:
        raise StudyStoreError("the review store is read-only")

    monkeypatch.setattr(Deck, "rate", refuse)
    posted = Posted()
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        assert review.session is not None
        first = review.session.current
        await pilot.press("space", "3")
        await pilot.pause()
        assert review.session.current is first and review.session.reviewed == 0
        assert "the review store is read-only" in posted.notified()


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (StudyStoreError("cannot open the review store: locked"), "locked"),
        (RuntimeError("a bug: locked"), "RuntimeError: a bug: locked"),
    ],
)
async def test_a_store_that_cannot_be_opened_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, said: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> Deck:
        raise error

    monkeypatch.setattr(Deck, "open", refuse)
    posted = Posted()
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), message_hook=posted) as pilot:
        screen = await ready(pilot)
        screen.set_focus(screen.query_one(NoteView))
        await pilot.press("r")
        review = await wait_until(
            pilot,
            lambda: app.screen if isinstance(app.screen, ReviewScreen) else None,
            "the review screen shown",
        )
        await wait_until(
            pilot, lambda: "locked" in review.card_text(), "the problem shown on the review"
        )
        assert review.session is None
        assert any(said in notice for notice in posted.notified())
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "back on the browser")


async def test_after_a_review_the_tree_shows_the_cards_due(tmp_path: Path, deck: Deck) -> None:
    before = deck.due_counts()
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        tree = screen.query_one(NoteTree)

        def label(node: TreeNode[NodeData]) -> str:
            return tree.render_label(node, Style(), Style()).plain

        assert not any("要復習" in label(node) for node in tree._walk())  # the deck is not open
        review = await press_r_outside_the_tree(pilot, screen)
        card = review.session.current if review.session is not None else None
        assert card is not None
        await pilot.press("space", "4", "escape")
        await wait_until(pilot, lambda: app.screen is screen, "back on the browser")
        await settle(pilot)
        assert tree.select_note(card.note_id)
        node = tree.cursor_node
        assert node is not None and node.parent is not None
        due_in_note = before[card.note_id] - 1
        assert (
            (f"要復習 {due_in_note}" in label(node)) if due_in_note else "要復習" not in label(node)
        )
        library = screen.library
        assert library is not None
        category = next(c for c in library.categories if card.note_id in {n.id for n in c.notes})
        due_in_category = sum(before.get(note.id, 0) for note in category.notes) - 1
        assert f"要復習 {due_in_category}" in label(node.parent)


async def test_r_on_a_category_reviews_its_notes(tmp_path: Path, deck: Deck) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        library = screen.library
        assert library is not None
        category = next(
            c for c in library.categories if any(n.id == "security/kms" for n in c.notes)
        )
        tree = screen.query_one(NoteTree)
        assert tree.select_note("security/kms")
        node = tree.cursor_node
        assert node is not None and node.parent is not None
        tree.move_cursor(node.parent)
        screen.set_focus(tree)
        await pilot.press("r")
        review = await review_opened(pilot)
        ids = [note.id for note in category.notes]
        assert review.scope.note_ids == tuple(ids) and review.scope.name == category.title
        assert review.session is not None
        assert review.session.remaining == len(deck.due(ids)) < len(deck.due())


async def test_a_review_opened_before_the_notes_loaded_waits_for_them(tmp_path: Path) -> None:
    from tui.screens.study import everything, open_review

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        library, screen.library = screen.library, None  # as when `kumonote review` starts
        open_review(app, everything())
        review = await wait_until(
            pilot,
            lambda: app.screen if isinstance(app.screen, ReviewScreen) else None,
            "the review screen shown",
        )
        await settle(pilot)
        body = review.query_one("#review-body", VerticalScroll)
        assert review.session is None and body.border_title == "カードを読み込んでいます…"
        screen.library = library
        await review_opened(pilot)
        assert review.session is not None and review.session.current is not None


async def test_the_review_speaks_the_language_switched_to(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        review = await press_r_outside_the_tree(pilot, screen)
        assert "復習: すべてのノート" in review.progress_text()
        app.switch_language("en")
        await pilot.pause()
        assert "Review: all notes" in review.progress_text() and "left" in review.progress_text()
        assert "space: show the answer" in review.card_text()
        await pilot.press("s")
        stats = await wait_until(
            pilot,
            lambda: app.screen if isinstance(app.screen, StatsScreen) else None,
            "the stats screen shown",
        )
        await wait_until(pilot, lambda: stats.stats is not None, "the statistics computed")
        assert "Reviews today 0, in all 0" in stats.shown_text()
        app.switch_language("ja")
        await pilot.pause()
        assert "今日の復習 0 回、累計 0 回" in stats.shown_text()
        assert "復習: すべてのノート" in review.progress_text()


@pytest.mark.parametrize("typed", ["Review due cards", "期限のカード", "kigen"])
async def test_the_palette_reviews_everything_by_either_name(tmp_path: Path, typed: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await choose_in_palette(pilot, typed)
        review = await review_opened(pilot)
        assert review.scope.note_ids is None
