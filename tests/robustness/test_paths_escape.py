"""Image and link targets that lead out of the content folder are refused, with a reason.

The corpus tests (test_bad_notes.py, test_app_on_bad_content.py) prove it end to end: no
file outside the content folder is opened by any command, and the app says "refused".
Here: every way out a target can be written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes import Library, load_library
from tui.notes.links import resolve_link
from tui.notes.paths import resolve_image

ESCAPES = [
    "../../outside/secret.png",
    "../../../../../../../../etc/passwd",
    "/etc/passwd",
    "%2e%2e/%2e%2e/outside/secret.png",
    "images/../../../outside/secret.png",
    "c/../../outside/secret.png",
    "~/secret.png",
    "linked.png",
    "linked-dir/secret.png",
    "images/x.png",
]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    outside = tmp_path / "outside"
    (outside / "images").mkdir(parents=True)
    (outside / "secret.png").write_bytes(b"\x89PNG")
    (outside / "secret.md").write_text("# secret\n", encoding="utf-8")
    (outside / "images" / "x.png").write_bytes(b"\x89PNG")
    root = tmp_path / "content"
    (root / "c").mkdir(parents=True)
    (root / "c" / "linked.png").symlink_to(outside / "secret.png")
    (root / "c" / "linked.md").symlink_to(outside / "secret.md")
    (root / "c" / "linked-dir").symlink_to(outside)
    (root / "images").symlink_to(outside / "images")
    (root / "c" / "ok.png").write_bytes(b"\x89PNG")
    body = "# n\n" + "".join(f"![x]({target})\n" for target in ESCAPES) + "![ok](ok.png)\n"
    (root / "c" / "n.md").write_text(body, encoding="utf-8")
    return load_library(root)


@pytest.mark.parametrize("target", ESCAPES)
def test_image_targets_that_escape_are_refused(library: Library, target: str) -> None:
    note = library.notes[0]
    path, problem = resolve_image(target, note.path.parent, library.root, library.image_roots)
    assert path is None
    assert "refused" in problem or "outside" in problem, problem
    warnings = "\n".join(f"{w.path}: {w.reason}" for w in library.warnings)  # as recorded
    assert f"image {target}: " in warnings


def test_images_inside_still_resolve(library: Library) -> None:
    (ok,) = [image for image in library.notes[0].images if image.target == "ok.png"]
    assert ok.path is not None and ok.problem == ""


@pytest.mark.parametrize(
    "href",
    [
        "../../outside/secret.md",
        "/etc/passwd",
        "linked.md",
        "linked-dir/secret.md",
        "%2e%2e/%2e%2e/outside/secret.md",
        "../" * 40 + "etc/passwd",
        "%00.md",
        "file:///etc/passwd",
        "x" * 5000 + ".md",
    ],
)
def test_links_that_escape_are_refused_with_a_reason(library: Library, href: str) -> None:
    target = resolve_link(href, library.notes[0], library)
    assert target.kind == "broken" and target.note_id is None
    assert target.reason
