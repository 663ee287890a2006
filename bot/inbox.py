"""The inbox: work a Slack request was acked for (capture a reply, tick a step, start an
incident), written before the ack and deleted once done. The process that took the
request leases it and renews the lease while the work waits in its memory; if the process
dies, the lease runs out and any process takes the work over; on a graceful stop it gives
back what it has not started. No Slack here.

On PostgreSQL the inbox is a table of the database. On SQLite, which lets one
transaction write at a time per file, it is a table in a file beside the database
(`crisisbot.db-inbox` next to `crisisbot.db`): an ack then never waits behind the work
it hands over (a capture, a tick), only behind other acks' one-row writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.store import Database, connect
from bot.store.models import InboxItem

LEASE = dt.timedelta(seconds=30)  # renewed every LEASE / 3 while the work waits or runs
MAX_ATTEMPTS = 5  # a job that keeps failing is a bug: kept, with its error, out of the way


_stores: dict[str, Database] = {}
_writers: dict[str, _SqliteWriter | _PostgresWriter] = {}
_stores_lock = threading.Lock()


class _SqliteWriter:
    """One connection of its own that adds an item in a single statement (autocommit): an
    ack holds the file's write lock for a fraction of a millisecond, and never queues
    behind the ORM's work in another thread."""

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=10, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        # Checkpoints (which write to disk) happen in the other connections' commits,
        # which are not on an ack's way.
        self.conn.execute("PRAGMA wal_autocheckpoint=0")
        self.lock = threading.Lock()

    def insert(self, row: dict[str, Any]) -> int | None:
        values = (
            row["job"], json.dumps(row["args"]), _stamp(row["received_at"]), row["lease_owner"],
            _stamp(row["lease_until"]), row["key"],
        )  # fmt: skip
        with self.lock:
            try:
                cursor = self.conn.execute(
                    "INSERT INTO inbox (job, args, received_at, lease_owner, lease_until,"
                    " attempts, key) VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id",
                    values,
                )
                return int(cursor.fetchone()[0])
            except sqlite3.IntegrityError:
                return None

    def close(self) -> None:
        with self.lock:
            self.conn.close()


class _PostgresWriter:
    """The same on PostgreSQL: a connection of its own in autocommit, one round trip, and
    a commit that does not wait for the disk (synchronous_commit off, for this connection
    only). As with SQLite's WAL in NORMAL mode, an item survives any crash of crisisbot;
    a crash of the database server itself could lose what was acked in its last fraction
    of a second."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.lock = threading.Lock()
        self.conn: Any = None

    def _connection(self) -> Any:
        # Its own connection, outside the engine's pool: a pooled one would go back to the
        # pool in autocommit and break the transactions of whoever took it next.
        import psycopg

        if self.conn is None or self.conn.closed:
            url = self.db.engine.url.set(drivername="postgresql")
            self.conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
            self.conn.execute("SET synchronous_commit TO OFF")
        return self.conn

    def insert(self, row: dict[str, Any]) -> int | None:
        import psycopg

        values = (
            row["job"], json.dumps(row["args"]), _naive(row["received_at"]), row["lease_owner"],
            _naive(row["lease_until"]), row["key"],
        )  # fmt: skip
        sql = (
            "INSERT INTO inbox (job, args, received_at, lease_owner, lease_until, attempts, key)"
            " VALUES (%s, %s::json, %s, %s, %s, 0, %s) ON CONFLICT (key) DO NOTHING RETURNING id"
        )
        with self.lock:
            for attempt in (1, 2):
                try:
                    found = self._connection().execute(sql, values).fetchone()
                    return None if found is None else int(found[0])
                except psycopg.OperationalError:
                    self.close_connection()
                    if attempt == 2:
                        raise
        return None

    def close_connection(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.close()
            self.conn = None

    def close(self) -> None:
        with self.lock:
            self.close_connection()


def _naive(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(tzinfo=None)


def _stamp(when: dt.datetime) -> str:
    """A time as the store's DateTime columns keep it on SQLite: naive UTC, microseconds."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _store(db: Database) -> Database:
    """Where the inbox of `db` is kept (see the module's docstring)."""
    url = db.engine.url
    key = url.render_as_string(hide_password=False)
    if not db.is_sqlite:
        with _stores_lock:
            if key not in _writers:
                _writers[key] = _PostgresWriter(db)
        return db
    with _stores_lock:
        found = _stores.get(key)
        if found is None:
            database = url.database
            beside = (
                url.set(database=f"{database}-inbox")
                if database not in (None, "", ":memory:")
                else url
            )
            found = connect(beside.render_as_string(hide_password=False))
            InboxItem.__table__.create(found.engine, checkfirst=True)  # type: ignore[attr-defined]
            _stores[key] = found
            path = found.engine.url.database
            if path not in (None, "", ":memory:"):
                _writers[key] = _SqliteWriter(str(path))
        return found


