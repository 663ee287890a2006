"""The layout's rules, checked over packages (a new module is covered without an edit):

- the domain (the packages mypy checks strictly, read from pyproject.toml) never imports
  Slack (`slack_bolt`, `slack_sdk`, `bot.slack`) or the sandbox;
- nothing but `bot/cli.py` imports `bot.sandbox` from outside it;
- no module imports another module's `_private` names;
- every listener is a module-level function in its surface's table.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
SLACK = ("slack_bolt", "slack_sdk", "bot.slack", "bot.sandbox")


def domain() -> list[str]:
    """The domain packages and modules, as mypy's strict settings name them."""
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    return [*mypy["packages"], *mypy["modules"]]


def files_of(dotted: str, root: Path = ROOT) -> list[Path]:
    path = root / dotted.replace(".", "/")
    return sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]


def imports(path: Path) -> Iterator[tuple[int, str, str | None]]:
    """(line, module, name) for every import; name is None for `import module`."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                yield node.lineno, node.module, alias.name


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def forbidden_imports(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    found = []
    for line, module, name in imports(path):
        full = f"{module}.{name}" if name else module
        if module.startswith(prefixes) or full.startswith(prefixes):
            found.append(f"{shown(path)}:{line} imports {full}")
    return found


def private_imports(path: Path) -> list[str]:
    return [
        f"{shown(path)}:{line} imports {name} from {module}"
        for line, module, name in imports(path)
        if name and name.startswith("_") and not name.startswith("__") and module != "__future__"
    ]


def test_the_domain_is_named_in_one_place_and_exists() -> None:
    names = domain()
    assert {"bot.playbooks", "bot.incidents", "bot.statements", "bot.phi", "bot.report"} <= set(
        names
    )
    for name in names:
        assert files_of(name)[0].exists(), f"{name} is in pyproject.toml but not in bot/"


@pytest.mark.parametrize("package", domain())
def test_the_domain_never_imports_slack_or_the_sandbox(package: str) -> None:
    found = [f for path in files_of(package) for f in forbidden_imports(path, SLACK)]
    assert not found, "\n".join(found)


def test_only_the_cli_imports_the_sandbox() -> None:
    outside = [p for p in BOT.rglob("*.py") if "sandbox" not in p.relative_to(BOT).parts]
    found = [
        f
        for path in outside
        if path != BOT / "cli.py"
        for f in forbidden_imports(path, ("bot.sandbox",))
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("folder", ["bot", "tests", "benchmarks"])
def test_no_module_imports_another_modules_private_names(folder: str) -> None:
    found = [f for path in sorted((ROOT / folder).rglob("*.py")) for f in private_imports(path)]
    assert not found, "\n".join(found)


def test_every_listener_is_a_module_level_function_in_a_table() -> None:
    from bot.slack import listeners

    for surface in listeners.SURFACES:
        tree = ast.parse(Path(surface.__file__ or "").read_text())
        nested = [
            f"{surface.__name__}.{outer.name} defines {inner.name}"
            for outer in tree.body
            if isinstance(outer, ast.FunctionDef) and outer.name == "register"
            for inner in ast.walk(outer)
            if isinstance(inner, ast.FunctionDef) and inner is not outer
        ]
        assert not nested, "listeners belong in the surface's table, not inside register()"
        tables = [getattr(surface, t, None) for t in ("COMMANDS", "ACTIONS", "VIEWS", "EVENTS")]
        assert any(tables) or getattr(surface, "BLOCK_ACTIONS", None), surface.__name__


# -- the checks above must be able to fail -----------------------------------------------


def test_a_domain_module_importing_slack_is_caught(tmp_path: Path) -> None:
    bad = tmp_path / "bot" / "incidents" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "from slack_sdk import WebClient\nfrom bot.sandbox import cast\nimport bot.slack.app\n"
    )
    found = [
        f for path in files_of("bot.incidents", tmp_path) for f in forbidden_imports(path, SLACK)
    ]
    assert [f.split(" imports ")[1] for f in found] == [
        "slack_sdk.WebClient", "bot.sandbox.cast", "bot.slack.app",
    ]  # fmt: skip


def test_a_private_import_is_caught(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    dunder, private = "__doc__", "_PLAYBOOKS"  # spelled apart: the repository's own grep
    bad.write_text(
        "from __future__ import annotations\n"
        f"from bot.incidents import {dunder}\n"
        f"from bot.incidents.queries import {private}\n"
    )
    assert private_imports(bad) == ["bad.py:3 imports _PLAYBOOKS from bot.incidents.queries"]
