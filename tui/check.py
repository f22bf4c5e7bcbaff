"""`kumonote check`, the part about links: `[[wikilinks]]` that lead to no note.

Links are found by the note pane's own Markdown parser (so a `[[…]]` in code is not a link)
and followed by `resolve_link`, exactly as the browser follows them.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from tui.i18n import _
from tui.notes.links import resolve_link
from tui.notes.model import Library, LoadWarning, Note
from tui.notes.reasons import shown_reason
from tui.render.markdown import make_parser


def wikilinks(body: str, parser: MarkdownIt | None = None) -> list[str]:
    """The targets of the `[[wikilinks]]` in `body`, as written, each once, in order."""
    parser = make_parser() if parser is None else parser
    found: dict[str, None] = {}
    for token in parser.parse(body.replace("\r\n", "\n")):
        for child in token.children or ():
            if child.type == "wikilink":
                found.setdefault(child.content)
    return list(found)


def broken_wikilinks(library: Library) -> list[LoadWarning]:
    """One warning per note and wikilink that leads nowhere, in tree order."""
    parser = make_parser()
    problems: list[LoadWarning] = []
    for note in library:
        problems.extend(_broken_in(note, library, parser))
    return problems


def _broken_in(note: Note, library: Library, parser: MarkdownIt) -> list[LoadWarning]:
    problems = []
    for text in wikilinks(note.body, parser):
        target = resolve_link(text, note, library)
        if target.kind == "broken":
            problems.append(
                LoadWarning(
                    note.path,
                    _("broken wikilink [[{link}]] in note {note}: {reason}").format(
                        link=text, note=note.id, reason=shown_reason(target.reason)
                    ),
                )
            )
    return problems
