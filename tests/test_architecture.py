"""Slack stays at the edge: domain modules never import the Slack libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
DOMAIN = [
    "playbooks", "incidents", "statements", "phi", "report", "store",
    "config.py", "clock.py", "errors.py",
]  # fmt: skip


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_does_not_import_slack(module: str) -> None:
    target = BOT / module
    files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    assert files
    for path in files:
        slack = {
            n for n in _imports(path) if n.startswith(("slack_bolt", "slack_sdk", "bot.slack"))
        }
        assert not slack, f"{path.relative_to(BOT.parent)} imports {sorted(slack)}"
