"""Shared fixtures: a real database (SQLite file, and PostgreSQL when one answers),
a controllable clock, the CLI run in-process, and the sandbox (fake Slack, real bot, page)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.clock import FixedClock
from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.incidents import service
from bot.store import Database, connect, upgrade

PLAYBOOKS = PROJECT_ROOT / "playbooks"
MESSAGES = PROJECT_ROOT / "messages"
PG_ADMIN_URL = os.environ.get(
    "CRISISBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def _postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as err:  # any failure means: no usable server
        return str(err).splitlines()[0]


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    problem = _postgres_available()
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but PostgreSQL at {PG_ADMIN_URL} does not answer: {problem}")
        pytest.skip(
            f"PostgreSQL not available ({problem}); install and start one "
            "(Debian: apt-get install postgresql) or set CRISISBOT_TEST_POSTGRES"
        )
    return PG_ADMIN_URL


@contextlib.contextmanager
def fresh_postgres(admin_url: str, *, template: str | None = None) -> Iterator[str]:
    """A new database on the server, dropped afterwards: empty, or a copy of `template`."""
    name = f"crisisbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres(postgres_admin_url: str) -> Iterator[str]:
    """The name of a database migrated once per run. Each PostgreSQL test gets a copy of it
    (CREATE DATABASE ... TEMPLATE), which costs what an empty database does, instead of
    running every migration again."""
    with fresh_postgres(postgres_admin_url) as url:
        database = connect(url)
        try:
            upgrade(database)
        finally:
            # A database cannot be copied while anyone is connected to it.
            database.dispose()
        yield str(make_url(url).database)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL, once on SQLite and once on PostgreSQL. SQLite starts empty; PostgreSQL
    starts as a copy of the run's migrated database, or empty for a test marked
    `empty_postgres` (tests of the migrations themselves)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'crisisbot.db'}"
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    template = None
    if request.node.get_closest_marker("empty_postgres") is None:
        template = request.getfixturevalue("migrated_postgres")
    with fresh_postgres(admin_url, template=template) as url:
        yield url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """The database at `database_url`, migrated to head (a no-op on a migrated copy)."""
    database = connect(database_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def ctx(db: Database, clock: FixedClock) -> service.Context:
    return service.Context(
        db=db,
        playbooks_dir=PLAYBOOKS,
        messages_dir=MESSAGES,
        clock=clock,
        admins=frozenset({"UADMIN"}),
    )


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run `crisisbot ARGS` in-process against a database; returns code, stdout, stderr."""
    monkeypatch.chdir(tmp_path)  # no stray .env, files land in tmp
    for var in list(os.environ):
        if var.startswith(("SLACK_", "CRISISBOT_", "ORG_", "DATABASE_URL", "CRISIS_CHANNEL")):
            monkeypatch.delenv(var)

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        with monkeypatch.context() as m:
            for key, value in (env or {}).items():
                m.setenv(key, value)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exit_:  # --help
                    code = int(exit_.code or 0)
            return Result(code, out.getvalue(), err.getvalue())

    return run


def sandbox_settings() -> Settings:
    """The project's playbooks and templates, nothing from the environment or a .env file."""
    return load_settings(
        {"CRISISBOT_PLAYBOOKS": str(PLAYBOOKS), "CRISISBOT_MESSAGES": str(MESSAGES)},
        env_file=None,
    )


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Any]:
    """The sandbox running in `tmp_path` on a free port; no listener may fail."""
    from bot.sandbox.site import running_sandbox

    with running_sandbox(sandbox_settings(), folder=tmp_path, port=0) as running:
        yield running
        assert running.slack.runtime.side.errors == [], "a listener reached Bolt's error handler"
