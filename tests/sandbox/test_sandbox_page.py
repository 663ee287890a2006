"""The sandbox page in a real browser (Debian's Chromium, driven by Playwright), and its JSON
endpoints without one. Every click in the page reaches the bot as a signed request; what the
page shows comes only from the fake Slack. With CI set, a missing Chromium fails the run."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest

from bot.sandbox.folder import DATABASE_FILE
from bot.sandbox.site import Sandbox
from bot.slack import ids
from tests.browser import act_as, opened_page, shot

pytestmark = pytest.mark.slow  # the sandbox, in Chromium and over HTTP

COMMANDER, COMMS, PRIVACY, LEGAL, NURSE = "U0ALEX", "U0DANA", "U0PRIYA", "U0LEE", "U0SAM"
OUTSIDER = "U0JO"  # a sample staff member with no role in the incident
START = "/crisis start viral-patient-video Video of our ER on TikTok"


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _call(url: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    try:
        with _OPENER.open(request, timeout=10) as answer:
            raw = answer.read()
            kind = answer.headers.get("Content-Type", "")
            return answer.status, json.loads(raw) if "json" in kind else raw.decode()
    except HTTPError as err:
        return err.code, json.loads(err.read())


# -- the JSON endpoints, without a browser ---------------------------------------------------


def test_the_json_endpoints_send_signed_requests_and_show_only_the_fakes_state(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    url = sandbox.url
    assert url.startswith("http://127.0.0.1:")
    assert (tmp_path / DATABASE_FILE).exists(), "the bot runs on its own sandbox database"
    status, page = _call(url)
    assert status == 200 and '<script type="module" src="/static/app.js">' in page
    for name in ("app.js", "blocks.js", "mrkdwn.js", "style.css"):
        assert _call(f"{url}static/{name}")[0] == 200
    assert _call(f"{url}static/../site.py")[0] == 404

    status, state = _call(f"{url}api/state?user={COMMANDER}")
    assert status == 200 and state["messages"] == [] and state["modal"] is None
    assert {COMMANDER, COMMS, PRIVACY, LEGAL, NURSE} <= {u["id"] for u in state["users"]}
    assert _call(f"{url}api/state?user=UNOBODY")[0] == 400

    assert _call(f"{url}api/command", {"user": COMMANDER, "text": START}) == (200, {"status": 200})
    sandbox.slack.settle()
    state = _call(f"{url}api/state?user={COMMANDER}")[1]
    root = state["messages"][0]
    assert "Video of our ER on TikTok" in root["blocks"][0]["text"]["text"]
    assert [e["text"] for e in state["ephemerals"]] == [
        "Starting a `viral-patient-video` incident…"
    ], "the answer inside the ack is shown to the person who typed the command"
    assert _call(f"{url}api/state?user={COMMS}")[1]["ephemerals"] == [], "and to nobody else"

    reply = {"user": COMMS, "text": "Called the platform's trust & safety line"}
    assert _call(f"{url}api/message", reply | {"thread_ts": root["ts"]})[0] == 200
    sandbox.slack.settle()
    thread = _call(f"{url}api/state?user={COMMS}&thread={root['ts']}")[1]["thread"]
    assert thread[-1]["text"] == reply["text"] and thread[-1]["user"] == COMMS

    assert _call(f"{url}api/command", {"user": LEGAL, "text": "/crisis start"})[0] == 200
    sandbox.slack.runtime.side.pool.wait_idle(15)
    modal = _call(f"{url}api/state?user={LEGAL}")[1]["modal"]
    assert modal["callback_id"] == ids.Form.START_INCIDENT
    submitted = {"user": LEGAL, "view_id": modal["id"], "values": {}}
    assert _call(f"{url}api/submit", submitted)[1]["response_action"] == "errors"
    shown = _call(f"{url}api/state?user={LEGAL}")[1]
    assert shown["modal"]["id"] == modal["id"] and "playbook" in shown["modal_errors"]
    assert _call(f"{url}api/close", {"user": LEGAL, "view_id": modal["id"]})[0] == 200
    assert _call(f"{url}api/state?user={LEGAL}")[1]["modal"] is None

    where = {"kind": "message", "ts": thread[1]["ts"]}
    clicked = {"user": COMMANDER, "where": where, "block_id": "nope", "action_id": "x"}
    assert _call(f"{url}api/action", clicked)[0] == 400
    assert _call(f"{url}api/submit", {"user": COMMANDER, "view_id": "V1"})[0] == 400
    assert _call(f"{url}api/command", {"user": COMMANDER})[0] == 400
    assert _call(f"{url}api/nothing", {})[0] == 404
    methods = {c.method for c in sandbox.slack.fake.calls}
    assert "chat.postMessage" in methods, "the bot spoke through the Web API"


# -- the page in Chromium --------------------------------------------------------------------


def test_an_incident_runs_in_the_page_through_the_real_bot(sandbox: Sandbox) -> None:
    from playwright.sync_api import expect

    with opened_page(sandbox.url) as (page, errors):
        act_as(page, COMMANDER)

        composer = page.locator("#composer textarea")
        composer.fill("/crisis start")
        composer.press("Enter")
        modal = page.locator("#modal")
        expect(page.locator("#modal-title")).to_have_text("Start an incident", timeout=10000)
        page.locator("#modal-submit").click()
        playbook = modal.locator('[data-block-id="playbook"]')
        expect(playbook.locator(".bk-error")).to_contain_text("required field")
        playbook.locator("select").select_option("viral-patient-video")
        expect(modal.locator(".bk-label", has_text="Privacy officer")).to_be_visible(
            timeout=10000
        )  # the choice went to the bot, which updated the view through views.update
        shot(page, "start-modal")
        page.locator("#modal-close").click()
        expect(modal).to_be_hidden(timeout=10000)

        composer.fill(START)
        composer.press("Enter")
        root = page.locator("#messages .message", has_text="Video of our ER on TikTok")
        expect(root.locator(".bk-header")).to_contain_text("INC-2026-0001", timeout=15000)
        expect(page.locator("#messages .message.ephemeral")).to_contain_text(
            "Starting a viral-patient-video incident"
        )
        shot(page, "channel")

        root.locator("button.replies").click()
        thread = page.locator("#thread")
        expect(thread.locator("button", has_text="Assign roles")).to_be_visible(timeout=15000)
        thread.locator("button", has_text="Assign roles").click()
        expect(modal).to_be_visible(timeout=10000)
        expect(page.locator("#modal-title")).to_have_text("Assign roles")
        for label, user in (
            ("Communications lead", COMMS),
            ("Privacy officer", PRIVACY),
            ("Legal counsel", LEGAL),
            ("Leader of the department involved", NURSE),
        ):
            field = modal.locator(".bk-field").filter(has=page.locator(".bk-label", has_text=label))
            field.locator("select").select_option(user)
        shot(page, "assign-roles")
        page.locator("#modal-submit").click()
        expect(modal).to_be_hidden(timeout=10000)
        expect(root).to_contain_text("Communications lead: @Dana Okafor", timeout=15000)

        act_as(page, COMMS)
        capture = thread.locator('[data-block-id="step|capture-evidence"]')
        expect(capture).to_contain_text("@Dana Okafor", timeout=10000)
        capture.locator("button", has_text="Done").click()
        expect(capture).to_contain_text("✅", timeout=15000)
        expect(root).to_contain_text("1/19 steps", timeout=15000)
        shot(page, "thread")

        act_as(page, OUTSIDER)
        brief = thread.locator('[data-block-id="step|brief-core-team"]')
        brief.locator("button", has_text="Done").click()
        refusal = thread.locator(".message.ephemeral")
        expect(refusal).to_contain_text("Only visible to you", timeout=15000)
        expect(refusal).to_contain_text("only Alex Rivera (Incident commander)")
        shot(page, "refused")
        refusal.locator("button", has_text="Dismiss").click()  # read, and taken away
        expect(thread.locator(".message.ephemeral")).to_have_count(0, timeout=10000)
        act_as(page, COMMS)
        expect(thread.locator(".message.ephemeral")).to_have_count(0, timeout=5000)
        expect(brief).not_to_contain_text("✅")

        # Advancing early: the form says what is open, by title and owner, before anything.
        act_as(page, COMMANDER)
        thread.locator("button", has_text="Advance to").click()
        modal = page.locator("#modal")
        expect(page.locator("#modal-title")).to_have_text("Advance the phase", timeout=10000)
        expect(modal).to_contain_text("required steps still open")
        expect(modal).to_contain_text("@Alex Rivera")
        expect(modal.locator(".bk-label", has_text="Reason to advance anyway")).to_be_visible()
        shot(page, "advance-form")
        page.locator("#modal-close").click()
        expect(modal).to_be_hidden(timeout=10000)
    assert errors == [], f"the page logged errors: {errors}"


_RENDER = """async () => {
  const m = await import('/static/mrkdwn.js');
  const b = await import('/static/blocks.js');
  const ctx = {names: {}, users: [], channel: {id: 'C', name: 'crisis-room'}, onAction() {}};
  const unknown = b.renderBlocks([{type: 'video', block_id: 'v'}], ctx).textContent;
  return [
    m.mrkdwn('*bold* _italic_ ~gone~ `x < y`'),
    m.mrkdwn('&lt;!channel&gt; &amp; co'),
    m.mrkdwn('<https://hospital.example|site> <@U0DANA>', {U0DANA: 'Dana Okafor'}),
    m.mrkdwn('> quoted\\nplain'),
    m.mrkdwn('```a *b*```'),
    unknown,
  ];
}"""


def test_mrkdwn_and_unknown_blocks_render_as_slack_shows_them(sandbox: Sandbox) -> None:
    with opened_page(sandbox.url) as (page, errors):
        styled, escaped, links, quote, code, unknown = page.evaluate(_RENDER)
    assert errors == []
    assert styled == "<b>bold</b> <i>italic</i> <s>gone</s> <code>x &lt; y</code>"
    assert escaped == "&lt;!channel&gt; &amp; co", "escaped text is shown as typed, no ping"
    assert 'href="https://hospital.example"' in links and ">site</a>" in links
    assert "@Dana Okafor" in links
    assert quote == "<blockquote>quoted</blockquote>plain"
    assert code == "<pre>a *b*</pre>"
    assert "video" in unknown, "an unknown block is a visible placeholder naming its type"
