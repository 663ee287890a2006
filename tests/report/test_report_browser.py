"""The HTML report in a real browser: Debian's Chromium, driven by Playwright. With CI
set, a missing Chromium fails the run; locally the test is skipped, saying what to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.report import render_html
from tests.browser import chromium
from tests.report.screenshot import render_in_chromium, sample_report

pytestmark = pytest.mark.slow  # Chromium


def test_the_html_report_renders_in_chromium_without_errors(tmp_path: Path) -> None:
    executable = chromium()
    report = sample_report(tmp_path)
    page = tmp_path / "report.html"
    page.write_text(render_html(report, messages_dir=PROJECT_ROOT / "messages"), encoding="utf-8")
    screenshot = PROJECT_ROOT / "build" / "screenshots" / "report.png"
    shown = render_in_chromium(page, screenshot, executable)
    assert shown.errors == []
    assert "INC-2026-0001" in shown.title
    reached = [p for p in report.phases if p.entered_at is not None]
    assert shown.bars == len(reached) == 2, "one bar per phase the incident went through"
    assert shown.marks == len(report.chart_events) > 5, "a mark per step done and statement event"
    assert shown.overflow_px <= 0, "nothing is wider than a printed page"
    for pdf in (screenshot.with_suffix(".pdf"), screenshot.with_suffix(".letter.pdf")):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    assert screenshot.stat().st_size > 10_000
