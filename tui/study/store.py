"""The review store: each card's scheduling state and the full review log, in one SQLite file.

`study.sqlite3` in the user data directory (the caller passes the path). WAL journal, a busy
timeout and short `BEGIN IMMEDIATE` transactions, so two kumonote processes reviewing at once
both keep their ratings; each rating is committed (and synced to disk) before `rate` returns,
so a process killed at any moment loses no rating it has reported.

A file that is not a readable study database, or one written by a newer kumonote, is moved
aside to `study.sqlite3.corrupt-<YYYYmmdd-HHMMSS>` (`.newer-…`) with its `-wal` and `-shm`
files, a notice says so, and a fresh database is started: never a traceback.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from tui.i18n import _
from tui.study.card import Card, Kind
from tui.study.schedule import (
    DEFAULT_RETENTION,
    Memory,
    Phase,
    Rating,
    Scheduler,
    check_retention,
    utc_now,
)

FILE_NAME = "study.sqlite3"
"""The review store's file in the user data directory."""
SCHEMA_VERSION = 1
"""`PRAGMA user_version` of the database this code writes; a higher one is set aside."""
BUSY_TIMEOUT_SECONDS = 10.0
"""How long a write waits for another process's transaction before giving up."""

MAX_NOTES_IN_QUERY = 500
"""`due_entries` names at most this many notes in its query (more: it reads every due card)."""

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE cards (
    id TEXT PRIMARY KEY,
    note_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    front TEXT NOT NULL,
    back TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    line INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    note_fp TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    phase INTEGER NOT NULL DEFAULT 0,
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due REAL,
    last_review REAL,
    added REAL NOT NULL
);
CREATE INDEX cards_note ON cards (note_id);
CREATE INDEX cards_due ON cards (due);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    reviewed_at REAL NOT NULL,
    duration_ms INTEGER,
    phase_before INTEGER NOT NULL,
    phase_after INTEGER NOT NULL,
    stability REAL,
    difficulty REAL,
    due REAL
);
CREATE INDEX reviews_time ON reviews (reviewed_at);
CREATE INDEX reviews_card ON reviews (card_id);
"""


class StudyStoreError(Exception):
    """The review store cannot be used now (the message says why, for the user)."""


class _Unusable(Exception):
    """The file is not a study database this code can use; `kind` is `corrupt` or `newer`."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


@dataclass(frozen=True)
class Review:
    """One rating in the review log."""

    card_id: str
    rating: Rating
    reviewed_at: datetime
    phase_before: Phase
    phase_after: Phase
    due: datetime | None
    duration_ms: int | None = None


@dataclass(frozen=True)
class StoredCard:
    """A card as the store knows it: what it said when last seen, and its memory."""

    id: str
    note_id: str
    kind: str
    front: str
    back: str
    section: str
    active: bool
    memory: Memory


@dataclass(frozen=True)
class SyncResult:
    """What `ReviewStore.sync` changed."""

    added: int
    changed: int
    retired: int


def _stamp(moment: datetime) -> float:
    return moment.timestamp()


def _moment(stamp: float | None) -> datetime | None:
    return None if stamp is None else datetime.fromtimestamp(stamp, timezone.utc)


def _memory(row: tuple[Any, ...]) -> Memory:
    phase, step, stability, difficulty, due, last = row
    return Memory(
        Phase(int(phase)),
        None if step is None else int(step),
        None if stability is None else float(stability),
        None if difficulty is None else float(difficulty),
        _moment(due),
        _moment(last),
    )


_MEMORY_COLUMNS = "phase, step, stability, difficulty, due, last_review"
_PLACE_COLUMNS = "note_id, kind, front, back, section, line, position, note_fp"


