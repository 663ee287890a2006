"""Everything the bot shows fits Slack's limits, checked by a fake Web API that refuses what
Slack refuses: a whole incident (start form, header, checklist, every form, a statement at
its longest, the App Home, /crisis list, the close and the report) for every shipped
playbook and for a playbook at the edge of what `playbooks check` accepts."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.playbooks.load import load_one
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack import limits
from bot.sandbox.fake_slack.state import block_errors
from bot.slack import ids
from bot.statements import platforms, screening
from bot.statements import templates as templates_
from tests import stress_playbook
from tests.slack.harness import CHANNEL, Bot, running_bot

CMD = "U0CMD"
PEOPLE = [CMD, *(f"U0P{i:02d}" for i in range(9))]
SHIPPED = ["viral-patient-video", "er-complaint-storm", "phi-leak"]
LONG_NOTE = ("The platform acknowledged our report and gave a case number. " * 60)[:3000]


@pytest.fixture
def bot(database_url: str, tmp_path: Path) -> Iterator[Bot]:
    playbooks, messages = stress_playbook.write(tmp_path)
    with running_bot(
        database_url, CRISISBOT_PLAYBOOKS=str(playbooks), CRISISBOT_MESSAGES=str(messages)
    ) as running:
        for n, user in enumerate(PEOPLE):
            running.fake.add_user(user, f"person{n}", f"Person {n}")
            running.fake.set_member(CHANNEL, user)
        yield running


def _refused(bot: Bot) -> list[str]:
    return [f"{c.method}: {c.error}" for c in bot.fake.calls if c.error]


def _fits(answer: dict[str, Any]) -> None:
    """An answer inside the ack (ephemeral blocks) is held to a message's limits too."""
    message_blocks = answer.get("blocks") or []
    assert block_errors(message_blocks, "/blocks", 50) == []
    assert limits.text_size(message_blocks) <= limits.MESSAGE_BLOCK_TEXT


@pytest.mark.parametrize("playbook", [*SHIPPED, stress_playbook.ID])
def test_every_surface_of_an_incident_is_accepted_by_slack(bot: Bot, playbook: str) -> None:
    # The start form, with a picker per role.
    assert bot.command("start", CMD).status == 200
    assert bot.last_view(CMD)["callback_id"] == ids.Form.START_INCIDENT
    ref = bot.start(f"{playbook} " + stress_playbook.HOSTILE * 20, CMD)
    roles = list(_playbook(bot, playbook).roles)
    bot.assign_roles(ref, CMD, {r.id: PEOPLE[n % len(PEOPLE)] for n, r in enumerate(roles)})

    # Every form the checklist opens.
    for action in (ids.Action.NOTE_OPEN, ids.Action.SKIP_OPEN, ids.Action.CLOSE_OPEN):
        assert bot.click(action, ref, CMD, message=bot.checklist(ref)).status == 200
        assert bot.last_view(CMD), action
    if _playbook(bot, playbook).deadlines:
        bot.click(ids.Action.ASSESS_OPEN, ref, CMD, message=bot.checklist(ref))
        assert bot.last_view(CMD)["callback_id"] == ids.Form.RISK_ASSESSMENT

    # The note modal takes a note at Slack's longest.
    bot.click(ids.Action.NOTE_OPEN, ref, CMD, message=bot.checklist(ref))
    note = bot.last_view(CMD)
    assert bot.submit(note, CMD, {"note": {"value": LONG_NOTE}}).status == 200
    bot.settle()
    assert any(LONG_NOTE[:200] in m.text for m in bot.thread(ref))

    # A statement with every field at its longest; its card is posted.
    _draft(bot, ref, playbook)
    assert any("statement:1" in json.dumps(m.metadata or {}) for m in bot.thread(ref)), _refused(
        bot
    )

    # Every step of the first phase has its button somewhere in the thread, and the last
    # one can be ticked from there.
    buttons = _step_buttons(bot, ref)
    first_phase = [s for s in _playbook(bot, playbook).steps if s.phase == _phase(bot, playbook)]
    assert [b["value"] for b, _ in buttons] == [f"{ref}|{s.id}" for s in first_phase]
    pages = {m.ts for _, m in buttons}
    assert (len(pages) > 1) is (playbook == stress_playbook.ID), "45 long steps take messages"
    free = {f"{ref}|{s.id}" for s in first_phase if not s.depends_on}
    last, message = [(b, m) for b, m in buttons if b["value"] in free][-1]
    assert bot.click(ids.Action.STEP_DONE, last["value"], CMD, message=message).status == 200
    bot.settle()
    assert ":white_check_mark:" in json.dumps(_step_message(bot, ref, last["value"]).blocks)

    # The App Home and /crisis list.
    assert bot.event(sr.app_home_opened_event(CMD)).status == 200
    bot.settle()
    assert ref in json.dumps(bot.fake.home(CMD))
    listed = bot.command("list", CMD)
    _fits(json.loads(listed.body))
    assert ref in listed.body.decode()

    # The close (with its override reason and lessons) and the report.
    bot.click(ids.Action.CLOSE_OPEN, ref, CMD, message=bot.checklist(ref))
    close = bot.last_view(CMD)
    values = {"reason": {"value": "Drill over " * 90}, "lessons": {"value": LONG_NOTE}}
    values = {
        k: v for k, v in values.items() if any(b.get("block_id") == k for b in close["blocks"])
    }
    assert bot.submit(close, CMD, values).status == 200
    bot.settle()
    # A confidential incident's report goes to the commander directly, not the channel.
    confidential = playbook == "phi-leak"
    where = f"D{CMD[1:]}" if confidential else CHANNEL
    assert len(list(bot.fake.uploaded(channel=where))) == 1
    assert len(list(bot.fake.uploaded(channel=CHANNEL))) == (0 if confidential else 1)
    assert "is closed" in json.dumps(bot.checklist(ref).blocks)
    assert _step_buttons(bot, ref) == [], "the continuation messages went with the steps"
    assert _refused(bot) == []


