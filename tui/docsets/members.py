"""The members of a structure as a Markdown table: name, type, required, constraints, text.

A member whose type is a structure links to it: to its own page when it is shared
(`[[aws:sagemaker/shapes/Tag]]`), else to its section further down the page
(`#tag-structure`), and the caller adds that section (`Sections`). A page that has
`MAX_SECTIONS` sections already links to the further structures' own pages instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.docsets.html_markdown import html_to_markdown
from tui.docsets.model import ServiceModel, Shape
from tui.docsets.text import code, escape, table
from tui.notes.slug import slugify

ENUM_IN_CELL = 20
"""Enum values listed in a table cell; more are listed in the shape's own section."""

SUMMARY_CHARS = 300
"""A description longer than this is cut in its table cell (the section below has it all)."""

HEADER = ("Name", "Type", "Required", "Constraints", "Description")

MAX_SECTIONS = 50
"""Structure sections on one page; the structures met after them get pages of their own."""


@dataclass
class Sections:
    """The structures (and long enums) a page shows as sections, in the order first met."""

    model: ServiceModel
    page_shapes: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def want(self, name: str) -> str:
        """Note that `name` needs a section on this page; return the link text to it (to its
        own page, for a structure met when the page is full)."""
        full = len(self.page_shapes) >= MAX_SECTIONS
        if name not in self.seen and full and self.model.shape(name).get("type") == "structure":
            self.model.overflow.add(name)
            return self.model.shape_link(name)
        if name not in self.seen:
            self.seen.add(name)
            self.page_shapes.append(name)
        return f"[{escape(name)}](#{slugify(self.heading(name))})"

    def heading(self, name: str) -> str:
        """The heading of a shape's section (`ProductionVariant (structure)`): never the same
        as a member's (`### EndpointName`), so its anchor is its own."""
        kind = "structure" if self.model.shape(name).get("type") == "structure" else "enum"
        return f"{name} ({kind})"


def describe(model: ServiceModel, html: str) -> str:
    """A documentation string as Markdown, links to the service's operations as wikilinks."""
    return html_to_markdown(html, model.operations, model.operation_link)


def summary(markdown: str) -> tuple[str, bool]:
    """The first paragraph of `markdown` for a table cell, and whether anything was left out."""
    blocks = [block for block in markdown.split("\n\n") if block.strip()]
    if not blocks:
        return "", False
    first = blocks[0]
    cut = len(blocks) > 1
    if len(first) > SUMMARY_CHARS:
        end = _cut_at(first, ". ", keep=1) or _cut_at(first, " ", keep=0, mark=" …")
        if end is not None:
            first, cut = end, True
    return first, cut


def _cut_at(text: str, separator: str, *, keep: int, mark: str = "") -> str | None:
    """`text` cut before `SUMMARY_CHARS` at the last `separator` outside code and links
    (keeping `keep` characters of it), or None when there is no such place."""
    end = text.rfind(separator, 0, SUMMARY_CHARS)
    while end > 0:
        head = text[: end + keep]
        if _closed(head):
            return head + mark
        end = text.rfind(separator, 0, end)
    return None


def _closed(markdown: str) -> bool:
    """Does `markdown` close every code span and link it opens?"""
    return (
        markdown.count("`") % 2 == 0
        and markdown.count("[") - markdown.count("\\[")
        == markdown.count("]") - markdown.count("\\]")
        and markdown.count("(<") == markdown.count(">)")
    )


def type_text(model: ServiceModel, name: str, sections: Sections) -> str:
    """The type column: `string`, `list of` another type, `map of`, or a structure's link."""
    shape = model.shape(name)
    kind = str(shape.get("type", "?"))
    if kind == "list":
        return "list of " + type_text(model, str(shape["member"]["shape"]), sections)
    if kind == "map":
        key = type_text(model, str(shape["key"]["shape"]), sections)
        value = type_text(model, str(shape["value"]["shape"]), sections)
        return f"map of {key} to {value}"
    if kind == "structure":
        if shape.get("document"):
            return "document (JSON value)"
        if model.has_page(name):
            return model.shape_link(name)
        return sections.want(name)
    if kind == "timestamp":
        return "timestamp (datetime)"
    if kind == "string" and shape.get("enum"):
        return "string (enum)"
    return kind


def constraints(name: str, shape: Shape, ref: Mapping[str, Any], sections: Sections) -> str:
    """The constraints column: length or value range, pattern, enum values, streaming, …"""
    parts: list[str] = []
    kind = shape.get("type")
    low, high = shape.get("min"), shape.get("max")
    if low is not None or high is not None:
        what = "length" if kind in ("string", "blob", "list", "map") else "value"
        if low is not None and high is not None:
            parts.append(f"{what} {_number(low)}–{_number(high)}")
        elif low is not None:
            parts.append(f"{what} ≥ {_number(low)}")
        else:
            parts.append(f"{what} ≤ {_number(high)}")
    if shape.get("pattern"):
        parts.append("pattern " + code(str(shape["pattern"])))
    enum = [str(value) for value in shape.get("enum", ())]
    if enum:
        shown = ", ".join(code(value) for value in enum[:ENUM_IN_CELL])
        if len(enum) > ENUM_IN_CELL:
            shown += f", … ({len(enum) - ENUM_IN_CELL} more: {sections.want(name)})"
        parts.append("one of " + shown)
    if shape.get("streaming") or ref.get("streaming"):
        parts.append("streaming")
    if shape.get("sensitive"):
        parts.append("sensitive")
    if ref.get("deprecated") or shape.get("deprecated"):
        parts.append("deprecated")
    if ref.get("idempotencyToken"):
        parts.append("idempotency token (filled in by boto3 when left out)")
    return "; ".join(parts)


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def member_table(
    model: ServiceModel, structure: str, sections: Sections, *, details: list[str] | None = None
) -> str:
    """The table of a structure's members (empty when it has none).

    When `details` is given, each member whose description does not fit its cell adds a
    `### Member` section to it with the whole text.
    """
    shape = model.shape(structure)
    members: Mapping[str, Mapping[str, Any]] = shape.get("members", {})
    if not members:
        return ""
    required = set(shape.get("required", ()))
    rows = []
    for member, ref in members.items():
        target = str(ref["shape"])
        target_shape = model.shape(target)
        text = describe(
            model, str(ref.get("documentation") or target_shape.get("documentation", ""))
        )
        cell, cut = summary(text)
        if cut and details is not None:
            details.append(f"### {member}\n\n{text}")
        rows.append(
            [
                code(member),
                type_text(model, target, sections),
                "**yes**" if member in required else "no",
                constraints(target, target_shape, ref, sections),
                cell,
            ]
        )
    return table(HEADER, rows)


def shape_sections(model: ServiceModel, sections: Sections, level: str = "###") -> list[str]:
    """A section for each structure or long enum the tables asked for, and those their own
    tables ask for in turn."""
    out: list[str] = []
    done = 0
    while done < len(sections.page_shapes):
        name = sections.page_shapes[done]
        done += 1
        shape = model.shape(name)
        parts = [f"{level} {escape(sections.heading(name))}"]
        text = describe(model, str(shape.get("documentation", "")))
        if text:
            parts.append(text)
        if shape.get("type") == "structure":
            rows = member_table(model, name, sections)
            parts.append(rows or "(no members)")
        elif shape.get("enum"):
            parts.append(", ".join(code(str(value)) for value in shape["enum"]))
        out.append("\n\n".join(parts))
    return out
