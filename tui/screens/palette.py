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

from tui.i18n import N_, _, in_language
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


@dataclass(frozen=True)
class PaletteCommand:
    """A command of the palette: its English title and help (msgids), the kana it reads as,
    and what it runs. It matches its title in either language and its reading, in kana or
    romaji (``てーま``, ``bukkumaaku``)."""

    title: str
    help: str
    callback: Callable[[], object]
    reading: str = ""
    """The title read aloud in kana (``ぶっくまーく``): what kana and romaji queries match."""
    discover: bool = True

    def names(self) -> tuple[str, ...]:
        """What the command answers to: its title in both languages and its reading."""
        return tuple(
            dict.fromkeys((self.title, in_language(self.title, "ja"), _(self.title), self.reading))
        )


# Textual's own palette commands (App.get_system_commands), translated here by their English
# title and help, with their readings.
TEXTUAL_COMMANDS: dict[str, tuple[str, str]] = {
    "Theme": (N_("Theme"), "てーま"),
    "Quit": (N_("Quit"), "しゅうりょう"),
    "Keys": (N_("Keys"), "きー"),
    "Maximize": (N_("Maximize"), "さいだいか"),
    "Minimize": (N_("Minimize"), "もとのおおきさ"),
    "Screenshot": (N_("Screenshot"), "すくりーんしょっと"),
}
TEXTUAL_HELP = (
    N_("Change the current theme"),
    N_("Quit the application as soon as possible"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize the focused widget"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def textual_commands(commands: Iterable[SystemCommand]) -> Iterator[PaletteCommand]:
    """Textual's system commands as palette commands (title and help translated when shown)."""
    for command in commands:
        title, reading = TEXTUAL_COMMANDS.get(command.title, (command.title, ""))
        yield PaletteCommand(title, command.help, command.callback, reading, command.discover)


def browser_commands(screen: MainScreen) -> Iterator[PaletteCommand]:
    """The browser's actions for the palette; each help ends with the keys bound to it now."""
    for title, about, action, reading, run in (
        (
            N_("Bookmarks"),
            N_("List bookmarked notes"),
            "bookmarks",
            "ぶっくまーく",
            screen.action_bookmarks,
        ),
        (
            N_("Toggle bookmark"),
            N_("Bookmark the open note, or remove it"),
            "toggle_bookmark",
            "ぶっくまーく",
            screen.action_toggle_bookmark,
        ),
        (
            N_("History back"),
            N_("The previous note or section"),
            "history_back",
            "りれき もどる",
            screen.action_history_back,
        ),
        (
            N_("History forward"),
            N_("The next note or section"),
            "history_forward",
            "りれき すすむ",
            screen.action_history_forward,
        ),
        (N_("Links"), N_("Follow a link of the open note"), "links", "りんく", screen.action_links),
        (
            N_("Copy note"),
            N_("Copy the note as Markdown"),
            "copy_note",
            "のーと こぴー",
            screen.action_copy_note,
        ),
        (
            N_("Copy block"),
            N_("Copy the code block or table at the top"),
            "copy_block",
            "ぶろっく こぴー",
            screen.action_copy_block,
        ),
        (
            N_("Edit note"),
            N_("Open the note in $VISUAL / $EDITOR"),
            "edit",
            "のーと へんしゅう",
            screen.action_edit,
        ),
        (
            N_("Toggle tree"),
            N_("Show or hide the service tree"),
            "toggle_tree",
            "つりー",
            screen.action_toggle_tree,
        ),
    ):
        # The palette reads help as markup: a key such as `[` must stay as it is.
        yield PaletteCommand(title, escape(with_keys(_(about), screen, action)), run, reading)


def language_command(switch: Callable[[], object]) -> PaletteCommand:
    """The command that switches the interface language (named in both languages)."""
    return PaletteCommand(
        N_("Language: 日本語 / English"),
        N_("Switch the interface language between Japanese and English"),
        switch,
        reading="げんご ことば にほんご えいご language nihongo eigo",
    )


def folded_forms(text: str) -> set[str]:
    """`text` as the palette compares it: folded (kana, width, case, long vowels), and read as
    kana when it is romaji."""
    from tui.search.analysis import fold
    from tui.search.romaji import to_kana

    forms = {fold(text)}
    kana = to_kana(text.replace(" ", ""), partial=True)
    if kana:
        forms.add(fold(kana))
    return {form for form in forms if form}


def command_score(query: str, command: PaletteCommand, fuzzy: FuzzyScore) -> float:
    """How well `query` matches `command` (0: not at all): Textual's fuzzy score on its shown
    title, else a folded match on any of its names (``てーま``, ``bukkumaaku``)."""
    score = fuzzy(query, _(command.title))
    if score > 0:
        return score
    wanted = folded_forms(query)
    best = 0.0
    for name in command.names():
        for word in (name, *name.split()):
            folded = {form for form in folded_forms(word)}
            for form in wanted:
                if any(candidate.startswith(form) for candidate in folded):
                    best = max(best, 1.0)
                elif any(form in candidate for candidate in folded):
                    best = max(best, 0.5)
    return best


class Commands(Provider):
    """The app's commands (Textual's and the browser's), in both languages, kana and romaji."""

    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        commands = getattr(app, "palette_commands", None)
        if commands is None:
            return [
                PaletteCommand(c.title, c.help, c.callback, "", c.discover)
                for c in app.get_system_commands(self.screen)
            ]
        found: list[PaletteCommand] = commands(self.screen)
        return found

    async def discover(self) -> Hits:
        """Every command, by its shown title, for the palette with no query."""
        for command in sorted(self._commands(), key=lambda c: _(c.title)):
            if command.discover:
                yield DiscoveryHit(_(command.title), command.callback, help=_(command.help))

    async def search(self, query: str) -> Hits:
        """Commands whose title (either language) or reading matches `query`."""
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search

        def score(text: str, name: str) -> float:
            return fuzzy.match(text, name)[0]

        for command in self._commands():
            found = command_score(query, command, score)
            if found > 0:
                title = _(command.title)
                shown = matcher.highlight(title) if score(query, title) > 0 else Content(title)
                yield Hit(found, shown, command.callback, help=_(command.help))


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
                _("Go to: {title}").format(title=inert(note.title)),
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
            label = _("Go to: {title}").format(title=title)
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
