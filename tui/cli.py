"""The `kumonote` command: the app by default, and `list`, `check`, `search`, `show`, `index`."""

from __future__ import annotations

import argparse
import codecs
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui import __version__
from tui.docs_cli import add_docs_parser, cmd_docs
from tui.i18n import _, language_from_env, ngettext, set_language, translate_argparse
from tui.notes import ContentNotFound, Library
from tui.notes.safe_text import inert, safe_json
from tui.notes.sources import Source
from tui.notes.wording import shortened
from tui.state.config import Config, load_config
from tui.study_cli import STUDY_COMMANDS, add_study_parsers, cmd_study

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
COMMANDS = ("list", "check", "search", "show", "index", "config", "docs", *STUDY_COMMANDS)


class NoteNotFound(Exception):
    """`kumonote NOTE` named a note that matches nothing."""


class _Parser(argparse.ArgumentParser):
    """argparse that says one clear line on bad usage and exits 2 (as argparse does), and
    lays its help out in terminal cells (sub-commands' parsers are made of this class too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from tui.help_format import CellHelpFormatter

        kwargs.setdefault("formatter_class", CellHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            EXIT_USAGE,
            "kumonote: "
            + _("error: {message} (see `kumonote --help`)").format(message=message)
            + "\n",
        )


def _at_least_one(text: str) -> int:
    """`--limit`: a whole number, 1 or more (argparse turns the error into a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a whole number: {text}").format(text=repr(text))
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1, not {value}").format(value=value))
    return value


def _content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        metavar=_("PATH"),
        type=Path,
        action="append",
        default=argparse.SUPPRESS,
        help=_(
            "a folder of Markdown notes or one Markdown file, instead of the configured sources "
            "(the bundled notes by default); may be given more than once"
        ),
    )


def _command(
    sub: argparse._SubParsersAction[_Parser], name: str, summary: str
) -> argparse.ArgumentParser:
    """A sub-command whose `--help` starts with what it does."""
    return sub.add_parser(
        name,
        help=summary,
        description=_("{summary}.").format(summary=summary[0].upper() + summary[1:]),
    )


