"""Files of the app's own state: where they live, atomic writes, and reads that never raise.

Every state file is one JSON object with `"version": 1`. A write goes to a temporary file in
the same directory, is flushed and synced, then replaces the target in one step, so after a
crash the old or the new file is there, never a torn one. A file that cannot be read as state
is moved aside to `<name>.corrupt-<YYYYmmdd-HHMMSS>` and the caller gets a notice to show.

Several kumonote processes may share one data directory. A save re-reads the file and merges
this process's changes onto what the others wrote, holding a lock (`.state.lock`, `flock` on
POSIX) around the read-merge-write; the lock is given up after a second rather than letting
the UI wait, and the merge then happens without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

try:
    import fcntl
except ImportError:  # not POSIX: saves still merge, without a lock
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from typing_extensions import Self

VERSION = 1
"""The version every state file carries; any other version is set aside."""

ENV_DATA_DIR = "KUMONOTE_DATA_DIR"
"""Environment variable that overrides the data directory."""

MAX_BYTES = 16 * 1024 * 1024
"""State files larger than this are treated as corrupt rather than read into memory."""

STALE_TEMP_SECONDS = 60.0
"""Temporary files older than this are leftovers of a killed process and are removed."""

LOCK_NAME = ".state.lock"
"""The lock file in the data directory, present only while a process saves."""

LOCK_TIMEOUT = 1.0
"""Seconds a save waits for another process's save before it goes ahead without the lock."""

T = TypeVar("T")
D = TypeVar("D")


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
        candidates = [
            p
            for p in path.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith(".tmp")
        ]
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


def _set_aside_notice(path: Path, reason: str, then: str) -> str:
    """Move an unreadable `path` aside; the notice saying so (or that it could not be moved)."""
    try:
        moved = _set_aside(path)
    except FileNotFoundError:
        return ""
    except OSError as move_error:
        return (
            f"{path.name} was unreadable ({reason}) and could not be moved aside"
            f" ({move_error.strerror or move_error}); {then}"
        )
    return f"{path.name} was unreadable ({reason}); moved aside to {moved}; {then}"


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
        return None, _set_aside_notice(path, reason, "starting fresh") or None
    return value, None


def read_for_merge(
    path: Path, validate: Callable[[dict[str, Any]], T]
) -> tuple[T | None, str | None]:
    """Read a state file just before saving over it: `(value, None)` to merge with, else None.

    A file whose content is not state is moved aside, with a notice, as at start-up. A file
    that is missing or cannot be opened right now (permissions, a full disk's I/O error) is
    left where it is: the save then writes this process's copy, as it did before merging.
    """
    try:
        raw = _read_regular_file(path)
        value = parse_document(raw, validate)
    except OSError:
        return None, None
    except StateError as error:
        then = "saved this session's copy instead"
        return None, _set_aside_notice(path, str(error), then) or None
    return value, None


def _take_lock(path: Path, timeout: float) -> int | None:
    """Open and `flock` the lock file at `path`; its descriptor, or None after `timeout`."""
    if fcntl is None:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    deadline = time.monotonic() + timeout
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    while True:
        try:
            fd = os.open(path, flags, 0o600)
        except OSError:
            return None
        held = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        return None
                    time.sleep(0.005)
            # The previous holder removes the file when done; a lock on a removed file is no
            # lock at all, so only the file still in place counts.
            with contextlib.suppress(OSError):
                held = os.path.samestat(os.fstat(fd), os.stat(path))
            if held:
                return fd
        except OSError:  # no locks on this file system (ENOLCK): go ahead without
            return None
        finally:
            if not held:
                os.close(fd)
        if time.monotonic() >= deadline:
            return None


