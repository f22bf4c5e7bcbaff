"""A real English corpus nobody here wrote: the AWS API reference shipped inside botocore.

Every operation of every service model botocore ships (`service-2` data) becomes one Markdown
note: its HTML documentation stripped to paragraphs, bullets and inline code, one folder per
service. The notes are written to a temporary folder at benchmark time; nothing is kept.
Needs the `bench` extra (`pip install ".[bench]"`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SECTION = "botocore"
_BLOCK = {
    "p",
    "div",
    "note",
    "important",
    "para",
    "dl",
    "dd",
    "dt",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "tr",
    "fullname",
    "title",
}
_SLUG = re.compile(r"[^a-z0-9]+")


def available() -> bool:
    """Is botocore installed?"""
    try:
        import botocore  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


class _Text(HTMLParser):
    """botocore's documentation HTML to plain Markdown text: paragraphs, bullets, `code`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.depth = 0

    def _flush(self, *, keep_bullet: bool = False) -> None:
        raw = "".join(self.line)
        if keep_bullet and raw.strip() == "-":
            return  # a paragraph inside a list item: its text goes after the bullet
        text = " ".join(raw.split())
        indent = raw[: len(raw) - len(raw.lstrip())] if text.startswith("- ") else ""
        if text:
            self.blocks.append(indent + text)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._flush(keep_bullet=True)
        elif tag in ("ul", "ol"):
            self._flush()
            self.depth += 1
        elif tag == "li":
            self._flush()
            self.line.append("  " * max(self.depth - 1, 0) + "- ")
        elif tag == "code":
            self.line.append("`")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self._flush(keep_bullet=True)
        elif tag == "li":
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.depth = max(self.depth - 1, 0)
        elif tag == "code":
            self.line.append("`")

    def handle_data(self, data: str) -> None:
        self.line.append(data.replace("`", "'"))

    def text(self) -> str:
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            bullet = block.lstrip().startswith("- ")
            if out and not (bullet and out[-1].lstrip().startswith("- ")):
                out.append("")
            out.append(block)
        return "\n".join(out)


def html_to_text(html: str) -> str:
    """Strip botocore documentation HTML to Markdown text."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text().replace("``", "")


@dataclass(frozen=True)
class CorpusInfo:
    """What was written."""

    services: int
    notes: int
    bytes: int


def _note(service: str, full_name: str, operation: str, model: dict[str, Any]) -> str:
    docs = html_to_text(str(model.get("documentation", ""))) or "(no documentation)"
    front = {
        "title": f"{service} {operation}",
        "aliases": [operation, full_name],
        "tags": [_SLUG.sub("-", service.lower()).strip("-") or "aws", "botocore"],
    }
    lines = [
        "---",
        *(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()),
        "---",
        f"# {operation}",
        "",
        docs,
        "",
    ]
    return "\n".join(lines)


def write(directory: Path) -> CorpusInfo:
    """Write one note per operation of every botocore service model under `directory`."""
    import botocore.session  # type: ignore[import-untyped]

    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    services = notes = size = 0
    labels: set[str] = set()
    for name in sorted(session.get_available_services()):
        model = loader.load_service_model(name, "service-2")
        meta = model.get("metadata", {})
        label = str(meta.get("serviceId") or meta.get("serviceAbbreviation") or name)
        if label in labels:  # two models of one service (old and new API): keep titles unique
            label = f"{label} ({name})"
        labels.add(label)
        full_name = str(meta.get("serviceFullName") or label)
        folder = directory / name
        folder.mkdir(parents=True, exist_ok=True)
        category = f"title: {json.dumps(full_name, ensure_ascii=False)}\n"
        (folder / "_category.yaml").write_text(category, encoding="utf-8")
        services += 1
        for operation, op_model in sorted(model.get("operations", {}).items()):
            text = _note(label, full_name, operation, op_model)
            data = text.encode("utf-8")
            (folder / f"{operation}.md").write_bytes(data)
            notes += 1
            size += len(data)
    return CorpusInfo(services, notes, size)
