"""The PyYAML-free front matter reader agrees with PyYAML on everything it accepts."""

from __future__ import annotations

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.notes import bundled_paths
from tui.notes.frontmatter import split_front_matter
from tui.notes.simple_yaml import load_simple

# Pieces that often fool a hand-written YAML reader: indicators, numbers YAML resolves to other
# types, booleans and nulls, spaces and tabs, colons, quotes, comments, full-width characters.
PIECES = [
    "a",
    "Amazon SQS",
    "キュー",
    "暗号",
    "x",
    " ",
    "  ",
    "\t",
    ":",
    ": ",
    "#",
    " #",
    "-",
    "- ",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "?",
    "~",
    ".",
    "0",
    "1",
    "07",
    "1.5",
    "1e3",
    "1_000",
    "0x1f",
    "2024-01-01",
    "12:30",
    "yes",
    "No",
    "ON",
    "off",
    "true",
    "False",
    "null",
    "NULL",
    "y",
    "=",
    "<<",
    "\u3000",
    "（",
    "）",
    "\\",
    "+",
    "\r",
    "\u2028",
    "\x85",
    "é",
    "😀",
    "3つ",
    "1月",
    "0ｘ",
]
text = st.lists(st.sampled_from(PIECES), min_size=0, max_size=6).map("".join)
key = st.sampled_from(["title", "aliases", "tags", "order", "on", "yes", "a-b", "_x", "1", "t t"])
value = st.one_of(
    text,
    st.lists(text, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(text, max_size=4).map(lambda items: "[" + ",".join(items) + "]"),
)
line = st.tuples(key, st.sampled_from([": ", ":", ":  ", " : "]), value).map("".join)
document = st.lists(st.one_of(line, st.sampled_from(["", " ", "# c", "  - x"])), max_size=5)


# Front matter as notes write it: a title, maybe aliases and tags and an order, in words that
# need no quotes. The reader must answer for all of it (else PyYAML is imported after all).
WORDS = ["Amazon SQS", "キュー", "暗号", "x", "é", "😀", "3つ", "1月", "SageMaker 推論"]
word = st.sampled_from(WORDS)
words = st.lists(word, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
usual = st.fixed_dictionaries(
    {"title": word},
    optional={"aliases": words, "tags": words, "order": st.integers(0, 10**6).map(str)},
).map(lambda fields: "\n".join(f"{key}: {value}" for key, value in fields.items()))


def pyyaml(source: str) -> object:
    try:
        return yaml.load(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return "error"


@settings(max_examples=1500)
@given(st.one_of(document.map("\n".join).map(lambda s: (s, False)), usual.map(lambda s: (s, True))))
@example(("title: Amazon SQS\naliases: [SQS, キュー, queue]\norder: 10", True))
@example(("title: yes", False))
@example(("aliases: [a:b]", False))
@example(("title: x\u3000", False))
@example(("title: 3つの階層 (AWS)", True))
@example(("aliases: [3つ, 1:2つ]", False))
@example(('aliases: ["8888", \'a b\', "\u3000"]', False))
@example(("title: ''", True))
def test_agrees_with_pyyaml_whenever_it_answers(case: tuple[str, bool]) -> None:
    source, must_answer = case
    simple = load_simple(source)
    if must_answer:
        assert simple is not None, "usual front matter left to PyYAML"
    if simple is not None:
        assert simple == pyyaml(source)


def test_reads_the_usual_front_matter_and_leaves_the_rest_to_pyyaml() -> None:
    assert load_simple("title: Amazon SQS\naliases: [SQS, キュー]\norder: 10") == {
        "title": "Amazon SQS",
        "aliases": ["SQS", "キュー"],
        "order": 10,
    }
    assert load_simple("title: 'quoted'\naliases: [\"8888\", x]") == {
        "title": "quoted",
        "aliases": ["8888", "x"],
    }
    for unusual in (
        "title: 'it''s'",
        "aliases:\n  - a",
        "title: yes",
        "date: 2024-01-01",
        "title: a # comment",
        "order: 1.5",
        "title: a\ntitle: b",
        "",
    ):
        assert load_simple(unusual) is None, unusual


def test_every_bundled_note_is_read_without_pyyaml() -> None:
    content, _ = bundled_paths()
    files = sorted(content.rglob("*.md")) + sorted(content.rglob("_category.yaml"))
    assert files
    for path in files:
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            front, _, _ = split_front_matter(source)
            assert front is not None, path
            source = front
        assert load_simple(source) == pyyaml(source), path
