"""The baseline for start-up and memory: the smallest Textual app with kumonote's three widgets.

An Input on top, a Tree of 40 nodes on the left and a short Markdown document on the right, laid
out like kumonote's browser and nothing else: no content loading, no search. Whatever kumonote
costs on top of this is kumonote's own. Run it with `python -m bench.minimal_app`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Markdown, Tree

READY_TEXT = "最小アプリ minimal app"
"""Shown in the Markdown pane: when it is on screen, so is everything else."""
TREE_TEXT = "カテゴリ 1"
"""The first tree label."""
PLACEHOLDER = "検索 (search)"
CATEGORIES, LEAVES = 8, 4
"""8 categories of 4 notes: 40 nodes."""

DOCUMENT = f"""\
# {READY_TEXT}

A short note, as a baseline. 短いノートです。

- Input, Tree, Markdown
"""


class MinimalApp(App[None]):
    """Input, a 40-node Tree and a short Markdown: the floor kumonote is measured against."""

    CSS = """
    Input { dock: top; }
    Tree { width: 34%; }
    Markdown { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        """Lay out the three widgets."""
        yield Input(placeholder=PLACEHOLDER)
        tree: Tree[None] = Tree("notes")
        tree.show_root = False
        for c in range(1, CATEGORIES + 1):
            category = tree.root.add(f"カテゴリ {c}", expand=True)
            for n in range(1, LEAVES + 1):
                category.add_leaf(f"ノート {c}-{n}")
        with Horizontal():
            yield tree
            yield Markdown(DOCUMENT)

    def on_mount(self) -> None:
        """Focus the tree, as kumonote does."""
        self.query_one(Tree).focus()


def ready(screen: str) -> bool:
    """Is the minimal app's first screen fully drawn?"""
    return all(text in screen for text in (READY_TEXT, TREE_TEXT, "短いノート", PLACEHOLDER))


if __name__ == "__main__":
    MinimalApp().run()
