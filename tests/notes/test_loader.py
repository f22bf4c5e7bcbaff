"""The loader: structure, ids, images, and bad input that must become warnings, never exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes import ContentNotFound, load_library
from tui.notes.slug import slugify


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def reasons(library: object) -> str:
    return "\n".join(f"{w.path}: {w.reason}" for w in library.warnings)  # type: ignore[attr-defined]


def test_folders_become_categories_and_front_matter_is_read(tmp_path: Path) -> None:
    write(tmp_path / "security" / "_category.yaml", "title: セキュリティ\norder: 2\n")
    write(tmp_path / "ai" / "_category.yaml", "title: AI サービス\norder: 1\n")
    write(
        tmp_path / "security" / "kms.md",
        "---\ntitle: AWS KMS キー\naliases: [KMS, 暗号化]\ntags: security\norder: 3\n---\n"
        "# AWS KMSキー\n- 暗号鍵\n\n## 概要\ntext\n### 詳細\n",
    )
    write(tmp_path / "ai" / "polly.md", "# polly\n- Amazon Polly\n")
    library = load_library(tmp_path)
    assert [c.title for c in library.categories] == ["AI サービス", "セキュリティ"]
    kms = library.get("security/kms")
    assert kms is not None
    assert kms.title == "AWS KMS キー"
    assert kms.aliases == ("KMS", "暗号化")
    assert kms.tags == ("security",)
    assert kms.body.startswith("# AWS KMSキー")
    assert kms.body_line == 6
    sections = [(s.level, s.title, s.anchor) for s in kms.sections]
    assert sections == [(2, "概要", "概要"), (3, "詳細", "詳細")]
    polly = library.get("ai/polly")
    assert polly is not None and polly.title == "polly" and polly.category == "AI サービス"
    assert library.warnings == []


def test_title_falls_back_to_file_name(tmp_path: Path) -> None:
    write(tmp_path / "n" / "no-heading.md", "just text\n")
    library = load_library(tmp_path)
    assert library.notes[0].title == "no-heading"


def test_single_file_with_several_headings_is_split(tmp_path: Path) -> None:
    seed = write(tmp_path / "notes.txt", "intro line\n# A\n- a\n# B\n## B1\n- b\n# A\n- a again\n")
    library = load_library(seed)
    titles = [n.title for n in library]
    assert titles == ["notes", "A", "B", "A"]
    ids = [n.id for n in library]
    assert len(set(ids)) == 4
    assert ids[1] == "notes#a" and ids[3] == "notes#a-2"
    assert library.notes[2].sections[0].title == "B1"
    assert "".join(n.body for n in library).count("- a again") == 1


def test_headings_inside_code_fences_are_not_sections(tmp_path: Path) -> None:
    write(tmp_path / "c" / "code.md", "# T\n```bash\n# not a heading\n## nor this\n```\n## real\n")
    note = load_library(tmp_path).notes[0]
    assert [s.title for s in note.sections] == ["real"]


def test_slugs_keep_japanese() -> None:
    assert slugify("概要") == "概要"
    gpu = slugify("AWS GPU (P2 と P3) および CPU インスタンス")
    assert gpu == "aws-gpu-p2-と-p3-および-cpu-インスタンス"
    assert slugify("ＫＭＳ　キー") == "kms-キー"


def test_images_resolve_relative_then_images_root_and_refuse_escapes(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write(root / "images" / "a b.png", b"\x89PNG\r\n\x1a\n")
    write(tmp_path / "secret.png", b"x")
    write(
        root / "cat" / "n.md",
        "# n\n![ok](<images/a b.png>)\n![gone](images/none.png)\n"
        "![esc](../../secret.png)\n![abs](/etc/passwd)\n![web](https://example.com/x.png)\n",
    )
    note = load_library(root).notes[0]
    by_alt = {image.alt: image for image in note.images}
    assert by_alt["ok"].path == (root / "images" / "a b.png").resolve()
    assert by_alt["gone"].path is None and by_alt["gone"].problem == "missing"
    assert by_alt["esc"].path is None and "outside" in by_alt["esc"].problem
    assert by_alt["abs"].path is None and "outside" in by_alt["abs"].problem
    assert by_alt["web"].path is None
    text = reasons(load_library(root))
    assert "none.png: missing" in text and "secret.png: refused" in text


def test_separate_images_dir_stands_for_content_images(tmp_path: Path) -> None:
    write(tmp_path / "pics" / "x.png", b"\x89PNG")
    write(tmp_path / "content" / "c" / "n.md", "# n\n![x](images/x.png)\n")
    library = load_library(tmp_path / "content", images_dir=tmp_path / "pics")
    assert library.notes[0].images[0].path == (tmp_path / "pics" / "x.png").resolve()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin.md", "caf\xe9 \xff\xfe".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"", "empty"),
        ("blank.md", b"  \n\n", "empty"),
        ("badyaml.md", b"---\ntitle: [unclosed\n---\n# x\n", "invalid YAML"),
        ("list.md", b"---\n- a\n- b\n---\n# x\n", "not a mapping"),
        ("pyobj.md", b"---\ntitle: !!python/object/apply:os.system ['id']\n---\n# x\n", "YAML"),
        ("huge.md", b"a" * (4 * 1024 * 1024 + 1), "too large"),
    ],
)
def test_bad_files_become_warnings(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    write(tmp_path / "c" / name, data)
    write(tmp_path / "c" / "good.md", "# good\n")
    library = load_library(tmp_path)
    assert "good" in [n.title for n in library]
    assert expected in reasons(library)
    assert name in reasons(library)


def test_bad_front_matter_still_loads_the_body(tmp_path: Path) -> None:
    write(tmp_path / "c" / "b.md", "---\ntitle: [unclosed\n---\n# 本文\n- 残る\n")
    note = load_library(tmp_path).notes[0]
    assert note.title == "本文" and "- 残る" in note.body


def test_shift_jis_and_euc_jp_are_read_and_reported(tmp_path: Path) -> None:
    text = "# 暗号化\n- データを暗号化する方法です。\n"
    write(tmp_path / "c" / "sjis.md", text.encode("shift_jis"))
    write(tmp_path / "c" / "euc.md", text.encode("euc_jp"))
    library = load_library(tmp_path)
    assert [n.body for n in library] == [text, text]
    assert "Shift_JIS" in reasons(library) and "EUC-JP" in reasons(library)


def test_crlf_and_bom(tmp_path: Path) -> None:
    write(tmp_path / "c" / "w.md", "\ufeff---\r\ntitle: W\r\n---\r\n# h\r\n## s\r\n".encode())
    note = load_library(tmp_path).notes[0]
    assert note.title == "W" and "\r" not in note.body and note.sections[0].title == "s"


def test_unreadable_and_vanishing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated, because the tests may run as root, who can read anything.
    write(tmp_path / "c" / "secret.md", "# s\n")
    write(tmp_path / "c" / "gone.md", "# g\n")
    write(tmp_path / "c" / "ok.md", "# ok\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied")
        if self.name == "gone.md":
            raise FileNotFoundError(2, "No such file")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    library = load_library(tmp_path)
    assert [n.title for n in library] == ["ok"]
    text = reasons(library)
    assert "secret.md: cannot read: Permission denied" in text
    assert "gone.md: file disappeared while loading" in text


def test_symlink_loop_and_escape(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write(root / "c" / "n.md", "# n\n")
    (root / "c" / "loop").symlink_to(root / "c")
    write(tmp_path / "outside" / "o.md", "# o\n")
    (root / "c" / "out").symlink_to(tmp_path / "outside")
    (root / "c" / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    library = load_library(root)
    assert [n.title for n in library] == ["n"]
    text = reasons(library)
    assert "loop" in text and "outside" in text


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    deep = tmp_path
    for i in range(40):
        deep = deep / f"d{i}"
    write(deep / "n.md", "# deep\n")
    write(tmp_path / "d0" / "top.md", "# top\n")
    library = load_library(tmp_path)
    assert [n.title for n in library] == ["top"]
    assert "nested deeper" in reasons(library)


def test_duplicate_titles_load_both_and_warn(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.md", "# 同じ\n")
    write(tmp_path / "b" / "y.md", "# 同じ\n")
    library = load_library(tmp_path)
    assert len(library) == 2 and "same title" in reasons(library)


def test_missing_content_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentNotFound):
        load_library(tmp_path / "nope")
