"""Small helpers shared by the state tests."""

from __future__ import annotations

from pathlib import Path


def corrupt_copies(directory: Path, name: str) -> list[Path]:
    """The files `name` was moved aside to."""
    return sorted(directory.glob(f"{name}.corrupt-*"))


def temp_files(directory: Path) -> list[Path]:
    """Temporary files of unfinished writes."""
    return sorted(directory.glob(".*.tmp")) if directory.exists() else []
