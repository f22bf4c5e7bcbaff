"""A content folder holding every kind of bad input kumonote reads, and what it must say.

`build(base)` writes ``base/content`` (the notes) next to ``base/outside`` (files the notes
point at but must never be read). `GOOD` lists the notes that must open; `PROBLEMS` lists,
per file, the reason `kumonote check` must give for it.

Tests may run as root, who can read a file of mode 000. `honour_permissions` makes reads
of such files fail as they would for anyone else (the same trick as tests/notes, but keyed
on the real mode bits, so one corpus works for both).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

SJIS_TEXT = "# 暗号化の手順\n- データを暗号化する方法です。シフトジス\n"
EUC_TEXT = "# ひらがなのノート\n- あいうえお かきくけこ えうくじぇーぴー\n"
UTF16_TEXT = "# ユーティーエフ十六\n- ワードパッドの「Unicode」で保存したノート\n"
ESCAPES = "# 危険 \x1b]0;pwned\x07 title\n- \x1b[2J\x1b[31mred\x9b31m \x07bell\x08\x7f dangerzz\n"
SHIFT_JIS_NAME = "暗号メモ".encode("cp932") + b".md"
CANARY = "OUTSIDE-CANARY"
"""Text only the files outside the content folder hold: it must never be shown."""

GOOD = {
    "c/good.md": "良いノート",
    "c/front.md": "前付きのノート",
    "c/crlf-bom.md": "改行 CRLF と BOM",
    "c/sjis.md": "暗号化の手順",
    "c/euc.md": "ひらがなのノート",
    "c/utf16.md": "ユーティーエフ十六",
    "c/bad-yaml.md": "壊れた YAML",
    "c/python-object.md": "オブジェクト",
    "c/yaml-bomb.md": "エイリアス爆弾",
    "c/escapes.md": "危険 \x1b]0;pwned\x07 title",
    "c/dup-a.md": "同じ題名",
    "c/dup-b.md": "同じ題名",
    "c/same.md": "same md",
    "c/same.markdown": "same markdown",
    "c/images.md": "画像",
    "c2/n.md": "二番目のカテゴリ",
    "c/" + os.fsdecode(SHIFT_JIS_NAME): "暗号メモ",
}
"""Files that must load (relative path → title)."""

PROBLEMS = {
    "c/sjis.md": "not UTF-8: read as Shift_JIS",
    "c/euc.md": "not UTF-8: read as EUC-JP",
    "c/utf16.md": "not UTF-8: read as UTF-16",
    "c/latin1.md": "not UTF-8 text, and not recognisably Shift_JIS or EUC-JP",
    "c/binary.md": "binary file (contains NUL bytes)",
    "c/bad-yaml.md": "invalid YAML front matter",
    "c/python-object.md": "could not determine a constructor for the tag",
    "c/yaml-bomb.md": "some `aliases` entries are not text",
    "c/huge.md": "too large to show (20.0 MB; the limit is 4 MB)",
    "c/empty.md": "empty file",
    "c/blank.md": "empty file",
    "c/escapes.md": "contains control characters",
    "c/dup-b.md": "same title as dup-a.md",
    "c/same.md": "note id c/same is taken by same.markdown; this note is c/same.md",
    "c/unreadable.md": "cannot read: Permission denied",
    "c/locked": "cannot list folder: Permission denied",
    "c/loop": "folder visited twice (symbolic link loop?)",
    "c/self-loop.md": "cannot read: Too many levels of symbolic links",
    "c/dangling.md": "broken symbolic link",
    "c/out": "symbolic link leads outside the content folder",
    "c/out.md": "symbolic link leads outside the content folder",
    "c2/_category.yaml": "symbolic link leads outside the content folder",
    "images": "symbolic link leads outside the content folder",
    "c/images.md": "image ../../outside/secret.png: refused: it points outside the content root",
    "deep/d0/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15": "folders nested deeper than 16",
}
"""What `kumonote check` must say about each bad file (relative path → part of the reason)."""

MORE_PROBLEMS = [
    ("c/images.md", "image /etc/passwd: absolute paths are refused"),
    ("c/images.md", "image linked.png: refused: it points outside the content root"),
    ("c/images.md", "image images/x.png: refused: it points outside the content root"),
    ("c/" + os.fsdecode(SHIFT_JIS_NAME), "file name is not UTF-8: shown as Shift_JIS"),
]
"""Further (path, reason) lines: files with more than one problem, and names not in UTF-8."""


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def build(base: Path) -> Path:
    """Write the corpus under `base`; return the content folder."""
    root, outside = base / "content", base / "outside"
    _write(outside / "secret.md", f"# {CANARY}\n- {CANARY}\n")
    _write(outside / "secret.png", b"\x89PNG\r\n\x1a\n" + CANARY.encode())
    _write(outside / "category.yaml", f"title: {CANARY}\n")
    _write(outside / "images" / "x.png", b"\x89PNG\r\n\x1a\n" + CANARY.encode())
    _write(outside / "notes" / "o.md", f"# {CANARY}\n")
    c = root / "c"
    _write(
        c / "good.md",
        "# 良いノート\n- goodzz: 普通のノートです。\n[外へ](../../outside/secret.md)\n",
    )
    _write(c / "front.md", "---\ntitle: 前付きのノート\naliases: [front]\n---\n# 見出し\n")
    _write(
        c / "crlf-bom.md",
        "\ufeff---\r\ntitle: 改行 CRLF と BOM\r\n---\r\n# h\r\n## 節 crlfzz\r\n- 本文\r\n",
    )
    _write(c / "sjis.md", SJIS_TEXT.encode("cp932"))
    _write(c / "euc.md", EUC_TEXT.encode("euc_jp"))
    _write(c / "utf16.md", UTF16_TEXT.encode("utf-16"))
    _write(c / "latin1.md", "# Café crème\n- déjà vu, naïve\n".encode("latin-1"))
    _write(c / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _write(c / "bad-yaml.md", "---\ntitle: [unclosed\n---\n# 壊れた YAML\n- 本文は残る\n")
    _write(
        c / "python-object.md",
        "---\ntitle: !!python/object/apply:os.system ['touch PWNED']\n---\n# オブジェクト\n",
    )
    bomb = "\n".join([f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 12)])
    _write(
        c / "yaml-bomb.md", f"---\nl0: &l0 [lol]\n{bomb}\naliases: *l11\n---\n# エイリアス爆弾\n"
    )
    with (c / "huge.md").open("wb") as handle:
        handle.write(b"# huge\n")
        handle.truncate(20 * 1024 * 1024)
    _write(c / "empty.md", b"")
    _write(c / "blank.md", b"  \n\n\t\n")
    _write(c / "escapes.md", ESCAPES)
    _write(c / "dup-a.md", "# 同じ題名\n- a\n")
    _write(c / "dup-b.md", "# 同じ題名\n- b\n")
    _write(c / "same.md", "# same md\n")
    _write(c / "same.markdown", "# same markdown\n")
    _write(c / "unreadable.md", "# 読めない\n")
    (c / "unreadable.md").chmod(0)
    _write(c / "locked" / "inside.md", "# 鍵のかかったフォルダ\n")
    (c / "locked").chmod(0)
    (c / "loop").symlink_to(c)
    (c / "self-loop.md").symlink_to(c / "self-loop.md")
    (c / "dangling.md").symlink_to(base / "nowhere.md")
    (c / "out").symlink_to(outside / "notes")
    (c / "out.md").symlink_to(outside / "secret.md")
    (c / "linked.png").symlink_to(outside / "secret.png")
    _write(
        c / "images.md",
        "# 画像\n![逃げる](../../outside/secret.png)\n![絶対](/etc/passwd)\n"
        "![リンク](linked.png)\n![外の画像](images/x.png)\n",
    )
    _write(root / "c2" / "n.md", "# 二番目のカテゴリ\n")
    (root / "c2" / "_category.yaml").symlink_to(outside / "category.yaml")
    (root / "images").symlink_to(outside / "images")
    deep = root / "deep"
    for level in range(24):
        deep = deep / f"d{level}"
    _write(deep / "deep.md", "# 深すぎる\n")
    _write(Path(os.fsdecode(bytes(c) + b"/" + SHIFT_JIS_NAME)), "本文だけのノート\n")
    return root


def expected_lines(root: Path) -> list[tuple[Path, str]]:
    """(path, reason) for every line `kumonote check` must print about the corpus at `root`."""
    pairs = [*PROBLEMS.items(), *MORE_PROBLEMS]
    return [(root / rel, reason) for rel, reason in pairs]


def _unreadable(path: object) -> bool:
    try:
        mode = os.stat(path, follow_symlinks=True).st_mode  # type: ignore[arg-type]
    except (OSError, TypeError, ValueError):
        return False
    return not mode & (stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def _denied(path: object) -> PermissionError:
    return PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]


def permission_patches() -> list[tuple[object, str, Callable[..., object]]]:
    """(owner, attribute, replacement) that refuse reads of files and folders of mode 000."""
    real_read_bytes, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(self: Path) -> bytes:
        if _unreadable(self):
            raise _denied(self)
        return real_read_bytes(self)

    def scandir(path: object = ".") -> object:
        if _unreadable(path):
            raise _denied(path)
        return real_scandir(path)  # type: ignore[call-overload]

    return [(Path, "read_bytes", read_bytes), (os, "scandir", scandir)]


@contextmanager
def honour_permissions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within the block, mode-000 files and folders cannot be read, even by root."""
    if os.geteuid() == 0:
        for owner, name, replacement in permission_patches():
            monkeypatch.setattr(owner, name, replacement)
    yield


def restore_permissions(base: Path) -> None:
    """Make the corpus deletable again (pytest removes old temporary folders)."""
    for path in (base / "content" / "c" / "unreadable.md", base / "content" / "c" / "locked"):
        if path.exists():
            path.chmod(0o755)
