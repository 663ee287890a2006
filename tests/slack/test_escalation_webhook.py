"""Escalation beyond Slack, against a local receiver: when a step is still open at the
paging stage the webhook gets one signed event, a 500 is retried (and shows in
`crisisbot outbox list` meanwhile), and the PagerDuty shape is what Events API v2 takes."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot import outbox
from bot.clock import FixedClock
from bot.reminders import service as reminders
from tests.receiver import Receiver
from tests.slack.harness import Bot, running_bot

COMMANDER, COMMS = "U0DANA", "U0JO"
SECRET = "escalation-test-secret"
START = dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(SECRET)
    yield r
    r.close()


def _incident_past_paging(bot: Bot, clock: FixedClock) -> str:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    bot.assign_roles(ref, COMMANDER, {"comms": COMMS})
    bot.settle()
    clock.advance(minutes=76)  # capture-evidence was due at 15: paging comes 60 after
    runtime = bot.runtime
    reminders.run(runtime.ctx, runtime.settings.tz, runtime.settings.reminders, paging=True)
    return ref


def test_a_step_still_open_at_the_paging_stage_calls_the_webhook_once_retrying_a_500(
    database_url: str, receiver: Receiver
) -> None:
    clock = FixedClock(START)
    receiver.answers = [500]
    env = {"ESCALATION_WEBHOOK_URL": receiver.url, "ESCALATION_WEBHOOK_SECRET": SECRET}
    with running_bot(database_url, clock=clock, **env) as bot:
        ref = _incident_past_paging(bot, clock)
        _headers, first = receiver.next()
        assert first["type"] == "step_overdue" and first["incident"] == ref
        assert first["step"]["id"] == "capture-evidence" and first["overdue_minutes"] == 61
        assert first["commander"] == COMMANDER and first["step"]["owner"] == COMMS
        assert "Video of our lobby" not in json.dumps(first), "no typed text leaves"
        # The 500 is retried; meanwhile `crisisbot outbox list` shows it.
        for _ in range(100):
            shown = [w for w in outbox.waiting(bot.runtime.ctx.db) if w.kind == "escalate"]
            if shown and shown[0].last_error:
                break
            threading.Event().wait(0.05)
        assert shown and "escalation webhook: HTTP 500" in (shown[0].last_error or "")
        clock.advance(minutes=5)  # past the back-off
        _headers, again = receiver.next()
        assert again["key"] == first["key"]
        assert bot.runtime.deliverer.wait_delivered(10)
        runtime = bot.runtime
        clock.advance(hours=3)
        reminders.run(runtime.ctx, runtime.settings.tz, runtime.settings.reminders, paging=True)
        assert bot.runtime.deliverer.wait_delivered(10)
        keys = [json.loads(b)["key"] for _h, b in list(receiver.got.queue)]
        assert first["key"] not in keys, "each step is paged once"


def _valid_pagerduty_v2(event: dict[str, Any]) -> None:
    """The Events API v2 trigger, field by field."""
    assert set(event) <= {"routing_key", "event_action", "dedup_key", "payload", "images",
                          "links", "client", "client_url"}  # fmt: skip
    assert isinstance(event["routing_key"], str) and event["routing_key"]
    assert event["event_action"] == "trigger"
    assert isinstance(event["dedup_key"], str) and 0 < len(event["dedup_key"]) <= 255
    payload = event["payload"]
    assert set(payload) <= {"summary", "source", "severity", "timestamp", "component", "group",
                            "class", "custom_details"}  # fmt: skip
    assert isinstance(payload["summary"], str) and 0 < len(payload["summary"]) <= 1024
    assert isinstance(payload["source"], str) and payload["source"]
    assert payload["severity"] in ("critical", "error", "warning", "info")
    dt.datetime.strptime(payload["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    assert isinstance(payload["custom_details"], dict)


def test_the_pagerduty_shape_is_an_events_api_v2_trigger(
    database_url: str, receiver: Receiver
) -> None:
    clock = FixedClock(START)
    env = {
        "ESCALATION_WEBHOOK_URL": receiver.url,
        "ESCALATION_WEBHOOK_SECRET": SECRET,
        "ESCALATION_FORMAT": "pagerduty",
        "PAGERDUTY_ROUTING_KEY": "R0UT1NGKEY0123456789abcdefABCDEF",
    }
    with running_bot(database_url, clock=clock, **env) as bot:
        ref = _incident_past_paging(bot, clock)
        _headers, event = receiver.next()
        _valid_pagerduty_v2(event)
        assert event["dedup_key"] == f"crisisbot:{ref}:capture-evidence"
        assert event["payload"]["severity"] == "error"  # the playbook's high severity
        assert "61 min overdue" in event["payload"]["summary"]
