"""crisisbot started as its own process, as a person starts it: no Slack variables set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def crisisbot_command() -> list[str]:
    """The installed `crisisbot` script, or `python -m bot` where it is not installed."""
    script = Path(sys.executable).with_name("crisisbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def no_slack_env() -> dict[str, str]:
    """This process's environment without Slack, database or crisisbot variables."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS"))
    }


def crisisbot_in(folder: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`crisisbot ARGS` run in `folder` with no Slack variables, as a person would."""
    return subprocess.run(
        [*crisisbot_command(), *args],
        cwd=folder, env=no_slack_env(), capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
