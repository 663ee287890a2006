"""A playbook at the edge of what `crisisbot playbooks check` accepts, for testing that every
surface the bot renders still fits Slack: 60 steps (45 in its first phase) with titles and
guidance at their longest, 10 roles, 30 statements with many long fields, and deadlines."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from tests.conftest import MESSAGES, PLAYBOOKS

ID = "stress-drill"
HOSTILE = "<!channel> <@U123> & <https://evil.example|click> *bold* ‮reversed‬ "
ROLES = ["commander", "comms", "privacy", *(f"role-{i}" for i in range(3, 10))]
STATEMENTS = [f"statement-{i:02d}" for i in range(30)]
VARIABLES = [f"field_{i}" for i in range(8)]


def _text(seed: str, length: int) -> str:
    return (seed + " " + HOSTILE * (length // len(HOSTILE) + 1))[:length].strip()


def write(root: Path) -> tuple[Path, Path]:
    """The shipped playbooks and messages plus the stress playbook, under `root`; returns
    (playbooks dir, messages dir)."""
    playbooks, messages = root / "playbooks", root / "messages"
    shutil.copytree(PLAYBOOKS, playbooks)
    shutil.copytree(MESSAGES, messages)
    phases = [("first", 45), ("second", 10), ("third", 5)]
    steps = []
    for phase, count in phases:
        for i in range(count):
            step = {
                "id": f"{phase}-{i:02d}",
                "phase": phase,
                "role": ROLES[i % len(ROLES)],
                "title": _text(f"Step {phase} {i}:", 150),
                "guidance": _text(f"Guidance for {phase} {i}:", 1500),
                "due_minutes": 15 + i,
            }
            if i and i % 7 == 0:
                step["depends_on"] = [f"{phase}-{i - 1:02d}"]
            steps.append(step)
    playbook = {
        "id": ID,
        "title": _text("Stress drill:", 150),
        "summary": _text("Every limit at once.", 1000),
        "owner": "Director of Communications",
        "reviewed": dt.date(2026, 11, 16),
        "severity": "high",
        "commander_role": "commander",
        "privacy_role": "privacy",
        "roles": [
            {
                "id": role,
                "title": _text(f"Role {n}:", 75),
                "required": n < 5,
                "description": _text("Holds things.", 500),
            }
            for n, role in enumerate(ROLES)
        ],
        "phases": [{"id": p, "title": _text(f"Phase {p}:", 75)} for p, _ in phases],
        "steps": steps,
        "statements": STATEMENTS,
        "approvers": ["comms", "privacy", "role-3"],
        "triggers": ["stress"],
        "deadlines": [
            {
                "id": f"deadline-{i}",
                "title": _text(f"Deadline {i}:", 150),
                "role": "privacy",
                "days": 60,
                "after": "discovered",
                "applies_if": "always",
            }
            for i in range(3)
        ],
    }
    (playbooks / f"{ID}.yaml").write_text(yaml.safe_dump(playbook, sort_keys=False))
    folder = messages / "statements" / ID
    folder.mkdir(parents=True)
    for n, name in enumerate(STATEMENTS):
        variables = {
            v: {"help": _text(f"What goes in {v}:", 400), "required": False, "example": "x"}
            for v in VARIABLES
        }
        body = " ".join(f"{{{{ {v} }}}}" for v in VARIABLES)
        front = yaml.safe_dump(
            {
                "title": _text(f"Statement {n}:", 150),
                "audience": "press",
                "max_length": 3000,
                "variables": variables,
            },
            sort_keys=False,
            allow_unicode=True,
        )
        (folder / f"{name}.j2").write_text(f"---\n{front}---\nStatement {n}: {body}\n")
    return playbooks, messages
