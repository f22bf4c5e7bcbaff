"""The bundled notes in content/ carry every line of the user's seed notes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT = REPO_ROOT / "content"
IMAGES = REPO_ROOT / "images"
SEED = Path(__file__).resolve().parent / "data" / "seed.txt"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_NAMES = (
    "スクリーンショット 2025-02-10 15.23.47.png",
    "スクリーンショット 2025-02-10 15.55.42.png",
)
DUPLICATED_HEADINGS = (
    "# AWS Auto Scaling",
    "# AWS GPU (P2 と P3) および CPU インスタンス",
)
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(<([^>]+)>\)")
WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")


def note_files() -> list[Path]:
    return sorted(CONTENT.glob("**/*.md"))


def split_front_matter(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The parsed front matter and the body lines (trailing whitespace stripped)."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    end = text.index("\n---\n", 3)
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"
    body = text[end + len("\n---\n") :]
    return meta, [line.rstrip() for line in body.splitlines()]


def seed_lines() -> list[str]:
    return [line.rstrip() for line in SEED.read_text(encoding="utf-8").splitlines()]


def seed_sections() -> list[tuple[str, list[str]]]:
    """(heading line, non-blank lines below it) for every `# ` section, duplicates included."""
    sections: list[tuple[str, list[str]]] = []
    for line in seed_lines():
        if line.startswith("# "):
            sections.append((line, []))
        elif line:
            assert sections, "seed text before its first heading"
            sections[-1][1].append(line)
    return sections


@pytest.fixture(scope="module")
def bodies() -> dict[Path, list[str]]:
    return {path: split_front_matter(path)[1] for path in note_files()}


def test_seed_copy_is_the_user_notes() -> None:
    lines = seed_lines()
    assert len(lines) == 165
    assert lines[0] == "# Amazon SQS"
    assert lines[-1] == "- 8888ポートは、Jupyter Notebookのデフォルトのポート番号です。"


def test_there_are_notes() -> None:
    headings = {heading for heading, _ in seed_sections()}
    assert len(note_files()) == len(headings) == 37


def test_every_seed_line_is_in_some_note(bodies: dict[Path, list[str]]) -> None:
    all_lines = {line for lines in bodies.values() for line in lines}
    missing = [line for line in seed_lines() if line and line not in all_lines]
    assert not missing, f"seed lines missing from content/: {missing}"


def test_each_seed_heading_is_exactly_one_note(bodies: dict[Path, list[str]]) -> None:
    counts = Counter(line for lines in bodies.values() for line in lines if line.startswith("# "))
    headings = {heading for heading, _ in seed_sections()}
    assert set(counts) == headings
    assert all(count == 1 for count in counts.values()), counts


@pytest.mark.parametrize("heading", DUPLICATED_HEADINGS)
def test_duplicated_sections_became_one_note(heading: str, bodies: dict[Path, list[str]]) -> None:
    copies = [lines for title, lines in seed_sections() if title == heading]
    assert len(copies) == 2, "the seed should hold this section twice"
    owners = [path for path, lines in bodies.items() if heading in lines]
    assert len(owners) == 1, f"{heading!r} is in {owners}"
    note_lines = bodies[owners[0]]
    for copy in copies:
        for line in copy:
            assert line in note_lines, f"{owners[0].name} lost {line!r}"
            assert note_lines.count(line) == 1, f"{owners[0].name} repeats {line!r}"


def test_each_section_stays_together(bodies: dict[Path, list[str]]) -> None:
    """A seed section's lines all land in the note that carries its heading."""
    for heading, lines in seed_sections():
        owner = next(path for path, body in bodies.items() if heading in body)
        body = bodies[owner]
        for line in lines:
            assert line in body, f"{line!r} is not in {owner.name} with {heading!r}"


def test_lda_stays_a_section_of_comprehend(bodies: dict[Path, list[str]]) -> None:
    lda = "## Comprehend Latent Dirichlet Allocation (LDA 潜在的ディリクレ配分法)"
    owners = [path for path, lines in bodies.items() if lda in lines]
    assert len(owners) == 1
    assert "# Comprehend" in bodies[owners[0]]


def test_each_note_has_one_top_level_heading(bodies: dict[Path, list[str]]) -> None:
    for path, lines in bodies.items():
        headings = [line for line in lines if line.startswith("# ")]
        assert len(headings) == 1, f"{path.name}: {headings}"


@pytest.mark.parametrize("path", note_files(), ids=lambda path: path.stem)
def test_front_matter(path: Path) -> None:
    meta, _ = split_front_matter(path)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    aliases = meta.get("aliases")
    assert isinstance(aliases, list) and aliases, f"{path.name}: no aliases"
    assert all(isinstance(alias, str) and alias.strip() for alias in aliases)
    assert isinstance(meta.get("order"), int)
    tags = meta.get("tags", [])
    assert isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)


def test_note_titles_are_unique() -> None:
    titles = Counter(split_front_matter(path)[0]["title"] for path in note_files())
    assert all(count == 1 for count in titles.values()), titles


def test_note_files_have_ascii_names_in_category_folders() -> None:
    for path in note_files():
        relative = path.relative_to(CONTENT)
        assert len(relative.parts) == 2, relative
        assert re.fullmatch(r"[a-z0-9-]+", relative.parts[0]), relative
        assert re.fullmatch(r"[a-z0-9-]+\.md", relative.parts[1]), relative


def test_categories() -> None:
    folders = sorted(path for path in CONTENT.iterdir() if path.is_dir())
    assert folders
    orders = []
    for folder in folders:
        meta = yaml.safe_load((folder / "_category.yaml").read_text(encoding="utf-8"))
        assert isinstance(meta["title"], str) and meta["title"].strip()
        assert re.search(r"[ぁ-んァ-ヶ一-龯]", meta["title"]), f"{folder.name}: no Japanese"
        assert re.search(r"\([A-Za-z][A-Za-z ]*\)", meta["title"]), f"{folder.name}: no English"
        assert isinstance(meta["order"], int)
        orders.append(meta["order"])
        assert list(folder.glob("*.md")), f"{folder.name} is empty"
    assert len(set(orders)) == len(orders)


def test_wikilinks_point_at_note_titles() -> None:
    titles = {split_front_matter(path)[0]["title"] for path in note_files()}
    links = 0
    for path in note_files():
        for target in WIKILINK.findall(path.read_text(encoding="utf-8")):
            links += 1
            assert target in titles, f"{path.name}: [[{target}]] matches no note title"
    assert links > 0


@pytest.mark.parametrize("name", IMAGE_NAMES)
def test_images_exist_and_are_png(name: str) -> None:
    path = IMAGES / name
    assert path.is_file(), f"missing {name}"
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 800 and height >= 400


def test_image_links_resolve_to_images_folder() -> None:
    targets = []
    for path in note_files():
        for target in IMAGE_LINK.findall(path.read_text(encoding="utf-8")):
            targets.append(target)
            assert target.startswith("images/")
            assert (IMAGES / target.removeprefix("images/")).is_file(), target
    assert sorted(target.removeprefix("images/") for target in targets) == sorted(IMAGE_NAMES)