def _set_aside(path: Path, kind: str) -> Path:
    """Rename `path` (and its `-wal`, `-shm`) to `<name>.<kind>-<stamp>`; return the new path."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{kind}-{stamp}")
    count = 1
    while target.exists():
        count += 1
        target = path.with_name(f"{path.name}.{kind}-{stamp}-{count}")
    with contextlib.suppress(FileNotFoundError):
        path.rename(target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            companion.rename(target.with_name(target.name + suffix))
    return target


class ReviewStore:
    """The review state and log of one study database. Safe to share between threads."""

    def __init__(self, path: Path, connection: sqlite3.Connection, notices: list[str]) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.Lock()
        self.notices = notices
        """Problems the user should hear about (a database set aside), oldest first."""

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> ReviewStore:
        """Open (or create) the study database at `path`.

        A file that is not a usable study database is moved aside and a fresh one started
        (see the module's docstring); `notices` then says so. Raises `StudyStoreError` only
        when no database can be opened there at all (a folder that cannot be written).
        """
        path = Path(path).expanduser()
        notices: list[str] = []
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StudyStoreError(
                _("cannot create the folder for the study database {path}: {error}").format(
                    path=path, error=error.strerror or error
                )
            ) from None
        for attempt in range(2):
            connection: sqlite3.Connection | None = None
            try:
                connection = cls._connect(path)
                cls._prepare(connection)
                return cls(path, connection, notices)
            except (sqlite3.DatabaseError, _Unusable) as error:
                if connection is not None:
                    connection.close()
                # Locked, unreadable or read-only (OperationalError): not the file's fault.
                if attempt or isinstance(error, sqlite3.OperationalError):
                    raise StudyStoreError(
                        _("cannot open the study database {path}: {error}").format(
                            path=path, error=error
                        )
                    ) from None
                kind = error.kind if isinstance(error, _Unusable) else "corrupt"
                try:
                    moved = _set_aside(path, kind)
                except OSError as failure:
                    raise StudyStoreError(
                        _("cannot open the study database {path}: {error}").format(
                            path=path, error=failure.strerror or failure
                        )
                    ) from None
                notices.append(cls._moved_notice(path, moved, str(error), kind))
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _moved_notice(path: Path, moved: Path, reason: str, kind: str = "corrupt") -> str:
        if kind == "newer":
            return _(
                "the study database {path} was written by a newer kumonote ({reason}); it was "
                "moved to {moved} and a new one started"
            ).format(path=path, reason=reason, moved=moved.name)
        return _(
            "the study database {path} could not be read ({reason}); it was moved to {moved} "
            "and a new one started"
        ).format(path=path, reason=reason, moved=moved.name)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        return connection

    @staticmethod
    def _prepare(db: sqlite3.Connection) -> None:
        """Check the database is ours and current, creating the tables in a new one."""
        # Where WAL cannot be had (some network file systems), SQLite keeps its rollback
        # journal: still safe, only readers then wait for writers.
        db.execute("PRAGMA journal_mode = WAL").fetchone()
        db.execute("PRAGMA synchronous = FULL")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _Unusable("newer", f"schema {version}, this kumonote reads {SCHEMA_VERSION}")
        if version == 0:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = int(db.execute("PRAGMA user_version").fetchone()[0])
                if version == 0:
                    if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                        raise _Unusable("corrupt", "not a kumonote study database")
                    # One statement at a time: `executescript` would commit first.
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        check = db.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise _Unusable("corrupt", str(check[0]) if check else "integrity check failed")
        columns = {row[1] for row in db.execute("PRAGMA table_info(reviews)")}
        if "rating" not in columns:
            raise _Unusable("corrupt", "the review log is missing")

    def close(self) -> None:
        """Close the database (every rating is already committed)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction, taken at once (`BEGIN IMMEDIATE`), committed on exit."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise self._failed(error) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise self._failed(error) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise

    def _failed(self, error: sqlite3.Error) -> StudyStoreError:
        return StudyStoreError(
            _("the study database {path} cannot be written now: {error}").format(
                path=self.path, error=error
            )
        )

    def _read(self, sql: str, parameters: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._db.execute(sql, tuple(parameters)))
            except sqlite3.Error as error:
                raise StudyStoreError(
                    _("the study database {path} cannot be read now: {error}").format(
                        path=self.path, error=error
                    )
                ) from None

    # -- settings ------------------------------------------------------------------------

    def desired_retention(self) -> float:
        """The desired retention set for this database (default 0.9)."""
        rows = self._read("SELECT value FROM meta WHERE key = 'desired_retention'")
        try:
            return check_retention(float(str(rows[0][0]))) if rows else DEFAULT_RETENTION
        except ValueError:
            return DEFAULT_RETENTION

    def set_desired_retention(self, value: float) -> None:
        """Keep `value` (0.70–0.99, else ValueError) as the desired retention."""
        check_retention(value)
        with self._writing() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('desired_retention', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (repr(float(value)),),
            )

    # -- cards ---------------------------------------------------------------------------

    def sync(
        self,
        cards: Sequence[Card],
        now: datetime,
        *,
        fingerprints: Mapping[str, str] | None = None,
        notes: Iterable[str] | None = None,
        unchanged: Collection[str] = frozenset(),
    ) -> SyncResult:
        """Make the store's cards those given: new ones added (new, due at once), changed
        ones (back, section, place) updated, and the known cards not given retired (kept with
        their history, no longer made by the notes). With `notes`, only cards of those notes
        are retired. `fingerprints` (note id → fingerprint) are kept with each note's cards,
        for `cached_cards`; the cards of the `unchanged` notes came from `cached_cards` just
        now, so their rows are not compared again."""
        marks = fingerprints or {}
        given: set[str] = set()
        wanted: dict[str, tuple[object, ...]] = {}
        positions: dict[str, int] = {}
        for card in cards:
            given.add(card.id)
            if card.note_id in unchanged:
                continue
            position = positions.get(card.note_id, 0)
            positions[card.note_id] = position + 1
            wanted[card.id] = (*_card_row(card), position, marks.get(card.note_id))
        scope = None if notes is None else set(notes)
        brief = self._read("SELECT id, note_id, active, note_fp FROM cards")
        retired = [
            key
            for key, note_id, active, mark in brief
            if key not in given
            and (active or mark is not None)
            and (scope is None or note_id in scope)
        ]
        known = self._places(positions) if wanted else {}
        fresh = [row for key, row in wanted.items() if key not in known]
        changed = [
            row for key, row in wanted.items() if key in known and known[key] != (*row[1:], 1)
        ]
        if fresh or changed or retired:
            with self._writing() as db:
                db.executemany(
                    f"INSERT OR IGNORE INTO cards (id, {_PLACE_COLUMNS}, added)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*row, _stamp(now)) for row in fresh],
                )
                db.executemany(
                    "UPDATE cards SET note_id = ?, kind = ?, front = ?, back = ?, section = ?,"
                    " line = ?, position = ?, note_fp = ?, active = 1 WHERE id = ?",
                    [(*row[1:], row[0]) for row in changed],
                )
                db.executemany(
                    "UPDATE cards SET active = 0, note_fp = NULL WHERE id = ?",
                    [(key,) for key in retired],
                )
        return SyncResult(len(fresh), len(changed), len(retired))

    def _places(self, note_ids: Collection[str]) -> dict[str, tuple[object, ...]]:
        """What the store holds of the cards of these notes (of all, when there are many)."""
        sql = f"SELECT id, {_PLACE_COLUMNS}, active FROM cards"
        parameters: list[object] = []
        if len(note_ids) <= MAX_NOTES_IN_QUERY:
            sql += f" WHERE note_id IN ({', '.join('?' * len(note_ids))})"
            parameters.extend(note_ids)
        return {str(row[0]): row[1:] for row in self._read(sql, parameters)}

    def cached_cards(self, fingerprints: Mapping[str, str]) -> dict[str, list[Card]]:
        """The cards last synced for each note whose fingerprint is still the one given, in
        the note's order (notes that changed, or made no card, are left out)."""
        rows = self._read(f"SELECT id, {_PLACE_COLUMNS} FROM cards WHERE note_fp IS NOT NULL")
        found: dict[str, list[tuple[int, Card]]] = {}
        spoilt: set[str] = set()
        for key, note_id, kind, front, back, section, line, position, mark in rows:
            if fingerprints.get(note_id) != mark:
                continue
            try:
                card = Card(key, note_id, Kind(kind), front, back, section, int(line))
            except ValueError:  # a kind this version does not make
                spoilt.add(note_id)
                continue
            found.setdefault(note_id, []).append((int(position), card))
        return {
            note_id: [card for _position, card in sorted(cards, key=lambda item: item[0])]
            for note_id, cards in found.items()
            if note_id not in spoilt
        }

    def due_entries(
        self, now: datetime, note_ids: Collection[str] | None = None
    ) -> dict[str, tuple[Phase, float | None]]:
        """The phase and due time (epoch seconds, None when new) of every card due at `now`
        (of these notes only, when given), retired ones included, by card id."""
        sql = "SELECT id, phase, due FROM cards WHERE (due IS NULL OR due <= ?)"
        parameters: list[object] = [_stamp(now)]
        if note_ids is not None and len(note_ids) <= MAX_NOTES_IN_QUERY:
            sql += f" AND note_id IN ({', '.join('?' * len(note_ids))})"
            parameters.extend(note_ids)
        rows = self._read(sql, parameters)
        return {str(row[0]): (Phase(int(row[1])), row[2]) for row in rows}

    def memories(self, *, active_only: bool = True) -> dict[str, Memory]:
        """The memory of every card (of the active ones by default), by card id."""
        where = " WHERE active = 1" if active_only else ""
        rows = self._read(f"SELECT id, {_MEMORY_COLUMNS} FROM cards{where}")
        return {str(row[0]): _memory(row[1:]) for row in rows}

    def memory(self, card_id: str) -> Memory:
        """The memory of one card (a new one's when the store does not know it)."""
        rows = self._read(f"SELECT {_MEMORY_COLUMNS} FROM cards WHERE id = ?", (card_id,))
        return _memory(rows[0]) if rows else Memory()

    def stored_cards(self) -> list[StoredCard]:
        """Every card the store knows, retired ones included."""
        rows = self._read(
            f"SELECT id, note_id, kind, front, back, section, active, {_MEMORY_COLUMNS} FROM cards"
        )
        return [
            StoredCard(
                id=row[0],
                note_id=row[1],
                kind=row[2],
                front=row[3],
                back=row[4],
                section=row[5],
                active=bool(row[6]),
                memory=_memory(row[7:]),
            )
            for row in rows
        ]

    def rate(
        self,
        card: Card,
        rating: Rating,
        scheduler: Scheduler,
        now: datetime | None = None,
        *,
        duration_ms: int | None = None,
    ) -> Memory:
        """Rate `card` at `now` (when None: the moment the database is ours, so ratings of
        several processes are in the order they were made): its new memory and the review
        are committed before this returns. The memory rated is the one in the database at
        that moment, so a rating another process made just before is built upon, not
        overwritten."""
        with self._writing() as db:
            if now is None:
                now = utc_now()
            db.execute(
                "INSERT OR IGNORE INTO cards (id, note_id, kind, front, back, section, line,"
                " added) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*_card_row(card), _stamp(now)),
            )
            row = db.execute(
                f"SELECT {_MEMORY_COLUMNS} FROM cards WHERE id = ?", (card.id,)
            ).fetchone()
            before = _memory(row)
            after = scheduler.rate(before, rating, now)
            due = None if after.due is None else _stamp(after.due)
            last = None if after.last_review is None else _stamp(after.last_review)
            db.execute(
                "UPDATE cards SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
                " last_review = ? WHERE id = ?",
                (
                    int(after.phase),
                    after.step,
                    after.stability,
                    after.difficulty,
                    due,
                    last,
                    card.id,
                ),
            )
            db.execute(
                "INSERT INTO reviews (card_id, rating, reviewed_at, duration_ms, phase_before,"
                " phase_after, stability, difficulty, due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    card.id,
                    int(rating),
                    _stamp(now),
                    duration_ms,
                    int(before.phase),
                    int(after.phase),
                    after.stability,
                    after.difficulty,
                    due,
                ),
            )
        return after

    # -- the log -------------------------------------------------------------------------

    def reviews(self, *, since: datetime | None = None, card_id: str | None = None) -> list[Review]:
        """The review log in the order the ratings were committed: all of it, or since
        `since`, or of one card."""
        clauses: list[str] = []
        parameters: list[object] = []
        if since is not None:
            clauses.append("reviewed_at >= ?")
            parameters.append(_stamp(since))
        if card_id is not None:
            clauses.append("card_id = ?")
            parameters.append(card_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._read(
            "SELECT card_id, rating, reviewed_at, phase_before, phase_after, due, duration_ms"
            f" FROM reviews{where} ORDER BY id",
            parameters,
        )
        return [
            Review(
                str(row[0]),
                Rating(int(row[1])),
                datetime.fromtimestamp(float(row[2]), timezone.utc),
                Phase(int(row[3])),
                Phase(int(row[4])),
                _moment(row[5]),
                None if row[6] is None else int(row[6]),
            )
            for row in rows
        ]

    def review_counts(self) -> dict[str, int]:
        """How many ratings each card has had, by card id (cards never rated left out)."""
        rows = self._read("SELECT card_id, count(*) FROM reviews GROUP BY card_id")
        return {str(row[0]): int(row[1]) for row in rows}

    def review_count(self) -> int:
        """How many ratings the log holds."""
        return int(self._read("SELECT count(*) FROM reviews")[0][0])


def _card_row(card: Card) -> tuple[str, str, str, str, str, str, int]:
    return (
        card.id,
        card.note_id,
        card.kind.value,
        card.front,
        card.back,
        card.section,
        card.line,
    )
