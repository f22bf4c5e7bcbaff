"""Command palette: a fuzzy "go to note" over titles and aliases, kana and romaji folded, and
the browser's own commands, each with the keys that run it now."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.notes.safe_text import inert
from tui.screens.live_keys import with_keys

if TYPE_CHECKING:
    from tui.notes.model import Library, Note
    from tui.screens.main import MainScreen
    from tui.search.query import ParsedQuery
    from tui.search.titles import TitleMatcher

FuzzyScore = Callable[[str, str], float]
"""(query, candidate) → score, 0 for no match (Textual's fuzzy search)."""


@runtime_checkable
class HasMainScreen(Protocol):
    """An app that keeps its browser screen at hand (`KumonoteApp`): the palette acts on it."""

    @property
    def main_screen(self) -> MainScreen:
        """The browser screen."""
        ...


def browser_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """The browser's actions for the palette; each help ends with the keys bound to it now."""
    for title, about, action, run in (
        ("Bookmarks", "List bookmarked notes", "bookmarks", screen.action_bookmarks),
        (
            "Toggle bookmark",
            "Bookmark the open note, or remove it",
            "toggle_bookmark",
            screen.action_toggle_bookmark,
        ),
        (
            "History back",
            "The previous note or section",
            "history_back",
            screen.action_history_back,
        ),
        (
            "History forward",
            "The next note or section",
            "history_forward",
            screen.action_history_forward,
        ),
        ("Links", "Follow a link of the open note", "links", screen.action_links),
        ("Copy note", "Copy the note as Markdown", "copy_note", screen.action_copy_note),
        (
            "Copy block",
            "Copy the code block or table at the top",
            "copy_block",
            screen.action_copy_block,
        ),
        ("Edit note", "Open the note in $VISUAL / $EDITOR", "edit", screen.action_edit),
        (
            "Toggle tree",
            "Show or hide the service tree",
            "toggle_tree",
            screen.action_toggle_tree,
        ),
    ):
        # The palette reads help as markup: a key such as `[` must stay as it is.
        yield SystemCommand(title, escape(with_keys(about, screen, action)), run)


@dataclass(frozen=True)
class NoteMatch:
    """A note offered for a palette query."""

    note: Note
    name: str
    """The title or alias that matched best."""
    score: float
    spans: tuple[tuple[int, int], ...] | None = None
    """What to highlight in `name` for a folded match; None for a fuzzy one."""


def go_to_matches(
    query: str,
    notes: Iterable[Note],
    titles: TitleMatcher,
    fuzzy: FuzzyScore,
    parsed: ParsedQuery | None = None,
) -> list[NoteMatch]:
    """Notes whose title or an alias matches `query`, best first.

    A name matches fuzzily (``grngrs``), or as the search bar's title search matches it:
    kana, width, case and long vowels folded, romaji read as kana (``konpurihendo``,
    ``こんぷりへんど`` → ``コンプリヘンド``), and, with `parsed` from ``SearchEngine.parse``,
    kanji by reading (``angou`` → ``暗号化``). A folded match scores as if the text it
    matched had been typed, so both kinds rank together.
    """
    notes = list(notes)
    found = titles.search(parsed if parsed is not None else query, limit=max(1, len(notes)))
    folded = {hit.note_id: hit.snippet for hit in found.hits}
    light = found.highlighter
    out: list[NoteMatch] = []
    for note in notes:
        names = (note.title, *note.aliases)
        best = NoteMatch(note, note.title, 0.0)
        for name in names:
            score = fuzzy(query, name)
            if score > best.score:
                best = NoteMatch(note, name, score)
        shown = folded.get(note.id)
        matched = next((name for name in names if inert(name) == shown), None)
        spans = light.spans(matched) if matched is not None else []
        if matched is not None and spans:
            score = fuzzy(matched[spans[0][0] : spans[-1][1]], matched)
            if score > best.score:
                best = NoteMatch(note, matched, score, tuple(spans))
        if best.score > 0:
            out.append(best)
    out.sort(key=lambda match: -match.score)
    return out


class NoteCommands(Provider):
    """Go to any note by title or alias (kana, width, case and romaji folded)."""

    _titles: tuple[Library, TitleMatcher] | None = None

    def _main(self) -> MainScreen | None:
        app = self.app
        return app.main_screen if isinstance(app, HasMainScreen) else None

    def _open(self, note_id: str) -> None:
        main = self._main()
        if main is not None:
            main.open_note(note_id)

    def _title_matcher(self, library: Library) -> TitleMatcher:
        """The title matcher for `library`, made once per palette and library."""
        if self._titles is None or self._titles[0] is not library:
            from tui.search.titles import TitleMatcher

            self._titles = (library, TitleMatcher(library))
        return self._titles[1]

    async def discover(self) -> Hits:
        """Every note, for browsing the palette with no query."""
        main = self._main()
        if main is None or main.library is None:
            return
        for note in main.library:
            yield DiscoveryHit(
                f"Go to: {inert(note.title)}",
                partial(self._open, note.id),
                help=inert(note.category),
            )

    async def search(self, query: str) -> Hits:
        """Notes whose title or aliases match `query`."""
        main = self._main()
        if main is None or main.library is None:
            return
        library = main.library
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search
        engine = main.engine
        parsed = engine.parse(query, wait=0.02) if engine is not None else None
        for match in go_to_matches(
            query,
            library,
            self._title_matcher(library),
            lambda text, name: fuzzy.match(text, name)[0],
            parsed,
        ):
            note = match.note
            title = inert(note.title)
            label = f"Go to: {title}"
            offset = len(label) - len(title)
            if match.name != note.title:
                offset = len(label) + 2
                label = f"{label} ({inert(match.name)})"
            if match.spans is None:
                display = matcher.highlight(label)
            else:
                display = Content(label)
                if inert(match.name) == match.name:
                    for start, end in match.spans:
                        display = display.stylize(matcher.match_style, start + offset, end + offset)
            yield Hit(
                match.score,
                display,
                partial(self._open, note.id),
                help=inert(note.category),
            )
