"""Files of the app's own state: where they live, atomic writes, and reads that never raise.

Every state file is one JSON object with `"version": 1`. A write goes to a temporary file in
the same directory, is flushed and synced, then replaces the target in one step, so after a
crash the old or the new file is there, never a torn one. A file that cannot be read as state
is moved aside to `<name>.corrupt-<YYYYmmdd-HHMMSS>` and the caller gets a notice to show.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

VERSION = 1
"""The version every state file carries; any other version is set aside."""

ENV_DATA_DIR = "KUMONOTE_DATA_DIR"
"""Environment variable that overrides the data directory."""

MAX_BYTES = 16 * 1024 * 1024
"""State files larger than this are treated as corrupt rather than read into memory."""

STALE_TEMP_SECONDS = 60.0
"""Temporary files older than this are leftovers of a killed process and are removed."""

T = TypeVar("T")


class StateError(ValueError):
    """A state file's content is not what kumonote wrote (the message says why)."""


def data_dir(override: Path | str | None = None) -> Path:
    """The directory for state files: `override`, else `$KUMONOTE_DATA_DIR`, else the user's."""
    if override is not None and str(override):
        return Path(override).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR, "")
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only needed here; keeps start-up of other users of this module light

    return Path(platformdirs.user_data_dir("kumonote"))


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable, where the platform allows opening directories."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, whole.

    Raises OSError when the directory cannot be created or written; no temporary file is
    left behind then.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f"{_temp_prefix(path)}{os.getpid()}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    """`atomic_write_bytes` for text, encoded as UTF-8."""
    atomic_write_bytes(path, text.encode("utf-8"))


def remove_stale_temps(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> None:
    """Remove temporary files of `path` left by a process killed in the middle of a write."""
    prefix = _temp_prefix(path)
    cutoff = time.time() - older_than
    try:
        candidates = [p for p in path.parent.iterdir()
                      if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return
    for candidate in candidates:
        with contextlib.suppress(OSError):
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()


def dump_json(document: dict[str, Any], *, ascii_only: bool = False) -> str:
    """The text kumonote writes for a state document: one key, or list item, per line.

    Readable and diffable by hand, yet fast for long lists (the compact encoder is in C).
    """
    dumps = json.JSONEncoder(ensure_ascii=ascii_only).encode

    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {dumps(item)}" for item in value)
            lines.append(f"  {dumps(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def encode_json(document: dict[str, Any]) -> bytes:
    """The bytes of `dump_json`; text UTF-8 cannot hold (lone surrogates) is `\\u` escaped."""
    try:
        return dump_json(document).encode("utf-8")
    except UnicodeEncodeError:
        return dump_json(document, ascii_only=True).encode("ascii")


def save_json(path: Path, document: dict[str, Any]) -> str | None:
    """Write `document` atomically; return a notice instead of raising when that fails."""
    try:
        # Write through a symbolic link (a managed dotfile, say) instead of replacing the link.
        atomic_write_bytes(Path(os.path.realpath(path)), encode_json(document))
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        return f"could not save {path.name} ({reason}); changes are kept until kumonote exits"
    return None


def parse_document(raw: bytes, validate: Callable[[dict[str, Any]], T]) -> T:
    """Decode one state file's bytes and validate them; raise StateError saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise StateError("file too large")
    try:
        text = raw.decode("utf-8-sig")  # a byte order mark from a hand edit is harmless
    except UnicodeDecodeError:
        raise StateError("not UTF-8 text") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise StateError("nested too deeply") from None
    except ValueError as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        raise StateError(f"not valid JSON: {reason}") from None
    if not isinstance(data, dict):
        raise StateError("not a JSON object")
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        raise StateError(f"unsupported version {json.dumps(version)[:40]}")
    try:
        return validate(data)
    except StateError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        raise StateError(f"wrong shape: {error}") from None


def _set_aside(path: Path) -> Path:
    """Move `path` to a fresh `<name>.corrupt-<timestamp>[-n]` next to it and return that."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        suffix = "" if n == 1 else f"-{n}"
        target = path.with_name(f"{path.name}.corrupt-{stamp}{suffix}")
        if target.exists():
            continue
        try:
            # A hard link claims the new name only if it is free, even against another process.
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            if target.exists():
                continue
            os.replace(path, target)
            return target
        os.unlink(path)
        return target
    raise FileExistsError(f"no free name to move {path.name} aside")


def _read_regular_file(path: Path) -> bytes:
    """The first `MAX_BYTES + 1` bytes of `path`; StateError if it is not a regular file.

    Opening does not block, so a named pipe in the file's place cannot hang start-up.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StateError("not a regular file")
        return handle.read(MAX_BYTES + 1)


def read_json(path: Path, validate: Callable[[dict[str, Any]], T]) -> tuple[T | None, str | None]:
    """Read a state file: `(value, None)`, `(None, None)` when missing, `(None, notice)` when bad.

    A file that cannot be read, decoded or validated is moved aside so it is kept for the user
    while the store starts empty. Never raises.
    """
    remove_stale_temps(path)
    try:
        raw = _read_regular_file(path)
        value = parse_document(raw, validate)
    except FileNotFoundError:
        return None, None
    except (OSError, StateError) as error:
        if isinstance(error, StateError):
            reason = str(error)
        elif not path.parent.is_dir():
            reason = str(error.strerror or error)
            return None, f"{path.name} could not be read ({reason}); starting fresh"
        else:
            reason = f"cannot read: {error.strerror or error}"
        try:
            moved = _set_aside(path)
        except FileNotFoundError:
            return None, None
        except OSError as move_error:
            return None, (f"{path.name} was unreadable ({reason}) and could not be moved aside"
                          f" ({move_error.strerror or move_error}); starting fresh")
        return None, (f"{path.name} was unreadable ({reason}); moved aside to {moved};"
                      " starting fresh")
    return value, None


class StateFile(ABC):
    """One state file's content in memory: saved only when changed, notices instead of errors."""

    file_name: ClassVar[str]

    def __init__(self, path: Path | None) -> None:
        self.path = path
        """Where `save` writes; None keeps the state in memory only."""
        self.changed = False
        """True when there are changes that are not saved yet."""
        self.load_notice: str | None = None
        """Why the file could not be loaded (it was moved aside), for the user."""

    @abstractmethod
    def to_json(self) -> dict[str, Any]:
        """The document to write, with `"version"`."""

    def save(self, *, force: bool = False) -> str | None:
        """Write the file if anything changed (or `force`); a notice when that fails."""
        if self.path is None or not (self.changed or force):
            return None
        notice = save_json(self.path, self.to_json())
        if notice is None:
            self.changed = False
        return notice
