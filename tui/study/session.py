"""One review: the queue of due cards, the card shown, whether its back is revealed.

Plain Python for a review screen to hold: `space` calls `reveal`, `1`–`4` call `rate`, and
the screen draws `current` and `revealed`. Cards rated Again or Hard come back in the same
review once their learning step is over (up to `LEARN_AHEAD` early, when nothing else is left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from tui.study.card import Card
from tui.study.deck import Deck
from tui.study.schedule import Memory, Rating, utc_now

LEARN_AHEAD = timedelta(minutes=20)
"""A card in its learning steps due within this is shown when no other card is left."""


class ReviewSession:
    """Review the due cards of some notes (of all when `note_ids` is None)."""

    def __init__(
        self,
        deck: Deck,
        note_ids: Iterable[str] | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.deck = deck
        self.clock = clock
        self.note_ids = None if note_ids is None else tuple(note_ids)
        self.queue: list[Card] = deck.due(self.note_ids, now=clock())
        self.later: list[tuple[datetime, Card]] = []
        """Cards rated in this review that come back soon, with when."""
        self.revealed = False
        self.reviewed = 0
        """Ratings made in this review."""

    @property
    def current(self) -> Card | None:
        """The card to show, or None when the review is over."""
        if not self.queue:
            self._bring_back()
        return self.queue[0] if self.queue else None

    @property
    def remaining(self) -> int:
        """Cards still to rate in this review, the current one and those coming back included."""
        return len(self.queue) + len(self.later)

    @property
    def finished(self) -> bool:
        """Whether no card is left to show."""
        return self.current is None

    def reveal(self) -> None:
        """Show the current card's back."""
        if self.current is not None:
            self.revealed = True

    def rate(self, rating: Rating | int) -> Memory | None:
        """Rate the current card (committed before this returns) and move to the next one.

        Returns the card's new memory, or None when there was no card to rate. When the store
        cannot be written, `StudyStoreError` is raised and the card stays on screen.
        """
        card = self.current
        if card is None:
            return None
        now = self.clock()
        memory = self.deck.rate(card, rating, now=now)
        self.queue.pop(0)
        self.reviewed += 1
        self.revealed = False
        if memory.due is not None and memory.due - now <= LEARN_AHEAD:
            self.later.append((memory.due, card))
            self.later.sort(key=lambda item: item[0])
        return memory

    def _bring_back(self) -> None:
        if self.later and self.later[0][0] - self.clock() <= LEARN_AHEAD:
            self.queue.append(self.later.pop(0)[1])
