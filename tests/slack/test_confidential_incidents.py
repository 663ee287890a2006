"""Confidential incidents (the PHI leak): started only in a private channel (elsewhere the
reason and how to make one), named only to that channel's members and admins, and the
report sent to the commander and the privacy officer directly, never to a channel."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, find_button, running_bot

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


SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_someone_outside_its_channel_cannot_act_on_it_from_anywhere(bot: Bot) -> None:
    """A member of the workspace who is not in the private channel types its id from a
    channel they are in: every action is refused with the reason, and nothing happens."""
    from sqlalchemy import select

    from bot.store.models import Refusal

    ref = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    ctx = bot.runtime.ctx
    entries = len(incident_view.log_entries(ctx, ref))
    bot.command(f"report {ref}", NOSY, channel=PUBLIC)
    bot.command(f"evidence {ref} https://www.tiktok.com/@x/video/7301 {SHA}", NOSY, channel=PUBLIC)
    bot.settle()
    said = [e for e in bot.ephemerals(NOSY) if "is confidential" in e]
    assert len(said) == 2, bot.ephemerals(NOSY)
    assert all("only members of its channel and admins can" in e for e in said)
    assert "Ask its commander to add you to the channel" in said[0]
    assert all("Chart photo" not in e for e in bot.ephemerals(NOSY)), "its title is not told"
    assert [f for c in (CHANNEL, f"D{COMMANDER[1:]}") for f in bot.fake.uploaded(channel=c)] == []
    assert len(incident_view.log_entries(ctx, ref)) == entries, "nothing recorded in its log"
    with ctx.db.readers() as session:
        kept = session.execute(select(Refusal.action, Refusal.actor, Refusal.incident_ref)).all()
    assert sorted(kept) == [("evidence", NOSY, ref), ("report", NOSY, ref)], kept
    # An admin outside the channel may (the report still goes to the commander alone).
    bot.command(f"report {ref}", ADMIN, channel=PUBLIC)
    bot.settle()
    assert len(list(bot.fake.uploaded(channel=f"D{COMMANDER[1:]}"))) == 1
    assert list(bot.fake.uploaded(channel=f"D{ADMIN[1:]}")) == []


def test_its_roles_go_only_to_members_of_its_channel(bot: Bot) -> None:
    ref = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    assert (
        bot.click(ids.Action.ROLES_OPEN, ref, COMMANDER, message=bot.checklist(ref)).status == 200
    )
    form = bot.last_view(COMMANDER)
    values = {"role|privacy": {"value": ("users_select", NOSY)}}
    answer = bot.submit(form, COMMANDER, values).json()
    assert answer["response_action"] == "errors"
    why = " ".join(answer["errors"].values())
    assert "Nick Osy is not a member of this confidential incident's channel" in why, why
    assert "add them to the channel first" in why
    view = incident_view.get_incident(bot.runtime.ctx, ref)
    assert dict((r.id, h) for r, h in view.roles).get("privacy") is None
    # Added to the channel, they can be given the role at once: the bot's copy of the
    # members, read a moment before, leaves them out, so it asks Slack again.
    bot.fake.set_member(CHANNEL, NOSY)
    assert NOSY not in bot.runtime.side.home.members[CHANNEL][1]
    bot.assign_roles(ref, COMMANDER, {"privacy": NOSY})
    view = incident_view.get_incident(bot.runtime.ctx, ref)
    assert dict((r.id, h) for r, h in view.roles).get("privacy") == NOSY


def test_it_is_not_counted_where_everyone_looks(bot: Bot) -> None:
    """Someone outside its channel is not told it exists: not among the incidents hidden
    from them, and the App Home's figures (everyone's) leave confidential incidents out."""
    leak = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    storm = bot.start("er-complaint-storm Reviews about waits", COMMANDER)
    listed = bot.command("list", NOSY).body.decode()
    assert "1 more open in channels you are not in" in listed, listed  # the storm alone
    for user, sees_leak in ((NOSY, False), (COMMANDER, True), (ADMIN, True)):
        bot.event({"type": "app_home_opened", "user": user, "tab": "home"})
        bot.settle()
        home = json.dumps(bot.fake.home(user))
        assert (leak in home) is sees_leak, user
        hidden = "1 more open in channels you are not a member of" in home
        assert hidden is (user == NOSY), user
        figures = home[home.index("Last 30 days") :]
        assert "1 incidents, drills and confidential incidents not counted" in figures, figures
        assert "Complaint storm about emergency department staff: 1" in figures
        assert "Staff member posted patient information" not in figures, user
    assert storm != leak


def test_a_commander_who_left_its_channel_is_not_offered_the_override(bot: Bot) -> None:
    """The advance form offers "advance anyway" only to whom it will not refuse: the
    commander, while they are in the confidential incident's channel."""

    def advance_form() -> dict[str, Any]:
        checklist = bot.checklist(ref)
        value = find_button(checklist, ids.Action.PHASE_ADVANCE)["value"]
        clicked = bot.click(ids.Action.PHASE_ADVANCE, value, COMMANDER, message=checklist)
        assert clicked.status == 200
        bot.settle()
        return bot.last_view(COMMANDER)

    def asks_for_a_reason(form: dict[str, Any]) -> bool:
        return any(b.get("block_id") == "reason" for b in form["blocks"])

    ref = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    assert asks_for_a_reason(advance_form())
    bot.fake.set_member(CHANNEL, COMMANDER, member=False)
    bot.runtime.side.home.members.clear()  # a minute on: the bot reads the members again
    form = advance_form()
    assert not asks_for_a_reason(form) and form.get("submit") is None
    assert "Finish or skip them first" in json.dumps(form["blocks"])
    bot.fake.set_member(CHANNEL, COMMANDER)
    assert asks_for_a_reason(advance_form())
