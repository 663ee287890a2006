"""What the sandbox keeps in the folder it runs in: its database and the saved channel."""

from __future__ import annotations

from pathlib import Path

DATABASE_FILE = "crisisbot-sandbox.db"
WORKSPACE_FILE = "crisisbot-sandbox-slack.json"  # the fake Slack's channel, kept beside it


def reset_database(folder: Path) -> None:
    """Delete the sandbox database (with its WAL files) and its saved workspace in `folder`,
    and nothing else."""
    for suffix in ("", "-wal", "-shm"):
        (folder / (DATABASE_FILE + suffix)).unlink(missing_ok=True)
    (folder / WORKSPACE_FILE).unlink(missing_ok=True)
