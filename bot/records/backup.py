"""A consistent copy of a SQLite database taken while the bot runs (SQLite's online
backup: pages are copied while writers wait their turn, so the copy is one moment's
database). PostgreSQL has its own tools (pg_dump; the README shows how)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.errors import InvalidInput


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the SQLite database at `database_url` to `target` (which must not exist);
    returns the copy's size in bytes."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise InvalidInput(
            f"crisisbot db backup copies a SQLite database; for {url.get_backend_name()} "
            "use pg_dump (see the README's Backup and retention)"
        )
    source = Path(url.database or "")
    if not url.database or not source.is_file():
        raise InvalidInput(f"there is no SQLite database at {url.database!r} to copy")
    if target.exists():
        raise InvalidInput(f"{target} already exists: give a new file name for the copy")
    partial = target.with_name(f".{target.name}.partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=256)
            problem = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if problem != "ok":
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"the copy failed SQLite's integrity check: {problem}")
    partial.replace(target)
    return target.stat().st_size
