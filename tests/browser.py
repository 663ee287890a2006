"""Debian's Chromium driven by Playwright, for the report and the sandbox page. With CI set, a
missing Chromium fails the run; locally the test is skipped, saying what to install."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from tests.report.screenshot import chromium_path

SHOTS = PROJECT_ROOT / "build" / "screenshots"


def chromium() -> str:
    """The path of Debian's Chromium, once Playwright is known to be there to drive it."""
    path = chromium_path()
    problem = None if path else "no chromium on PATH"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is missing (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but the browser test cannot run: {problem}")
        pytest.skip(f"{problem}; install Debian's chromium (apt-get install chromium)")
    assert path is not None
    return path


@contextmanager
def opened_page(
    url: str,
    *,
    init_script: str | None = None,
    on_dialog: Callable[[Any], None] = lambda d: d.accept(),  # confirm dialogs: agreed to
) -> Iterator[tuple[Any, list[str]]]:
    """The page at `url` in Debian's Chromium (1400x900), and the script and console errors
    it logs; the browser is closed on the way out."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            if init_script:
                context.add_init_script(init_script)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", on_dialog)
            page.goto(url)
            yield page, errors
        finally:
            browser.close()


def act_as(page: Any, user: str) -> None:
    """Pick `user` in the sandbox page's person picker and wait until the page acts as them."""
    page.select_option("#who", user)
    page.wait_for_function(
        "u => document.querySelector('#who').value === u", arg=user, timeout=5000
    )


def shot(page: Any, name: str) -> None:
    """A screenshot of the sandbox page, kept in build/screenshots for people to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sandbox-{name}.png"))
