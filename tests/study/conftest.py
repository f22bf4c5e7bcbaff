"""Fixtures for the study tests: notes made from a body, a small library, a store path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.notes.model import Category, Library, Note
from tui.notes.structure import sections

MakeNote = Callable[..., Note]


def make_note(body: str, note_id: str = "ml/sample", title: str = "サンプル") -> Note:
    """A note with `body` and the sections the loader would find in it."""
    return Note(
        id=note_id,
        title=title,
        category="ML",
        body=body,
        path=Path(f"{note_id}.md"),
        sections=sections(body),
    )


def library_of(*notes: Note) -> Library:
    """A library holding `notes`, each in the category its `category` names."""
    categories: dict[str, Category] = {}
    for note in notes:
        categories.setdefault(note.category, Category(note.category, note.category)).notes.append(
            note
        )
    return Library(root=Path("."), categories=list(categories.values()))


SQS = """# Amazon SQS
- Amazon SQSは、メッセージキューサービスです。
- SQS キューは、メッセージを一時的に保存する場所です。

## 比較

| サービス | 用途 |
| --- | --- |
| SQS | キュー |
| SNS | 通知 |
"""

KMS = """# AWS KMS
- KMS is a service that creates and manages encryption keys.
- A key policy is a document that says who may use a key.
"""


@pytest.fixture
def library() -> Library:
    """Two small notes in two categories: SQS (Japanese, with a table) and KMS (English)."""
    sqs = make_note(SQS, "integration/sqs", "Amazon SQS")
    kms = Note(
        id="security/kms",
        title="AWS KMS",
        category="Security",
        body=KMS,
        path=Path("security/kms.md"),
    )
    return library_of(sqs, kms)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a test's study database goes (not created yet)."""
    return tmp_path / "data" / "study.sqlite3"