def build_parser() -> argparse.ArgumentParser:
    """The full command-line parser (subcommands included)."""
    parser = _Parser(
        prog="kumonote",
        usage="kumonote [--content PATH] [NOTE]\n       kumonote COMMAND [--content PATH] ...",
        description=_("雲ノート: browse and search Japanese study notes on AWS ML services."),
        epilog=_(
            "Run `kumonote` with no command to open the browser; `kumonote NOTE` opens the "
            "note that best matches NOTE."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"kumonote {__version__}",
        help=_("show program's version number and exit"),
    )
    _content_option(parser)
    # `prog`: each command's usage line starts `kumonote COMMAND`, not the whole usage above.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="kumonote")

    p = _command(sub, "list", _("print the notes, grouped by category"))
    _content_option(p)
    p.add_argument("--json", action="store_true", help=_("print JSON instead"))

    p = _command(sub, "check", _("report notes not loadable as they are, and broken wikilinks"))
    _content_option(p)

    p = _command(sub, "search", _("search the notes and print ranked results"))
    _content_option(p)
    p.add_argument(
        "query",
        metavar=_("QUERY"),
        help=_("what to look for (Japanese, kana, romaji or English)"),
    )
    p.add_argument("--json", action="store_true", help=_("print a JSON array, best first"))
    p.add_argument(
        "--limit", type=_at_least_one, default=10, metavar="N", help=_("at most N results")
    )
    p.add_argument(
        "--source",
        metavar=_("NAME"),
        help=_("only notes of this source (`aws` for the API reference; see `kumonote config`)"),
    )

    p = _command(sub, "show", _("print a note rendered for the terminal"))
    _content_option(p)
    p.add_argument("note", metavar=_("NOTE"), help=_("note id, title or a search for it"))
    p.add_argument("--markdown", action="store_true", help=_("print the raw Markdown"))

    p = _command(sub, "index", _("build (or refresh) the search index now"))
    _content_option(p)

    p = _command(sub, "config", _("print where the config file is and the settings in force"))
    p.add_argument("--json", action="store_true", help=_("print JSON instead"))

    add_docs_parser(sub)
    for p in add_study_parsers(sub):
        _content_option(p)
    return parser


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse `argv`; a first word that is a command selects it, anything else is a note to open."""
    parser = build_parser()
    words = list(argv)
    values = {i + 1 for i, w in enumerate(words) if w == "--content"}
    plain = [w for i, w in enumerate(words) if not w.startswith("-") and i not in values]
    first = plain[0] if plain else None
    if first is not None and first not in COMMANDS:
        # `kumonote NOTE`: keep argparse from reading NOTE as an unknown command.
        args = _Parser(prog="kumonote", add_help=False)
        args.add_argument("--content", type=Path, action="append", default=argparse.SUPPRESS)
        args.add_argument("note")
        namespace, rest = args.parse_known_args(words)
        if rest:
            parser.error(_("unrecognized arguments: {words}").format(words=" ".join(rest)))
        namespace.command = None
        return namespace
    namespace = parser.parse_args(words)
    if namespace.command is None:
        namespace.note = None
    return namespace


def _sources(args: argparse.Namespace, config: Config) -> tuple[Source, ...]:
    """The sources named with `--content`, else the configured ones (as the browser shows)."""
    from tui.screens.shown_sources import shown_sources

    named = getattr(args, "content", None)
    return shown_sources([Path(path) for path in named] if named else None, config)[0]


def _load(args: argparse.Namespace, config: Config) -> Library:
    """The notes of the chosen sources, for a command that prints and exits.

    What is loaded lives as long as the process, so it is frozen out of the garbage
    collector's sight (`gc.freeze`, through `collector_paused`): otherwise the collections
    that the search's own allocations set off walk every note again (at 10,000 notes about
    40 ms of a `kumonote search`). Reference counting still frees what is dropped.
    """
    from tui.notes.collector import collector_paused
    from tui.notes.sources import load_sources

    with collector_paused(freeze=True):
        return load_sources(_sources(args, config))


def cmd_list(library: Library, as_json: bool) -> int:
    """Print the tree of notes."""
    if as_json:
        rows = [
            {
                "id": note.id,
                "title": note.title,
                "category": note.category,
                "aliases": list(note.aliases),
                "sections": [s.title for s in note.sections],
                "path": str(note.path),
                "source": library.source_of(note.id),
            }
            for note in library
        ]
        print(safe_json(rows))
        return EXIT_OK if rows else EXIT_PROBLEMS
    if not len(library):
        print(
            "kumonote: " + _("no Markdown notes in {path}").format(path=inert(str(library.root))),
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    titles = {info.key: info.title or _("Bundled notes") for info in library.sources}
    shown_source = None
    for category in library.categories:
        source = category.source or _first_source(library)
        if len(library.sources) > 1 and source != shown_source:
            shown_source = source
            print(f"[{inert(titles.get(source, source))}]")
        print(f"{inert(category.title)} ({len(category.notes)})")
        for note in category.notes:
            print(f"  {inert(note.title)}")
            for section in note.sections:
                print(f"  {'  ' * (section.level - 1)}{inert(section.title)}")
    return EXIT_OK


def _first_source(library: Library) -> str:
    return library.sources[0].key if library.sources else ""


def cmd_check(library: Library) -> int:
    """Print each load warning and broken wikilink; exit 1 when there are any."""
    from tui.check import broken_wikilinks

    problems = [*library.warnings, *broken_wikilinks(library)]
    for problem in problems:
        print(inert(str(problem)))
    count = len(problems)
    notes = ngettext("{count} note loaded", "{count} notes loaded", len(library))
    found = ngettext("{count} problem", "{count} problems", count)
    summary = _("{notes}, {problems}").format(
        notes=notes.format(count=len(library)), problems=found.format(count=count)
    )
    print(summary, file=sys.stderr if count else sys.stdout)
    return EXIT_PROBLEMS if count else EXIT_OK


def cmd_search(
    library: Library, query: str, as_json: bool, limit: int, source: str | None = None
) -> int:
    """Search and print results; exit 1 when nothing matches (as grep does)."""
    from tui.search.engine import SearchEngine
    from tui.search.report import format_results, results_to_json

    engine = SearchEngine.open(library)
    shown = engine.notice
    if shown:
        print(f"kumonote: {shown}", file=sys.stderr)
    limit = max(1, min(limit, 1000))
    if source is not None:
        keys = [info.key for info in library.sources]
        if source not in keys:
            print(
                "kumonote: "
                + _("no source called {name} (the sources: {names})").format(
                    name=inert(shortened(source)), names=", ".join(keys)
                ),
                file=sys.stderr,
            )
            return EXIT_USAGE
        result = engine.search(query, limit=1000)
        result.hits = [h for h in result.hits if library.source_of(h.note_id) == source][:limit]
    else:
        result = engine.search(query, limit=limit)
    # Notices go to stderr, once (the result repeats the index's notice).
    if result.notice and result.notice != shown:
        print(f"kumonote: {result.notice}", file=sys.stderr)
    result.notice = None
    if as_json:
        print(safe_json(results_to_json(result)))
    else:
        print(format_results(result))
    return EXIT_OK if result.hits else EXIT_PROBLEMS


def cmd_index(library: Library) -> int:
    """Build or refresh the cached search index, with progress on stderr."""
    from tui.search.engine import SearchEngine

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(
                "\r" + _("indexing {done}/{total}").format(done=done, total=total),
                end="",
                file=sys.stderr,
                flush=True,
            )

    engine = SearchEngine.open(library, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if engine.notice:
        print(f"kumonote: {engine.notice}", file=sys.stderr)
    print(
        ngettext("indexed {count} note", "indexed {count} notes", len(library)).format(
            count=len(library)
        )
    )
    return EXIT_OK


def terminal_problem() -> str | None:
    """Why this terminal cannot show the browser, or None when it can.

    The browser reads keys from standard input and draws with escape sequences and
    Japanese text (Textual writes to standard error); a dumb terminal, a pipe or a file, or
    an encoding without Japanese would get a broken screen instead.
    """
    term = os.environ.get("TERM", "")
    if term in ("dumb", "unknown"):
        return _("this terminal (TERM={term}) cannot show the browser").format(term=term)
    for name, stream in (
        (_("standard input"), sys.stdin),
        (_("standard output"), sys.stdout),
        (_("standard error"), sys.stderr),
    ):
        try:
            is_tty = stream is not None and stream.isatty()
        except (AttributeError, ValueError, OSError):
            is_tty = False
        if not is_tty:
            return _("the browser needs a terminal, and {stream} is not one").format(stream=name)
    encoding = getattr(sys.__stderr__, "encoding", None) or "ascii"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    if not utf8:
        return _(
            "the browser needs a UTF-8 terminal, and this one is {encoding} (try LANG=C.UTF-8)"
        ).format(encoding=encoding)
    return None


FRAMES_PER_SECOND = 120
"""Textual's frame rate limit for the app (its own default is 60)."""


