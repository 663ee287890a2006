"""The schema comes from the migrations, and they match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.store import Base, Database, upgrade
from bot.store.db import current_revision

# The migrations run here from an empty database, not copied from one already migrated.
pytestmark = pytest.mark.empty_postgres


def test_migrations_match_the_models(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_is_repeatable_and_reaches_head(db: Database) -> None:
    upgrade(db)
    upgrade(db)
    assert current_revision(db) == "0014"
    tables = set(inspect(db.engine).get_table_names())
    assert {
        "incidents",
        "log_entries",
        "step_states",
        "role_assignments",
        "outbox",
        "refusals",
        "statements",
        "statement_versions",
        "statement_reviews",
        "slack_budgets",
        "people",
        "reminders",
        "standings",
    } <= tables


def test_db_upgrade_command(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    result = cli("db", "upgrade", env={"DATABASE_URL": url})
    assert result.code == 0, result.err
    assert "revision 0014" in result.out
