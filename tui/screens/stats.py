"""The review statistics: reviews per day, the due forecast, true retention, the counts.

Each chart is a Textual `Sparkline` with its figures beside it; the numbers come from
`Deck.stats()`, computed in a thread worker (it reads the whole review log).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Sparkline, Static

from tui.i18n import N_, _
from tui.notes.safe_text import inert
from tui.screens.study import HasStudy
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.study import DayCount, Stats


class StatsReady(Message):
    """The statistics were computed."""

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats


class StatsFailed(Message):
    """The review store could not be read; `problem` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem


def _span(days: Sequence[DayCount]) -> str:
    """The first and last day of a chart ("11/08–12/07")."""
    if not days:
        return ""
    return f"{days[0].day:%m/%d}–{days[-1].day:%m/%d}"


def history_figures(stats: Stats) -> str:
    """What is beside the reviews-per-day chart."""
    counts = [day.count for day in stats.reviews_per_day]
    return "\n".join(
        (
            _("today {count}").format(count=stats.reviews_today),
            _("most in a day {count}").format(count=max(counts, default=0)),
            _("in 30 days {count}").format(count=sum(counts)),
        )
    )


def forecast_figures(stats: Stats) -> str:
    """What is beside the due forecast chart."""
    counts = [day.count for day in stats.forecast]
    return "\n".join(
        (
            _("today {count}").format(count=counts[0] if counts else 0),
            _("next 7 days {count}").format(count=sum(counts[:7])),
            _("in 30 days {count}").format(count=sum(counts)),
        )
    )


def summary(stats: Stats) -> str:
    """The figures below the charts: retention, reviews, the cards by state."""
    if stats.retention is None:
        retention = _("True retention (30 days): no reviews of cards in review yet")
    else:
        retention = _("True retention (30 days): {percent} of {count} reviews").format(
            percent=f"{stats.retention:.1%}", count=stats.retention_reviews
        )
    return "\n".join(
        (
            retention,
            _("Reviews today {today}, in all {total}").format(
                today=stats.reviews_today, total=stats.total_reviews
            ),
            _("Cards {cards}: new {new}, learning {learning}, review {review}").format(
                cards=stats.cards, new=stats.new, learning=stats.learning, review=stats.review
            ),
            _("Due now {count}").format(count=stats.due_now),
        )
    )


class StatsScreen(Screen[None]):
    """Two charts with their figures, and the totals."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,s", "close", N_("Close"), id="stats.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        """Headings, charts with their figures beside them, the summary, the keys."""
        with VerticalScroll(id="stats") as box:
            box.border_title = _("Review statistics")
            yield Static(_("Reviews per day"), id="history-heading", classes="stats-heading")
            with Horizontal(classes="stats-chart"):
                yield Sparkline([], id="history-chart")
                yield Static("", id="history-figures", classes="stats-figures", markup=False)
            yield Static(
                _("Due in the next 30 days"), id="forecast-heading", classes="stats-heading"
            )
            with Horizontal(classes="stats-chart"):
                yield Sparkline([], id="forecast-chart")
                yield Static("", id="forecast-figures", classes="stats-figures", markup=False)
            yield Static(_("Loading statistics…"), id="stats-summary", markup=False)
        yield KeyBar(id="stats-keys")

    def on_mount(self) -> None:
        """Compute the statistics in a worker."""
        app = self.app
        if not isinstance(app, HasStudy) or app.main_screen.library is None:
            self.query_one("#stats-summary", Static).update(_("The notes are not loaded yet."))
            return
        study, library = app.study, app.main_screen.library

        def job() -> None:
            from tui.study import StudyStoreError

            try:
                stats = study.deck_for(library).stats()
            except StudyStoreError as error:
                self.post_message(StatsFailed(str(error)))
                return
            except Exception as error:  # a bug must not leave the screen loading for ever
                self.post_message(StatsFailed(f"{type(error).__name__}: {inert(str(error))}"))
                return
            self.post_message(StatsReady(stats))

        self.run_worker(job, thread=True, exclusive=True, group="stats", exit_on_error=False)

    def on_stats_ready(self, message: StatsReady) -> None:
        """Draw the charts and the figures."""
        stats = self.stats = message.stats
        self.query_one("#history-chart", Sparkline).data = [
            day.count for day in stats.reviews_per_day
        ]
        self.query_one("#forecast-chart", Sparkline).data = [day.count for day in stats.forecast]
        self.query_one("#history-heading", Static).update(
            _("Reviews per day ({span})").format(span=_span(stats.reviews_per_day))
        )
        self.query_one("#forecast-heading", Static).update(
            _("Due in the next 30 days ({span})").format(span=_span(stats.forecast))
        )
        self.query_one("#history-figures", Static).update(history_figures(stats))
        self.query_one("#forecast-figures", Static).update(forecast_figures(stats))
        self.query_one("#stats-summary", Static).update(summary(stats))

    def language_changed(self) -> None:
        """The interface language changed: say everything again in it."""
        self.query_one("#stats", VerticalScroll).border_title = _("Review statistics")
        if self.stats is not None:
            self.on_stats_ready(StatsReady(self.stats))
        for keys in self.query(KeyBar):
            keys.refresh()

    def on_stats_failed(self, message: StatsFailed) -> None:
        """Say why there are no statistics."""
        self.notify(message.problem, severity="error", timeout=10)
        self.query_one("#stats-summary", Static).update(message.problem)

    def shown_text(self) -> str:
        """The figures shown, as plain text (headings, figures, summary)."""
        parts = [str(widget.render()) for widget in self.query(Static)]
        return "\n".join(parts)

    def action_close(self) -> None:
        """Back to where the statistics were opened from."""
        self.dismiss()
