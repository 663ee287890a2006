"""Engine and sessions; schema upgrades with alembic."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# Any constant shared by every crisisbot process: the key of the upgrade advisory lock.
_UPGRADE_LOCK = 0x43524953


@dataclass(frozen=True)
class Database:
    engine: Engine
    sessions: sessionmaker[Session]  # read-write: one transaction per use case
    readers: sessionmaker[Session]  # read-only: never takes SQLite's write lock
    # SQLite has one writer at a time. Within a process, writers queue on this lock and
    # are handed it at once; SQLite's own busy handler (kept for other processes) would
    # make them poll with growing sleeps.
    _writer: threading.Lock = field(default_factory=threading.Lock)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One read-write transaction (committed on success, rolled back on error)."""
        if not self.is_sqlite:
            with self.sessions.begin() as session:
                yield session
            return
        if not self._writer.acquire(timeout=30):
            raise OperationalError("waiting for the database write lock", None, TimeoutError())
        try:
            with self.sessions.begin() as session:
                yield session
        finally:
            self._writer.release()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_setup(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for every transaction.

    BEGIN IMMEDIATE takes the write lock when the transaction starts, so two writers
    cannot both read the log head and then both append: the second waits instead.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Readers (reports, views, verify) must not hold the write lock.
        readonly = connection.get_execution_options().get("crisisbot_readonly")
        connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def connect(url: str, **engine_options: Any) -> Database:
    """An engine and session factory for `url` (sqlite:/// or postgresql+psycopg://)."""
    # Enough connections for a web process's request threads, work threads and deliverer
    # threads at once: a request must not wait for a connection before it can ack.
    pooled = {"pool_size": 20, "max_overflow": 20} | engine_options
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        options = engine_options if memory else pooled
        engine = create_engine(url, connect_args={"timeout": 10}, **options)
        _sqlite_setup(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, **pooled)
    readonly = engine.execution_options(crisisbot_readonly=True)
    return Database(
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        readers=sessionmaker(readonly, expire_on_commit=False),
    )


def alembic_config() -> Config:
    from alembic.config import Config  # only when migrating: commands that don't start faster

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to `revision`; on PostgreSQL under an advisory lock so that
    several processes starting at once upgrade it once."""
    from alembic import command

    config = alembic_config()
    with db.engine.connect() as connection:
        if not db.is_sqlite:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _UPGRADE_LOCK})
            connection.commit()
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
        finally:
            if not db.is_sqlite:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _UPGRADE_LOCK})
                connection.commit()


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
