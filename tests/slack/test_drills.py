"""A drill is started as one (`/crisis drill …`, and `crisisbot drill` uses it), marked
DRILL where people see it and left out of the figures."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from bot.incidents.view import get_incident
from bot.report.stats import incident_stats
from bot.slack import parse
from tests.slack.harness import Bot, running_bot

COMMANDER = "U0DANA"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def test_a_drill_started_in_slack_is_marked_and_left_out_of_the_figures(bot: Bot) -> None:
    answer = bot.command("drill phi-leak Tabletop: chart photo", COMMANDER).json()
    assert "Starting a `phi-leak` drill" in answer["text"]
    bot.settle()
    ref = bot.newest_ref()
    assert get_incident(bot.runtime.ctx, ref).drill
    assert "DRILL" in json.dumps(bot.root(ref).blocks)
    now = bot.runtime.ctx.clock()
    since = now - dt.timedelta(days=30)
    assert incident_stats(bot.runtime.ctx, since=since, until=now, now=now).incidents == 0
    every = incident_stats(bot.runtime.ctx, since=since, until=now, now=now, include_drills=True)
    assert every.incidents == 1


def test_a_drill_command_without_a_title_says_what_it_needs() -> None:
    with pytest.raises(parse.BadCommand, match="needs a playbook id and a title"):
        parse.crisis_command("drill phi-leak")
