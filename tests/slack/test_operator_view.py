"""The operator's view: a whole incident (started, staffed, ticked, reported, reminded,
paged, replied to, advanced and closed) leaves one JSON line per request and per
delivery, no token or secret in any line, and /metrics that Prometheus's own parser reads;
/healthz says the database answers and since when a reminder waits."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import time
import urllib.request
from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import outbox
from bot.clock import FixedClock
from bot.incidents import service
from bot.incidents.view import get_incident
from bot.logs import configure
from bot.reminders import service as reminders
from bot.sandbox import requests as sr
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, find_button, running_bot

COMMANDER, COMMS = "U0DANA", "U0JO"
WEBHOOK_SECRET = "escalation-secret-abcdef"
ROUTING = "R0UT1NGKEY0123456789abcdefABCDEF"


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in before:
        root.addHandler(handler)
    root.setLevel(level)


def _get(bot: Bot, path: str) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(bot.base_url.rstrip("/") + path, timeout=10) as answer:
        return answer.status, answer.read()


def test_a_whole_incident_logs_json_without_secrets_and_metrics_parse(
    database_url: str, logged: io.StringIO
) -> None:
    clock = FixedClock(dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC))
    env = {
        "ESCALATION_WEBHOOK_URL": "http://127.0.0.1:9/hook",  # nothing listens: retried
        "ESCALATION_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "ESCALATION_FORMAT": "pagerduty",
        "PAGERDUTY_ROUTING_KEY": ROUTING,
    }
    with running_bot(database_url, clock=clock, **env) as bot:
        settings = bot.runtime.settings
        configure("DEBUG", "json", settings.secrets, stream=logged)
        ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
        bot.assign_roles(ref, COMMANDER, {"comms": COMMS})
        bot.settle()
        checklist = bot.checklist(ref)
        done = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
        bot.click(ids.Action.STEP_DONE, done["value"], COMMS, message=checklist)
        bot.command(f"report {ref}", COMMANDER)
        for _ in range(10):  # Slack's update budget refills as this clock moves
            clock.advance(seconds=10)
            time.sleep(0.2)
        bot.settle()
        clock.advance(minutes=80)
        reminders.run(bot.runtime.ctx, settings.tz, settings.reminders, paging=True)
        for _ in range(200):  # the reminders go; the page fails and waits for its retry
            waiting = outbox.waiting(bot.runtime.ctx.db)
            if all(w.kind == "escalate" and w.last_error for w in waiting) and waiting:
                break
            time.sleep(0.05)

        status, health = _get(bot, "/healthz")
        body = json.loads(health)
        assert status == 200 and body["database"] == "ok"
        assert body["oldest_overdue_reminder"] is not None, "the escalation cannot be sent"
        status, exposition = _get(bot, "/metrics")
        assert status == 200
        families = {f.name: f for f in text_string_to_metric_families(exposition.decode())}
        requests = {
            (s.labels["path"], s.labels["status"]): s.value
            for s in families["crisisbot_requests"].samples
            if s.name == "crisisbot_requests_total"
        }
        assert requests[("/slack/events", "200")] >= 4
        buckets = [
            s for s in families["crisisbot_ack_seconds"].samples if s.name.endswith("_bucket")
        ]
        assert buckets and max(s.value for s in buckets) >= 4
        outcomes = {
            s.labels["outcome"]: s.value
            for s in families["crisisbot_deliveries"].samples
            if s.name == "crisisbot_deliveries_total"
        }
        assert outcomes.get("done", 0) >= 3 and outcomes.get("retry", 0) >= 1
        assert "crisisbot_reminders_sent" in families

        # A reply in the thread, then every phase through to close (as the CLI does it).
        reply = sr.message_event(
            CHANNEL, COMMS, "Platform report filed", thread_ts=bot.root(ref).ts
        )
        assert bot.sender.send(sr.event(reply)).status == 200
        ctx = bot.runtime.ctx
        view = get_incident(ctx, ref)
        while not view.closed:
            last = view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1
            (service.close_incident if last else service.advance_phase)(
                ctx, incident=ref, actor=COMMANDER, override_reason="Rehearsal ends here"
            )
            view = get_incident(ctx, ref)
        for _ in range(20):  # the page is dropped: the incident is closed
            clock.advance(seconds=10)
            time.sleep(0.2)
        bot.settle()
        assert outbox.waiting(ctx.db) == []

    lines = [line for line in logged.getvalue().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    events = {r.get("event") for r in records}
    assert {"request", "delivery"} <= events
    request = next(r for r in records if r.get("event") == "request" and r.get("listener"))
    assert {"request_id", "path", "status", "duration_ms", "listener"} <= set(request)
    delivery = next(r for r in records if r.get("event") == "delivery")
    assert {"intents", "duration_ms", "outcome", "slack_calls"} <= set(delivery)
    text = logged.getvalue()
    for secret in (*(s for s in settings.secrets if s), WEBHOOK_SECRET, ROUTING):
        assert secret not in text, "a secret reached the log"
    assert "xoxb-" not in text and "xapp-" not in text
