"""Building the docset from botocore: manifest, incremental refresh, atomic swap, links."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tui.check import wikilinks
from tui.docsets import build as build_module
from tui.docsets.build import Progress, UnknownServices, build_aws, choose_services
from tui.docsets.services import DEFAULT_SERVICES
from tui.docsets.store import MANIFEST, list_docsets, read_manifest, remove_docset
from tui.notes import load_library

pytest.importorskip("botocore")

SMALL = ["sqs", "sts"]


def pages_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


def test_a_build_writes_a_folder_per_service_and_a_manifest(tmp_path: Path) -> None:
    import botocore  # type: ignore[import-untyped]

    seen: list[Progress] = []
    result = build_aws(SMALL, root=tmp_path, progress=seen.append)
    assert result.path == tmp_path / "aws"
    assert sorted(p.name for p in result.path.iterdir()) == [MANIFEST, "sqs", "sts"]
    manifest = read_manifest(result.path)
    assert manifest is not None
    assert manifest.botocore == botocore.__version__
    assert sorted(manifest.services) == SMALL
    assert manifest.pages == len(pages_in(result.path))
    assert manifest.services["sqs"].operations > 20
    assert [(p.done, p.total, p.service, p.kept) for p in seen] == [
        (1, 2, "sqs", False),
        (2, 2, "sts", False),
    ]
    assert (result.path / "sts" / "AssumeRole.md").is_file()
    assert (result.path / "sts" / "index.md").is_file()
    assert result.rebuilt == ("sqs", "sts")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_the_docset_loads_as_content_one_category_per_service(tmp_path: Path) -> None:
    result = build_aws(SMALL, root=tmp_path)
    library = load_library(result.path, cache=False)
    assert library.warnings == []
    assert [c.id for c in library.categories] == ["sqs", "sts"]
    sts = library.categories[1]
    assert sts.title == "AWS Security Token Service (sts)"
    assert sts.notes[0].title == "AWS Security Token Service"  # the overview comes first
    note = next(n for n in library if n.id == "sts/AssumeRole")
    assert note.title == "AssumeRole"


def test_every_wikilink_names_a_page_of_the_docset(tmp_path: Path) -> None:
    result = build_aws(SMALL, root=tmp_path)
    library = load_library(result.path, cache=False)
    answers = {alias for note in library for alias in note.aliases}
    links = [(note.id, link) for note in library for link in wikilinks(note.body)]
    assert len(links) > 50
    assert all(re.fullmatch(r"aws:(sqs|sts)/[\w/]+", link) for _, link in links)
    assert [(note, link) for note, link in links if link not in answers] == []


def test_building_again_keeps_the_unchanged_services(tmp_path: Path) -> None:
    first = build_aws(SMALL, root=tmp_path)
    page = first.path / "sts" / "AssumeRole.md"
    before = page.stat().st_mtime_ns, page.read_text(encoding="utf-8")
    seen: list[Progress] = []
    second = build_aws(SMALL, root=tmp_path, progress=seen.append)
    assert second.rebuilt == ()
    assert second.kept == ("sqs", "sts")
    assert [p.kept for p in seen] == [True, True]
    assert (page.stat().st_mtime_ns, page.read_text(encoding="utf-8")) == before  # not rewritten
    assert second.manifest.services == first.manifest.services


def test_a_service_whose_model_changed_is_built_again(tmp_path: Path) -> None:
    result = build_aws(SMALL, root=tmp_path)
    manifest = json.loads((result.path / MANIFEST).read_text(encoding="utf-8"))
    manifest["services"]["sts"]["digest"] = "a model botocore no longer ships"
    (result.path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    again = build_aws(SMALL, root=tmp_path)
    assert again.rebuilt == ("sts",)
    assert again.kept == ("sqs",)


def test_another_page_layout_rebuilds_everything(tmp_path: Path) -> None:
    result = build_aws(SMALL, root=tmp_path)
    manifest = json.loads((result.path / MANIFEST).read_text(encoding="utf-8"))
    manifest["format"] = 0
    (result.path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert build_aws(SMALL, root=tmp_path).rebuilt == ("sqs", "sts")


def test_adding_a_service_keeps_those_built_before(tmp_path: Path) -> None:
    build_aws(["sts"], root=tmp_path)
    result = build_aws(["sqs"], root=tmp_path)
    assert sorted(result.manifest.services) == ["sqs", "sts"]
    assert result.rebuilt == ("sqs",)
    assert result.kept == ("sts",)


def test_unknown_service_names_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(UnknownServices) as raised:
        build_aws(["sts", "no-such-service", "sagemaker-runtim"], root=tmp_path)
    assert raised.value.names == ("no-such-service", "sagemaker-runtim")
    assert "sagemaker-runtime" in raised.value.available
    assert not (tmp_path / "aws").exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_build_leaves_the_old_docset_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_aws(["sts"], root=tmp_path)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_service", broken)
    with pytest.raises(OSError):
        build_aws(["sqs"], root=tmp_path)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_the_services_chosen() -> None:
    available = ["kms", "s3", "sqs", "sts"]
    assert choose_services(["sqs"], every=False, available=available) == (["sqs"], [])
    assert choose_services(None, every=True, available=available) == (available, [])
    # kept from the old docset; one botocore dropped is left out and reported
    assert choose_services(["s3"], every=False, available=available, previous=["kms", "gone"]) == (
        ["kms", "s3"],
        ["gone"],
    )
    with pytest.raises(UnknownServices):
        choose_services(None, every=False, available=available)  # the default set is bigger


def test_the_default_set_is_every_service_the_notes_are_about() -> None:
    import botocore.loaders  # type: ignore[import-untyped]

    available = set(botocore.loaders.Loader().list_available_services("service-2"))
    assert len(DEFAULT_SERVICES) == 29
    assert set(DEFAULT_SERVICES) <= available
    assert {"sagemaker-runtime", "comprehend", "kms", "stepfunctions"} <= set(DEFAULT_SERVICES)


def test_list_and_remove(tmp_path: Path) -> None:
    assert list_docsets(tmp_path) == []
    build_aws(["sqs"], root=tmp_path)
    (info,) = list_docsets(tmp_path)
    assert info.name == "aws"
    assert info.manifest is not None
    assert sorted(info.manifest.services) == ["sqs"]
    assert remove_docset("aws", tmp_path) is True
    assert list(tmp_path.iterdir()) == []
    assert remove_docset("aws", tmp_path) is False


def test_leftovers_of_a_killed_build_are_cleared_once_old(tmp_path: Path) -> None:
    old = tmp_path / ".aws.building-123-abcd"
    young = tmp_path / ".aws.old-456-ef01"
    other = tmp_path / ".notes.building-1"
    for folder in (old, young, other):
        (folder / "sqs").mkdir(parents=True)
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    build_aws(["sts"], root=tmp_path)
    assert not old.exists()
    assert young.exists()  # perhaps another build's, still running
    assert other.exists()
