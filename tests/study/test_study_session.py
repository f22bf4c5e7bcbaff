"""A review session as a review screen holds it: reveal, rate, what comes next."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.notes.model import Library
from tui.study import Deck, Phase, Rating, ReviewSession

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


class Clock:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def test_reveal_then_rate_moves_to_the_next_card_and_commits(library: Library, db: Path) -> None:
    clock = Clock()
    with Deck.open(library, db, now=START, fuzz=False) as deck:
        session = ReviewSession(deck, clock=clock)
        first = session.current
        assert first is not None and not session.revealed
        session.reveal()
        assert session.revealed
        memory = session.rate(Rating.GOOD)
        assert memory is not None and memory.phase is Phase.REVIEW
        assert session.current is not None and session.current != first
        assert not session.revealed
        assert deck.store.reviews()[-1].card_id == first.id
        assert session.reviewed == 1


def test_a_card_rated_again_comes_back_before_the_review_ends(library: Library, db: Path) -> None:
    clock = Clock()
    with Deck.open(library, db, now=START, fuzz=False) as deck:
        session = ReviewSession(deck, clock=clock)
        total = session.remaining
        forgotten = session.current
        assert forgotten is not None
        session.rate(Rating.AGAIN)
        shown = []
        while not session.finished:
            card = session.current
            assert card is not None
            shown.append(card)
            clock.now += timedelta(seconds=20)
            session.rate(Rating.GOOD)
        assert shown[-1] == forgotten
        assert len(shown) == total
        assert session.rate(Rating.GOOD) is None
        assert deck.due(now=clock.now) == []


def test_a_session_over_some_notes_shows_only_their_cards(library: Library, db: Path) -> None:
    with Deck.open(library, db, now=START) as deck:
        session = ReviewSession(deck, ["security/kms"], clock=Clock())
        seen = set()
        while session.current is not None:
            seen.add(session.current.note_id)
            session.rate(Rating.EASY)
        assert seen == {"security/kms"}
        assert deck.due_counts(now=START) == {
            "integration/sqs": len(deck.cards_of_notes(["integration/sqs"]))
        }
        assert deck.category_due_counts(now=START) == {
            "ML": len(deck.cards_of_notes(["integration/sqs"]))
        }
