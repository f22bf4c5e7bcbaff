"""A ready-to-copy boto3 call: the required parameters of an operation, filled by type.

`client.invoke_endpoint(EndpointName="string", Body=b"bytes")`: strings are `"string"`, blobs
`b"bytes"`, numbers `123` and `123.0`, booleans `True`, timestamps `datetime(2015, 1, 1)`,
enums their first value, lists one example item, maps one example entry, structures a dict of
their own required members. A shape that contains itself stops at an empty dict or list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tui.docsets.model import ServiceModel, Shape

WIDTH = 88
"""Calls longer than this are written one parameter a line."""

INDENT = "    "

_SCALARS = {
    "string": '"string"',
    "blob": 'b"bytes"',
    "integer": "123",
    "long": "123",
    "float": "123.0",
    "double": "123.0",
    "boolean": "True",
    "timestamp": "datetime(2015, 1, 1)",
}


@dataclass(frozen=True)
class _Dict:
    items: tuple[tuple[str, _Value], ...]


@dataclass(frozen=True)
class _List:
    items: tuple[_Value, ...]


_Value = str | _Dict | _List


def example_value(model: ServiceModel, shape_name: str) -> str:
    """An example Python value for a shape, as source text on one line."""
    return _inline(_value(model, shape_name, ()))


def _value(model: ServiceModel, name: str, path: tuple[str, ...]) -> _Value:
    shape = model.shape(name)
    kind = str(shape.get("type", "string"))
    if name in path:  # recursive shape: stop here
        return _List(()) if kind == "list" else _Dict(())
    inner = (*path, name)
    if kind == "string" and shape.get("enum"):
        return json.dumps(str(shape["enum"][0]))
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "list":
        return _List((_value(model, str(shape["member"]["shape"]), inner),))
    if kind == "map":
        key = _inline(_value(model, str(shape["key"]["shape"]), inner))
        return _Dict(((key, _value(model, str(shape["value"]["shape"]), inner)),))
    if kind == "structure":
        if shape.get("document"):
            return _Dict(())
        return _Dict(
            tuple(
                (json.dumps(member), _value(model, str(ref["shape"]), inner))
                for member, ref in _required_members(shape)
            )
        )
    return "None"


def _required_members(shape: Shape) -> list[tuple[str, Shape]]:
    required = set(shape.get("required", ()))
    members = shape.get("members", {})
    return [(name, ref) for name, ref in members.items() if name in required]


def call_snippet(model: ServiceModel, operation: str, method: str) -> str:
    """The Python source that makes a client and calls `operation` with its required
    parameters (an `import` line for `datetime` when a timestamp is among them)."""
    op = model.operations.get(operation, {})
    arguments: list[tuple[str, _Value]] = []
    if "input" in op:
        shape = model.shape(str(op["input"]["shape"]))
        arguments = [
            (member, _value(model, str(ref["shape"]), ()))
            for member, ref in _required_members(shape)
        ]
    call = _call(f"response = client.{method}", arguments)
    imports = ["import boto3"]
    if "datetime(" in call:
        imports.insert(0, "from datetime import datetime")
    client = f"client = boto3.client({json.dumps(model.name)})"
    return "\n".join([*imports, "", client, call])


def _call(head: str, arguments: list[tuple[str, _Value]]) -> str:
    flat = head + "(" + ", ".join(f"{name}={_inline(value)}" for name, value in arguments) + ")"
    if len(flat) <= WIDTH or not arguments:
        return flat
    lines = [head + "("]
    for name, value in arguments:
        lines.append(INDENT + name + "=" + _block(value, INDENT, len(INDENT + name) + 2) + ",")
    lines.append(")")
    return "\n".join(lines)


def _inline(value: _Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, _List):
        return "[" + ", ".join(_inline(item) for item in value.items) + "]"
    return "{" + ", ".join(f"{key}: {_inline(item)}" for key, item in value.items) + "}"


def _block(value: _Value, indent: str, used: int) -> str:
    """`value` on one line when it fits after `used` columns, else one item a line."""
    flat = _inline(value)
    if isinstance(value, str) or used + len(flat) <= WIDTH or not value.items:
        return flat
    inner = indent + INDENT
    if isinstance(value, _List):
        rows = [inner + _block(item, inner, len(inner) + 1) + "," for item in value.items]
        return "[\n" + "\n".join(rows) + "\n" + indent + "]"
    rows = [
        inner + f"{key}: " + _block(item, inner, len(inner) + len(key) + 3) + ","
        for key, item in value.items
    ]
    return "{\n" + "\n".join(rows) + "\n" + indent + "}"
