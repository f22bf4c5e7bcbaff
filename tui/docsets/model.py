"""One botocore service model (`service-2` data) and what the pages need to know about it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Shape = Mapping[str, Any]
"""A shape of the model: `type`, `members`, `member`, `key`/`value`, `enum`, `min`, …"""

SOURCE = "aws"
"""The docset's name, and the prefix of wikilinks into it (`[[aws:kms/CreateKey]]`)."""

SHARED_AT = 3
"""A structure reached from this many operations or more gets a page of its own."""

_FIRST_CAP = re.compile(r"(.)([A-Z][a-z]+)")
_ALL_CAP = re.compile(r"([a-z0-9])([A-Z])")


def snake_name(name: str) -> str:
    """An operation's boto3 method name (`InvokeEndpoint` → `invoke_endpoint`), as botocore
    makes it (`botocore.xform_name`, used when botocore is installed)."""
    try:
        from botocore import xform_name  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the builder needs botocore anyway
        return _ALL_CAP.sub(r"\1_\2", _FIRST_CAP.sub(r"\1_\2", name)).lower()
    return str(xform_name(name))


def wikilink(service: str, page: str) -> str:
    """The wikilink to a page of the docset: `[[aws:sagemaker-runtime/InvokeEndpoint]]`."""
    return f"[[{page_key(service, page)}]]"


def page_key(service: str, page: str) -> str:
    """The name a page answers to as a link target (one of its aliases)."""
    return f"{SOURCE}:{service}/{page}"


@dataclass
class ServiceModel:
    """A service's model with the lookups the pages use."""

    name: str
    """botocore's service name (`sagemaker-runtime`), also the docset folder."""
    data: Mapping[str, Any]
    shared_at: int = SHARED_AT
    overflow: set[str] = field(default_factory=set)
    """Structures given a page of their own because a page had too many sections already
    (`tui.docsets.members.MAX_SECTIONS`); filled while the pages are made."""
    _shapes: Mapping[str, Shape] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._shapes = self.data.get("shapes", {})

    @property
    def metadata(self) -> Mapping[str, Any]:
        """The model's `metadata` (serviceFullName, serviceId, apiVersion, …)."""
        value = self.data.get("metadata", {})
        return value if isinstance(value, Mapping) else {}

    @property
    def full_name(self) -> str:
        """`Amazon SageMaker Runtime`."""
        meta = self.metadata
        return str(meta.get("serviceFullName") or meta.get("serviceId") or self.name)

    @property
    def service_id(self) -> str:
        """`SageMaker Runtime`."""
        return str(self.metadata.get("serviceId") or self.name)

    @property
    def operations(self) -> Mapping[str, Mapping[str, Any]]:
        """Operation name → its model."""
        value = self.data.get("operations", {})
        return value if isinstance(value, Mapping) else {}

    def shape(self, name: str) -> Shape:
        """The shape called `name` (an empty one when the model lacks it)."""
        found = self._shapes.get(name)
        return found if isinstance(found, Mapping) else {}

    def has_shape(self, name: str) -> bool:
        """Does the model define `name`?"""
        return name in self._shapes

    def children(self, name: str) -> Iterator[str]:
        """The shapes `name` refers to directly (members, list member, map key and value)."""
        shape = self.shape(name)
        kind = shape.get("type")
        if kind == "structure":
            for member in shape.get("members", {}).values():
                yield str(member["shape"])
        elif kind == "list":
            yield str(shape["member"]["shape"])
        elif kind == "map":
            yield str(shape["key"]["shape"])
            yield str(shape["value"]["shape"])

    def reachable(self, top: str) -> set[str]:
        """The structures reachable from the members of `top` (not `top` itself, unless a
        member leads back to it)."""
        seen: set[str] = set()
        todo = list(self.children(top))
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            todo.extend(self.children(name))
        return {name for name in seen if self.shape(name).get("type") == "structure"}

    @cached_property
    def users(self) -> dict[str, list[str]]:
        """Structure name → the operations whose input or output reaches it, in name order."""
        found: dict[str, list[str]] = {}
        for operation in sorted(self.operations):
            reached: set[str] = set()
            for top in self.ends(operation):
                reached |= self.reachable(top)
            for name in reached:
                found.setdefault(name, []).append(operation)
        return found

    @cached_property
    def shared(self) -> frozenset[str]:
        """The structures that get a page of their own (reached from `shared_at` operations
        or more; errors and event streams excepted)."""
        return frozenset(
            name
            for name, operations in self.users.items()
            if len(operations) >= self.shared_at
            and not self.shape(name).get("exception")
            and not self.shape(name).get("eventstream")
        )

    def has_page(self, name: str) -> bool:
        """Does the structure `name` have a page of its own (shared, or moved out of a page
        that was full)?"""
        return name in self.shared or name in self.overflow

    def ends(self, operation: str) -> list[str]:
        """The input and output shape names of an operation (those it has)."""
        model = self.operations.get(operation, {})
        return [str(model[end]["shape"]) for end in ("input", "output") if end in model]

    def link(self, page: str) -> str:
        """The wikilink to a page of this service (`InvokeEndpoint`, `shapes/Tag`)."""
        return wikilink(self.name, page)

    def operation_link(self, operation: str) -> str:
        """The wikilink to an operation's page."""
        return self.link(operation)

    def shape_link(self, shape: str) -> str:
        """The wikilink to a shape's own page."""
        return self.link(f"shapes/{shape}")