def find_note_to_open(args: argparse.Namespace, config: Config) -> str | None:
    """The id of the note `kumonote NOTE` opens, found as `kumonote show NOTE` finds it.

    None when no NOTE was given. Raises `NoteNotFound` when NOTE matches nothing.
    """
    if args.note is None:
        return None
    from tui.search.lookup import find_note_named

    note = find_note_named(_load(args, config), args.note)
    if note is None:
        raise NoteNotFound(
            _("no note matches {name}; `kumonote list` shows them all").format(
                name=repr(inert(shortened(args.note)))
            )
        )
    return note.id


def run_app(
    args: argparse.Namespace, config: Config, note_id: str | None = None, *, review: bool = False
) -> int:
    """Start the Textual app at `note_id` (on the review screen with `review`), or explain in
    one line why this terminal cannot."""
    problem = terminal_problem()
    if problem is not None:
        print(
            "kumonote: "
            + _("{problem}; `kumonote list`, `search` and `show` work anywhere").format(
                problem=problem
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    # Textual paints at most 60 frames a second. A keystroke needs two frames (the typed
    # character, then the filtered tree and note), so at 60 the second one often waits most of
    # a frame for its turn; at 120 that wait halves. Read when Textual is imported; a value the
    # user set wins.
    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    from tui.app import KumonoteApp
    from tui.widgets.image_support import prepare

    named = getattr(args, "content", None)
    app = KumonoteApp(
        content=_sources(args, config) if named else None,
        open_note=note_id,
        start_review=review,
        config=config,  # read once, by the command line
    )
    prepare()  # may ask the terminal about pictures (while the notes load): before Textual runs
    app.run()
    return app.return_code or EXIT_OK


def _tolerant_streams() -> None:
    """Never crash on a terminal whose encoding cannot show Japanese (e.g. Latin-1 locales)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def _utf8_text(arg: str) -> str:
    """Text a non-UTF-8 locale decoded as surrogates, read again as the UTF-8 it was.

    Terminals send UTF-8 even under `LC_ALL=C`; Python then keeps each byte as a lone surrogate,
    and `暗号` would reach the search as six unprintable characters. Paths keep their surrogates:
    that is how the file system gets its bytes back.
    """
    try:
        return os.fsencode(arg).decode("utf-8")
    except (UnicodeError, ValueError):
        return arg


def _chosen_language() -> str | None:
    """The language chosen in the app's palette (kept in the settings), as the app reads it."""
    from tui.state.files import data_dir
    from tui.state.settings import Settings

    try:
        return Settings.load(data_dir()).get_str("language") or None
    except Exception:  # the settings are the app's to repair; the command line goes on
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `kumonote` console script."""
    _tolerant_streams()
    config = load_config()
    chosen = _chosen_language()
    set_language(language_from_env(configured=chosen or config.language))
    translate_argparse()
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.command == "config":
        from tui.config_report import cmd_config

        return cmd_config(config, as_json=args.json, chosen=chosen)
    if args.command == "docs":
        return cmd_docs(args)
    for problem in config.problems:
        print("kumonote: " + _("config file: {problem}").format(problem=problem), file=sys.stderr)
    for text in ("query", "note"):
        if isinstance(getattr(args, text, None), str):
            setattr(args, text, _utf8_text(getattr(args, text)))
    try:
        if args.command is None:
            for path in getattr(args, "content", None) or ():
                if not Path(path).expanduser().exists():
                    raise ContentNotFound(
                        _("content path does not exist: {path}").format(path=path)
                    )
            return run_app(args, config, find_note_to_open(args, config))
        if args.command == "review":
            return run_app(args, config, review=True)
        library = _load(args, config)
        if args.command == "list":
            return cmd_list(library, args.json)
        if args.command == "check":
            return cmd_check(library)
        if args.command == "search":
            return cmd_search(library, args.query, args.json, args.limit, args.source)
        if args.command == "index":
            return cmd_index(library)
        if args.command in STUDY_COMMANDS:
            return cmd_study(args, library)
        if args.command == "show":
            from tui.show import cmd_show

            return cmd_show(library, args.note, markdown=args.markdown)
    except ContentNotFound as error:
        print("kumonote: " + _("error: {message}").format(message=error), file=sys.stderr)
        return EXIT_USAGE
    except NoteNotFound as error:
        print(f"kumonote: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
