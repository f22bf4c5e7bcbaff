"""The review screen: the cards due in some notes, one at a time, rated Again … Easy.

The deck is opened in a thread worker (it reads every note's cards); the screen then holds a
`ReviewSession` and draws its `current` card: the front, `space` shows the back, `1`–`4` rate
it (committed before the next card shows). `enter` leaves for the card's note in the browser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from tui.i18n import N_, _, ngettext
from tui.notes.safe_text import inert
from tui.screens.live_keys import keys_of
from tui.screens.study import HasStudy, Scope
from tui.widgets.key_bar import KeyBar
from tui.widgets.review_card import CardFace, ReviewCard

if TYPE_CHECKING:
    from tui.notes import Library
    from tui.study import Card, ReviewSession

LIBRARY_POLL = 0.05
"""Seconds between two looks for the notes when the review opened before they loaded."""

RATINGS = (N_("Again"), N_("Hard"), N_("Good"), N_("Easy"))
"""The names of the ratings 1–4."""
RATE_ACTIONS = ("rate(1)", "rate(2)", "rate(3)", "rate(4)")
"""The actions of the rating keys, in the order of `RATINGS`."""


class ReviewReady(Message):
    """The deck is open and the cards due are queued."""

    def __init__(self, session: ReviewSession, notices: list[str]) -> None:
        super().__init__()
        self.session = session
        self.notices = notices


class StudyFailed(Message):
    """The review store could not be opened; `problem` says why, for the user."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


