"""The breach risk assessment and the lessons learned, from Slack: signed requests in, the
fake Web API out; nothing here calls the service layer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot

CMD, PRIV, COMMS = "U0CMD", "U0PRIV", "U0DANA"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        for user in (CMD, PRIV, COMMS):
            running.fake.add_user(user, user.lower(), user)
            running.fake.set_member(CHANNEL, user)
        yield running


def _leak(bot: Bot) -> str:
    ref = bot.start("phi-leak Staff post shows a chart", CMD)
    bot.assign_roles(ref, CMD, {"commander": CMD, "privacy": PRIV, "comms": COMMS})
    return ref


def _form(affected: str, state_max: str, breach: str) -> dict[str, Any]:
    return {
        "nature": {"value": "Diagnosis and first names on a whiteboard"},
        "recipient": {"value": "Public followers of a staff account"},
        "acquired": {"value": "About 300 views before removal"},
        "mitigation": {"value": "Removed in 3 hours; deletion attested"},
        "affected": {"value": ("number_input", affected)},
        "state_residents_max": {"value": ("number_input", state_max)},
        "breach": {"value": ("radio_buttons", breach)},
        "reason": {"value": "Identifiers were public; not a low probability"},
    }


def test_the_privacy_officer_records_the_assessment_and_the_deadlines_follow(bot: Bot) -> None:
    ref = _leak(bot)
    assert bot.click(ids.Action.ASSESS_OPEN, ref, PRIV, message=bot.checklist(ref)).status == 200
    view = bot.last_view(PRIV)
    assert view["callback_id"] == ids.Form.RISK_ASSESSMENT

    bad = bot.submit(view, PRIV, _form("12", "40", "yes"))
    errors = json.loads(bad.body)["errors"]
    assert "one state" in errors["state_residents_max"]
    not_a_number = bot.submit(view, PRIV, _form("twelve", "1", "yes"))
    assert "whole number" in json.loads(not_a_number.body)["errors"]["affected"]

    assert bot.submit(view, PRIV, _form("800", "600", "yes")).status == 200
    bot.settle()
    deadlines = {
        d.deadline.id: d.status for d in incident_view.get_incident(bot.runtime.ctx, ref).deadlines
    }
    assert deadlines == {
        "notify-individuals": "open",
        "notify-hhs-500": "open",
        "notify-media": "open",
        "report-hhs-annual": "not-required",
    }
    said = " ".join(m.text for m in bot.thread(ref))
    assert "Breach risk assessment: breach (notify); 800 affected" in said

    # The form opens again with what was recorded, and the communications lead may not use it.
    bot.click(ids.Action.ASSESS_OPEN, ref, PRIV, message=bot.checklist(ref))
    again = bot.last_view(PRIV)
    affected = next(b for b in again["blocks"] if b.get("block_id") == "affected")
    assert affected["element"]["initial_value"] == "800"
    bot.click(ids.Action.ASSESS_OPEN, ref, COMMS, message=bot.checklist(ref))
    refused = bot.submit(bot.last_view(COMMS), COMMS, _form("1", "1", "no"))
    assert "only" in json.dumps(json.loads(refused.body)["errors"])


def test_the_close_form_asks_for_lessons_learned(bot: Bot) -> None:
    ref = _leak(bot)
    bot.click(ids.Action.CLOSE_OPEN, ref, CMD, message=bot.checklist(ref))
    view = bot.last_view(CMD)
    assert any(b.get("block_id") == "lessons" for b in view["blocks"])
    values = {
        "reason": {"value": "Tabletop exercise ends here"},
        "lessons": {"value": "Keep the platform report links in the playbook."},
    }
    assert bot.submit(view, CMD, values).status == 200
    bot.settle()
    closed = next(e for e in incident_view.log_entries(bot.runtime.ctx, ref) if e.kind == "closed")
    assert closed.data["lessons"] == "Keep the platform report links in the playbook."
