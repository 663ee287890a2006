"""After an override nothing dead-ends: steps left open stay in the checklist, tickable
and skippable, Advance and Close check before they ask and list what is open in words
with the reason field in the same form, and a step that waits can still be skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import service
from bot.incidents.view import get_incident
from bot.slack import ids
from tests.slack.harness import Bot, find_button, running_bot

COMMANDER = "U0DANA"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def _open_form(bot: Bot, ref: str, action_id: str) -> dict[str, Any]:
    checklist = bot.checklist(ref)
    bot.click(action_id, find_button(checklist, action_id)["value"], COMMANDER, message=checklist)
    bot.settle()
    return bot.last_view(COMMANDER)


def test_after_overrides_every_earlier_open_step_stays_tickable_and_the_incident_closes_in_one_pass(
    bot: Bot,
) -> None:
    bot.command("start phi-leak Chart photo on a staff account", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()

    # Advance with everything open: the form lists the steps and asks for the reason.
    form = _open_form(bot, ref, ids.Action.PHASE_ADVANCE)
    shown = json.dumps(form["blocks"])
    assert "7 required steps still open" in shown and "Capture the post" in shown
    reply = bot.submit(form, COMMANDER, {"reason": {"value": "The post is spreading"}})
    assert reply.status == 200 and not reply.body
    bot.settle()

    # The contain steps stay in the checklist under their phase, each with its Done button.
    checklist = bot.checklist(ref)
    text = json.dumps(checklist.blocks)
    assert "Phase 2 of" in text and "Left open in Remove and contain" in text
    done = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
    bot.click(ids.Action.STEP_DONE, done["value"], COMMANDER, message=checklist)
    bot.settle()
    assert bot.ephemerals(COMMANDER) == []
    steps = {sv.step.id: sv.status for sv in get_incident(bot.runtime.ctx, ref).steps}
    assert steps["capture-evidence"] == "done"
    assert f"{ref}|capture-evidence" not in json.dumps(
        bot.checklist(ref).blocks
    )  # done: off the list

    # On to the last phase the same way.
    for _phase in ("assess", "notify"):
        form = _open_form(bot, ref, ids.Action.PHASE_ADVANCE)
        assert bot.submit(form, COMMANDER, {"reason": {"value": "Runs on"}}).status == 200
        bot.settle()
    assert "Phase 4 of 4" in json.dumps(bot.checklist(ref).blocks)

    # Close: the form counts every phase's open steps, names them, and closes in one pass.
    form = _open_form(bot, ref, ids.Action.CLOSE_OPEN)
    shown = json.dumps(form["blocks"])
    assert form["callback_id"] == ids.Form.CLOSE_INCIDENT
    assert "All required steps are finished" not in shown
    assert "still open" in shown and "Remove and contain" in shown
    assert any(b.get("block_id") == "reason" for b in form["blocks"])
    reply = bot.submit(form, COMMANDER, {"reason": {"value": "Handled outside the bot"}})
    assert reply.status == 200 and not reply.body, reply.body
    bot.settle()
    assert "is closed" in json.dumps(bot.checklist(ref).blocks)


def test_advance_with_nothing_open_asks_once_and_advances(bot: Bot) -> None:
    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    view = bot.runtime.ctx
    for sv in get_incident(view, ref).steps:
        if sv.step.phase == "contain":
            service.skip_step(
                view, incident=ref, step_id=sv.step.id, actor=COMMANDER, reason="drill"
            )
    bot.settle()
    form = _open_form(bot, ref, ids.Action.PHASE_ADVANCE)
    assert "Every required step of Remove and contain" in json.dumps(form["blocks"])
    assert not any(b.get("type") == "input" for b in form["blocks"])
    assert bot.submit(form, COMMANDER, {}).status == 200
    bot.settle()
    assert "Phase 2 of" in json.dumps(bot.checklist(ref).blocks)


def test_a_step_that_waits_can_be_skipped_with_a_reason(bot: Bot) -> None:
    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    form = _open_form(bot, ref, ids.Action.SKIP_OPEN)
    values = {
        "step": {"value": ("static_select", "trace-spread")},
        "reason": {"value": "Account deleted"},
    }
    reply = bot.submit(form, COMMANDER, values)
    assert reply.status == 200 and not reply.body, reply.body
    bot.settle()
    assert ":fast_forward: *" in json.dumps(bot.checklist(ref).blocks)


def test_a_refusal_can_be_dismissed_by_the_person_who_sees_it(bot: Bot) -> None:
    from bot.sandbox import requests as sr
    from bot.sandbox.fake_slack.server import CHANNEL_ID

    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    checklist = bot.checklist(ref)
    done = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
    bot.click(ids.Action.STEP_DONE, done["value"], "U0JO", message=checklist)
    bot.settle()
    [refusal] = bot.fake.ephemerals(user="U0JO")
    dismiss = next(e for b in refusal.blocks if b["type"] == "actions" for e in b["elements"])
    assert dismiss["text"]["text"] == "Dismiss"
    hook = bot.fake.response_url(
        "actions", "U0JO", CHANNEL_ID, message_ts=refusal.ts, ephemeral=True,
        thread_ts=refusal.thread_ts,
    )  # fmt: skip
    click = sr.block_actions(
        [sr.button_action(dismiss["action_id"], "b", dismiss["value"])],
        user_id="U0JO", message_ts=refusal.ts, response_url=hook, channel_id=CHANNEL_ID,
    )  # fmt: skip
    assert bot.sender.send(click).status == 200
    bot.settle()
    assert bot.fake.ephemerals(user="U0JO") == []


def test_closing_points_out_statements_still_waiting_for_approval(bot: Bot) -> None:
    from bot.statements import service as statements

    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    statements.draft_statement(
        bot.runtime.ctx,
        incident=ref,
        template_id="staff-reminder",
        variables={"policy_name": "Social Media Policy", "sender_title": "Privacy Officer"},
        actor=COMMANDER,
    )
    bot.settle()
    form = _open_form(bot, ref, ids.Action.CLOSE_OPEN)
    shown = json.dumps(form["blocks"])
    assert "1 statement(s) not approved yet" in shown
    assert "Staff reminder on patient information and social media" in shown


def test_role_fields_do_not_read_required_and_optional_at_once(bot: Bot) -> None:
    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    form = _open_form(bot, bot.newest_ref(), ids.Action.ROLES_OPEN)
    inputs = [b for b in form["blocks"] if b["type"] == "input"]
    assert inputs and all("(required)" not in b["label"]["text"] for b in inputs)
    privacy = next(b for b in inputs if b["block_id"] == "role|privacy")
    assert "needs someone in this role" in privacy["hint"]["text"]


def test_the_headers_log_head_follows_statements_and_notes(bot: Bot) -> None:
    from bot.statements import service as statements

    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    statements.draft_statement(
        bot.runtime.ctx, incident=ref, template_id="staff-reminder",
        variables={"policy_name": "Social Media Policy", "sender_title": "Privacy Officer"},
        actor=COMMANDER,
    )  # fmt: skip
    service.add_note(bot.runtime.ctx, incident=ref, text="Platform case opened", actor=COMMANDER)
    bot.settle()
    head = get_incident(bot.runtime.ctx, ref).head_seq
    assert f"Log head: entry {head} " in json.dumps(bot.root(ref).blocks)
