"""A whole incident run in the sandbox page, in Chromium, started as the README says
(`crisisbot run`, no Slack tokens): the incident started from the form, every role
assigned, steps ticked (one refused), a reply and a reaction in the thread, a statement
refused by the privacy check then fixed, approved by two people and published, a note, a
skip, phases advanced, closed, and the report opened. Then the other two playbooks' forms,
and a check that every kind of control the bot drew in the page for the three playbooks
was used at least once."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from tests.browser import SHOTS, act_as, opened_page, shot
from tests.crisisbot_process import crisisbot_command, no_slack_env
from tests.sandbox.test_sandbox_page import COMMANDER, COMMS, LEGAL, NURSE, PRIVACY

BYSTANDER = "U0JO"
INTERACTIVE = {
    "button", "static_select", "multi_static_select", "users_select", "multi_users_select",
    "conversations_select", "channels_select", "overflow", "checkboxes", "radio_buttons",
    "datepicker", "timepicker", "datetimepicker", "plain_text_input", "number_input",
    "email_text_input", "url_text_input",
}  # fmt: skip


def _kinds_the_bot_renders() -> set[str]:
    """Every kind of interactive element named in the bot's Block Kit code."""
    code = "\n".join(p.read_text() for p in (PROJECT_ROOT / "bot" / "render").glob("*.py"))
    return set(re.findall(r'"type": "([a-z_]+)"', code)) & INTERACTIVE


