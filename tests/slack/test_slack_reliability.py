"""Slack misbehaving: slow answers, rate limits, lost answers, channels the bot cannot
post in. The HTTP answer stays fast, nothing is posted twice, nothing blocks the rest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import outbox
from bot.incidents import service
from bot.incidents import view as incident_view
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot

# Faults with real timeouts, retries and back-offs: transport tests, run in full by the
# README's test command and left out of the quick loop.
pytestmark = pytest.mark.slow

STARTER = "U0DANA"


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[Bot]:
    with running_bot(f"sqlite:///{tmp_path / 'crisisbot.db'}") as running:
        yield running


def _start(bot: Bot, title: str = "Photo with a chart", channel: str = CHANNEL) -> str:
    return service.start_incident(
        bot.runtime.ctx, playbook_id="phi-leak", title=title, actor=STARTER, channel_id=channel
    ).incident


def _roots(bot: Bot, ref: str) -> list[object]:
    return [
        m
        for m in bot.fake.messages(CHANNEL)
        if (m.metadata or {}).get("event_payload", {}).get("incident") == ref
    ]


def test_slow_web_api_does_not_delay_the_answer_to_slack(bot: Bot) -> None:
    bot.fake.fault("views.open", "slow", delay=4)
    began = time.monotonic()
    reply = bot.command("start", STARTER)
    answered = time.monotonic() - began
    assert reply.status == 200
    assert answered < 2.5, f"slash command answered after {answered:.1f}s"
    assert (
        bot.last_view(STARTER)["callback_id"] == ids.Form.START_INCIDENT
    )  # the slow call still happened

    ref = _start(bot)
    bot.settle()
    bot.fake.fault("chat.update", "slow", delay=4)
    bot.fake.fault("chat.postEphemeral", "slow", delay=4)
    checklist = bot.checklist(ref)
    began = time.monotonic()
    reply = bot.click(
        ids.Action.STEP_DONE, f"{ref}|capture-evidence", "U0JO", message=checklist
    )  # refused: ephemeral
    assert reply.status == 200 and time.monotonic() - began < 2.5
    began = time.monotonic()
    reply = bot.click(
        ids.Action.STEP_DONE, f"{ref}|capture-evidence", STARTER, message=checklist
    )  # done: chat.update
    assert reply.status == 200 and time.monotonic() - began < 2.5
    bot.settle()
    assert "capture-evidence" in str(incident_view.log_entries(bot.runtime.ctx, ref)[-1].data)


def test_a_post_whose_answer_was_lost_is_not_posted_again(bot: Bot) -> None:
    bot.fake.fault("chat.postMessage", "lost_answer")
    ref = _start(bot)
    bot.settle()
    assert len(_roots(bot, ref)) == 1
    history = bot.fake.calls_to("conversations.history")
    assert history, "the deliverer looked in Slack before posting again"
    assert bot.checklist(ref) is not None


def test_rate_limited_update_is_retried_after_retry_after(bot: Bot) -> None:
    ref = _start(bot)
    bot.settle()
    bot.fake.reset_calls()
    bot.fake.fault("chat.update", "ratelimited", retry_after=1)
    service.complete_step(bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=STARTER)
    bot.settle()
    updates = bot.fake.calls_to("chat.update")
    assert updates[0].error == "ratelimited"
    assert (updates[-1].at - updates[0].at) >= 0.9
    assert ":white_check_mark: *Capture the post" in str(bot.checklist(ref).blocks)


def test_a_channel_the_bot_cannot_post_in_is_parked_and_blocks_nobody(bot: Bot) -> None:
    stuck = _start(bot, "In a channel without the bot", channel="C0GENERAL")
    fine = _start(bot, "In the crisis room")
    bot.settle()
    assert len(_roots(bot, fine)) == 1
    with bot.runtime.db.readers() as s:
        from sqlalchemy import select

        from bot.store.models import Incident, OutboxIntent

        parked = s.execute(
            select(OutboxIntent.parked, OutboxIntent.last_error)
            .join(Incident)
            .where(Incident.ref == stuck)
        ).all()
    assert parked and all(p for p, _ in parked) and "not_in_channel" in parked[0][1]
    assert outbox.pending_count(bot.runtime.db) == 0


def test_server_errors_are_retried_until_delivered(bot: Bot) -> None:
    bot.fake.fault("chat.postMessage", "server_error", times=2)
    ref = _start(bot)
    bot.settle()
    assert len(_roots(bot, ref)) == 1


def test_a_tick_costs_at_most_two_calls_and_a_burst_about_one_each(tmp_path: Path) -> None:
    with running_bot(f"sqlite:///{tmp_path / 'burst.db'}", header_delay=1.0) as bot:
        ref = _start(bot)
        bot.settle()
        bot.fake.reset_calls()
        service.complete_step(
            bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=STARTER
        )
        bot.settle()
        assert len(bot.fake.calls) <= 2, [c.method for c in bot.fake.calls]

        bot.fake.reset_calls()
        steps = [
            "record-discovery",
            "request-deletion",
            "report-to-platform",
            "trace-spread",
            "review-access",
            "preserve-evidence",
        ]
        for step in steps:
            service.complete_step(bot.runtime.ctx, incident=ref, step_id=step, actor=STARTER)
        service.add_note(bot.runtime.ctx, incident=ref, text="Platform ticket 4471", actor=STARTER)
        service.add_note(
            bot.runtime.ctx, incident=ref, text="Poster confirmed deletion", actor=STARTER
        )
        service.add_note(bot.runtime.ctx, incident=ref, text="Shares traced", actor=STARTER)
        bot.settle()
        updates = [c for c in bot.fake.calls if c.method == "chat.update"]
        assert len(updates) <= len(steps) + 3, [c.method for c in bot.fake.calls]
        headers = [c for c in updates if c.args.get("ts") == bot.root(ref).ts]
        assert len(headers) <= 2  # the header is refreshed once for the burst


def test_two_deliverers_post_each_message_once(bot: Bot) -> None:
    import threading

    from bot.slack.deliverer import Deliverer
    from bot.slack.runtime import web_client

    bot.runtime.deliverer.stop()
    ctx = bot.runtime.ctx
    refs = [_start(bot, f"Incident {i}") for i in range(6)]
    for ref in refs:
        service.assign_role(ctx, incident=ref, role_id="legal", user_id="U0LEE", actor=STARTER)
        service.add_note(ctx, incident=ref, text="called the platform", actor=STARTER)
    bot.fake.fault("chat.postMessage", "slow", times=6, delay=0.3)  # posts in flight overlap
    deliverers = [
        Deliverer(
            ctx, web_client(bot.runtime.settings, for_listeners=False), bot.runtime.settings.tz
        )
        for _ in range(2)
    ]
    threads = [threading.Thread(target=d.drain) for d in deliverers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deadline = time.monotonic() + 30
    while outbox.pending_count(bot.runtime.db) and time.monotonic() < deadline:
        for d in deliverers:  # anything skipped while the other held it, or paced
            d.drain()
        time.sleep(0.1)
    assert outbox.pending_count(bot.runtime.db) == 0
    for ref in refs:
        assert len(_roots(bot, ref)) == 1
        notes = [
            m
            for m in bot.fake.replies(CHANNEL, _roots(bot, ref)[0].ts)
            if "called the platform" in m.text
        ]
        assert len(notes) == 1