def _playbook(bot: Bot, playbook_id: str) -> Any:
    settings = bot.runtime.settings
    return _load(settings.playbooks_dir, settings.messages_dir, playbook_id)


@functools.cache
def _load(playbooks: Path, messages: Path, playbook_id: str) -> Any:
    return load_one(playbooks, messages, playbook_id)


def _phase(bot: Bot, playbook_id: str) -> str:
    return str(_playbook(bot, playbook_id).phases[0].id)


def _draft(bot: Bot, ref: str, playbook: str) -> None:
    bot.click(ids.Action.STATEMENT_OPEN, ref, CMD, message=bot.checklist(ref))
    view = bot.last_view(CMD)
    templates = _playbook(bot, playbook).statements
    template = templates[-1]
    chosen = sr.static_select_action("value", "template", template)
    assert bot.select(chosen, CMD, view=view).status == 200
    view = bot.last_view(CMD)
    fields = [b["block_id"] for b in view["blocks"] if b.get("block_id", "").startswith("var|")]
    words = "We are reviewing our procedures and will share what we learn with our community. "
    settings = bot.runtime.settings
    found = templates_.load_template(
        templates_.statement_path(settings.messages_dir, playbook, template)
    )
    org = {"org_name": "Hospital", "org_phone": "555-0100", "org_website": "x", "org_email": "x"}
    values: dict[str, Any] = {}
    most = platforms.limit(found, platforms.platform(None, found))
    for budget in range(screening.MAX_VALUE, 0, -50):  # as long as allowed where it goes
        filled = {f.split("|")[1]: (words * 40)[:budget] for f in fields}
        if most is None or len(templates_.render(found, filled, org)) <= most:
            values = {f"var|{k}": {"value": v} for k, v in filled.items()}
            break
    values["template"] = {"value": ("static_select", template)}
    reply = bot.submit(view, CMD, values)
    assert reply.status == 200 and not reply.body.strip(), reply.body
    bot.settle()


def _step_buttons(bot: Bot, ref: str) -> list[tuple[dict[str, Any], Any]]:
    out = []
    for message in bot.thread(ref):
        key = (message.metadata or {}).get("event_payload", {}).get("key", "")
        if not key.startswith("checklist"):
            continue
        for block in message.blocks:
            accessory = block.get("accessory") or {}
            if block.get("block_id", "").startswith("step|") and accessory.get("value"):
                out.append((accessory, message))
    return out


def _step_message(bot: Bot, ref: str, value: str) -> Any:
    for accessory, message in _step_buttons(bot, ref):
        if accessory["value"] == value:
            return message
    raise AssertionError(f"no step {value}")