@dataclass
class Served:
    """`crisisbot run` in a folder of its own, and the address it printed."""

    url: str
    folder: Path
    process: subprocess.Popen[str]

    def log(self, ref: str, *args: str) -> subprocess.CompletedProcess[str]:
        """`crisisbot log ...` on the sandbox's database, as a person would look at it."""
        env = no_slack_env() | {"DATABASE_URL": f"sqlite:///{self.folder}/crisisbot-sandbox.db"}
        return subprocess.run(
            [*crisisbot_command(), "log", *args, ref],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    process = subprocess.Popen(
        [*crisisbot_command(), "run", "--reset", "--port", "0"],  # the README's command, any port
        cwd=tmp_path, env=no_slack_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    assert process.stdout is not None
    printed: list[str] = []
    deadline = time.monotonic() + 90
    while not (printed and printed[-1].startswith("Open http://")):
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            process.kill()
            pytest.fail("crisisbot run printed no address:\n" + "".join(printed))
        printed.append(line)
    try:
        yield Served(printed[-1].split()[1], tmp_path, process)
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            rest = process.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            rest = process.communicate()[0]
    output = "".join(printed) + rest
    assert process.returncode == 0, output
    assert "Traceback" not in output and " ERROR " not in output, output


# Records, in the page, every kind of control drawn (what the bot sent, as the page shows
# it), every kind the person used, and anything the page could not draw.
_OBSERVE = """
window.__drawn = new Set(); window.__used = new Set(); window.__unknown = [];
const note = () => {
  for (const node of document.querySelectorAll('[data-kind]')) window.__drawn.add(node.dataset.kind);
  for (const node of document.querySelectorAll('.bk-unknown')) window.__unknown.push(node.textContent);
};
new MutationObserver(note).observe(document, {childList: true, subtree: true});
for (const kind of ['click', 'change', 'input']) {
  document.addEventListener(kind, (event) => {
    const control = event.target.closest && event.target.closest('[data-kind]');
    if (control) window.__used.add(control.dataset.kind);
  }, true);
}
"""


@pytest.fixture
def page(served: Served) -> Iterator[Any]:
    with opened_page(served.url, init_script=_OBSERVE) as (opened, errors):
        yield opened
    assert errors == [], f"the page logged errors: {errors}"


# -- the person's moves ----------------------------------------------------------------------


def _modal_titled(page: Any, title: str) -> Any:
    from playwright.sync_api import expect

    expect(page.locator("#modal-title")).to_have_text(title, timeout=15000)
    return page.locator("#modal")


def _field(page: Any, label: str) -> Any:
    return page.locator("#modal .bk-field").filter(has=page.locator(".bk-label", has_text=label))


def _submit(page: Any) -> None:
    from playwright.sync_api import expect

    page.locator("#modal-submit").click()
    expect(page.locator("#modal")).to_be_hidden(timeout=15000)


def _command(page: Any, text: str) -> None:
    box = page.locator("#composer textarea")
    box.fill(text)
    box.press("Enter")


def _start(page: Any, playbook: str, title: str, roles: dict[str, str]) -> Any:
    """Start an incident from the form, assigning `roles` (label -> user) there; returns
    the header message."""
    from playwright.sync_api import expect

    _command(page, "/crisis start")
    _modal_titled(page, "Start an incident")
    _field(page, "Playbook").locator("select").select_option(playbook)
    for label, user in roles.items():
        expect(_field(page, label)).to_be_visible(timeout=15000)
        _field(page, label).locator("select").select_option(user)
    _field(page, "Title").locator("input").fill(title)
    _field(page, "Severity").locator("select").select_option("high")
    _field(page, "Short description").locator("textarea").fill("Seen by the social team at 09:10")
    _submit(page)
    root = page.locator("#messages .message", has_text=title)
    expect(root.locator(".bk-header")).to_be_visible(timeout=20000)
    return root


def _open_thread(page: Any, root: Any) -> Any:
    from playwright.sync_api import expect

    root.locator("button.replies").click()
    thread = page.locator("#thread")
    expect(thread.locator("button", has_text="Assign roles")).to_be_visible(timeout=20000)
    return thread


def _controls(thread: Any) -> Any:
    return thread.locator('[data-block-id="incident_controls"]').last


def _advance_with_override(page: Any, thread: Any, reason: str) -> None:
    """Advance while required steps are open: the form lists them before anything happens
    and asks the commander for the override reason in the same form."""
    _controls(thread).locator("button", has_text="Advance to").click()
    modal = _modal_titled(page, "Advance the phase")
    from playwright.sync_api import expect

    expect(modal).to_contain_text("still open")
    _field(page, "Reason to advance anyway").locator("textarea").fill(reason)
    _submit(page)


# -- the whole flow --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_whole_incident_in_the_page_and_every_control_kind(served: Served, page: Any) -> None:
    from playwright.sync_api import expect

    act_as(page, COMMANDER)
    title = "Video of our ER waiting room on TikTok"
    root = _start(page, "viral-patient-video", title, {"Communications lead": COMMS})
    expect(root.locator(".bk-header")).to_contain_text("INC-2026-0001")
    expect(root).to_contain_text("Communications lead: @Dana Okafor", timeout=15000)
    shot(page, "started")

    thread = _open_thread(page, root)
    _controls(thread).locator("button", has_text="Assign roles").click()
    _modal_titled(page, "Assign roles")
    holders = {
        "Privacy officer": PRIVACY,
        "Legal counsel": LEGAL,
        "Leader of the department involved": NURSE,
        "Security": BYSTANDER,
        "Patient relations": NURSE,
        "Human resources": LEGAL,
    }
    fields = page.locator("#modal .bk-field")
    expect(fields).to_have_count(8)  # every role of the playbook, commander included
    for label, user in holders.items():
        _field(page, label).locator("select").select_option(user)
    _submit(page)
    for text in ("Privacy officer: @Priya Shah", "Security: @Jo Kim", "Legal counsel: @Lee Morgan"):
        expect(root).to_contain_text(text, timeout=15000)

    # Ticks: one by the step's owner, one refused (shown to that person only).
    act_as(page, COMMS)
    capture = thread.locator('[data-block-id="step|capture-evidence"]')
    capture.locator("button", has_text="Done").click()
    expect(capture).to_contain_text("✅", timeout=15000)
    act_as(page, BYSTANDER)
    brief = thread.locator('[data-block-id="step|brief-core-team"]')
    brief.locator("button", has_text="Done").click()
    refusal = thread.locator(".message.ephemeral")
    expect(refusal).to_contain_text("only Alex Rivera (Incident commander)", timeout=15000)
    act_as(page, COMMANDER)
    expect(thread.locator(".message.ephemeral")).to_have_count(0, timeout=5000)
    brief.locator("button", has_text="Done").click()
    expect(brief).to_contain_text("✅", timeout=15000)

    # A reply in the thread and a reaction on it: both go into the record.
    act_as(page, COMMS)
    reply_text = "Called the platform's trust & safety line; report id TS-4471"
    box = page.locator("#thread-composer textarea")
    box.fill(reply_text)
    box.press("Enter")
    reply = thread.locator(".message", has_text=reply_text)
    expect(reply).to_be_visible(timeout=15000)
    reply.locator("select.add-reaction").select_option("eyes")
    expect(reply.locator(".reaction.mine")).to_contain_text("1", timeout=15000)

    # A holding statement: refused for a patient's name, fixed, approved by two, published.
    _controls(thread).locator("button", has_text="Draft statement").click()
    _modal_titled(page, "Draft statement")
    _field(page, "Template").locator("select").select_option("initial-holding")
    expect(_field(page, "Media")).to_be_visible(timeout=15000)
    _field(page, "Media").locator("input").fill("video of Mr. Alvarez")
    _field(page, "Platform").locator("input").fill("TikTok")
    page.locator("#modal button", has_text="Check and preview").click()
    expect(page.locator("#modal")).to_contain_text("Looks like patient information", timeout=15000)
    expect(_field(page, "Media").locator("input")).to_have_value("video of Mr. Alvarez")
    shot(page, "statement-refused")
    page.locator("#modal-submit").click()
    expect(_field(page, "Media").locator(".bk-error")).to_contain_text("name", timeout=15000)
    _field(page, "Media").locator("input").fill("video")
    _submit(page)
    card = thread.locator('[data-block-id="statement|1"]')
    expect(card).to_be_visible(timeout=15000)
    card.locator("button", has_text="Approve").click()
    expect(thread).to_contain_text("approved by @Dana Okafor", timeout=15000)
    act_as(page, PRIVACY)
    card.locator("button", has_text="Approve").click()
    expect(thread).to_contain_text("approved by @Priya Shah", timeout=15000)
    act_as(page, COMMS)
    card.locator("button", has_text="Mark as published").click()
    _modal_titled(page, "Mark as published")
    _field(page, "Where was it published?").locator("input").fill("TikTok")
    _field(page, "Link to the post").locator("input").fill("https://www.tiktok.com/@riverside")
    # The picker has minutes: "now" in the browser's time zone (the machine's, as here).
    _field(page, "When").locator("input").fill(dt.datetime.now().strftime("%Y-%m-%dT%H:%M"))
    _submit(page)
    expect(thread).to_contain_text("Published on", timeout=15000)
    shot(page, "statement-published")

    # A note and a skip, each from its form.
    _controls(thread).locator("button", has_text="Add note").click()
    _modal_titled(page, "Add a note")
    page.locator("#modal textarea").first.fill("Platform confirmed the report is in review")
    _submit(page)
    # A note naming a patient: warned in the form, kept on the second submission.
    _controls(thread).locator("button", has_text="Add note").click()
    _modal_titled(page, "Add a note")
    page.locator("#modal textarea").first.fill("Called Rosa Delacroix's daughter back")
    page.locator("#modal-submit").click()
    warning = page.locator("#modal .bk-error")
    expect(warning).to_contain_text("This may identify a patient", timeout=15000)
    expect(warning).to_contain_text("Rosa Delacroix")
    shot(page, "note-privacy-warning")
    _submit(page)
    expect(thread).to_contain_text("kept after a privacy warning: name", timeout=15000)
    act_as(page, COMMANDER)
    _controls(thread).locator("button", has_text="Skip a step").click()
    _modal_titled(page, "Skip a step")
    _field(page, "Step").locator("select").select_option(index=1)
    _field(page, "Why is it skipped?").locator("textarea").fill("Tabletop: not applicable")
    _submit(page)

    # Through every phase (with an override, as steps are left open), then closed.
    for phase in range(4):
        _advance_with_override(page, thread, f"Tabletop: moving on ({phase + 1})")
        expect(thread).to_contain_text(f"Phase {phase + 2} of 5", timeout=15000)
    _controls(thread).locator("button", has_text="Close incident").click()
    _modal_titled(page, "Close the incident")
    override_reason = _field(page, "Reason to close anyway").locator("textarea")
    if override_reason.count():  # steps of the last phase are still open
        override_reason.fill("Tabletop: closing with the last phase open")
    _field(page, "Lessons learned").locator("textarea").fill(
        "Approve the first holding statement sooner"
    )
    _submit(page)
    expect(root).to_contain_text("StatusClosed", timeout=20000)
    report_file = thread.locator("a.file")
    expect(report_file).to_be_visible(timeout=30000)
    shot(page, "closed")
    with page.context.expect_page() as opened:
        report_file.click()
    report = opened.value
    report.wait_for_load_state()
    assert "INC-2026-0001" in report.title()
    assert report.locator("svg").count() >= 1, "the report's timeline is drawn"
    assert "Approve the first holding statement sooner" in report.content()
    report.screenshot(path=str(SHOTS / "sandbox-report.png"))
    report.close()

    shown = served.log("INC-2026-0001", "show", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    kinds = {json.loads(line)["kind"] for line in shown.stdout.splitlines()}  # JSON lines
    assert {"message", "reaction_added", "statement_published", "closed"} <= kinds, kinds
    verified = served.log("INC-2026-0001", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout

    # The other two playbooks: their forms, including the breach assessment and an
    # override of a privacy finding by the privacy officer.
    act_as(page, COMMANDER)
    page.locator("#thread-close").click()
    leak = _start(page, "phi-leak", "Staff post shows a patient list", {"Privacy officer": PRIVACY})
    thread = _open_thread(page, leak)
    act_as(page, PRIVACY)
    _controls(thread).locator("button", has_text="Breach assessment").click()
    _modal_titled(page, "Breach assessment")
    for textarea in page.locator("#modal textarea").all():
        textarea.fill("Names and room numbers of 12 patients; removed within 20 minutes")
    _field(page, "People whose information").locator("input").fill("12")
    _field(page, "Most residents").locator("input").fill("12")
    _field(page, "Determination").locator("label", has_text="Breach: notify").click()
    _submit(page)
    expect(thread).to_contain_text("Breach", timeout=15000)

    _controls(thread).locator("button", has_text="Draft statement").click()
    _modal_titled(page, "Draft statement")
    _field(page, "Template").locator("select").select_option("staff-reminder")
    expect(page.locator("#modal input, #modal textarea").first).to_be_visible(timeout=15000)
    for box in page.locator("#modal .bk-field input.bk-input, #modal .bk-field textarea").all():
        box.fill("Dr. Okafor's team")
    page.locator("#modal button", has_text="Check and preview").click()
    override = _field(page, "Override findings")
    expect(override).to_be_visible(timeout=15000)
    for box in override.locator("input[type=checkbox]").all():
        box.check()
    _field(page, "Why is it safe").locator("textarea").fill("Dr. Okafor is staff, not a patient")
    shot(page, "privacy-override")
    _submit(page)
    statement = thread.locator(".message", has=page.locator('[data-block-id="statement|1"]'))
    expect(statement).to_contain_text("Privacy finding overridden by @Priya Shah", timeout=15000)

    act_as(page, COMMANDER)
    page.locator("#thread-close").click()
    storm = _start(page, "er-complaint-storm", "Complaints about ER wait times", {})
    _open_thread(page, storm)
    page.locator("#tab-home").click()
    home = page.locator("#home")
    for ref in ("INC-2026-0002", "INC-2026-0003"):
        expect(home).to_contain_text(ref, timeout=15000)
    expect(home).not_to_contain_text("INC-2026-0001")  # closed: no longer open
    shot(page, "home")

    drawn, used = (set(page.evaluate(f"[...window.{name}]")) for name in ("__drawn", "__used"))
    expected = _kinds_the_bot_renders()
    assert len(expected) >= 8 and not expected - drawn, f"never drawn: {expected - drawn}"
    assert not drawn - used, f"controls the bot drew that were never used: {drawn - used}"
    assert page.evaluate("window.__unknown") == [], "everything the bot sent was drawn"


def test_the_readme_tries_it_with_the_run_command_and_shows_real_screenshots() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    run = readme.split("<!-- run-command -->")[1].split("<!-- /run-command -->")[0].strip()
    section = readme.split("## Try it in 1 minute")[1].split("\n## ")[0]
    assert run in section, "the section uses the README's run command"
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", section)
    assert images, "a screenshot of the page"
    for image in images:
        data = (PROJECT_ROOT / image).read_bytes()
        assert data.startswith(b"\x89PNG"), image


def _no_user_ids(text: str) -> None:
    ids_shown = re.findall(r"\bU0[A-Z0-9]{2,}\b", text)
    assert not ids_shown, f"people shown by id, not by name: {sorted(set(ids_shown))}"


@pytest.mark.slow
def test_a_phi_leak_overridden_then_finished_and_closed_in_one_pass(
    served: Served, page: Any
) -> None:
    """The commander moves on before the first phase is finished; every step left open is
    still there with its Done button and is ticked later; the close form lists what is
    still open with the reason field, and one submission closes it. Everyone is named."""
    from playwright.sync_api import expect

    # A first visit says what to do, not an empty channel.
    hint = page.locator("#messages .start-hint")
    expect(hint).to_contain_text("No incident yet. Type /crisis start below", timeout=15000)
    act_as(page, COMMANDER)
    title = "Staff post shows a patient whiteboard"
    root = _start(
        page,
        "phi-leak",
        title,
        {"Privacy officer": PRIVACY, "Communications lead": COMMS, "Legal counsel": LEGAL},
    )
    thread = _open_thread(page, root)

    # The privacy officer sets the discovery time: its step ticks itself.
    act_as(page, PRIVACY)
    _controls(thread).locator("button", has_text="Discovery time").click()
    _modal_titled(page, "Discovery time")
    yesterday = dt.datetime.now() - dt.timedelta(days=1)
    _field(page, "Discovered at").locator("input").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    _submit(page)
    discovery = thread.locator('[data-block-id="step|record-discovery"]')
    expect(discovery).to_contain_text("done by @Priya Shah", timeout=15000)
    expect(root).to_contain_text("59 days left", timeout=15000)

    act_as(page, COMMS)
    capture = thread.locator('[data-block-id="step|capture-evidence"]')
    capture.locator("button", has_text="Done").click()
    expect(capture).to_contain_text("✅", timeout=15000)

    # The commander moves on with five steps of the first phase still open.
    act_as(page, COMMANDER)
    _advance_with_override(page, thread, "Containment continues while we assess")
    expect(thread).to_contain_text("Phase 2 of 4", timeout=15000)
    left = ("request-deletion", "report-to-platform", "trace-spread", "review-access",
            "preserve-evidence")  # fmt: skip
    expect(thread).to_contain_text("Left open in Remove and contain", timeout=15000)
    shot(page, "phi-leak-left-open")
    _no_user_ids(thread.inner_text() + root.inner_text())

    # Each is still there with its Done button, and is ticked from the thread.
    for step in left:
        block = thread.locator(f'[data-block-id="step|{step}"]').last
        expect(block.locator("button", has_text="Done")).to_be_visible(timeout=15000)
        block.locator("button", has_text="Done").click()
        expect(thread.locator(f'[data-block-id="step|{step}"]')).to_have_count(0, timeout=15000)
    expect(thread).not_to_contain_text("Left open in Remove and contain", timeout=15000)

    # The two middle phases are overridden too, then the close form says what is open
    # and takes the reason and the lessons in one pass.
    for phase in (2, 3):
        _advance_with_override(page, thread, f"Tabletop: moving on from phase {phase}")
        expect(thread).to_contain_text(f"Phase {phase + 1} of 4", timeout=15000)
    _controls(thread).locator("button", has_text="Close incident").click()
    modal = _modal_titled(page, "Close the incident")
    expect(modal).to_contain_text("still open")
    expect(modal).to_contain_text("Alex Rivera")  # owners by name
    _no_user_ids(modal.inner_text())
    shot(page, "phi-leak-close-form")
    _field(page, "Reason to close anyway").locator("textarea").fill(
        "Tabletop: notifications are tracked by the privacy office"
    )
    _field(page, "Lessons learned").locator("textarea").fill(
        "Set the discovery time in the first half hour"
    )
    _submit(page)
    expect(root).to_contain_text("StatusClosed", timeout=20000)
    # A PHI leak is confidential: its report goes to the commander and the privacy officer
    # directly, and the thread says so; no file is shared in the channel.
    expect(thread).to_contain_text("its report was sent directly to", timeout=30000)
    expect(thread).to_contain_text("Priya Shah (Privacy officer)")
    expect(thread.locator("a.file")).to_have_count(0)
    # Notifications are still owed after close: by date, not a count of days nobody redraws.
    expect(root).to_contain_text("Notify affected individuals: due", timeout=15000)
    expect(root).to_contain_text("still owed")
    expect(root).not_to_contain_text("days left")
    shot(page, "phi-leak-closed")
    _no_user_ids(thread.inner_text() + root.inner_text())
    ref = root.inner_text().split("·")[0].split()[-1].strip()
    assert ref.startswith("INC-"), ref

    # The commander finds it in crisisbot's Messages tab, and only they (and the privacy
    # officer) can open it; the communications lead has nothing there.
    page.locator("#tab-direct").click()
    direct = page.locator("#direct")
    expect(direct).to_contain_text("Post-incident report", timeout=15000)
    sent = direct.locator("a.file")
    expect(sent).to_have_count(1, timeout=15000)
    expect(sent).to_contain_text(f"{ref} post-incident report (confidential)")
    shot(page, "phi-leak-report-direct")
    href = sent.get_attribute("href")
    assert href is not None
    opened = page.request.get(served.url.rstrip("/") + href)
    assert opened.status == 200 and ref in opened.text()
    act_as(page, PRIVACY)
    expect(direct.locator("a.file")).to_have_count(1, timeout=15000)
    act_as(page, COMMS)
    expect(direct).to_contain_text("No direct messages from crisisbot yet", timeout=15000)
    someone_elses = page.request.get(served.url.rstrip("/") + href.replace(COMMANDER, COMMS))
    assert someone_elses.status == 404, someone_elses.text()
    page.locator("#tab-channel").click()
    act_as(page, COMMANDER)

    # The report as they receive it, built here from the command line too.
    html = served.folder / "report.html"
    env = no_slack_env() | {"DATABASE_URL": f"sqlite:///{served.folder}/crisisbot-sandbox.db"}
    built = subprocess.run(
        [*crisisbot_command(), "report", ref, "--format", "html", "-o", str(html)],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    report = page.context.new_page()
    report.goto(html.as_uri())
    report.wait_for_load_state()
    text = report.inner_text("body")
    assert "Alex Rivera (Incident commander" in text and "Priya Shah (Privacy officer" in text
    assert "All times are" in text  # the zone is named at the top
    assert "✓" in text and "Set the discovery time in the first half hour" in text
    _no_user_ids(text)
    report.screenshot(path=str(SHOTS / "sandbox-phi-leak-report.png"))  # the top, as opened
    report.screenshot(path=str(SHOTS / "sandbox-phi-leak-report-full.png"), full_page=True)
    steps = report.locator("section", has=report.locator("h2", has_text="Steps")).first
    steps.screenshot(path=str(SHOTS / "sandbox-phi-leak-report-steps.png"))
    report.close()


@pytest.mark.slow
def test_at_600_times_speed_a_reminder_arrives_and_on_it_holds_it(
    served: Served, page: Any
) -> None:
    """The page's speed control: at ×600 the step due in 15 minutes is late within a few
    seconds, and its owner is reminded by name with the controls to act."""
    from playwright.sync_api import expect

    act_as(page, COMMANDER)
    root = _start(page, "viral-patient-video", "Video of our lobby", {"Communications lead": COMMS})
    thread = _open_thread(page, root)
    page.locator("#speed").select_option("600")
    expect(page.locator("#clock-now")).not_to_be_empty(timeout=10000)
    reminder = thread.locator(".message", has_text="overdue").filter(has_text="Dana Okafor").first
    expect(reminder).to_contain_text("Capture the post before it is deleted", timeout=30000)
    page.locator("#speed").select_option("1")  # back to real time before acting
    act_as(page, COMMS)
    reminder.locator("button", has_text="On it").click()
    expect(thread).to_contain_text("🙋 @Dana Okafor is on Capture the post", timeout=15000)
    shot(page, "reminder")
    _no_user_ids(reminder.inner_text())
