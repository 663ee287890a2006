"""What the channel and every list show of an incident: it is listed only to the members
of its channel and to admins (/crisis list and the App Home), and its title may not
identify a patient. Through signed requests against the fake Slack."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.incidents import service
from bot.incidents.view import list_incidents
from bot.sandbox import requests as sr
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot

PRIVATE = "G0LEGALHOLD"
MEMBER, OUTSIDER, ADMIN = "U0PRIVMEMBER", "U0OUTSIDER", "U0ADMINX"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url, CRISISBOT_ADMINS=ADMIN) as running:
        for user in (MEMBER, OUTSIDER, ADMIN):
            running.fake.add_user(user, user.lower(), user.title())
            running.fake.set_member(CHANNEL, user)
        running.fake.add_channel(PRIVATE, "legal-hold", {MEMBER}, is_private=True)
        yield running


def _incidents(bot: Bot) -> tuple[str, str]:
    """One incident in the shared channel, one in the private one (not confidential: a
    confidential incident is not even counted among the hidden, see
    test_confidential_incidents)."""
    ctx = bot.runtime.ctx
    shared = service.start_incident(
        ctx, playbook_id="er-complaint-storm", title="Complaints about waits", actor=MEMBER,
        channel_id=CHANNEL,
    ).incident  # fmt: skip
    private = service.start_incident(
        ctx, playbook_id="viral-patient-video", title="Staff post shows a chart", actor=MEMBER,
        channel_id=PRIVATE,
    ).incident  # fmt: skip
    bot.settle()
    return shared, private


def _listed(bot: Bot, user: str) -> str:
    reply = bot.command("list", user)
    assert reply.status == 200
    return json.dumps(reply.json())


def test_crisis_list_names_a_private_channels_incident_only_to_its_members_and_admins(
    bot: Bot,
) -> None:
    shared, private = _incidents(bot)
    outsider = _listed(bot, OUTSIDER)
    assert shared in outsider and private not in outsider
    assert "Staff post shows a chart" not in outsider
    assert "1 more open in channels you are not in" in outsider
    for user in (MEMBER, ADMIN):
        listed = _listed(bot, user)
        assert shared in listed and private in listed and "more open in channels" not in listed


def test_the_app_home_names_a_private_channels_incident_only_to_its_members_and_admins(
    bot: Bot,
) -> None:
    _shared, private = _incidents(bot)
    for user, sees in ((OUTSIDER, False), (MEMBER, True), (ADMIN, True)):
        assert bot.event(sr.app_home_opened_event(user)).status == 200
        bot.settle()
        home = json.dumps((bot.fake.home(user) or {}).get("blocks"))
        assert (private in home) is sees, user
        assert ("Staff post shows a chart" in home) is sees, user


def test_a_channel_slack_does_not_answer_for_is_not_listed(bot: Bot) -> None:
    _shared, private = _incidents(bot)
    bot.fake.fault("conversations.members", "server_error", times=5)
    listed = _listed(bot, OUTSIDER)
    assert private not in listed


# -- a title is shown to the whole channel: it may not identify a patient ------------------

LEAKY_TITLE = "Nurse posted John Smith's chart (MRN 4471823)"


def test_a_title_naming_a_patient_is_refused_privately_and_nothing_is_posted(bot: Bot) -> None:
    posted = len(bot.fake.messages(CHANNEL))
    reply = bot.command(f"start phi-leak {LEAKY_TITLE}", MEMBER)
    assert reply.status == 200
    bot.settle()
    told = " ".join(bot.ephemerals(MEMBER))
    assert "identifies a patient" in told and "id number" in told.replace("_", " ")
    assert len(bot.fake.messages(CHANNEL)) == posted  # no header, no thread
    assert list_incidents(bot.runtime.ctx, include_closed=True) == []


def test_the_start_form_shows_the_refusal_on_the_title(bot: Bot) -> None:
    assert bot.command("start", MEMBER).status == 200
    view = bot.last_view(MEMBER)
    assert view["callback_id"] == ids.Form.START_INCIDENT
    values = {
        "playbook": {"value": ("static_select", "phi-leak")},
        "title": {"value": ("plain_text_input", LEAKY_TITLE)},
    }
    reply = bot.submit(view, MEMBER, values)
    errors = reply.json()["errors"]
    assert list(errors) == ["title"] and "identifies a patient" in errors["title"]
    assert list_incidents(bot.runtime.ctx, include_closed=True) == []
