"""Shared fixtures: a real database (SQLite file, and PostgreSQL when one answers),
a controllable clock, the CLI run in-process, and the sandbox (fake Slack, real bot, page)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
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


def _create(admin: Engine, *, template: str | None = None) -> str:
    """A new database's name: empty, or a copy of `template`."""
    name = f"crisisbot_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    return name


def _drop(admin: Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_postgres(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = _create(admin)
    try:
        yield _url(admin_url, name)
    finally:
        _drop(admin, name)
        admin.dispose()


class MigratedCopies:
    """Copies of one database migrated once per run (CREATE DATABASE ... TEMPLATE), so that
    no test runs the migrations again. Making a copy takes longer than most tests, so the
    next one is made in the background while a test runs."""

    def __init__(self, admin_url: str, template: str) -> None:
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self.maker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postgres-copy")
        self.template = template
        self.next = self.maker.submit(_create, self.admin, template=template)

    @contextlib.contextmanager
    def copy(self) -> Iterator[str]:
        """A copy of the migrated database, dropped afterwards."""
        name = self.next.result()
        self.next = self.maker.submit(_create, self.admin, template=self.template)
        try:
            yield _url(self.admin_url, name)
        finally:
            _drop(self.admin, name)

    def close(self) -> None:
        try:
            _drop(self.admin, self.next.result())
        finally:
            self.maker.shutdown()
            self.admin.dispose()


@pytest.fixture(scope="session")
def migrated_postgres(postgres_admin_url: str) -> Iterator[MigratedCopies]:
    """A database migrated once per run, dropped at the end, and the copies made of it."""
    with fresh_postgres(postgres_admin_url) as url:
        database = connect(url)
        try:
            upgrade(database)
        finally:
            # A database cannot be copied while anyone is connected to it.
            database.dispose()
        copies = MigratedCopies(postgres_admin_url, template=str(make_url(url).database))
        try:
            yield copies
        finally:
            copies.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL, once on SQLite and once on PostgreSQL. SQLite starts empty; PostgreSQL
    starts as a copy of the run's migrated database, or empty for a test marked
    `empty_postgres` (tests of the migrations themselves)."""
    empty = request.node.get_closest_marker("empty_postgres") is not None
    with database_at(request, request.param, tmp_path, empty=empty) as url:
        yield url


@contextlib.contextmanager
def database_at(
    request: pytest.FixtureRequest, kind: str, folder: Path, *, empty: bool = False
) -> Iterator[str]:
    """A database URL of `kind` (sqlite | postgres) for a fixture of any scope: SQLite in
    `folder`, PostgreSQL a migrated copy (or `empty`), dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'crisisbot.db'}"
    elif empty:
        with fresh_postgres(request.getfixturevalue("postgres_admin_url")) as url:
            yield url
    else:
        with request.getfixturevalue("migrated_postgres").copy() as url:
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


FAULT_SUITE = PROJECT_ROOT / "build" / "fault-suite.json"


def pytest_sessionstart(session: pytest.Session) -> None:
    FAULT_SUITE.unlink(missing_ok=True)  # the fault suite's figures are this run's


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The fault suite's figures, whatever the outcome, so CI's log shows them."""
    if not FAULT_SUITE.exists():
        return
    terminalreporter.section("fault suite")
    for line in FAULT_SUITE.read_text().splitlines():
        f = json.loads(line)
        terminalreporter.write_line(
            f"{f['scenario']} ({f['database']}): {f['operations']} operations, "
            f"{f['faults_injected']} faults injected, {f['messages_lost']} messages lost, "
            f"{f['messages_doubled']} doubled, longest stale view {f['longest_stale_s']} s, "
            f"logs {'verified' if f['logs_verified'] else 'NOT VERIFIED'}"
        )
