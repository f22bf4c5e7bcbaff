"""The interface language: one catalogue, two complete languages, chosen from the environment.

Every string a user reads comes from the catalogue (`tui/i18n`): a scan of the interface's
source fails on a literal with words that is shown without `_`/`N_`/`ngettext`, and the check
of `scripts/catalogue.py` fails when a string lacks its Japanese or the compiled .mo is stale.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tui.i18n import _, in_language, language, language_from_env, ngettext, set_language

ROOT = Path(__file__).resolve().parent.parent
INTERFACE = [
    *sorted((ROOT / "tui" / "screens").glob("*.py")),
    *sorted((ROOT / "tui" / "widgets").glob("*.py")),
    *(ROOT / "tui" / name for name in ("app.py", "cli.py", "check.py", "show.py")),
    ROOT / "tui" / "search" / "report.py",
]
"""The modules that put text in front of the user."""

WRAPPERS = {"_", "N_", "ngettext"}
SHOWN_CALLS = {
    "notify",
    "show_message",
    "show_instead",
    "print",
    "Static",
    "Label",
    "ChooseScreen",
    "set_status",
    "ArgumentTypeError",
    "ContentNotFound",
    "NoteNotFound",
    "error",
    "exit",
    "add_parser",
    "SystemCommand",
    "PaletteCommand",
    "DiscoveryHit",
    "Hit",
    "WidgetHelp",
}
"""Calls whose string arguments are read by the user."""
SHOWN_KEYWORDS = {
    "help",
    "description",
    "epilog",
    "placeholder",
    "tooltip",
    "border",
    "title",
    "summary",
}
SHOWN_ATTRIBUTES = {"border_title", "border_subtitle", "placeholder", "tooltip"}
NOT_TEXT_KEYWORDS = {"style", "classes", "id", "name", "group", "reading", "markup"}
"""Keyword arguments that are never text: styles, ids, CSS classes, palette readings."""
INTERNAL_ERRORS = {"ValueError", "TypeError", "RuntimeError", "AssertionError", "KeyError"}
"""Exceptions for programmers: the code catches them and says something of its own."""
F_STRING_ALLOWED = {
    "kumonote ",  # f"kumonote {__version__}"
    " --content ",  # a command line (kumonote check --content PATH)
}
WORD = re.compile(r"[A-Za-z]{2,}|[\u3040-\u30ff\u4e00-\u9fff]")

ALLOWED = {
    "kumonote: ",  # the program's name before its messages
    "kumonote",
    "kumonote 雲ノート",  # the app's title: a name
    "n/N",  # keys
    "kumonote [--content PATH] [NOTE]\n       kumonote COMMAND [--content PATH] ...",  # usage
}
"""Literals that are shown but are not words of the interface: names, keys, usage syntax."""


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _texts(node: ast.AST) -> list[tuple[int, str]]:
    """String literals with words in `node` that are not inside `_`/`N_`/`ngettext`."""
    found: list[tuple[int, str]] = []

    def visit(item: ast.AST) -> None:
        if isinstance(item, ast.Call) and _call_name(item) in WRAPPERS:
            return
        if isinstance(item, ast.Call) and _call_name(item) == "format":
            visit(item.func)  # the values put into a translated text are not text of ours
            return
        if isinstance(item, ast.Call):
            for arg in item.args:
                visit(arg)
            for keyword in item.keywords:
                if keyword.arg not in NOT_TEXT_KEYWORDS:
                    visit(keyword.value)
            return
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            if WORD.search(item.value) and item.value not in ALLOWED:
                found.append((item.lineno, item.value))
            return
        if isinstance(item, ast.Subscript | ast.Attribute | ast.Compare):
            return  # a lookup (`words[0]`, `note.title`) or a test, not a literal shown
        for child in ast.iter_child_nodes(item):
            visit(child)

    visit(node)
    return found


def _is_binding_description(node: ast.Call) -> list[ast.AST]:
    """A `Binding(key, action, description, ...)`'s description and tooltip."""
    shown: list[ast.AST] = []
    if len(node.args) >= 3:
        shown.append(node.args[2])
    shown.extend(k.value for k in node.keywords if k.arg in ("description", "tooltip"))
    return shown


