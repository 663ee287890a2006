"""Reminders in the thread, through Slack: the owner is mentioned by name with the step
and how late it is, and can act from the reminder itself (Done, Skip…, On it); nothing
more is said of a step once it is done."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.incidents.view import get_incident
from bot.reminders import service as reminders
from bot.slack import ids
from tests.slack.harness import Bot, find_button, running_bot

COMMANDER, COMMS, PRIVACY = "U0DANA", "U0JO", "U0PRIYA"
START = dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def bot(database_url: str, clock: FixedClock) -> Iterator[Bot]:
    with running_bot(database_url, clock=clock) as running:
        running.fake.add_user(COMMS, "jo", "Jo Kim")
        running.fake.set_member("C0CRISIS", COMMS)
        yield running


def _look(bot: Bot) -> None:
    """What the deliverer does every few seconds, now."""
    runtime = bot.runtime
    reminders.run(runtime.ctx, runtime.settings.tz, runtime.settings.reminders)
    bot.settle()


def _reminders(bot: Bot, ref: str) -> list[Any]:
    return [
        m
        for m in bot.thread(ref)
        if str((m.metadata or {}).get("event_payload", {}).get("key", "")).startswith("remind:")
    ]


def test_the_owner_is_reminded_by_name_and_acts_from_the_reminder(
    bot: Bot, clock: FixedClock
) -> None:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    bot.assign_roles(ref, COMMANDER, {"comms": COMMS, "privacy": PRIVACY})
    bot.settle()
    _look(bot)
    assert _reminders(bot, ref) == [], "nothing is due yet"

    clock.advance(minutes=16)
    _look(bot)
    said = _reminders(bot, ref)
    mine = next(m for m in said if f"<@{COMMS}>" in json.dumps(m.blocks, ensure_ascii=False))
    shown = json.dumps(mine.blocks, ensure_ascii=False)
    assert "Capture the post before it is deleted" in shown and "1m overdue" in shown
    for label in ("Done", "Skip…", "On it"):
        assert label in shown
    assert len(said) == 2, "one for the comms lead, one for the commander's own step"

    # Skip… opens the skip form with that step already chosen.
    skip = find_button(mine, ids.Action.SKIP_OPEN)
    bot.click(ids.Action.SKIP_OPEN, skip["value"], COMMS, message=mine)
    form = bot.last_view(COMMS)
    chosen = next(b for b in form["blocks"] if b.get("block_id") == "step")
    assert chosen["element"]["initial_option"]["value"] == "capture-evidence"

    # On it: said in the thread, and the repeats wait.
    on_it = find_button(mine, ids.Action.ON_IT)
    assert bot.click(ids.Action.ON_IT, on_it["value"], COMMS, message=mine).status == 200
    bot.settle()
    assert any(
        f"<@{COMMS}> is on *Capture the post"
        in (m.text or "") + json.dumps(m.blocks or [], ensure_ascii=False)
        for m in bot.thread(ref)
    )
    clock.advance(minutes=50)  # past the commander's grace, but someone is on it
    _look(bot)
    assert not any(
        "Capture the post" in json.dumps(m.blocks, ensure_ascii=False)
        for m in _reminders(bot, ref)[2:]
    )

    # Done from the reminder; nothing more is said of it.
    done = find_button(mine, ids.Action.STEP_DONE)
    bot.click(ids.Action.STEP_DONE, done["value"], COMMS, message=mine)
    bot.settle()
    view = get_incident(bot.runtime.ctx, ref)
    assert next(s for s in view.steps if s.step.id == "capture-evidence").status == "done"
    clock.advance(hours=8)
    _look(bot)
    later = _reminders(bot, ref)[2:]
    assert later and not any(
        "Capture the post" in json.dumps(m.blocks, ensure_ascii=False) for m in later
    )
    refused = [f"{c.method}: {c.error}" for c in bot.fake.calls if c.error]
    assert refused == [], "Slack accepted every reminder and form"
