"""Where docsets live, their manifest, and listing and removing them.

A docset is a content folder under `<data dir>/docsets/<name>` (the data dir is
`$KUMONOTE_DATA_DIR` or the user data directory, as for kumonote's other state): one folder
per service, one Markdown page per operation, and `manifest.json` saying what it was built from.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_DATA_DIR = "KUMONOTE_DATA_DIR"
"""The environment variable that moves kumonote's data directory (as `tui.state` reads it)."""

DOCSETS = "docsets"
MANIFEST = "manifest.json"
FORMAT = 2
"""The version of the pages' layout; a docset built with another is rebuilt whole."""


def docsets_dir(root: Path | str | None = None) -> Path:
    """The folder holding every docset: `root` when given, else `<data dir>/docsets`."""
    if root is not None and str(root):
        return Path(root).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR, "")
    if from_env:
        return Path(from_env).expanduser() / DOCSETS
    import platformdirs

    return Path(platformdirs.user_data_dir("kumonote")) / DOCSETS


def docset_path(name: str, root: Path | str | None = None) -> Path:
    """The content folder of the docset `name` (`aws`)."""
    return docsets_dir(root) / name


@dataclass(frozen=True)
class ServiceEntry:
    """What the manifest records about one service."""

    digest: str
    """A hash of the service's model as botocore loads it (and of `FORMAT`)."""
    api_version: str
    operations: int
    pages: int

    def as_json(self) -> dict[str, Any]:
        """The entry as the manifest stores it."""
        return {
            "digest": self.digest,
            "api_version": self.api_version,
            "operations": self.operations,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class Manifest:
    """A docset's `manifest.json`."""

    name: str
    botocore: str
    built: str
    """When it was built, ISO 8601 in UTC."""
    services: dict[str, ServiceEntry]
    format: int = FORMAT

    @property
    def pages(self) -> int:
        """Every page of the docset."""
        return sum(entry.pages for entry in self.services.values())

    @property
    def operations(self) -> int:
        """Every operation of the docset."""
        return sum(entry.operations for entry in self.services.values())

    def dumps(self) -> str:
        """The manifest as JSON text."""
        document = {
            "format": self.format,
            "name": self.name,
            "botocore": self.botocore,
            "built": self.built,
            "services": {name: self.services[name].as_json() for name in sorted(self.services)},
        }
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest of the docset in `folder`; None when it is missing or unreadable."""
    try:
        document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        services = {
            str(name): ServiceEntry(
                str(entry["digest"]),
                str(entry["api_version"]),
                int(entry["operations"]),
                int(entry["pages"]),
            )
            for name, entry in document["services"].items()
        }
        return Manifest(
            name=str(document["name"]),
            botocore=str(document["botocore"]),
            built=str(document["built"]),
            services=services,
            format=int(document["format"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class DocsetInfo:
    """One installed docset, for `kumonote docs list`."""

    name: str
    path: Path
    manifest: Manifest | None
    """None: the folder is there but its manifest is not readable (an interrupted copy?)."""


def list_docsets(root: Path | str | None = None) -> list[DocsetInfo]:
    """The docsets under the docsets folder, by name."""
    folder = docsets_dir(root)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [
        DocsetInfo(entry.name, entry, read_manifest(entry))
        for entry in entries
        if entry.is_dir() and not entry.name.startswith(".")
    ]


def remove_docset(name: str, root: Path | str | None = None) -> bool:
    """Delete the docset `name`; False when there was none.

    The folder is first renamed out of the way, so a reader never sees half of it.
    """
    folder = docset_path(name, root)
    if not folder.is_dir():
        return False
    doomed = folder.with_name(f".{name}.removing-{os.getpid()}-{os.urandom(4).hex()}")
    folder.rename(doomed)
    shutil.rmtree(doomed, ignore_errors=True)
    return True
