"""The service tree: categories → notes → sections, with a search filter that can be undone."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.i18n import N_, _, language
from tui.notes.model import Category, Library, Note
from tui.notes.safe_text import inert
from tui.widgets.helpable import WidgetHelp
from tui.widgets.in_place_scrolling import InPlaceScrolling
from tui.widgets.stale_keys import drop_if_stale

if TYPE_CHECKING:
    from typing_extensions import Self


@dataclass(frozen=True)
class NodeData:
    """What a tree node stands for: a content source (`source` set), a category (note_id None),
    a note, or a note's section."""

    category: str
    note_id: str | None = None
    anchor: str | None = None
    source: str | None = None


@dataclass
class _Saved:
    expanded: set[str]
    cursor: NodeData | None


class NoteTree(Tree[NodeData], InPlaceScrolling):
    """Categories with note counts; notes; their `##`/`###` sections."""

    WIDGET_HELP: ClassVar[WidgetHelp] = WidgetHelp(
        N_("Tree"), N_("categories → notes → sections; a search keeps the notes it found")
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", N_("Down"), show=False, id="tree.down"),
        Binding("k", "cursor_up", N_("Up"), show=False, id="tree.up"),
        Binding("h", "fold", N_("Fold"), show=False, id="tree.fold"),
        Binding("l", "unfold", N_("Unfold"), show=False, id="tree.unfold"),
        Binding("g", "scroll_home", N_("First"), show=False, id="tree.first"),
        Binding("G", "scroll_end", N_("Last"), show=False, id="tree.last"),
        Binding("enter", "read", N_("Read"), id="tree.read"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = Tree.COMPONENT_CLASSES | {"note-tree--due"}

    _due_notes: Mapping[str, int] = {}
    """Cards due per note id, shown after the note's label (see `show_due_counts`)."""
    _due_categories: Mapping[str, int] = {}
    """Cards due per category id."""

    _refilling = False
    """True while the tree refills itself (a class default: Tree refreshes before __init__ ends)."""
    _refresh_after_refill = False

    class NoteHighlighted(Message):
        """The cursor is on a note or section: show it (a preview; focus stays here)."""

        def __init__(self, note_id: str, anchor: str | None) -> None:
            super().__init__()
            self.note_id = note_id
            self.anchor = anchor

    class ReadRequested(Message):
        """Enter on a note or section: move focus to the note."""

        def __init__(self, note_id: str, anchor: str | None) -> None:
            super().__init__()
            self.note_id = note_id
            self.anchor = anchor

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(_("Notes"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self._library: Library | None = None
        self._saved: _Saved | None = None
        self._filtered = False
        self._category_of: dict[str, Category] = {}
        self._shown_hits: list[tuple[str, int]] = []
        self._partial: frozenset[str] = frozenset()
        self._unfilled: dict[int, Any] = {}
        """Children not added yet, by node id: a category's notes, or a note (its sections)."""

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        """Refresh; while the tree refills itself, once at the end and without a layout.

        Tree refreshes, and asks for a layout of the screen, with every node added (it could be
        sized by its content): 100 results cost about 3 ms in refreshes and a 10 ms layout.
        This tree is sized by the CSS and its scrollbars follow its lines (`InPlaceScrolling`),
        so one repaint after the refill does. A layout asked for otherwise (a style change,
        say) still happens.
        """
        if self._refilling:
            self._refresh_after_refill = True
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @property
    def filtered(self) -> bool:
        """True while a search filter is shown."""
        return self._filtered

    def set_library(self, library: Library, *, keep_place: bool = True) -> None:
        """Show every note of `library` (keeping expansion and cursor where possible)."""
        saved = self._snapshot() if keep_place and self._library is not None else None
        self._library = library
        self._category_of = {
            note.id: category for category in library.categories for note in category.notes
        }
        self._filtered = False
        self._populate(None)
        if saved is not None:
            self._apply(saved)

    def show_hits(self, hits: list[tuple[str, int]], partial: frozenset[str] = frozenset()) -> None:
        """Show only the notes in `hits` ((note id, match count), best first), all expanded;
        the notes in `partial` hold only some words of the query (their count is dimmed)."""
        if self._filtered and hits == self._shown_hits and partial == self._partial:
            return  # typing on often finds the same notes: keep the tree (and its cursor)
        self._shown_hits = list(hits)
        self._partial = partial
        if not self._filtered:
            self._saved = self._snapshot()
        self._filtered = True
        with self._refill():
            self._populate(dict(hits))
            first = next(
                (node for node in self._walk() if node.data and node.data.note_id is not None),
                None,
            )
            if first is not None:
                self._move(first)

    def clear_filter(self) -> None:
        """Show the whole tree again, with the expansion and cursor it had before the search."""
        if not self._filtered:
            return
        self._filtered = False
        with self._refill():
            self._populate(None)
            if self._saved is not None:
                self._apply(self._saved)
        self._saved = None

    @contextmanager
    def _refill(self) -> Iterator[None]:
        """Nodes change inside: one repaint for all of them (see `refresh`)."""
        self._refilling, self._refresh_after_refill = True, False
        try:
            yield
        finally:
            self._refilling = False
            if self._refresh_after_refill:
                self.refresh()

    def select_note(self, note_id: str, anchor: str | None = None) -> bool:
        """Put the cursor on a note (or one of its sections), unfolding its category."""
        node = self._find(note_id, anchor)
        if node is None:
            return False
        self._reveal(node)
        self._move(node)
        return True

    def _find(self, note_id: str, anchor: str | None) -> TreeNode[NodeData] | None:
        """The node of a note or section, filling in only the branches on the way to it."""
        category = self._category_of.get(note_id)
        for branch in self._category_branches():
            if branch.data is None or category is None or branch.data.category != category.id:
                continue
            self._fill(branch)
            for node in branch.children:
                if node.data is None or node.data.note_id != note_id:
                    continue
                if anchor is None:
                    return node
                self._fill(node)
                return next(
                    (n for n in self._descendants(node) if n.data and n.data.anchor == anchor),
                    None,
                )
        return None

    def move_to_note(self, delta: int) -> None:
        """Move the cursor to the next (or previous) note, skipping categories and sections."""
        notes = [n for n in self._walk() if n.data and n.data.note_id and n.data.anchor is None]
        if not notes:
            return
        current = self.cursor_node
        current_id = current.data.note_id if current and current.data else None
        ids = [n.data.note_id for n in notes if n.data]
        index = ids.index(current_id) if current_id in ids else (-1 if delta > 0 else 0)
        target = notes[max(0, min(len(notes) - 1, index + delta))]
        self._reveal(target)
        self._move(target)

    def _populate(self, hits: dict[str, int] | None) -> None:
        """Build the tree; with `hits` (ranked), only those notes, best category and note first.

        Children are added when a branch is first unfolded, so 10,000 notes cost 12 nodes.
        """
        self.clear()
        self._unfilled.clear()
        library = self._library
        if library is None:
            return
        groups: list[tuple[Category, list[Note]]]
        if hits is None:
            groups = [
                (category, category.notes) for category in library.categories if category.notes
            ]
        else:
            # From the hits, best first (not from every note: 10,000 would cost 3 ms a key).
            by_category: dict[str, tuple[Category, list[Note]]] = {}
            for note_id in hits:
                note = library.get(note_id)
                category = self._category_of.get(note_id)
                if note is not None and category is not None:
                    by_category.setdefault(category.id, (category, []))[1].append(note)
            groups = list(by_category.values())
        parents = self._source_branches(library, groups)
        for category, notes in groups:
            # The count goes first so that narrow trees, which cut long labels, still show it.
            label = Text.assemble((f"{len(notes)} ", "dim"), (inert(category.title), "bold"))
            branch = parents.get(category.source, self.root).add(label, NodeData(category.id))
            self._unfilled[branch.id] = (notes, hits)
            if hits is not None:
                self._fill(branch)
                branch.expand()

    def _source_branches(
        self, library: Library, groups: list[tuple[Category, list[Note]]]
    ) -> dict[str, TreeNode[NodeData]]:
        """A branch per content source, unfolded, when the library has more than one (in the
        order of `groups`: best first when they are search results)."""
        if len(library.sources) < 2:
            return {}
        titles = {info.key: info.title for info in library.sources}
        first = library.sources[0].key
        counts: dict[str, int] = {}
        for category, notes in groups:
            key = category.source or first
            counts[key] = counts.get(key, 0) + len(notes)
        branches: dict[str, TreeNode[NodeData]] = {}
        for key, count in counts.items():
            title = titles.get(key) or _("Bundled notes")
            label = Text.assemble((f"{count} ", "dim"), (inert(title), "bold underline"))
            branches[key] = self.root.add(label, NodeData("", source=key), expand=True)
        if first in branches:
            branches[""] = branches[first]
        return branches

    def _category_branches(self) -> Iterator[TreeNode[NodeData]]:
        """The categories' branches, under their sources' when there are several sources."""
        for node in self.root.children:
            if node.data is not None and node.data.source is not None:
                yield from node.children
            else:
                yield node

    def _fill(self, node: TreeNode[NodeData]) -> None:
        """Add the children of `node` if they were left out until now."""
        pending = self._unfilled.pop(node.id, None)
        if pending is None:
            return
        if isinstance(pending, Note):
            self._add_sections(node, pending)
            return
        notes, hits = pending
        for note in notes:
            self._add_note(node, note, None if hits is None else hits[note.id])

    def _add_note(self, branch: TreeNode[NodeData], note: Note, count: int | None) -> None:
        label = Text(inert(note.title))
        if count is not None:
            # a note holding only some words of the query: its count dimmed, not highlighted
            badge = "dim reverse" if note.id in self._partial else "bold reverse"
            label = Text.assemble((f"{count} ", badge), " ", label)
        data = NodeData(branch.data.category if branch.data else "", note.id)
        if not note.sections:
            branch.add_leaf(label, data)
            return
        node = branch.add(label, data)
        self._unfilled[node.id] = note

    def _add_sections(self, node: TreeNode[NodeData], note: Note) -> None:
        category = node.data.category if node.data else ""
        parents: list[TreeNode[NodeData]] = [node]
        for section in note.sections:
            parent = parents[0] if section.level <= 2 else parents[-1]
            leaf = parent.add(
                Text(inert(section.title), "italic"), NodeData(category, note.id, section.anchor)
            )
            if section.level <= 2:
                parents = [node, leaf]
        for child in self._descendants(node):
            if not child.children:
                child.allow_expand = False

    def _descendants(self, node: TreeNode[NodeData]) -> list[TreeNode[NodeData]]:
        out: list[TreeNode[NodeData]] = []
        for child in node.children:
            out.append(child)
            out.extend(self._descendants(child))
        return out

    def _walk(self) -> list[TreeNode[NodeData]]:
        return self._descendants(self.root)

    def _move(self, node: TreeNode[NodeData]) -> None:
        # A node's line number is set when the tree rebuilds its lines, which reading
        # `last_line` does at once: the cursor moves in this frame, not in one more.
        if self.last_line >= 0:
            self.move_cursor(node, animate=False)

    def _reveal(self, node: TreeNode[NodeData]) -> None:
        parent = node.parent
        while parent is not None and parent is not self.root:
            self._fill(parent)
            parent.expand()
            parent = parent.parent

    def _key(self, data: NodeData) -> str:
        return f"{data.source or ''}\0{data.category}\0{data.note_id or ''}\0{data.anchor or ''}"

    def _snapshot(self) -> _Saved:
        expanded = {self._key(n.data) for n in self._walk() if n.data and n.is_expanded}
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        return _Saved(expanded, cursor)

    def _apply(self, saved: _Saved) -> None:
        def unfold(nodes: list[TreeNode[NodeData]]) -> None:
            for node in nodes:
                if node.data and self._key(node.data) in saved.expanded:
                    self._fill(node)
                    node.expand()
                    unfold(list(node.children))

        unfold(list(self.root.children))
        cursor = saved.cursor
        if cursor is None:
            return
        if cursor.note_id is not None:
            self.select_note(cursor.note_id, cursor.anchor)
            return
        for node in [*self.root.children, *self._category_branches()]:
            if node.data == cursor:
                self._move(node)
                break

    def on_key(self, event: events.Key) -> None:
        """Drop a key handed over before the focus moved elsewhere (see `stale_keys`)."""
        drop_if_stale(self, event)

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        """The label, ending in "…" when it is cut by the tree's width.

        A cut label loses a leading "Amazon " or "AWS " first: four notes that all read
        "Amazon SageMaker…" in a narrow tree read "SageMaker (マルチ AZ…", "SageMaker で…".
        """
        text = super().render_label(node, base_style, style)
        due = self._due_badge(node)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - due.cell_len
        if room > 1 and text.cell_len > room:
            text = _without_vendor(text)
        if room > 1 and text.cell_len > room:
            text = _one_language(text)
        if room > 1 and text.cell_len > room:
            text.truncate(room - 1)
            text.rstrip()  # "Amazon SageMaker…", not "Amazon SageMaker …"
            text.append("…")
        text.append_text(due)
        return text

    def show_due_counts(self, due: Mapping[str, int]) -> None:
        """Show how many cards are due in each note (by id) and category, after its label."""
        categories: dict[str, int] = {}
        for note_id, count in due.items():
            category = self._category_of.get(note_id)
            if category is not None:
                categories[category.id] = categories.get(category.id, 0) + count
        if dict(due) == self._due_notes and categories == self._due_categories:
            return
        self._due_notes, self._due_categories = dict(due), categories
        self._clear_line_cache()  # the labels are drawn again, the layout stays
        self.refresh()

    def _due_badge(self, node: TreeNode[NodeData]) -> Text:
        """ " due 3" after a note or category with cards due ("" for the others)."""
        data = node.data
        count = 0
        if data is not None and data.anchor is None and data.source is None:
            if data.note_id is not None:
                count = self._due_notes.get(data.note_id, 0)
            else:
                count = self._due_categories.get(data.category, 0)
        if not count:
            return Text()
        badge = _("due {count}").format(count=count)
        return Text(f" {badge}", style=self.get_component_rich_style("note-tree--due"))

    def get_label_width(self, node: TreeNode[NodeData]) -> int:
        """The label's width, without rendering it.

        Tree renders every label to size its content on every refill (100 results cost about
        10 ms); this tree never scrolls sideways (labels end in "…"), so the plain text's width
        and room for the fold icon are enough.
        """
        return cell_len(str(node.label)) + 2

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        """Add a branch's children the first time it is unfolded."""
        self._fill(event.node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        """A note under the cursor is previewed in the note pane."""
        event.stop()
        data = event.node.data
        if data is not None and data.note_id is not None:
            self.post_message(self.NoteHighlighted(data.note_id, data.anchor))

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """Clicks and Enter are handled by `action_read`."""
        event.stop()

    def action_read(self) -> None:
        """Enter: a category folds/unfolds; a note or section is opened for reading."""
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if node.data.note_id is None:
            node.toggle()
            return
        self.post_message(self.ReadRequested(node.data.note_id, node.data.anchor))

    def action_fold(self) -> None:
        """Fold the node, or go to its parent when it is folded already."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)

    def action_unfold(self) -> None:
        """Unfold the node under the cursor."""
        node = self.cursor_node
        if node is not None and node.allow_expand:
            self._fill(node)  # children are added on first unfold
            node.expand()


_VENDOR = re.compile(r"^(\W*(?:\d+\+?\s+)?)(?:Amazon|AWS) (?=\S)")
"""The vendor word at the start of a label's title, after the fold icon and a hit count."""


_BILINGUAL = re.compile(
    r"^(?P<prefix>\W*(?:\d+\+?\s+)?)(?P<head>.*?\S)\s*\((?P<english>[^()]*[A-Za-z][^()]*)\)\s*$"
)
"""A label such as "セキュリティ (Security)": Japanese, then English in brackets."""
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _one_language(label: Text) -> Text:
    """A bilingual label cut to the half in the interface language: "SageMaker と機械学習" or
    "SageMaker and ML" for "SageMaker と機械学習 (SageMaker and ML)". A label whose head is not
    Japanese ("Amazon SageMaker (マルチ AZ)") keeps both: the brackets tell notes apart."""
    plain = label.plain
    match = _BILINGUAL.match(plain)
    if match is None or _JAPANESE.search(match.group("head")) is None:
        return label
    if _JAPANESE.search(match.group("english")) is not None:
        return label
    start, end = match.span("head") if language() == "ja" else match.span("english")
    head_start = match.start("head")
    shorter = label[:head_start]  # the fold icon and the count, as they are
    shorter.append_text(label[start:end])
    return shorter


def _without_vendor(label: Text) -> Text:
    """`label` without a leading "Amazon " or "AWS " (the note pane keeps the full title)."""
    match = _VENDOR.match(label.plain)
    if match is None:
        return label
    shorter = label[: match.end(1)]
    shorter.append_text(label[match.end() :])
    return shorter
