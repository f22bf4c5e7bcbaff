"""Search results as text for people and as JSON for programs (``kumonote search``).

Everything printed passes through `inert`: control characters in note text (escape
sequences included) are shown as visible escapes, never sent to the terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from tui.i18n import N_, _
from tui.notes.safe_text import inert
from tui.notes.wording import shortened
from tui.search.results import Hit, SearchResult

BOLD = "\x1b[1m"
RESET = "\x1b[0m"
OPEN_MARK = "【"
CLOSE_MARK = "】"


REASON_LABELS = {"別名": N_("alias"), "タグ": N_("tag"), "読み": N_("reading")}
"""The labels the search writes in `Hit.reason` (``読み: ファーゲート → Fargate``), by name."""


def reason_text(reason: str) -> str:
    """`reason` with its label in the interface language (``reading: ファーゲート → Fargate``)."""
    head, colon, rest = reason.partition(": ")
    label = REASON_LABELS.get(head)
    return f"{_(label)}: {rest}" if colon and label is not None else reason


def use_color(stream: TextIO | None = None) -> bool:
    """ANSI bold only on a terminal, and never when NO_COLOR is set or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def mark(text: str, spans: list[tuple[int, int]], color: bool) -> str:
    """`text` with `spans` in bold (color) or between 【 】 (no color)."""
    start_mark, end_mark = (BOLD, RESET) if color else (OPEN_MARK, CLOSE_MARK)
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if end <= start:
            continue
        out.append(inert(text[last:start]))
        out.append(start_mark + inert(text[start:end]) + end_mark)
        last = end
    out.append(inert(text[last:]))
    return "".join(out)


def format_results(
    result: SearchResult, *, color: bool | None = None, stream: TextIO | None = None
) -> str:
    """Ranked results with highlighted snippets, one block per hit (no trailing newline)."""
    if color is None:
        color = use_color(stream)
    lines: list[str] = []
    if result.notice:
        lines.append(_("note: {notice}").format(notice=inert(result.notice)))
    if result.suggestion:
        lines.append(_("Did you mean: {suggestion}").format(suggestion=inert(result.suggestion)))
    if not result.hits:
        query = inert(shortened(result.query))
        lines.append(
            _("No notes match “{query}”.").format(query=query)
            if query
            else _("Nothing to search for.")
        )
        if result.closest:
            lines.append(
                _("Closest titles: {titles}").format(
                    titles=" / ".join(inert(t) for t in result.closest)
                )
            )
        return "\n".join(lines)
    complete = result.complete_count
    if result.words > 1 and complete < len(result.hits):
        lines.append(
            _(
                "{complete} of {total} notes hold every word of the query; "
                "the rest hold some of them."
            ).format(complete=complete, total=len(result.hits))
        )
    width = len(str(len(result.hits)))
    for number, hit in enumerate(result.hits, start=1):
        title = f"{BOLD}{inert(hit.title)}{RESET}" if color else inert(hit.title)
        where = inert(hit.note_id) + (f"#{inert(hit.section_anchor)}" if hit.section_anchor else "")
        extra = "" if hit.complete or result.words <= 1 else "  " + _("some words")
        if hit.reason:
            extra += f"  {inert(reason_text(hit.reason))}"
        lines.append(
            f"{number:>{width}}. {title}  [{inert(hit.category)}]  {where}  "
            f"({hit.score:.2f}){extra}"
        )
        if hit.snippet:
            lines.append(" " * (width + 2) + mark(hit.snippet, hit.matches, color))
    return "\n".join(lines)


def hit_to_json(hit: Hit) -> dict[str, Any]:
    """One hit as a JSON object: id, title, category, score, snippet, matches, whether it
    holds every word of the query (`complete`) and why it matched (`reason`, may be empty)."""
    return {
        "id": hit.note_id,
        "title": inert(hit.title),
        "category": inert(hit.category),
        "score": round(float(hit.score), 4),
        "snippet": inert(hit.snippet),
        "matches": [[int(start), int(end)] for start, end in hit.matches],
        "complete": bool(hit.complete),
        "reason": inert(hit.reason),
    }


def results_to_json(result: SearchResult) -> list[dict[str, Any]]:
    """The hits as a JSON-ready list, best first (``[]`` when nothing matches)."""
    return [hit_to_json(hit) for hit in result.hits]
