"""The study commands: `kumonote cards`, `kumonote stats`, `kumonote export anki FILE.apkg`,
and `kumonote review` (the app on its review screen: `tui.cli` starts it).

`tui.cli` adds these with `add_study_parsers` and runs them with `cmd_study`; the review store
is `study.sqlite3` in the user data directory (`$KUMONOTE_DATA_DIR` overrides it).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.i18n import N_, _, ngettext
from tui.notes.safe_text import inert, safe_json
from tui.notes.wording import shortened

if TYPE_CHECKING:  # imported where used: building the parser must not load the study code
    from tui.notes import Library
    from tui.study import Deck, Memory
    from tui.study.stats import Stats

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
STUDY_COMMANDS = ("cards", "stats", "export", "review")
"""The commands `add_study_parsers` adds (for `tui.cli`'s list of command words)."""
KIND_NAMES = {
    "what-is": N_("what is"),
    "definition": N_("definition"),
    "table": N_("table row"),
    "basic": N_("authored"),
    "reverse": N_("reversed"),
    "cloze": N_("cloze"),
}
"""How `kumonote cards` names a card's kind (`--json` keeps the kind's own value)."""
PHASE_NAMES = ("new", "learning", "review", "relearning")
"""How `--json` names a card's state, by `Phase` (0–3)."""


def _command(sub: Any, name: str, summary: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=summary,
        description=_("{summary}.").format(summary=summary[0].upper() + summary[1:]),
    )
    return parser


def add_study_parsers(sub: Any) -> list[argparse.ArgumentParser]:
    """Add `cards`, `stats`, `export` and `review` to `sub` (what `add_subparsers` returned); return
    their parsers (the caller gives them its `--content` option)."""
    parsers = []
    p = _command(sub, "cards", _("list the review cards made from the notes"))
    parsers.append(p)
    p.add_argument(
        "note",
        nargs="?",
        metavar=_("NOTE"),
        help=_("only the cards of this note (id, title or search)"),
    )
    p.add_argument("--json", action="store_true", help=_("print a JSON array instead"))
    p.add_argument("--due", action="store_true", help=_("only the cards due now"))

    p = _command(sub, "stats", _("print review statistics"))
    parsers.append(p)
    p.add_argument("--json", action="store_true", help=_("print JSON instead"))

    p = _command(sub, "export", _("write the review cards to another program's format"))
    parsers.append(p)
    p.add_argument(
        "format", choices=["anki"], metavar=_("FORMAT"), help=_("anki: an Anki deck (.apkg)")
    )
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the file to write"))

    parsers.append(_command(sub, "review", _("open the app on the review of the cards due now")))
    return parsers


def _fail(message: str) -> None:
    print(f"kumonote: {message}", file=sys.stderr)


def _open_deck(args: argparse.Namespace, library: Library, now: datetime) -> Deck:
    from tui.state.files import data_dir
    from tui.study import Deck, study_path

    folder = getattr(args, "data_dir", None)
    deck = Deck.open(library, study_path(data_dir(folder)), now=now)
    for notice in deck.notices:
        _fail(notice)
    return deck


def cmd_study(args: argparse.Namespace, library: Library) -> int:
    """Run the study command `args.command` on `library`; returns the exit code."""
    from tui.study import StudyStoreError
    from tui.study.schedule import utc_now

    now = utc_now()
    try:
        deck = _open_deck(args, library, now)
    except StudyStoreError as error:
        _fail(str(error))
        return EXIT_PROBLEMS
    try:
        with deck:
            if args.command == "cards":
                return _cards(deck, library, args, now)
            if args.command == "stats":
                return _stats(deck.stats(now=now), as_json=args.json)
            if args.command == "export":
                return _export(deck, library, args.file)
    except StudyStoreError as error:
        _fail(str(error))
        return EXIT_PROBLEMS
    return EXIT_USAGE


def _due_text(memory: Memory, now: datetime) -> str:
    if memory.due is None:
        # TRANSLATORS: `kumonote cards`: a card never reviewed.
        return _("new")
    if memory.is_due(now):
        # TRANSLATORS: `kumonote cards`: a card to review now.
        return _("due")
    assert memory.due is not None
    return memory.due.astimezone().strftime("%Y-%m-%d %H:%M")


def _cards(deck: Deck, library: Library, args: argparse.Namespace, now: datetime) -> int:
    note_ids: list[str] | None = None
    if args.note is not None:
        from tui.search.lookup import find_note_named

        note = find_note_named(library, args.note)
        if note is None:
            _fail(
                _("no note matches {name}; `kumonote list` shows them all").format(
                    name=repr(inert(shortened(args.note)))
                )
            )
            return EXIT_USAGE
        note_ids = [note.id]
    memories = deck.memories()
    cards = deck.due(note_ids, now=now) if args.due else deck.cards_of_notes(note_ids)
    if args.json:
        counts = deck.store.review_counts()
        rows = []
        for card in cards:
            memory = memories[card.id]
            note = library.get(card.note_id)
            rows.append(
                {
                    "id": card.id,
                    "note": card.note_id,
                    "title": note.title if note else card.note_id,
                    "category": note.category if note else "",
                    "section": card.section,
                    "kind": card.kind.value,
                    "front": card.front,
                    "back": card.back,
                    "state": PHASE_NAMES[int(memory.phase)],
                    "due": memory.due.isoformat() if memory.due else None,
                    "due_now": memory.is_due(now),
                    "reviews": counts.get(card.id, 0),
                }
            )
        print(safe_json(rows))
        return EXIT_OK if rows else EXIT_PROBLEMS
    for card in cards:
        note = library.get(card.note_id)
        title = note.title if note else card.note_id
        front = card.front.replace("\n", " ")
        due = _due_text(memories[card.id], now)
        kind = _(KIND_NAMES.get(card.kind.value, card.kind.value))
        print(inert(f"{due:<16}  {kind:<10}  {title}  {front}"))
    summary = ngettext("{count} card", "{count} cards", len(cards)).format(count=len(cards))
    print(summary, file=sys.stderr)
    return EXIT_OK if cards else EXIT_PROBLEMS


def _stats(stats: Stats, *, as_json: bool) -> int:
    from tui.study import stats_to_json

    if as_json:
        print(safe_json(stats_to_json(stats)))
        return EXIT_OK
    print(
        _("cards {cards}: new {new}, learning {learning}, review {review}; due now {due}").format(
            cards=stats.cards,
            new=stats.new,
            learning=stats.learning,
            review=stats.review,
            due=stats.due_now,
        )
    )
    print(
        _("reviews today {today}, in all {total}").format(
            today=stats.reviews_today, total=stats.total_reviews
        )
    )
    if stats.retention is None:
        print(_("true retention (30 days): no reviews of cards in review yet"))
    else:
        print(
            _("true retention (30 days): {percent} of {count} reviews").format(
                percent=f"{stats.retention:.1%}", count=stats.retention_reviews
            )
        )
    reviewed = [day for day in stats.reviews_per_day if day.count]
    if reviewed:
        print(_("reviews per day:"))
        for day in reviewed:
            print(f"  {day.day.isoformat()}  {day.count}")
    coming = [day for day in stats.forecast if day.count]
    if coming:
        print(_("due in the next 30 days:"))
        for day in coming:
            print(f"  {day.day.isoformat()}  {day.count}")
    return EXIT_OK


def _export(deck: Deck, library: Library, target: Path) -> int:
    from tui.study.anki import export_apkg

    try:
        count = export_apkg(deck.cards, library, target)
    except OSError as error:
        _fail(
            _("cannot write {path}: {error}").format(
                path=inert(str(target)), error=error.strerror or error
            )
        )
        return EXIT_PROBLEMS
    print(
        ngettext("wrote {count} card to {path}", "wrote {count} cards to {path}", count).format(
            count=count, path=inert(str(target))
        )
    )
    return EXIT_OK
