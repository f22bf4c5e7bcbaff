"""Build the AWS docset from the installed botocore, one service at a time.

The docset is written into a fresh folder beside the old one and swapped in when complete, so
a reader sees the old docset or the new one, never half of either. A service whose model is
the same as when the old docset was built is not rendered again: its files are linked (or
copied) across. Only one service's model and one page are in memory at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tui.docsets.model import SOURCE, ServiceModel
from tui.docsets.pages import service_pages
from tui.docsets.services import DEFAULT_SERVICES
from tui.docsets.store import (
    FORMAT,
    MANIFEST,
    Manifest,
    ServiceEntry,
    docset_path,
    read_manifest,
)
from tui.docsets.text import yaml_fields

LEFTOVER_SECONDS = 3600.0
"""A build's temporary folder older than this is a leftover of a killed build."""


class BotocoreMissing(RuntimeError):
    """botocore is not installed (the `aws` extra brings it)."""


class UnknownServices(ValueError):
    """Service names botocore does not have."""

    def __init__(self, names: Sequence[str], available: Sequence[str]) -> None:
        super().__init__(", ".join(names))
        self.names = tuple(names)
        self.available = tuple(available)


@dataclass(frozen=True)
class Progress:
    """A service is done: `done` of `total`, and whether it was kept from the old docset."""

    done: int
    total: int
    service: str
    kept: bool


@dataclass(frozen=True)
class BuildResult:
    """What a build did."""

    path: Path
    manifest: Manifest
    rebuilt: tuple[str, ...]
    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    """Services of the old docset that this botocore no longer has."""


def botocore_loader() -> Any:
    """A fresh botocore data loader; raises `BotocoreMissing` without botocore."""
    try:
        import botocore  # type: ignore[import-untyped]
        import botocore.loaders  # type: ignore[import-untyped]
    except ImportError as error:
        raise BotocoreMissing(str(error)) from error
    return botocore.loaders.Loader()


def botocore_version() -> str:
    """The installed botocore's version; raises `BotocoreMissing` without botocore."""
    try:
        import botocore
    except ImportError as error:
        raise BotocoreMissing(str(error)) from error
    return str(botocore.__version__)


def available_services() -> list[str]:
    """Every service botocore has an API model for, by name."""
    return sorted(botocore_loader().list_available_services("service-2"))


def choose_services(
    requested: Sequence[str] | None,
    *,
    every: bool,
    available: Sequence[str],
    previous: Iterable[str] = (),
) -> tuple[list[str], list[str]]:
    """The services to build, and those of the old docset botocore no longer has.

    `every`: all of them. Else the `requested` ones (the default set when None), together
    with those already in the docset, so adding a service keeps the others. Raises
    `UnknownServices` for requested names botocore does not know.
    """
    have = set(available)
    if every:
        wanted = list(available)
    else:
        names = list(DEFAULT_SERVICES if requested is None else requested)
        unknown = [name for name in dict.fromkeys(names) if name not in have]
        if unknown:
            raise UnknownServices(unknown, available)
        wanted = names
    old = list(previous)
    dropped = sorted(name for name in old if name not in have)
    chosen = sorted(set(wanted) | {name for name in old if name in have})
    return chosen, dropped


def build_aws(
    services: Sequence[str] | None = None,
    *,
    every: bool = False,
    root: Path | str | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> BuildResult:
    """Build (or refresh) the `aws` docset under `root` (default: the data directory).

    Raises `BotocoreMissing` or `UnknownServices` before anything is written.
    """
    version = botocore_version()
    names = available_services()
    target = docset_path(SOURCE, root)
    old = read_manifest(target)
    usable_old = old if old is not None and old.format == FORMAT else None
    chosen, dropped = choose_services(
        services, every=every, available=names, previous=old.services if old else ()
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    work = target.with_name(f".{SOURCE}.building-{os.getpid()}-{os.urandom(4).hex()}")
    work.mkdir()
    entries: dict[str, ServiceEntry] = {}
    rebuilt: list[str] = []
    kept: list[str] = []
    try:
        for number, name in enumerate(chosen):
            loader = botocore_loader()  # a loader caches every model it loads: one each
            data = loader.load_service_model(name, "service-2")
            digest = model_digest(data)
            previous = usable_old.services.get(name) if usable_old else None
            if (
                previous is not None
                and previous.digest == digest
                and _copy_tree(target / name, work / name)
            ):
                entries[name] = previous
                kept.append(name)
            else:
                entries[name] = write_service(ServiceModel(name, data), work / name, number, digest)
                rebuilt.append(name)
            del data, loader
            if progress is not None:
                progress(Progress(number + 1, len(chosen), name, name in kept))
        manifest = Manifest(
            name=SOURCE,
            botocore=version,
            built=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            services=entries,
        )
        (work / MANIFEST).write_text(manifest.dumps(), encoding="utf-8")
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BuildResult(target, manifest, tuple(rebuilt), tuple(kept), tuple(dropped))


def remove_leftovers(target: Path, older_than: float = LEFTOVER_SECONDS) -> list[Path]:
    """Delete the half-built, set-aside and half-removed folders of `target` that a killed
    process left (only old ones: a younger one may be another build's, still running)."""
    removed = []
    now = time.time()
    for prefix in (".building-", ".old-", ".removing-"):
        for folder in target.parent.glob(f".{target.name}{prefix}*"):
            with contextlib.suppress(OSError):
                if now - folder.stat().st_mtime > older_than:
                    shutil.rmtree(folder)
                    removed.append(folder)
    return removed


def model_digest(data: Any) -> str:
    """A hash of a service model (and of the page layout version)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{FORMAT}\n{text}".encode()).hexdigest()


def write_service(
    model: ServiceModel, folder: Path, order: int = 0, digest: str | None = None
) -> ServiceEntry:
    """Write every page of a service into `folder` (its category file too); `digest` is
    `model_digest(model.data)` when the caller has it already."""
    folder.mkdir(parents=True)
    category = yaml_fields([("title", f"{model.full_name} ({model.name})"), ("order", order)])
    (folder / "_category.yaml").write_text(category, encoding="utf-8")
    pages = 0
    taken: set[str] = set()
    for page in service_pages(model):
        path = _free_name(page.path, taken)
        destination = folder / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        with open(destination, "w", encoding="utf-8", newline="\n") as file:
            file.write(page.text)
        pages += 1
    return ServiceEntry(
        digest=digest or model_digest(model.data),
        api_version=str(model.metadata.get("apiVersion", "")),
        operations=len(model.operations),
        pages=pages,
    )


def _free_name(path: str, taken: set[str]) -> str:
    """`path`, or `path` with a number, so that no two pages differ only in case (a file
    system that ignores case would make them one file)."""
    stem, _, suffix = path.rpartition(".")
    candidate, number = path, 2
    while candidate.casefold() in taken:
        candidate, number = f"{stem}~{number}.{suffix}", number + 1
    taken.add(candidate.casefold())
    return candidate


def _copy_tree(source: Path, destination: Path) -> bool:
    """Hard-link (else copy) the files of `source` into `destination`; False when `source`
    is not there to copy."""
    if not source.is_dir():
        return False
    try:
        shutil.copytree(source, destination, copy_function=_link_or_copy)
    except OSError:
        shutil.rmtree(destination, ignore_errors=True)
        return False
    return True


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _swap(work: Path, target: Path) -> None:
    """Put the finished folder `work` where `target` is, keeping the old one until it is."""
    if not target.exists():
        work.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
    target.rename(old)
    try:
        work.rename(target)
    except BaseException:
        with contextlib.suppress(OSError):
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