@contextlib.contextmanager
def state_lock(directory: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[bool]:
    """Hold the data directory's lock for one read-merge-write; yields whether it is held.

    Yields False at once where there is no `fcntl` or the directory cannot be written, and
    after `timeout` seconds when another process keeps the lock, so a save never hangs.
    """
    path = directory / LOCK_NAME
    fd = _take_lock(path, timeout)
    try:
        yield fd is not None
    finally:
        if fd is not None:
            # Removed while still held, so no one else can be holding the removed file.
            with contextlib.suppress(OSError):
                os.unlink(path)
            os.close(fd)


class StateFile(ABC, Generic[D]):
    """One state file's content in memory: saved only when changed, notices instead of errors.

    `D` is what the file holds, as its parser gives it. A file that was loaded remembers the
    changes made since the last load or save; a save re-reads the file and applies them onto
    what another process may have written meanwhile. One made in memory with a `path` has no
    such past and replaces the file on its first save.

    A kind of file says how its document reads and writes (`parse`, `to_json`), what a
    document's content makes in memory (`from_content`) and how its changes merge (`merged`,
    `forget_changes`); loading, saving, locking and setting bad files aside are shared here.
    """

    file_name: ClassVar[str]
    """The file's name in the data directory (`bookmarks.json`)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        """Where `save` writes; None keeps the state in memory only."""
        self.changed = False
        """True when there are changes that are not saved yet."""
        self.load_notice: str | None = None
        """Why the file could not be loaded (it was moved aside), for the user."""
        self.merges = False
        """Whether a save merges with the file (True once it was loaded or written)."""

    @classmethod
    def load(cls, data_dir: Path | str) -> Self:
        """Load the file from `data_dir`: its content, or empty with a `load_notice` when it
        was unreadable (it is moved aside, see `read_json`). Never raises."""
        return cls.load_with(data_dir, cls.from_content)

    @classmethod
    def load_with(cls, data_dir: Path | str, make: Callable[[D | None, Path], Self]) -> Self:
        """`load`, with `make` in place of `from_content` (to pass it options of the kind)."""
        path = Path(data_dir) / cls.file_name
        content, notice = read_json(path, cls.parse)
        state = make(content, path)
        state.load_notice = notice
        state.merges = True
        return state

    @classmethod
    @abstractmethod
    def from_content(cls, content: D | None, path: Path) -> Self:
        """The state of `path` holding `content` (None: no file, or one set aside: empty)."""

    @abstractmethod
    def to_json(self) -> dict[str, Any]:
        """The document to write, with `"version"`."""

    @staticmethod
    @abstractmethod
    def parse(document: dict[str, Any]) -> D:
        """The content of a document of this file; StateError if it is malformed."""

    @abstractmethod
    def merged(self, on_disk: D) -> tuple[dict[str, Any], Callable[[], None]]:
        """This process's changes applied onto `on_disk`: the document to write, and what
        makes the memory equal to it once it is written."""

    @abstractmethod
    def forget_changes(self) -> None:
        """Start recording changes afresh: what is in memory is now what the file holds."""

    def needs_save(self, *, force: bool = False) -> bool:
        """Whether `save` would write anything."""
        return self.path is not None and (self.changed or force)

    def write_merged(self, *, force: bool = False) -> list[str]:
        """Read the file, merge, write; notices of failures and of files set aside.

        Takes no lock: the caller holds `state_lock` (or could not get it). After a failure
        the memory and the recorded changes stay as they were, for a later save.
        """
        if self.path is None or not self.needs_save(force=force):
            return []
        notices: list[str] = []
        document, adopt = self.to_json(), None
        if self.merges:
            on_disk, notice = read_for_merge(self.path, self.parse)
            if notice:
                notices.append(notice)
            if on_disk is not None:
                document, adopt = self.merged(on_disk)
        failure = save_json(self.path, document)
        if failure:
            notices.append(failure)
            return notices
        if adopt is not None:
            adopt()
        self.forget_changes()
        self.changed = False
        self.merges = True
        return notices

    def save(self, *, force: bool = False) -> str | None:
        """Write the file if anything changed (or `force`), merged with what other processes
        wrote since; a notice when that fails or the file there had to be set aside."""
        if self.path is None or not self.needs_save(force=force):
            return None
        with state_lock(self.path.parent):
            notices = self.write_merged(force=force)
        return "; ".join(notices) or None
