"""Note text with terminal escapes is shown inert: never sent to the terminal raw.

Checked on the bytes a real terminal would receive: the CLI commands in a pseudo-terminal
(so colour is on) and through a pipe, and the app itself in a pseudo-terminal. Random
Markdown and random bytes go through the loader, the renderer and the wrapper.
Unit-level checks exist already: tests/render/test_markdown.py and
tests/widgets/test_note_view.py (control characters), tests/search/test_query_fuzz.py
(search output).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.i18n import in_language
from tui.notes import load_library
from tui.notes.safe_text import has_controls
from tui.render.layout import plain_lines
from tui.render.markdown import parse
from tui.render.wrap import wrap

from .conftest import Pty, child_env, kumonote_args

OSC_TITLE = "\x1b]0;pwned-title\x07"
OSC_LINK = "\x1b]8;;http://evil.example/\x1b\\"
RAW = [
    OSC_TITLE,
    OSC_LINK,
    "\x1b[2J",
    "\x1b[6n",
    "\x9b31m",
    "\x07",
    "\x1bP+q\x1b\\",
    "\x08",
    "\x7f",
]
"""What the hostile notes hold: set the title, hyperlink, clear, ask for the cursor (the
answer would be typed into the shell), C1 CSI, bell, DCS, backspace, delete."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / f"cat{OSC_TITLE}"
    folder.mkdir()
    payload = "".join(RAW)
    escaped = r"\e]0;pwned-title\a \e[2J \x9b31m \b \x7f"  # YAML escapes: real controls
    (folder / "front.md").write_text(
        f'---\ntitle: "evil {escaped} title"\naliases: ["alias {escaped}"]\n'
        f'tags: ["tag {escaped}"]\n---\n# 見出し\n- hostilezz {payload}\n',
        encoding="utf-8",
    )
    (folder / "name\x1b]2;file-title\x07.md").write_text(
        f"no heading\n\n## sec {payload}\n\n| a {payload} | b |\n|---|---|\n| {payload} | x |\n\n"
        f"```\ncode {payload}\n```\n\n> quote {payload}\n\n![alt {payload}](img{payload}.png)\n"
        f"[link {payload}](note{payload}.md) hostilezz\n",
        encoding="utf-8",
    )
    return root


SGR = re.compile(rb"\x1b\[[0-9;]*m")

SEARCHING = in_language("Clear search", "ja").encode()
"""In the key bar once the search bar has the focus (Escape clears the search); the tests'
programs speak Japanese (KUMONOTE_LANG=ja, tests/conftest.py)."""
BROWSING = in_language("Quit", "ja").encode()
"""In the key bar once the tree has the focus (q quits)."""


def raw_controls(output: bytes) -> list[bytes]:
    """Control sequences in `output` other than colour (SGR) and line ends."""
    rest = SGR.sub(b"", output)
    found = re.findall(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", rest)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json"),
        ("check",),
        ("search", "hostilezz"),
        ("search", "hostilezz", "--json"),
        ("show", "name"),
        ("show", "name", "--markdown"),
        ("search", "\x1b]0;query-title\x07"),
    ],
    ids=[
        "list",
        "list json",
        "check",
        "search",
        "search json",
        "show",
        "show markdown",
        "query with escapes",
    ],
)
def test_cli_output_is_inert_in_a_terminal_and_a_pipe(
    hostile: Path, pty_run: Callable[..., Pty], args: tuple[str, ...]
) -> None:
    command = kumonote_args(*args, "--content", str(hostile))
    expected = 1 if args[0] == "check" else 0  # the control characters are a problem to check
    term = pty_run(command, COLUMNS="100")
    assert term.finish() == expected, term.output
    assert raw_controls(term.output) == [], term.output
    assert b"Traceback" not in term.output
    piped = subprocess.run(command, capture_output=True, env=child_env(), timeout=60)
    assert piped.returncode == expected
    assert raw_controls(piped.stdout + piped.stderr) == []
    assert b"\x1b" not in piped.stdout  # no colour into a pipe
    if "--json" in args:
        data = json.loads(piped.stdout)
        assert data and "pwned-title" in json.dumps(data)  # the text is there, escaped


def test_the_app_never_sends_note_text_raw(
    hostile: Path, pty_run: Callable[..., Pty], tmp_path: Path
) -> None:
    term = pty_run(
        kumonote_args("--content", str(hostile)),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        KUMONOTE_DATA_DIR=str(tmp_path / "data"),
    )
    term.read_until(lambda out: b"file-title" in out and b"pwned-title" in out)
    term.write(b"/")
    term.wait_for(SEARCHING, "the search bar focused")  # so what is typed next goes there
    term.write(b"hostilezz")
    assert "件".encode() in term.read_until(lambda out: "件".encode() in out, timeout=60)
    term.write(b"\x1b")
    term.wait_for(BROWSING, "the tree focused again")  # where q quits
    term.write(b"q")
    assert term.finish() == 0, term.output[-2000:]
    out = term.output
    assert b"pwned-title" in out  # shown, as text
    for raw in RAW:
        if raw not in ("\x08", "\x07", "\x1b[2J", "\x1b[6n", "\x1bP+q\x1b\\"):
            assert raw.encode() not in out, raw  # sequences the app never sends itself
    assert b"\xc2\x9b" not in out and b"Traceback" not in out


PIECES = [
    "#",
    "##",
    "###",
    "-",
    "*",
    "+",
    "1.",
    "1)",
    ">",
    "|",
    "---",
    "```",
    "~~~",
    "`",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[[",
    "]]",
    "<",
    ">",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "&amp;",
    "\\",
    "_",
    "**",
    "~~",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "    ",
    "あ",
    "漢字",
    "カナ",
    "、",
    "。",
    "「",
    "」",
    "ｶﾞ",
    "\u3000",
    "\x1b[31m",
    "\x1b]0;x\x07",
    "\x9b",
    "\x00",
    "\x7f",
    "\ufeff",
    "\u200b",
    "\u2028",
    "😀",
    "👩‍👩‍👧",
    "e\u0301",
    "\U00020bb7",
    "http://x.y/z",
    "word",
    "---\ntitle: t\n---\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "- [ ] ",
    "- [x] ",
    "$$",
    "^",
]
MARKDOWN = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=80).map(
    "".join
)


def check_render(body: str, width: int) -> None:
    rendered = parse(body).render(width)
    for line in plain_lines(rendered):
        assert not has_controls(line), repr(line)
        assert cell_len(line) <= max(width, 8), (width, line)
    for start, end in wrap(body, width):
        assert 0 <= start <= end <= len(body)


@settings(max_examples=200)
@given(MARKDOWN, st.integers(1, 130))
def test_random_markdown_renders_inert_within_the_width(body: str, width: int) -> None:
    check_render(body, width)


@settings(max_examples=100)
@given(
    st.one_of(
        st.binary(max_size=400),
        MARKDOWN.map(lambda s: s.encode("utf-8", "surrogatepass")),
        MARKDOWN.map(lambda s: s.encode("cp932", "ignore")),
        MARKDOWN.map(lambda s: s.encode("euc_jp", "ignore")),
        MARKDOWN.map(lambda s: s.encode("utf-16")),
    ),
    st.integers(1, 130),
)
def test_random_files_load_and_render(data: bytes, width: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c" / "note.md"
        path.parent.mkdir()
        path.write_bytes(data)
        library = load_library(folder)
        for note in library:
            rendered = parse(note.body, note).render(width)
            for line in plain_lines(rendered):
                assert not has_controls(line)
                assert cell_len(line) <= max(width, 8)
        assert len(library) + len(library.warnings) >= 1  # loaded, or said why not
