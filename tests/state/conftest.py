"""Fixtures for the state tests: a data directory and a tiny library of notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.notes.model import Category, Library, Note


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """An empty data directory of its own (not created yet, like on a first start)."""
    return tmp_path / "data"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """Notes `sagemaker/intro` and `bedrock/models`, nothing else."""

    def note(note_id: str, title: str) -> Note:
        return Note(id=note_id, title=title, category="ML", body="", path=tmp_path / note_id)

    return Library(
        root=tmp_path,
        categories=[
            Category(
                "ml",
                "ML",
                notes=[
                    note("sagemaker/intro", "SageMaker 入門"),
                    note("bedrock/models", "Bedrock のモデル"),
                ],
            )
        ],
    )
