"""Loading playbooks: every file checked, and refused with every problem it has."""

from __future__ import annotations

from pathlib import Path

from bot.playbooks import checks
from bot.playbooks.model import SLUG, Playbook, PlaybookError, UnknownPlaybook


def load_file(path: Path, messages_dir: Path) -> Playbook:
    """Load one playbook file; raises PlaybookError listing every problem."""
    playbook, problems = checks.check_file(path, messages_dir)
    if problems or playbook is None:
        raise PlaybookError(problems)
    return playbook


def load_dir(playbooks_dir: Path, messages_dir: Path) -> dict[str, Playbook]:
    """Load every playbooks_dir/*.yaml; raises PlaybookError listing every problem."""
    playbooks, problems = checks.check_dir(playbooks_dir, messages_dir)
    if problems:
        raise PlaybookError(problems)
    return playbooks


def load_one(playbooks_dir: Path, messages_dir: Path, playbook_id: str) -> Playbook:
    """Load the playbook with this id (its file is playbooks_dir/<id>.yaml)."""
    path = playbooks_dir / f"{playbook_id}.yaml"
    if not SLUG.match(playbook_id) or not path.is_file():
        known = ", ".join(sorted(p.stem for p in playbooks_dir.glob("*.yaml"))) or "none"
        raise UnknownPlaybook(f"no playbook {playbook_id!r} (known: {known})")
    return load_file(path, messages_dir)
