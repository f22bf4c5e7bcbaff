"""Why a file could not be loaded as it is, said in the interface language when shown.

The loader records its reasons in English (they are kept in the notes cache, which must not
depend on the language of the process that wrote it); `shown_reason` finds the template a
reason was made from and says it again through the catalogue, its values as they were (a
value that is itself a reason, such as an image's problem, is translated too).
"""

from __future__ import annotations

import re
from functools import cache

from tui.i18n import N_, _

TEMPLATES = (
    # tui/notes/loader.py
    N_("symbolic link leads outside the content folder; skipped"),
    N_("cannot read folder: {reason}"),
    N_("folder visited twice (symbolic link loop?); skipped"),
    N_("folders nested deeper than {depth}; skipped"),
    N_("cannot list folder: {reason}"),
    N_("cannot read: {reason}"),
    N_("broken symbolic link (its target does not exist)"),
    N_("file disappeared while loading"),
    N_("category file ignored: invalid YAML{where}"),
    N_("category file ignored: {reason}"),
    N_("category file is not a mapping; ignored"),
    N_("image {target}: {problem}"),
    N_("note id {id} is taken by {file}; this note is {new}"),
    N_("same title as {file}: {title}"),
    N_("empty file"),
    N_(
        "contains control characters (terminal escapes?): shown as visible escapes, never sent "
        "to the terminal"
    ),
    # tui/notes/decode.py
    N_("too large to show ({size} MB; the limit is {limit} MB)"),
    N_("not UTF-8: read as UTF-16 (consider saving it as UTF-8)"),
    N_("binary file (contains NUL bytes), not Markdown text"),
    N_("not UTF-8: read as {codec} (consider saving it as UTF-8)"),
    N_("not UTF-8 text, and not recognisably Shift_JIS or EUC-JP"),
    N_("file name is not UTF-8: shown as {codec}"),
    N_("file name is not UTF-8: unreadable bytes shown as \ufffd"),
    # tui/notes/frontmatter.py
    N_("front matter: some `{name}` entries are not text and were ignored"),
    N_("front matter: `{name}` should be a list of text"),
    N_("invalid YAML front matter{where}"),
    N_("front matter is not a mapping of fields; ignored"),
    N_("front matter: `title` should be text"),
    N_("front matter: `order` should be a whole number"),
    # tui/notes/paths.py (an image's problem)
    N_("remote or empty target"),
    N_("invalid path"),
    N_("absolute paths are refused (outside the content root)"),
    N_("refused: it points outside the content root"),
    N_("missing"),
    N_("remote images are not fetched"),
    # tui/notes/cache.py
    N_("the file cannot be read now: {reason}"),
    N_("{reason}; reload the notes"),
    # tui/notes/links.py (a broken wikilink)
    N_("empty link"),
    N_("unsupported link: {href}"),
    N_("no note called {href}"),
    N_("refused: {href} points outside the content root"),
)
"""Every reason the content layer gives, as it makes them (values in braces)."""

_FIELD = re.compile(r"\{(\w+)\}")
_REASONS = frozenset({"reason", "problem"})
"""Fields whose value is itself a reason (the others are names, paths, titles: kept)."""


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for template in TEMPLATES:
        parts = _FIELD.split(template)
        pattern = "".join(
            f"(?P<{part}>.*?)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
        )
        compiled.append((re.compile(pattern, re.DOTALL), template))
    # the most specific first: a template without fields before one that is all field
    compiled.sort(key=lambda item: -len(_FIELD.sub("", item[1])))
    return tuple(compiled)


def shown_reason(reason: str, depth: int = 0) -> str:
    """`reason` in the interface language (as it is when no template made it)."""
    for pattern, template in _patterns():
        match = pattern.fullmatch(reason)
        if match is None:
            continue
        values = {
            name: shown_reason(value, depth + 1) if name in _REASONS and depth < 2 else value
            for name, value in match.groupdict().items()
        }
        return _(template).format(**values)
    return reason