def bypassing(path: Path) -> list[str]:
    """Shown literals with words in `path` that do not come from the catalogue."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "Binding":
                for shown in _is_binding_description(node):
                    out.extend(_texts(shown))
            elif name in SHOWN_CALLS:
                args: list[ast.AST] = list(node.args)
                if name in ("exit",):
                    args = args[1:]
                for arg in args:
                    out.extend(_texts(arg))
            for keyword in node.keywords:
                if keyword.arg in SHOWN_KEYWORDS and name not in ("Binding", "run_worker"):
                    out.extend(_texts(keyword.value))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in SHOWN_ATTRIBUTES:
                    out.extend(_texts(node.value))
        elif isinstance(node, ast.Return | ast.JoinedStr) and isinstance(node, ast.JoinedStr):
            pass
    # f-strings with words anywhere in the interface are text put together outside the
    # catalogue (but a programming error's message is for the programmer)
    internal = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and _call_name(node.exc) in INTERNAL_ERRORS
        for inner in ast.walk(node)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and id(node) not in internal:
            words = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if WORD.search(words) and words not in ALLOWED | F_STRING_ALLOWED:
                out.append((node.lineno, words))
    rel = path.relative_to(ROOT)
    return sorted({f"{rel}:{line}: {text!r}" for line, text in out})


@pytest.mark.parametrize("path", INTERFACE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_shown_string_bypasses_the_catalogue(path: Path) -> None:
    found = bypassing(path)
    assert found == [], "\n".join(found)


def test_the_scan_catches_a_bypassing_string(tmp_path: Path) -> None:
    bad = tmp_path / "tui" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "from tui.i18n import _\n"
        "def f(self, n):\n"
        '    self.notify("copied the note")\n'
        '    self.notify(_("copied the note"))\n'
        '    Binding("x", "go", "Go there", id="x.go")\n'
        '    box.border_title = f"{n} notes"\n'
        '    print(_("{n} notes").format(n=n))\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = bypassing(bad)
    finally:
        ROOT = saved
    assert [line.split(": ", 1)[1] for line in found] == [
        "'copied the note'",
        "'Go there'",
        "' notes'",
    ]


def _catalogue() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_its_japanese_and_the_mo_is_current() -> None:
    problems = _catalogue().problems()
    assert problems == [], "\n".join([*problems, "run: python scripts/catalogue.py"])


def test_the_check_fails_for_a_string_without_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = _catalogue()
    po = tmp_path / "kumonote.po"
    text = catalogue.PO.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "次の一致"', 'msgstr ""', 1), encoding="utf-8")
    monkeypatch.setattr(catalogue, "PO", po)
    monkeypatch.setattr(catalogue, "MO", catalogue.MO)
    problems = catalogue.problems()
    assert "no Japanese for: 'Next match'" in problems
    assert any("is stale" in problem for problem in problems)


def test_the_catalogue_ships_in_the_wheel() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"tui.i18n" = ["locale/*/LC_MESSAGES/*.mo"' in pyproject
    assert (ROOT / "tui" / "i18n" / "locale" / "ja" / "LC_MESSAGES" / "kumonote.mo").is_file()


@pytest.mark.parametrize(
    ("environ", "configured", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "ja_JP.UTF-8"}, None, "ja"),
        ({"LANG": "C.UTF-8"}, None, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ja_JP.UTF-8"}, None, "ja"),
        ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "C"}, None, "en"),
        ({"LC_MESSAGES": "C", "LC_ALL": "ja_JP.UTF-8"}, None, "ja"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}, None, "en"),
        ({"LC_ALL": "", "LANG": "ja_JP.UTF-8"}, None, "ja"),  # empty means unset
        ({"LC_ALL": "C", "KUMONOTE_LANG": "ja"}, None, "ja"),
        ({"LANG": "ja_JP.UTF-8", "KUMONOTE_LANG": "en"}, None, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "en", "en"),  # the config file beats the locale ...
        ({"LANG": "C", "KUMONOTE_LANG": "ja"}, "en", "ja"),  # ... and KUMONOTE_LANG beats it
    ],
)
def test_the_language_follows_kumonote_lang_config_lc_all_lc_messages_lang(
    environ: dict[str, str], configured: str | None, expected: str
) -> None:
    assert language_from_env(environ, configured=configured) == expected


def test_set_language_switches_every_message() -> None:
    assert set_language("en_US.UTF-8") == "en" == language()
    assert _("No matching notes") == "No matching notes"
    assert ngettext("{count} note", "{count} notes", 2).format(count=2) == "2 notes"
    assert set_language("ja") == "ja" == language()
    assert _("No matching notes") == "一致するノートがありません"
    assert ngettext("{count} note", "{count} notes", 2).format(count=2) == "2 件"
    assert in_language("Search", "en") == "Search" and in_language("Search", "ja") == "検索"


@pytest.mark.parametrize(
    ("lang", "said", "unsaid"),
    [("ja_JP.UTF-8", "使い方", "usage"), ("C.UTF-8", "usage", "使い方")],
)
def test_cli_help_and_errors_follow_lang(lang: str, said: str, unsaid: str) -> None:
    env = {"LANG": lang, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    help_text = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert said in help_text and unsaid not in help_text
    error = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "x", "--limit", "0"],
        capture_output=True,
        text=True,
        env=env,
    ).stderr
    japanese = re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", error) is not None
    assert japanese == lang.startswith("ja"), error
