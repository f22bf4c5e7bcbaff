"""Review statistics as plain data: reviews per day, the due forecast, true retention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from tui.study.schedule import Memory, Phase, Rating
from tui.study.store import Review

HISTORY_DAYS = 30
"""Days of reviews counted (today included), and of reviews true retention is taken over."""
FORECAST_DAYS = 30
"""Days of the due forecast, today first."""


@dataclass(frozen=True)
class DayCount:
    """A number for one day (the local calendar day)."""

    day: date
    count: int


@dataclass(frozen=True)
class Stats:
    """The figures of a stats screen or `kumonote stats`."""

    reviews_per_day: tuple[DayCount, ...]
    """The last `HISTORY_DAYS` days, oldest first, today last; days without reviews are 0."""
    forecast: tuple[DayCount, ...]
    """Cards due on each of the next `FORECAST_DAYS` days, today first (overdue ones count
    today); new cards, never rated, are not in it (see `new`)."""
    retention: float | None
    """True retention: the share of reviews of cards in review state that were not Again,
    over the last `HISTORY_DAYS` days; None when there were none."""
    retention_reviews: int
    """How many reviews `retention` is taken over."""
    reviews_today: int
    total_reviews: int
    cards: int
    """Cards the notes make now (retired ones are left out)."""
    new: int
    learning: int
    """Cards in the learning or relearning steps."""
    review: int
    due_now: int
    """Cards to review now, new ones included."""


def local_day(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar day of `moment` in `zone` (the machine's own when None)."""
    return moment.astimezone(zone).date()


def compute_stats(
    reviews: Iterable[Review],
    memories: Mapping[str, Memory],
    now: datetime,
    zone: tzinfo | None = None,
    *,
    history_days: int = HISTORY_DAYS,
    forecast_days: int = FORECAST_DAYS,
) -> Stats:
    """The statistics of a review log and the cards' memories at `now`.

    Days are calendar days in `zone` (the machine's local zone when None).
    """
    today = local_day(now, zone)
    first_day = today - timedelta(days=history_days - 1)
    per_day: Counter[date] = Counter()
    kept = asked = total = 0
    for review in reviews:
        total += 1
        day = local_day(review.reviewed_at, zone)
        if first_day <= day <= today:
            per_day[day] += 1
            if review.phase_before is Phase.REVIEW:
                asked += 1
                kept += review.rating is not Rating.AGAIN
    due: Counter[int] = Counter()
    phases: Counter[Phase] = Counter()
    due_now = 0
    for memory in memories.values():
        phases[memory.phase] += 1
        if memory.is_due(now):
            due_now += 1
        if memory.due is None or memory.phase is Phase.NEW:
            continue
        offset = max(0, (local_day(memory.due, zone) - today).days)
        if offset < forecast_days:
            due[offset] += 1
    return Stats(
        reviews_per_day=tuple(
            DayCount(first_day + timedelta(days=n), per_day[first_day + timedelta(days=n)])
            for n in range(history_days)
        ),
        forecast=tuple(DayCount(today + timedelta(days=n), due[n]) for n in range(forecast_days)),
        retention=kept / asked if asked else None,
        retention_reviews=asked,
        reviews_today=per_day[today],
        total_reviews=total,
        cards=len(memories),
        new=phases[Phase.NEW],
        learning=phases[Phase.LEARNING] + phases[Phase.RELEARNING],
        review=phases[Phase.REVIEW],
        due_now=due_now,
    )


def stats_to_json(stats: Stats) -> dict[str, object]:
    """`stats` as JSON-ready data (days as ISO dates)."""
    return {
        "cards": stats.cards,
        "new": stats.new,
        "learning": stats.learning,
        "review": stats.review,
        "due_now": stats.due_now,
        "reviews_today": stats.reviews_today,
        "total_reviews": stats.total_reviews,
        "retention": stats.retention,
        "retention_reviews": stats.retention_reviews,
        "reviews_per_day": [
            {"day": d.day.isoformat(), "count": d.count} for d in stats.reviews_per_day
        ],
        "forecast": [{"day": d.day.isoformat(), "count": d.count} for d in stats.forecast],
    }
