"""The layers stay apart: content and search never load the UI; lower layers never import upper."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import sys, importlib
importlib.import_module({module!r})
bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual' or
             any(m == f or m.startswith(f + '.') for f in {forbidden!r}))
print('\\n'.join(bad))
"""


UI = ["tui.widgets", "tui.screens", "tui.app", "tui.cli"]


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.i18n", ["tui.notes", "tui.search", "tui.state", "tui.render", "textual", *UI]),
        ("tui.notes", ["tui.search", "tui.state", "tui.render", *UI]),
        ("tui.search.engine", ["tui.state", "tui.render", *UI]),
        ("tui.search.titles", ["tui.state", "tui.render", *UI]),
        ("tui.search.lookup", ["tui.state", "tui.render", *UI]),
        ("tui.search.report", ["tui.state", "tui.render", *UI]),
        ("tui.state", ["tui.search", "tui.render", *UI]),
        ("tui.docsets", ["tui.search", "tui.state", "tui.render", *UI]),
        ("tui.docsets.build", ["tui.search", "tui.state", "tui.render", *UI]),
        ("tui.render.markdown", ["tui.search", "tui.state", *UI]),
        ("tui.render.spots", ["tui.search", "tui.state", *UI]),
        ("tui.study", ["tui.search", "tui.state", "tui.render", "tui.study_cli", *UI]),
        ("tui.study.anki", ["tui.search", "tui.state", "tui.render", *UI]),
        ("tui.check", ["tui.state", *UI]),
        ("tui.show", ["tui.state", *UI]),
        ("tui.study_cli", ["tui.study", "fsrs", "sqlite3", *UI]),
    ],
)
def test_layer_imports_nothing_above_it(module: str, forbidden: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module, forbidden=forbidden)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "", f"{module} loaded: {result.stdout}"


def test_the_first_screen_does_not_import_the_search_engine() -> None:
    code = (
        "import sys; import tui.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('whoosh', 'sudachipy', 'rapidfuzz', 'pygments')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.widgets.note_view", ["tui.screens", "tui.app", "tui.cli"]),
        ("tui.widgets.note_tree", ["tui.screens", "tui.app", "tui.cli"]),
        ("tui.widgets.search_bar", ["tui.screens", "tui.app", "tui.cli"]),
        ("tui.screens.main", ["tui.app", "tui.cli"]),
    ],
)
def test_the_ui_layers_import_nothing_above_them(module: str, forbidden: list[str]) -> None:
    code = CHECK.format(module=module, forbidden=forbidden).replace(
        "m.split('.')[0] == 'textual' or", ""
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "", f"{module} loaded: {result.stdout}"


def test_every_package_is_covered() -> None:
    """A new package under tui/ gets a row above, so no layer goes unchecked."""
    import pathlib

    import tui

    root = pathlib.Path(tui.__file__).parent
    packages = {f"tui.{path.parent.name}" for path in root.glob("*/__init__.py")}
    checked = {
        "tui.i18n",
        "tui.notes",
        "tui.search",
        "tui.state",
        "tui.render",
        "tui.study",
        "tui.docsets",
        "tui.widgets",
        "tui.screens",
    }
    assert packages - {"tui._content", "tui._images"} <= checked, packages - checked
