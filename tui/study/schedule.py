"""Scheduling with FSRS (the `fsrs` package): a card's memory, and what a rating does to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import IntEnum

import fsrs

DEFAULT_RETENTION = 0.9
"""The share of reviews meant to be remembered; FSRS spaces reviews to keep to it."""
LEARNING_STEPS = (timedelta(minutes=1),)
"""A new card rated Again or Hard comes back after a minute (in the same review); Good or
Easy moves it straight to days-long intervals, so a card rated Good is not due again today."""
RELEARNING_STEPS = (timedelta(minutes=10),)
"""A forgotten card (Again in review) comes back after ten minutes."""


class Rating(IntEnum):
    """How well a card was remembered: the keys `1`–`4` of the review."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """Where a card is in its life; NEW has never been rated (FSRS's own states are 1–3)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class Memory:
    """A card's scheduling state, as the review store keeps it."""

    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    """When the card is next due (UTC); None for a new card, which is due at once."""
    last_review: datetime | None = None

    def is_due(self, now: datetime) -> bool:
        """Whether the card should be reviewed at `now`."""
        return self.due is None or self.due <= now


def utc_now() -> datetime:
    """The time now, in UTC, as FSRS wants it."""
    return datetime.now(timezone.utc)


def check_retention(value: float) -> float:
    """`value` when it is a usable desired retention (0.7–0.99), else ValueError."""
    if not 0.7 <= value <= 0.99:
        raise ValueError(f"desired retention must be between 0.70 and 0.99, not {value}")
    return value


def _fsrs_card(memory: Memory, now: datetime) -> fsrs.Card:
    """The `fsrs.Card` for `memory` (its own id plays no part here)."""
    if memory.phase is Phase.NEW:
        return fsrs.Card(card_id=0, due=now)
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(memory.phase)),
        step=memory.step,
        stability=memory.stability,
        difficulty=memory.difficulty,
        due=memory.due or now,
        last_review=memory.last_review,
    )


class Scheduler:
    """FSRS with kumonote's steps and a desired retention."""

    def __init__(self, desired_retention: float = DEFAULT_RETENTION, *, fuzz: bool = True) -> None:
        self.desired_retention = check_retention(desired_retention)
        self._fsrs = fsrs.Scheduler(
            desired_retention=self.desired_retention,
            learning_steps=LEARNING_STEPS,
            relearning_steps=RELEARNING_STEPS,
            enable_fuzzing=fuzz,
        )

    def rate(self, memory: Memory, rating: Rating, now: datetime) -> Memory:
        """The state after rating a card in `memory` with `rating` at `now` (UTC)."""
        card = _fsrs_card(memory, now)
        card, _log = self._fsrs.review_card(card, fsrs.Rating(int(rating)), now)
        return Memory(
            Phase(int(card.state)),
            card.step,
            card.stability,
            card.difficulty,
            card.due,
            card.last_review,
        )

    def retrievability(self, memory: Memory, now: datetime) -> float | None:
        """The chance the card is remembered at `now`; None for a new card."""
        if memory.phase is Phase.NEW or memory.last_review is None:
            return None
        return float(self._fsrs.get_card_retrievability(_fsrs_card(memory, now), now))
