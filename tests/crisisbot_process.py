"""crisisbot started as its own process, as a person starts it: no Slack variables set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def crisisbot_command() -> list[str]:
    """The installed `crisisbot` script, or `python -m bot` where it is not installed."""
    script = Path(sys.executable).with_name("crisisbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


# crisisbot's own variables (see the README's Configuration), left out of a child's
# environment so that only what a test sets reaches it.
OWN_VARIABLES = (
    "SLACK_", "DATABASE_URL", "CRISIS", "MAX_BACKLOG", "WORK_THREADS", "STOP_GRACE",
    "DELIVERY_",
)  # fmt: skip


def no_slack_env() -> dict[str, str]:
    """This process's environment without Slack, database or crisisbot variables."""
    return {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}


def server_env(database_url: str, fake: Any, secret: str, **extra: str) -> dict[str, str]:
    """The environment of a `crisisbot serve` talking to `fake` (a FakeSlack)."""
    from bot.config import PROJECT_ROOT

    return no_slack_env() | {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": fake.url,
        "CRISISBOT_PLAYBOOKS": str(PROJECT_ROOT / "playbooks"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
        **extra,
    }


def crisisbot_in(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`crisisbot ARGS` run in `folder` with no Slack variables, as a person would."""
    return subprocess.run(
        [*crisisbot_command(), *args],
        cwd=folder, env=no_slack_env(), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
