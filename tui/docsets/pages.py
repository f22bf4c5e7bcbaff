"""The Markdown pages of a service: one per operation, one per shared shape, one overview.

An operation page (`InvokeEndpoint`) says its boto3 method and API name, the documentation,
a ready-to-copy call, the request parameters, the response, the nested structures (sections
you can fold to) and the errors. Its aliases (`client.invoke_endpoint`, `invoke endpoint`,
`invokeendpoint`, `sagemaker-runtime invoke_endpoint`, …) are what the search finds it by.
Page content is English, as the model is: it is reference text, not interface.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.docsets.members import Sections, describe, member_table, shape_sections, summary
from tui.docsets.model import ServiceModel, page_key, snake_name
from tui.docsets.snippet import call_snippet
from tui.docsets.text import code, escape, front_matter, one_line

USED_BY_LISTED = 60
"""Operations listed by name on a shared shape's page; more are counted."""

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+")

SHAPES_FOLDER = "shapes"
OVERVIEW = "index"
"""The file name (without `.md`) of a service's overview page."""


@dataclass(frozen=True)
class Page:
    """A page of the docset: where it goes in the service's folder, and its text."""

    path: str
    """Relative to the service folder, `/`-separated: `InvokeEndpoint.md`, `shapes/Tag.md`."""
    text: str


def operation_aliases(service: str, operation: str, method: str) -> list[str]:
    """What an operation's page answers to: the boto3 call, the words, the link key."""
    words = " ".join(word.lower() for word in _WORDS.findall(operation))
    aliases = [
        f"client.{method}",
        method,
        words,
        operation.lower(),
        f"{service} {method}",
        f"{service} {operation}",
        f"{service} {words}",
        page_key(service, operation),
    ]
    return list(dict.fromkeys(alias for alias in aliases if alias and alias != operation))


def operation_page(model: ServiceModel, operation: str) -> Page:
    """The page of one operation."""
    op = model.operations[operation]
    method = snake_name(operation)
    sections = Sections(model)
    head = front_matter(
        [
            ("title", operation),
            ("aliases", operation_aliases(model.name, operation, method)),
            ("tags", ["aws", model.name]),
            ("order", 1),
        ]
    )
    http = op.get("http", {})
    where = f"{http.get('method', '')} {http.get('requestUri', '')}".strip()
    facts = [
        f"- boto3: {code(f'client.{method}')}",
        f"- API: {code(operation)} ({escape(model.full_name)}, {code(model.name)}, "
        f"API version {code(str(model.metadata.get('apiVersion', '?')))})",
        f"- service overview: {model.link(OVERVIEW)}",
    ]
    if where:
        facts.append(f"- HTTP: {code(where)}")
    if op.get("deprecated"):
        facts.append("- **deprecated**" + _deprecated_note(op.get("deprecatedMessage")))
    parts = [head + f"# {operation}", "\n".join(facts)]
    text = describe(model, str(op.get("documentation", "")))
    if text:
        parts.append(text)
    parts.append("## Call\n\n```python\n" + call_snippet(model, operation, method) + "\n```")
    parts.append(_end_section(model, op, "input", "Request parameters", sections))
    parts.append(_end_section(model, op, "output", "Response", sections))
    structures = shape_sections(model, sections)
    if structures:
        parts.append("## Structures\n\n" + "\n\n".join(structures))
    parts.append(_errors(model, op))
    return Page(f"{operation}.md", "\n\n".join(parts) + "\n")


def _deprecated_note(message: object) -> str:
    return f": {escape(str(message))}" if message else ""