class ReviewScreen(Screen[None]):
    """One card at a time from the cards due in `scope`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Leaving first: on a narrow terminal the key bar is cut at its end.
        Binding("escape,q", "leave", N_("Leave review"), id="review.leave"),
        Binding("space", "reveal", N_("Show answer"), id="review.reveal"),
        Binding("1", "rate(1)", N_("Again"), id="review.again"),
        Binding("2", "rate(2)", N_("Hard"), id="review.hard"),
        Binding("3", "rate(3)", N_("Good"), id="review.good"),
        Binding("4", "rate(4)", N_("Easy"), id="review.easy"),
        Binding("enter,o", "open_note", N_("Show note"), id="review.open_note"),
        Binding("s", "stats", N_("Stats"), id="review.stats"),
    ]

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope
        self.session: ReviewSession | None = None
        """The review, once the deck is open (None before, and when it could not be)."""
        self._library: Library | None = None
        self._waiting: Timer | None = None
        self._problem: str | None = None

    def compose(self) -> ComposeResult:
        """The progress line, the card, the keys."""
        yield Static("", id="review-progress", markup=False)
        with VerticalScroll(id="review-body"):
            yield ReviewCard(id="review-card")
        yield KeyBar(id="review-keys")

    def on_mount(self) -> None:
        """Open the deck in a worker (once the notes are loaded)."""
        self._say(_("Loading cards…"), "")
        self._start()

    def _main_library(self) -> Library | None:
        app = self.app
        return app.main_screen.library if isinstance(app, HasStudy) else None

    def _start(self) -> None:
        library = self._main_library()
        if library is None:
            # `kumonote review` on many notes: the review is up before they are loaded.
            if self._waiting is None:
                self._waiting = self.set_interval(LIBRARY_POLL, self._start)
            return
        if self._waiting is not None:
            self._waiting.stop()
            self._waiting = None
        self._library = library
        app = self.app
        assert isinstance(app, HasStudy)
        study, note_ids = app.study, self.scope.note_ids

        def job() -> None:
            from tui.study import ReviewSession, StudyStoreError

            try:
                deck = study.deck_for(library)
                session = ReviewSession(deck, note_ids)
            except StudyStoreError as error:
                self.post_message(StudyFailed(str(error)))
                return
            except Exception as error:  # a bug must not leave the review loading for ever
                self.post_message(StudyFailed(f"{type(error).__name__}: {inert(str(error))}"))
                return
            self.post_message(ReviewReady(session, study.untold_notices()))

        self.run_worker(job, thread=True, exclusive=True, group="study", exit_on_error=False)

    def on_review_ready(self, message: ReviewReady) -> None:
        """Show the first card."""
        for notice in message.notices:
            self.notify(notice, severity="warning", timeout=10)
        self.session = message.session
        self._draw()

    def on_study_failed(self, message: StudyFailed) -> None:
        """Say why there is no review."""
        self._problem = message.problem
        self.notify(message.problem, severity="error", timeout=10)
        self._say(_("Cannot review now"), message.problem)

    def language_changed(self) -> None:
        """The interface language changed: say everything again in it."""
        if self._problem is not None:
            self._say(_("Cannot review now"), self._problem)
        elif self.session is None:
            self._say(_("Loading cards…"), "")
        else:
            self._draw()
        for keys in self.query(KeyBar):
            keys.refresh()

    # ----- drawing -------------------------------------------------------------------------

    def _say(self, title: str, body: str) -> None:
        body_box = self.query_one("#review-body", VerticalScroll)
        body_box.border_title = title
        body_box.border_subtitle = ""
        self.query_one(ReviewCard).show(CardFace(body))
        self._draw_progress()
        self.refresh_bindings()

    def _draw(self) -> None:
        session = self.session
        if session is None:
            return
        card = session.current
        if card is None:
            self._draw_finished(session)
            return
        title, section = self._where(card)
        box = self.query_one("#review-body", VerticalScroll)
        box.border_title = title
        box.border_subtitle = section
        if session.revealed:
            hint = _("Rate it: {keys}").format(keys=self._rating_keys())
        else:
            hint = _("{keys}: show the answer").format(keys="/".join(keys_of(self, "reveal")))
        self.query_one(ReviewCard).show(
            CardFace(card.front, card.back if session.revealed else None, hint)
        )
        box.scroll_home(animate=False)
        self._draw_progress()
        self.refresh_bindings()

    def _rating_keys(self) -> str:
        parts = []
        for action, name in zip(RATE_ACTIONS, RATINGS, strict=True):
            keys = keys_of(self, action)
            if keys:
                parts.append(f"{'/'.join(keys)} {_(name)}")
        return "  ".join(parts)

    def _draw_finished(self, session: ReviewSession) -> None:
        leave = "/".join(keys_of(self, "leave"))
        stats = "/".join(keys_of(self, "stats"))
        after = _("{leave}: back to the notes   {stats}: statistics").format(
            leave=leave, stats=stats
        )
        if session.reviewed:
            done = ngettext(
                "{count} card reviewed. Nothing more is due in {scope}.",
                "{count} cards reviewed. Nothing more is due in {scope}.",
                session.reviewed,
            ).format(count=session.reviewed, scope=self.scope.name)
            self._say(_("Review done"), f"{done}\n\n{after}")
        else:
            nothing = _("No cards are due in {scope}.").format(scope=self.scope.name)
            self._say(_("Nothing to review now"), f"{nothing}\n\n{after}")

    def _where(self, card: Card) -> tuple[str, str]:
        """The title of the card's note and of its section."""
        library = self._library
        note = library.get(card.note_id) if library is not None else None
        if note is None:
            return inert(card.note_id), ""
        section = next((s.title for s in note.sections if s.anchor == card.section), "")
        return inert(note.title), inert(section)

    def _draw_progress(self) -> None:
        session = self.session
        scope = _("Review: {scope}").format(scope=self.scope.name)
        if session is None:
            text = scope
        else:
            # The counts first: a long scope is cut at the end of the line.
            text = _("left {remaining} · done {reviewed}   {scope}").format(
                scope=scope, remaining=session.remaining, reviewed=session.reviewed
            )
        self.query_one("#review-progress", Static).update(text)

    def progress_text(self) -> str:
        """The progress line, as shown."""
        return str(self.query_one("#review-progress", Static).render())

    # ----- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space until the answer shows, then the ratings; the note key needs a card."""
        card = self.session.current if self.session is not None else None
        revealed = self.session is not None and self.session.revealed
        if action == "reveal":
            return card is not None and not revealed
        if action == "rate":
            return card is not None and revealed
        if action == "open_note":
            return card is not None
        return True

    def action_reveal(self) -> None:
        """Show the back of the card."""
        if self.session is not None and self.session.current is not None:
            self.session.reveal()
            self._draw()

    def action_rate(self, rating: int) -> None:
        """Rate the card shown (only once its back is shown), then show the next."""
        from tui.study import StudyStoreError

        session = self.session
        if session is None or session.current is None or not session.revealed:
            return
        try:
            session.rate(rating)
        except StudyStoreError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._draw()

    def action_open_note(self) -> None:
        """Leave the review for the card's note, at the card's section, in the browser."""
        card = self.session.current if self.session is not None else None
        app = self.app
        if card is None or not isinstance(app, HasStudy):
            return
        main = app.main_screen
        self.dismiss()
        if main.library is not None and main.library.get(card.note_id) is not None:
            main.open_note(card.note_id, card.section or None)

    def action_stats(self) -> None:
        """The review statistics."""
        from tui.screens.study import open_stats

        open_stats(self.app)

    def action_leave(self) -> None:
        """Back to the browser."""
        self.dismiss()

    def card_text(self) -> str:
        """What the card shows now, as plain text."""
        return self.query_one(ReviewCard).text()
