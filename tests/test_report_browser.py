"""The HTML report in a real browser: Debian's Chromium, driven by Playwright. With CI
set, a missing Chromium fails the run; locally the test is skipped, saying what to install."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from tests.report_screenshot import chromium_path, render_in_chromium, sample_report_html


def _chromium() -> str:
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


def test_the_html_report_renders_in_chromium_without_errors(tmp_path: Path) -> None:
    executable = _chromium()
    page = tmp_path / "report.html"
    page.write_text(sample_report_html(tmp_path), encoding="utf-8")
    screenshot = PROJECT_ROOT / "build" / "screenshots" / "report.png"
    shown = render_in_chromium(page, screenshot, executable)
    assert shown.errors == []
    assert "INC-2026-0001" in shown.title
    assert shown.svg_boxes >= 1, "the timeline chart is drawn"
    assert screenshot.stat().st_size > 10_000 and screenshot.with_suffix(".pdf").exists()
