"""People are named, not shown as ids: the bot learns names from Slack the first time it
meets someone, and follows a rename."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot import people
from bot.slack import ids
from tests.slack.harness import Bot, running_bot

COMMANDER, OUTSIDER = "U0DANA", "U0JO"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def _refusal_for_outsider(bot: Bot) -> str:
    ref = bot.newest_ref()
    checklist = bot.checklist(ref)
    value = f"{ref}|capture-evidence"
    bot.click(ids.Action.STEP_DONE, value, OUTSIDER, message=checklist)
    bot.settle()
    return bot.ephemerals(OUTSIDER)[-1]


def test_a_rename_in_slack_is_followed_in_what_the_bot_says(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", COMMANDER)
    bot.settle()
    assert "Dana Okafor (Incident commander)" in _refusal_for_outsider(bot)

    renamed = {"id": COMMANDER, "name": "dana.okafor", "profile": {"real_name": "Dana Reyes"}}
    bot.event({"type": "user_change", "user": renamed, "event_ts": "1795000000.000200"})
    bot.settle()
    assert "Dana Reyes (Incident commander)" in _refusal_for_outsider(bot)
    # Names are kept over time, so a report rebuilt later names people as they were then.
    with bot.runtime.db.readers() as session:
        history = people.names_in(session, [COMMANDER])
    assert history == {COMMANDER: "Dana Reyes"}


def test_when_slack_cannot_say_who_someone_is_their_id_is_shown_and_nothing_fails(
    bot: Bot,
) -> None:
    bot.fake.fault("users.info", "server_error", times=10**6)
    bot.command("start phi-leak Photo with a chart", COMMANDER)
    bot.settle()
    said = _refusal_for_outsider(bot)
    assert f"{COMMANDER} (Incident commander)" in said
    assert bot.runtime.side.errors == []


def test_a_user_change_event_without_a_user_is_ignored(bot: Bot) -> None:
    reply = bot.event({"type": "user_change", "user": "U0DANA", "event_ts": "1.2"})
    assert reply.status == 200
    bot.settle()
