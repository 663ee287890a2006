"""Confidential incidents (the PHI leak): started only in a private channel (elsewhere the
reason and how to make one), named only to that channel's members and admins, and the
report sent to the commander and the privacy officer directly, never to a channel."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.incidents import view as incident_view
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot

COMMANDER, PRIVACY, NOSY, ADMIN = "U0DANA", "U0PRIYA", "U0NOSY", "U0ADMINX"
PUBLIC = "C0PUBLIC"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url, CRISISBOT_ADMINS=ADMIN) as running:
        fake = running.fake
        fake.add_user(PRIVACY, "priya", "Priya Shah")
        fake.add_user(NOSY, "nosy", "Nick Osy")
        fake.add_user(ADMIN, "admin", "Ada Min")
        fake.add_channel(PUBLIC, "comms-team", {COMMANDER, PRIVACY, NOSY})
        fake.set_member(CHANNEL, PRIVACY)
        yield running


def test_a_phi_leak_is_not_started_in_a_public_channel(bot: Bot) -> None:
    bot.command("start phi-leak Chart photo on a staff account", COMMANDER, channel=PUBLIC)
    bot.settle()
    said = " ".join(bot.ephemerals(COMMANDER))
    assert "incidents are confidential, so they run in a private channel" in said, said
    assert "Create a private channel" in said and "invite @crisisbot" in said
    # The form says so next to the title.
    assert bot.command("start", COMMANDER, channel=PUBLIC).status == 200
    values = {"playbook": {"value": ("static_select", "phi-leak")}, "title": {"value": "Photo"}}
    answer = bot.submit(bot.last_view(COMMANDER), COMMANDER, values).json()
    assert "confidential" in answer["errors"]["title"]
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []
    # Another playbook starts there.
    bot.command("start er-complaint-storm Reviews about waits", COMMANDER, channel=PUBLIC)
    bot.settle()
    assert len(incident_view.list_incidents(bot.runtime.ctx)) == 1


def test_only_the_private_channels_members_and_admins_see_it(bot: Bot) -> None:
    ref = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    for user, sees in ((COMMANDER, True), (ADMIN, True), (NOSY, False)):
        listed = bot.command("list", user).body.decode()
        assert (ref in listed) is sees, (user, listed)
        assert ("Chart photo" in listed) is sees
        bot.event({"type": "app_home_opened", "user": user, "tab": "home"})
        bot.settle()
        home = json.dumps(bot.fake.home(user))
        assert (ref in home) is sees, user


def test_the_report_goes_to_the_commander_and_privacy_officer_directly(bot: Bot) -> None:
    ref = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    bot.assign_roles(ref, COMMANDER, {"privacy": PRIVACY})
    bot.command(f"report {ref}", COMMANDER)
    bot.settle()
    for user in (COMMANDER, PRIVACY):
        dm = f"D{user[1:]}"
        files = list(bot.fake.uploaded(channel=dm))
        assert len(files) == 1, user
        assert ref in files[0].content.decode()  # type: ignore[attr-defined]
        assert any("Post-incident report" in m.text for m in bot.fake.messages(dm))
    assert list(bot.fake.uploaded(channel=CHANNEL)) == [], "nothing in the channel"
    notice = [m.text for m in bot.thread(ref) if ":lock:" in m.text]
    assert len(notice) == 1
    assert "sent directly to Dana" in notice[0] and "Priya Shah (Privacy officer)" in notice[0]
    assert "Post-incident report" not in " ".join(m.text for m in bot.thread(ref))
    # Asked again (the closed thread's button), it goes to them again, not to the channel.
    bot.click(ids.Action.REPORT_POST, ref, COMMANDER, message=bot.checklist(ref))
    bot.settle()
    assert len(list(bot.fake.uploaded(channel=f"D{PRIVACY[1:]}"))) == 2
    assert list(bot.fake.uploaded(channel=CHANNEL)) == []


def test_one_started_from_the_command_line_is_not_posted_in_a_public_channel(bot: Bot) -> None:
    from bot import outbox
    from bot.incidents import service

    ctx = bot.runtime.ctx
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Chart photo", actor="cli:pat", channel_id=PUBLIC
    ).incident
    bot.runtime.deliverer.wait_delivered(15)
    assert bot.fake.messages(PUBLIC) == [], "nothing of it in the public channel"
    parked = outbox.waiting(ctx.db, parked_only=True)
    assert parked and "is confidential and <#C0PUBLIC> is not a private channel" in str(
        parked[0].last_error
    )
    # In a private channel it is posted.
    other = service.start_incident(
        ctx, playbook_id="phi-leak", title="Chart photo", actor="cli:pat", channel_id=CHANNEL
    ).incident
    bot.settle()
    assert bot.root(other) and ref != other