def _end_section(
    model: ServiceModel, op: Mapping[str, Any], end: str, title: str, sections: Sections
) -> str:
    """`## Request parameters` or `## Response`: the members table and the long texts."""
    ref = op.get(end)
    if not isinstance(ref, Mapping) or "shape" not in ref:
        none = "This operation takes no parameters." if end == "input" else "No response data."
        return f"## {title}\n\n{none}"
    shape_name = str(ref["shape"])
    details: list[str] = []
    rows = member_table(model, shape_name, sections, details=details)
    parts = [f"## {title}"]
    shape_doc = describe(model, str(model.shape(shape_name).get("documentation", "")))
    if shape_doc and end == "output":
        parts.append(shape_doc)
    parts.append(rows or ("No parameters." if end == "input" else "No response data."))
    parts.extend(details)
    return "\n\n".join(parts)


def _errors(model: ServiceModel, op: Mapping[str, Any]) -> str:
    errors = op.get("errors", [])
    if not errors:
        return "## Errors\n\nNone listed in the model."
    lines = ["## Errors", ""]
    for error in errors:
        name = str(error["shape"])
        first, _cut = summary(describe(model, str(model.shape(name).get("documentation", ""))))
        lines.append(f"- {code(name)}" + (f": {one_line(first)}" if first else ""))
    return "\n".join(lines)


def shape_page(model: ServiceModel, name: str) -> Page:
    """The page of a structure used by many operations (or too big for theirs)."""
    sections = Sections(model)
    head = front_matter(
        [
            ("title", name),
            ("aliases", [f"{model.name} {name}", page_key(model.name, f"{SHAPES_FOLDER}/{name}")]),
            ("tags", ["aws", model.name, "shape"]),
            ("order", 2),
        ]
    )
    users = model.users.get(name, [])
    parts = [
        head + f"# {name}",
        f"- structure of {escape(model.full_name)} ({code(model.name)}), "
        f"used by {len(users)} operations",
    ]
    text = describe(model, str(model.shape(name).get("documentation", "")))
    if text:
        parts.append(text)
    parts.append("## Members\n\n" + (member_table(model, name, sections) or "(no members)"))
    structures = shape_sections(model, sections)
    if structures:
        parts.append("## Structures\n\n" + "\n\n".join(structures))
    listed = [model.operation_link(user) for user in users[:USED_BY_LISTED]]
    more = len(users) - len(listed)
    used = "\n".join(f"- {link}" for link in listed)
    if more > 0:
        used += f"\n- … and {more} more"
    parts.append("## Used by\n\n" + used)
    return Page(f"{SHAPES_FOLDER}/{name}.md", "\n\n".join(parts) + "\n")


def overview_page(model: ServiceModel) -> Page:
    """The service's own page: its documentation and its operations, each with its summary."""
    head = front_matter(
        [
            ("title", model.full_name),
            ("aliases", _unique([model.name, model.service_id, page_key(model.name, OVERVIEW)])),
            ("tags", ["aws", model.name]),
        ]
    )
    parts = [
        head + f"# {escape(model.full_name)}",
        f"- botocore service {code(model.name)}, boto3 {code(f'boto3.client({model.name!r})')}, "
        f"API version {code(str(model.metadata.get('apiVersion', '?')))}",
    ]
    text = describe(model, str(model.data.get("documentation", "")))
    if text:
        parts.append(text)
    lines = []
    for operation in sorted(model.operations):
        first, _cut = summary(
            describe(model, str(model.operations[operation].get("documentation", "")))
        )
        lines.append(
            f"- {model.operation_link(operation)}" + (f": {one_line(first)}" if first else "")
        )
    parts.append("## Operations\n\n" + ("\n".join(lines) or "None."))
    return Page(f"{OVERVIEW}.md", "\n\n".join(parts) + "\n")


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def service_pages(model: ServiceModel) -> Iterable[Page]:
    """Every page of a service, one at a time: the overview, the operations, the shared
    shapes, then the structures moved out of pages that were full (and out of theirs)."""
    yield overview_page(model)
    for operation in sorted(model.operations):
        yield operation_page(model, operation)
    done: set[str] = set()
    for name in sorted(model.shared):
        done.add(name)
        yield shape_page(model, name)
    while model.overflow - done:
        name = min(model.overflow - done)
        done.add(name)
        yield shape_page(model, name)