def forget(db: Database) -> None:
    """Close the inbox store kept for `db` (when `db` itself is disposed)."""
    key = db.engine.url.render_as_string(hide_password=False)
    with _stores_lock:
        found = _stores.pop(key, None)
        writer = _writers.pop(key, None)
    if writer is not None:
        writer.close()
    if found is not None:
        found.dispose()


@dataclass(frozen=True)
class Item:
    id: int
    job: str
    args: dict[str, Any]


def put(
    db: Database,
    *,
    job: str,
    args: dict[str, Any],
    owner: str,
    now: dt.datetime,
    key: str | None = None,
    lease: dt.timedelta = LEASE,
) -> int | None:
    """Keep the work, leased to `owner`; its id, or None when a request with this `key`
    was kept before (Slack sent it again, or it was replayed). Called before the ack, so
    it is one statement: an ack waits for as little as possible."""
    store = _store(db)
    row = {
        "job": job, "args": args, "received_at": now, "lease_owner": owner,
        "lease_until": now + lease, "attempts": 0, "key": key,
    }  # fmt: skip
    writer = _writers.get(db.engine.url.render_as_string(hide_password=False))
    if writer is not None:
        return writer.insert(row)
    try:  # an in-memory SQLite database (tests): the ORM's way
        with store.begin() as session:
            statement = insert(InboxItem).values(row).returning(InboxItem.id)
            return int(session.execute(statement).scalar_one())
    except IntegrityError:
        if key is None:
            raise
        return None


def take(
    db: Database, *, owner: str, now: dt.datetime, limit: int, lease: dt.timedelta = LEASE
) -> list[Item]:
    """Lease up to `limit` items nobody holds (given back, or their process died)."""
    db = _store(db)
    with db.begin() as session:
        query = (
            select(InboxItem.id)
            .where(
                or_(InboxItem.lease_until.is_(None), InboxItem.lease_until < now),
                InboxItem.attempts < MAX_ATTEMPTS,
                InboxItem.done_at.is_(None),
            )
            .order_by(InboxItem.id)
            .limit(limit)
        )
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        ids = list(session.scalars(query))
        if not ids:
            return []
        session.execute(
            update(InboxItem)
            .where(InboxItem.id.in_(ids))
            .values(lease_owner=owner, lease_until=now + lease)
        )
        rows = session.execute(
            select(InboxItem.id, InboxItem.job, InboxItem.args)
            .where(InboxItem.id.in_(ids))
            .order_by(InboxItem.id)
        )
        return [Item(r.id, r.job, dict(r.args)) for r in rows]


def renew(db: Database, *, owner: str, now: dt.datetime, lease: dt.timedelta = LEASE) -> None:
    """Extend the lease on everything `owner` holds."""
    db = _store(db)
    with db.begin() as session:
        session.execute(
            update(InboxItem).where(InboxItem.lease_owner == owner).values(lease_until=now + lease)
        )


def release(db: Database, ids: Sequence[int], *, owner: str) -> None:
    """Give back work `owner` has not started, for another process (or the next start)."""
    db = _store(db)
    if not ids:
        return
    with db.begin() as session:
        session.execute(
            update(InboxItem)
            .where(InboxItem.id.in_(ids), InboxItem.lease_owner == owner)
            .values(lease_owner=None, lease_until=None)
        )


def finish(db: Database, ids: Sequence[int], *, now: dt.datetime) -> None:
    """The work is done: kept (without its arguments) for a while, so a request sent again
    is known; `purge` deletes it later."""
    if not ids:
        return
    db = _store(db)
    with db.begin() as session:
        session.execute(
            update(InboxItem)
            .where(InboxItem.id.in_(ids))
            .values(done_at=now, lease_owner=None, lease_until=None, args={})
        )


def purge(db: Database, *, before: dt.datetime) -> int:
    """Delete the work done before `before`; how many."""
    db = _store(db)
    with db.begin() as session:
        result = session.execute(
            delete(InboxItem).where(InboxItem.done_at.is_not(None), InboxItem.done_at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def failed(
    db: Database, item_id: int, *, error: str, now: dt.datetime, lease: dt.timedelta = LEASE
) -> None:
    """The work raised: try again after a lease's time, until MAX_ATTEMPTS."""
    db = _store(db)
    with db.begin() as session:
        session.execute(
            update(InboxItem)
            .where(InboxItem.id == item_id)
            .values(
                attempts=InboxItem.attempts + 1,
                last_error=error[:2000],
                lease_owner=None,
                lease_until=now + lease,
            )
        )


def waiting(db: Database) -> int:
    """Items not done yet (failed ones included)."""
    db = _store(db)
    with db.readers() as session:
        return (
            session.scalar(
                select(func.count()).select_from(InboxItem).where(InboxItem.done_at.is_(None))
            )
            or 0
        )
