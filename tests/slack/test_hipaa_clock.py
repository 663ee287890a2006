"""The PHI-leak clock lives in Slack: the discovery time is set in the thread, the
deadlines show in the header with the days left, and the risk assessment decides which
notifications are required."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.errors import PhaseIncomplete
from bot.incidents import breach, daily, service
from bot.incidents.view import get_incident, list_incidents
from bot.slack import ids
from tests.slack.harness import Bot, find_button, running_bot

COMMANDER, BYSTANDER = "U0DANA", "U0JO"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def _discovery_form(bot: Bot, ref: str, user: str) -> dict[str, Any]:
    checklist = bot.checklist(ref)
    control = find_button(checklist, ids.Action.DISCOVERY_OPEN)
    bot.click(ids.Action.DISCOVERY_OPEN, control["value"], user, message=checklist)
    bot.settle()
    return bot.last_view(user)


def _picked(when: dt.datetime) -> dict[str, Any]:
    return {"discovered_at": {"value": ("datetimepicker", int(when.timestamp()))}}


def test_the_discovery_time_is_set_in_the_thread_and_the_header_counts_the_days_left(
    bot: Bot,
) -> None:
    bot.command("start phi-leak Chart photo on a staff account", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    header = json.dumps(bot.root(ref).blocks)
    assert "Deadlines" in header and "Notify affected individuals" in header
    assert "60 days left" in header or "61 days left" in header

    form = _discovery_form(bot, ref, COMMANDER)
    opened = get_incident(bot.runtime.ctx, ref).discovered_at
    picker = next(b for b in form["blocks"] if b.get("block_id") == "discovered_at")
    assert picker["element"]["initial_date_time"] == int(opened.timestamp())

    earlier = bot.runtime.ctx.clock() - dt.timedelta(days=10)
    reply = bot.submit(form, COMMANDER, _picked(earlier))
    assert reply.status == 200 and not reply.body, reply.body
    bot.settle()
    assert get_incident(bot.runtime.ctx, ref).discovered_at == earlier.replace(microsecond=0)
    header = json.dumps(bot.root(ref).blocks)
    assert "50 days left" in header or "51 days left" in header


def test_a_discovery_time_in_the_future_or_from_someone_without_the_role_is_refused_at_the_field(
    bot: Bot,
) -> None:
    bot.command("start phi-leak Chart photo", COMMANDER)
    bot.settle()
    ref = bot.newest_ref()
    before = get_incident(bot.runtime.ctx, ref).discovered_at
    form = _discovery_form(bot, ref, COMMANDER)
    later = bot.runtime.ctx.clock() + dt.timedelta(days=1)
    errors = bot.submit(form, COMMANDER, _picked(later)).json()["errors"]
    assert "in the future" in errors["discovered_at"]

    form = _discovery_form(bot, ref, BYSTANDER)
    earlier = bot.runtime.ctx.clock() - dt.timedelta(days=1)
    errors = bot.submit(form, BYSTANDER, _picked(earlier)).json()["errors"]
    assert "Dana Okafor (Incident commander)" in errors["discovered_at"]
    assert get_incident(bot.runtime.ctx, ref).discovered_at == before


def _assessment(**changes: Any) -> breach.Assessment:
    base = dict(
        nature="names and a diagnosis", recipient="public", acquired="viewed by followers",
        mitigation="post removed", affected=600, state_residents_max=600, breach=True,
        reason="more than 500 residents of one state",
    )  # fmt: skip
    return breach.Assessment(**(base | changes))


def test_the_assessment_decides_which_notifications_are_required(bot: Bot) -> None:
    ctx = bot.runtime.ctx
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Chart photo", actor=COMMANDER, channel_id="C0CRISIS"
    ).incident
    media = {sv.step.id: sv for sv in get_incident(ctx, ref).steps}["notify-media"]
    assert not media.required  # the playbook's default: only for large breaches

    breach.record_assessment(ctx, incident=ref, assessment=_assessment(), actor=COMMANDER)
    steps = {sv.step.id: sv for sv in get_incident(ctx, ref).steps}
    assert steps["notify-media"].required and steps["notify-hhs"].required
    for reason in ("contained", "assessed"):
        service.advance_phase(ctx, incident=ref, actor=COMMANDER, override_reason=reason)
    for sv in get_incident(ctx, ref).steps:
        if sv.step.phase == "notify" and sv.step.id != "notify-media" and not sv.finished:
            service.skip_step(ctx, incident=ref, step_id=sv.step.id, actor=COMMANDER, reason="t")
    with pytest.raises(PhaseIncomplete, match="Notify prominent media outlets"):
        service.advance_phase(ctx, incident=ref, actor=COMMANDER)
    bot.settle()
    assert "optional" not in json.dumps(
        [b for b in bot.checklist(ref).blocks if "notify-media" in json.dumps(b)]
    )

    # A smaller breach: the media notice is not required, so the phase can move on.
    small = _assessment(affected=40, state_residents_max=40, reason="40 affected")
    breach.record_assessment(ctx, incident=ref, assessment=small, actor=COMMANDER)
    assert not {sv.step.id: sv for sv in get_incident(ctx, ref).steps}["notify-media"].required
    service.advance_phase(ctx, incident=ref, actor=COMMANDER)


def test_the_days_left_are_counted_again_when_the_date_changes(database_url: str) -> None:
    """A header drawn at 2 p.m. says 60 days; after midnight in the organisation's zone it
    says 59, redrawn once by the day's check (which the deliverer runs every minute);
    a playbook without deadlines is not redrawn."""
    clock = FixedClock(dt.datetime(2026, 12, 5, 20, 0, tzinfo=dt.UTC))  # 14:00 in Chicago
    # No reminder looks after the first: ten hours on, reminders would be due, and their
    # posts would wait for a per-channel budget that refills only as the fixed clock moves.
    with running_bot(database_url, clock=clock, remind_every=3600) as bot:
        bot.command("start phi-leak Chart photo on a staff account", COMMANDER)
        bot.command("start viral-patient-video Video of our lobby", COMMANDER)
        bot.settle()
        leak = bot.runtime.ctx
        # The two starts run at once: either may be numbered first.
        ref = next(i.ref for i in list_incidents(leak) if i.playbook_id == "phi-leak")
        assert "*60 days left*" in json.dumps(bot.root(ref).blocks)
        tz = ZoneInfo("America/Chicago")
        assert daily.redraw_headers(leak, tz) == 0, "drawn today already"

        clock.advance(hours=9, minutes=59)  # 23:59 in Chicago: still the same day
        assert daily.redraw_headers(leak, tz) == 0
        bot.settle()
        updates = len(bot.fake.calls_to("chat.update"))
        clock.advance(minutes=2)  # 00:01, the next day
        # This call or the deliverer's own check (once a minute) claims the day: one of them.
        first = daily.redraw_headers(leak, tz)
        assert daily.redraw_headers(leak, tz) == 0  # once a day, whoever asks again
        bot.settle()
        assert "*59 days left*" in json.dumps(bot.root(ref).blocks)
        # One header redrawn, the PHI leak's (the video has no deadlines), by whichever asked.
        assert len(bot.fake.calls_to("chat.update")) == updates + 1
        assert first in (0, 1)
