"""Shared test set-up: every test gets its own cache and data directories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Keep the index cache, bookmarks and history of tests away from the user's own."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("KUMONOTE_DATA_DIR", str(base / "data" / "kumonote"))
    yield


@pytest.fixture
def repo_root() -> Path:
    """The top of the source tree."""
    return Path(__file__).resolve().parent.parent
