"""Statements from Slack: drafted in a modal, refused by the privacy check, fixed, reviewed
by the right people (and refused for others), published. Signed requests in, the fake
Web API out; nothing here calls the service layer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.slack import ids
from tests.slack.harness import CHANNEL, HOSPITAL, Bot, running_bot

CMD, COMMS, PRIV, LEGAL = "U0CMD", "U0DANA", "U0PRIV", "U0LEE"
PHI = "We have spoken with Mr. Alvarez and his daughter about the video."
CLEAN = "We have asked the platform to remove it and reminded our teams of the policy."


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url, **HOSPITAL) as running:
        for user, name in ((CMD, "cmd"), (COMMS, "comms"), (PRIV, "privacy"), (LEGAL, "legal")):
            running.fake.add_user(user, name, name.title())
            running.fake.set_member(CHANNEL, user)
        yield running


def _incident(bot: Bot) -> str:
    ref = bot.start("viral-patient-video Video of our ER on TikTok", CMD)
    bot.assign_roles(ref, CMD, {"commander": CMD, "comms": COMMS, "privacy": PRIV, "legal": LEGAL})
    return ref


def _control(message: Any, action_id: str) -> dict[str, Any]:
    for block in message.blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} in {json.dumps(message.blocks)[:400]}")


def _open_draft(bot: Bot, ref: str, user: str, template: str = "update") -> dict[str, Any]:
    assert bot.click(ids.Action.STATEMENT_OPEN, ref, user, message=bot.checklist(ref)).status == 200
    view = bot.last_view(user)
    assert view["callback_id"] == ids.Form.DRAFT_STATEMENT
    assert view.get("submit"), "Slack refuses a form with inputs and no submit button"
    chosen = sr.static_select_action("value", "template", template)
    assert bot.select(chosen, user, view=view).status == 200
    view = bot.last_view(user)
    assert any(b.get("block_id") == "var|action_summary" for b in view["blocks"])
    return view


def _values(summary: str) -> dict[str, Any]:
    return {
        "template": {"value": ("static_select", "update")},
        "var|media": {"value": "video"},
        "var|platform": {"value": "TikTok"},
        "var|action_summary": {"value": summary},
    }


def _errors(reply: sr.Reply) -> dict[str, str]:
    body = json.loads(reply.body)
    assert body["response_action"] == "errors", body
    return dict(body["errors"])


def test_a_statement_is_drafted_refused_fixed_approved_and_published(bot: Bot) -> None:
    ref = _incident(bot)
    view = _open_draft(bot, ref, COMMS)

    # A patient's name is refused next to the field it is in; nothing is posted.
    errors = _errors(bot.submit(view, COMMS, _values(PHI)))
    assert "Looks like patient information" in errors["var|action_summary"]
    assert "only the privacy officer can override" in errors["var|action_summary"]
    bot.settle()
    assert not any("statement:" in json.dumps(m.metadata or {}) for m in bot.thread(ref))

    # Fixed, it goes to the thread awaiting approval.
    reply = bot.submit(view, COMMS, _values(CLEAN))
    assert reply.status == 200 and not reply.body.strip(), reply.body
    bot.settle()
    card = bot.card(ref)
    assert "Awaiting approval" in json.dumps(card.blocks) and "v1" in json.dumps(card.blocks)
    assert CLEAN in json.dumps(card.blocks)

    # Legal holds no approver role: refused, told privately, nothing recorded.
    approve = _control(card, ids.Action.STATEMENT_APPROVE)
    bot.click(ids.Action.STATEMENT_APPROVE, approve["value"], LEGAL, message=card)
    bot.settle()
    said = " ".join(bot.ephemerals(LEGAL))
    assert re.search(r"only .+ \(Communications lead\) or .+ \(Privacy officer\) can approve", said)
    bot.click(ids.Action.STATEMENT_APPROVE, approve["value"], COMMS, message=card)
    bot.settle()
    card = bot.card(ref)
    assert "approved by <@U0DANA>" in json.dumps(card.blocks)
    assert "Still needs: Privacy officer" in json.dumps(card.blocks)

    # The privacy officer asks for changes; the author edits: v2, approvals reset.
    changes = _control(card, ids.Action.STATEMENT_CHANGES_OPEN)
    bot.click(ids.Action.STATEMENT_CHANGES_OPEN, changes["value"], PRIV, message=card)
    form = bot.last_view(PRIV)
    assert (
        bot.submit(form, PRIV, {"comment": {"value": "Leave out the policy part."}}).status == 200
    )
    bot.settle()
    card = bot.card(ref)
    assert "Changes requested" in json.dumps(card.blocks)
    assert "Leave out the policy part." in json.dumps(card.blocks)
    bot.click(
        ids.Action.STATEMENT_EDIT,
        _control(card, ids.Action.STATEMENT_EDIT)["value"],
        COMMS,
        message=card,
    )
    edit = bot.last_view(COMMS)
    assert "Edit statement" in json.dumps(edit["title"])
    values = _values("We have asked the platform to remove it.")
    del values["template"]
    assert bot.submit(edit, COMMS, values).status == 200
    bot.settle()
    card = bot.card(ref)
    assert "v2" in json.dumps(card.blocks) and "approved by" not in json.dumps(card.blocks)

    for user in (COMMS, PRIV):
        approve = _control(card, ids.Action.STATEMENT_APPROVE)
        bot.click(ids.Action.STATEMENT_APPROVE, approve["value"], user, message=card)
        bot.settle()
        card = bot.card(ref)
    assert "ready to copy" in json.dumps(card.blocks) and "```" in json.dumps(card.blocks)

    publish = _control(card, ids.Action.STATEMENT_PUBLISH_OPEN)
    bot.click(ids.Action.STATEMENT_PUBLISH_OPEN, publish["value"], COMMS, message=card)
    form = bot.last_view(COMMS)
    assert form["callback_id"] == ids.Form.STATEMENT_PUBLISH
    bad = bot.submit(form, COMMS, {"platform": {"value": "X"}, "url": {"value": "not a link"}})
    assert "web address" in _errors(bad)["url"]
    good = {"platform": {"value": "X"}, "url": {"value": "https://x.com/riverside/status/1"}}
    assert bot.submit(form, COMMS, good).status == 200
    bot.settle()
    card = bot.card(ref)
    assert "Published on <https://x.com/riverside/status/1|X>" in json.dumps(card.blocks)

    kinds = [e.kind for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert kinds.count("statement_screened") == 1
    assert kinds.count("statement_drafted") == 2
    assert kinds.count("statement_changes_requested") == 1
    assert kinds.count("statement_approved") == 3
    assert kinds.count("statement_published") == 1
    assert incident_view.verify_log(bot.runtime.ctx, ref).ok


def test_the_privacy_officer_overrides_a_finding_with_a_reason(bot: Bot) -> None:
    ref = _incident(bot)
    view = _open_draft(bot, ref, PRIV)
    preview = sr.button_action(ids.Action.STATEMENT_PREVIEW, ids.Block.PREVIEW_CONTROLS, ref)
    request = sr.block_actions(
        [preview],
        user_id=PRIV,
        view=view,
        state=_values(PHI),
        trigger_id=bot.fake.new_trigger_id(PRIV),
    )
    assert bot.sender.send(request).status == 200
    view = bot.last_view(PRIV)
    shown = json.dumps(view["blocks"])
    assert "Looks like patient information" in shown and "Alvarez" in shown
    override = next(b for b in view["blocks"] if b.get("block_id") == "override")
    option = override["element"]["options"][0]["value"]

    values = _values(PHI)
    values["override"] = {"value": ("checkboxes", [option])}
    errors = _errors(bot.submit(view, PRIV, values))
    assert "Say why" in errors["override_reason"]
    values["override_reason"] = {"value": "The family asked us to name him, in writing."}
    too_long = dict(values, **{"var|action_summary": {"value": PHI + " More." * 60}})
    assert "characters" in " ".join(_errors(bot.submit(view, PRIV, too_long)).values())
    bot.settle()  # nothing reached Bolt's error handler
    changed = dict(values, **{"var|platform": {"value": "Instagram"}})
    assert "changed since" in " ".join(_errors(bot.submit(view, PRIV, changed)).values())
    reply = bot.submit(view, PRIV, values)
    assert reply.status == 200 and not reply.body.strip(), reply.body
    bot.settle()
    card = json.dumps(bot.card(ref).blocks)
    assert "Privacy finding overridden by <@U0PRIV>" in card and "in writing" in card
    kinds = [e.kind for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert kinds.count("phi_overridden") == 1


def test_a_draft_button_click_from_someone_without_a_role_is_refused_at_submit(bot: Bot) -> None:
    ref = _incident(bot)
    bot.fake.add_user("U0NURSE", "nurse", "Nurse")
    bot.fake.set_member(CHANNEL, "U0NURSE")
    view = _open_draft(bot, ref, "U0NURSE")
    errors = _errors(bot.submit(view, "U0NURSE", _values(CLEAN)))
    assert "holding a role" in " ".join(errors.values())
    bot.settle()
    assert not any("statement:" in json.dumps(m.metadata or {}) for m in bot.thread(ref))


def test_the_draft_form_asks_where_it_goes_and_the_length_limit_follows(bot: Bot) -> None:
    ref = _incident(bot)
    view = _open_draft(bot, ref, COMMS)
    where = next(b for b in view["blocks"] if b.get("block_id") == ids.Block.PLATFORM)
    assert where["element"]["initial_option"]["value"] == "x"
    assert "at most 280 characters for X" in json.dumps(view["blocks"])
    longer = "We have asked the platform to remove it and are reviewing our policy. " * 6
    errors = _errors(bot.submit(view, COMMS, _values(longer)))
    assert "at most 280 characters for X" in " ".join(errors.values())

    # Choosing Instagram redraws the form with a caption's limit, and the draft fits.
    chosen = sr.static_select_action("value", ids.Block.PLATFORM, "instagram")
    assert bot.select(chosen, COMMS, view=view).status == 200
    view = bot.last_view(COMMS)
    assert "at most 2,200 characters for Instagram" in json.dumps(view["blocks"])
    reply = bot.submit(view, COMMS, _values(longer))
    assert reply.status == 200 and not reply.body.strip(), reply.body
    bot.settle()
    card = json.dumps(bot.card(ref).blocks)
    assert "characters for Instagram (limit 2,200)" in card

    # Approved, the publish form already says Instagram.
    for user in (COMMS, PRIV):
        message = bot.card(ref)
        approve = _control(message, ids.Action.STATEMENT_APPROVE)
        bot.click(ids.Action.STATEMENT_APPROVE, approve["value"], user, message=message)
        bot.settle()
    message = bot.card(ref)
    publish = _control(message, ids.Action.STATEMENT_PUBLISH_OPEN)
    bot.click(ids.Action.STATEMENT_PUBLISH_OPEN, publish["value"], COMMS, message=message)
    form = bot.last_view(COMMS)
    field = next(b for b in form["blocks"] if b.get("block_id") == "platform")
    assert field["element"]["initial_value"] == "Instagram"
