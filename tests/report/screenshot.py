"""A sample post-incident report, opened in headless Chromium and saved as a screenshot,
so a person can look at it:

    .venv/bin/python -m tests.report.screenshot [-o build/screenshots/report.png]

The sample is a scripted PHI leak: roles, a breach risk assessment, steps done on time
and late, a skipped step, an override, a holding statement refused for a name, fixed,
approved and published, notes and lessons learned. The browser test uses the same code.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import people
from bot.clock import FixedClock
from bot.config import PROJECT_ROOT
from bot.errors import PrivacyWarning
from bot.incidents import breach, service
from bot.phi.model import Org
from bot.report import Report, build_report, render_html
from bot.sandbox.cast import CAST
from bot.statements import review, screening
from bot.statements import service as statements
from bot.store import connect, upgrade

TZ = ZoneInfo("America/Chicago")
START = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
CMD, PRIV, COMMS, LEGAL = "U0ALEX", "U0PRIYA", "U0DANA", "U0LEE"
ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    email="media@riversidegeneral.org",
    website="https://www.riversidegeneral.org",
)


def sample_report_html(folder: Path) -> str:
    """The HTML report of a scripted PHI leak, on its own SQLite database in `folder`."""
    return render_html(sample_report(folder), messages_dir=PROJECT_ROOT / "messages")


def sample_report(folder: Path) -> Report:
    """The report of a scripted PHI leak, on its own SQLite database in `folder`."""
    db = connect(f"sqlite:///{folder / 'sample.db'}")
    upgrade(db)
    clock = FixedClock(START)
    ctx = service.Context(
        db=db,
        playbooks_dir=PROJECT_ROOT / "playbooks",
        messages_dir=PROJECT_ROOT / "messages",
        clock=clock,
        org=ORG,
    )
    # The sample staff's names, as Slack would have told the bot (the report names people).
    for person in CAST:
        people.remember(db, person.id, person.real_name, now=START)
    ref = service.start_incident(
        ctx,
        playbook_id="phi-leak",
        title="Nurse's Instagram story shows a patient board",
        actor=CMD,
        description="Spotted by the social media desk; the story was public for about 3 hours.",
    ).incident
    for role, user in (
        ("privacy", PRIV),
        ("comms", COMMS),
        ("legal", LEGAL),
        ("department-leader", "U0SAM"),
        ("hr", "U0HR"),
    ):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    steps = [s.step.id for s in _view(ctx, ref).steps]
    minutes = iter([10, 25, 40, 70, 95, 130, 200, 260, 300, 360, 420, 500, 600, 700, 800])
    for step in steps[:6]:
        clock.now = START + dt.timedelta(minutes=next(minutes))
        service.complete_step(ctx, incident=ref, step_id=step, actor=CMD)
    service.add_note(
        ctx, incident=ref, text="Platform confirmed removal (ticket 4471).", actor=COMMS
    )
    # A note naming a patient: warned, then kept on the second submission; the report
    # shows it masked.
    named = "Called back Dolores Ferraro's son; he asked that we never mention bed 12."
    with contextlib.suppress(PrivacyWarning):
        service.add_note(ctx, incident=ref, text=named, actor=PRIV)
    service.add_note(ctx, incident=ref, text=named, actor=PRIV)
    # Refused for the name, as a drafter would see it; fixed below.
    with contextlib.suppress(screening.PrivacyFindings):
        statements.draft_statement(
            ctx,
            incident=ref,
            template_id="initial-holding",
            actor=COMMS,
            variables={"platform": "Instagram, shared by Mr. Alvarez"},
        )
    statements.draft_statement(
        ctx,
        incident=ref,
        template_id="initial-holding",
        actor=COMMS,
        variables={"platform": "Instagram"},
    )
    for who in (COMMS, PRIV):
        review.approve_statement(ctx, incident=ref, statement=1, version=1, actor=who)
    statements.publish_statement(
        ctx,
        incident=ref,
        statement=1,
        actor=COMMS,
        platform="Instagram",
        url="https://www.instagram.com/riversidegeneral/",
    )
    breach.record_assessment(
        ctx,
        incident=ref,
        actor=PRIV,
        assessment=breach.Assessment(
            nature="First names and diagnoses of 14 patients on a whiteboard",
            recipient="Public followers of a staff member's account",
            acquired="About 300 views before removal; no known downloads",
            mitigation="Removed within 3 hours; the staff member attested deletion",
            affected=14,
            state_residents_max=14,
            breach=True,
            reason="Identifiers were visible to the public: not a low probability",
        ),
    )
    clock.now = START + dt.timedelta(hours=12)
    service.advance_phase(ctx, incident=ref, actor=CMD, override_reason="Removal confirmed")
    clock.now = START + dt.timedelta(days=3)
    service.close_incident(
        ctx,
        incident=ref,
        actor=CMD,
        override_reason="Tabletop review ends here",
        lessons="Keep the platforms' privacy report forms bookmarked; brief night staff.",
    )
    report = build_report(ctx, ref, tz=TZ, now=clock())
    db.dispose()
    return report


def _view(ctx: service.Context, ref: str):  # type: ignore[no-untyped-def]
    from bot.incidents.view import get_incident

    return get_incident(ctx, ref)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Rendered:
    errors: list[str] = field(default_factory=list)  # console errors and page errors
    svg_boxes: int = 0  # inline SVG charts with a visible size
    bars: int = 0  # phase bars in the timeline chart
    marks: int = 0  # step and statement marks on it
    overflow_px: int = 0  # how far the page is wider than an A4 print area
    title: str = ""


@contextmanager
def _page(executable: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1100, "height": 1400})
        finally:
            browser.close()


def render_in_chromium(html_path: Path, screenshot: Path, executable: str) -> Rendered:
    """Open the file in headless Chromium, collect script and console errors, measure
    the chart, and save a full-page screenshot and an A4 PDF print beside it."""
    result = Rendered()
    with _page(executable) as page:
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: result.errors.append(str(e)))  # type: ignore[attr-defined]
        page.goto(html_path.resolve().as_uri())  # type: ignore[attr-defined]
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        result.title = page.title()  # type: ignore[attr-defined]
        result.svg_boxes = page.evaluate(  # type: ignore[attr-defined]
            "() => [...document.querySelectorAll('svg')]"
            ".filter(s => s.getBoundingClientRect().width > 200).length"
        )
        result.bars = page.evaluate(  # type: ignore[attr-defined]
            "() => document.querySelectorAll('svg.timeline g.phases rect.bar').length"
        )
        result.marks = page.evaluate(  # type: ignore[attr-defined]
            "() => document.querySelectorAll('svg.timeline g.marks > g').length"
        )
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        page.set_viewport_size({"width": 718, "height": 1000})  # type: ignore[attr-defined]  # A4 less margins, 96 dpi
        result.overflow_px = page.evaluate(  # type: ignore[attr-defined]
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.emulate_media(media="screen")  # type: ignore[attr-defined]
        page.set_viewport_size({"width": 1100, "height": 1400})  # type: ignore[attr-defined]
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)  # type: ignore[attr-defined]
        page.pdf(path=str(screenshot.with_suffix(".pdf")), format="A4")  # type: ignore[attr-defined]
        page.pdf(path=str(screenshot.with_suffix(".letter.pdf")), format="Letter")  # type: ignore[attr-defined]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.report.screenshot", description=__doc__)
    parser.add_argument(
        "-o", "--output", default=str(PROJECT_ROOT / "build" / "screenshots" / "report.png")
    )
    args = parser.parse_args(argv)
    executable = chromium_path()
    if executable is None:
        print("error: no chromium on PATH (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="crisisbot-report-") as tmp:
        html_path = Path(tmp) / "report.html"
        html_path.write_text(sample_report_html(Path(tmp)), encoding="utf-8")
        out = Path(args.output)
        shown = render_in_chromium(html_path, out, executable)
        shutil.copy(html_path, out.with_suffix(".html"))
    print(f"wrote {out} (and {out.with_suffix('.pdf').name}, {out.with_suffix('.html').name})")
    for error in shown.errors:
        print(f"page error: {error}", file=sys.stderr)
    return 1 if shown.errors else 0


if __name__ == "__main__":
    sys.exit(main())
