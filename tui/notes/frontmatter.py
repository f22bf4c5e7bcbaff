"""YAML front matter: split it off a note and read the fields kumonote knows, safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.notes.simple_yaml import load_simple

_OPEN = "---"
_CLOSE = ("---", "...")


@dataclass
class FrontMatter:
    """The known front matter fields, plus what was wrong with them."""

    present: bool = False
    title: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    order: int | None = None
    problems: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `text` into (front matter source or None, body, 0-based line where the body starts)."""
    if not text.startswith(_OPEN):
        return None, text, 0
    lines = text.split("\n")
    if lines[0].rstrip() != _OPEN:
        return None, text, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in _CLOSE:
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 1
    return None, text, 0


def _strings(value: Any, name: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int, float)):
        return (str(value),)
    if isinstance(value, list):
        out = tuple(str(item) for item in value if isinstance(item, (str, int, float)))
        if len(out) != len(value):
            problems.append(f"front matter: some `{name}` entries are not text and were ignored")
        return out
    problems.append(f"front matter: `{name}` should be a list of text")
    return ()


class YamlProblem(ValueError):
    """YAML that could not be read; the message says where and why."""


def load_yaml(source: str, first_line: int = 1) -> Any:
    """Read YAML safely (no object construction); `first_line` numbers the lines in messages.

    The simple front matter nearly every note has is read without PyYAML, which is imported
    only for anything else.
    """
    simple = load_simple(source)
    if simple is not None:
        return simple
    import yaml

    try:  # the C loader is several times faster; both are "safe"
        loader: Any = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    try:
        return yaml.load(source, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + first_line})" if mark is not None else ""
        problem = getattr(error, "problem", None) or error
        raise YamlProblem(f"{where}: {problem}") from None
    except (ValueError, RecursionError) as error:
        raise YamlProblem(f": {error}") from None


def parse_front_matter(source: str) -> FrontMatter:
    """Read front matter YAML with a safe loader; problems are reported, never raised."""
    meta = FrontMatter(present=True)
    try:
        data = load_yaml(source, first_line=2)
    except YamlProblem as error:
        meta.problems.append(f"invalid YAML front matter{error}")
        return meta
    if data is None:
        return meta
    if not isinstance(data, dict):
        meta.problems.append("front matter is not a mapping of fields; ignored")
        return meta
    title = data.get("title")
    if isinstance(title, (str, int, float)) and str(title).strip():
        meta.title = str(title).strip()
    elif title is not None:
        meta.problems.append("front matter: `title` should be text")
    meta.aliases = _strings(data.get("aliases"), "aliases", meta.problems)
    meta.tags = _strings(data.get("tags"), "tags", meta.problems)
    order = data.get("order")
    if isinstance(order, int) and not isinstance(order, bool):
        meta.order = order
    elif order is not None:
        meta.problems.append("front matter: `order` should be a whole number")
    return meta
