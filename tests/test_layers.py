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


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.notes", ["tui.search", "tui.state", "tui.widgets", "tui.screens", "tui.app"]),
        ("tui.search.engine", ["tui.widgets", "tui.screens", "tui.app", "tui.state"]),
        ("tui.search.titles", ["tui.widgets", "tui.screens", "tui.app"]),
        ("tui.search.lookup", ["tui.widgets", "tui.screens", "tui.app", "tui.state"]),
        ("tui.search.report", ["tui.widgets", "tui.screens", "tui.app"]),
        ("tui.state", ["tui.search", "tui.widgets", "tui.screens", "tui.app"]),
    ],
)
def test_layer_imports_nothing_above_it(module: str, forbidden: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module, forbidden=forbidden)],
        capture_output=True, text=True, timeout=60, check=True,
    )
    assert result.stdout.strip() == "", f"{module} loaded: {result.stdout}"


def test_the_first_screen_does_not_import_the_search_engine() -> None:
    code = (
        "import sys; import tui.app; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('whoosh', 'sudachipy', 'rapidfuzz', 'pygments')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
