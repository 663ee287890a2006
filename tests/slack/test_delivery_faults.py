"""What a person sees when Slack fails: a message Slack refuses for good is held back
alone and its author told why; outages are retried until Slack recovers; a rate limit
holds every call of that method; a hung call holds back only its own incident; parked
messages are listed and sent again from the command line."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import pytest

from bot import outbox
from bot.incidents import service
from tests.slack.harness import CHANNEL, Bot, running_bot

pytestmark = pytest.mark.slow  # real back-offs and Retry-After waits

DANA, LEE = "U0DANA", "U0LEE"
OTHER = "C0OTHER"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    # Short back-offs so a run of failures is retried within the test's patience.
    with running_bot(database_url, DELIVERY_BACKOFF_CAP_SECONDS="0.2") as running:
        for user in (DANA, LEE):
            running.fake.add_user(user, user.lower(), user.title())
            running.fake.set_member(CHANNEL, user)
        running.fake.add_channel(OTHER, "other-room", {DANA, LEE})
        yield running


def _start(
    bot: Bot, channel: str = CHANNEL, title: str = "Photo with a chart", patience: float = 15
) -> str:
    ref = service.start_incident(
        bot.runtime.ctx, playbook_id="phi-leak", title=title, actor=DANA, channel_id=channel
    ).incident
    bot.settle(timeout=patience)
    return ref


def _texts(bot: Bot, ref: str) -> list[str]:
    return [m.text for m in bot.thread(ref)]


def test_a_note_slack_refuses_is_held_back_alone_its_author_told_and_sent_again_later(
    bot: Bot, cli, database_url: str
) -> None:  # type: ignore[no-untyped-def]
    ref = _start(bot)
    bot.fake.fault("chat.postMessage", "refused", error="msg_blocks_too_long")
    service.add_note(bot.runtime.ctx, incident=ref, text="Platform case 4471 opened", actor=LEE)
    service.assign_role(bot.runtime.ctx, incident=ref, role_id="comms", user_id=DANA, actor=DANA)
    bot.settle()

    # The role announcement after it is posted; the note is not, and it is listed.
    texts = _texts(bot, ref)
    assert any("is now *Communications lead*" in t for t in texts), texts
    assert not any("Platform case 4471" in t for t in texts)
    [parked] = outbox.waiting(bot.runtime.db, parked_only=True)
    assert parked.kind == "announce" and "msg_blocks_too_long" in (parked.last_error or "")

    # The note's author, and only they, are told in words what happened and what to do.
    told = bot.ephemerals(LEE)
    assert any(
        "Slack refused to show a note" in t
        and "too long for Slack" in t
        and f"crisisbot outbox retry {parked.id}" in t
        for t in told
    ), told
    assert not any("Slack refused" in t for t in bot.ephemerals(DANA))

    listed = cli("outbox", "list", env={"DATABASE_URL": database_url})
    assert listed.code == 0 and "PARKED" in listed.out and ref in listed.out

    retried = cli("outbox", "retry", str(parked.id), env={"DATABASE_URL": database_url})
    assert retried.code == 0 and "1 intent(s) queued again" in retried.out
    bot.runtime.deliverer._wake.set()  # another process wrote it: the sweep finds it
    bot.settle()
    assert sum("Platform case 4471" in t for t in _texts(bot, ref)) == 1
    assert outbox.waiting(bot.runtime.db) == []

    again = cli("outbox", "retry", str(parked.id), env={"DATABASE_URL": database_url})
    assert again.code == 1 and "not parked" in again.err


def test_a_long_run_of_rate_limits_and_server_errors_is_retried_until_slack_recovers(
    bot: Bot,
) -> None:
    """Eight 429s then fifteen 5xx used to park the incident's first messages for good."""
    bot.fake.fault("chat.postMessage", "ratelimited", times=8, retry_after=0)
    bot.fake.fault("chat.postMessage", "server_error", times=15)
    ref = _start(bot, patience=60)
    assert bot.checklist(ref) is not None
    assert outbox.waiting(bot.runtime.db) == []
    errors = [c.error for c in bot.fake.calls_to("chat.postMessage")]
    assert errors.count("ratelimited") == 8 and errors.count("server_error") == 15


def test_after_a_rate_limit_no_message_of_any_incident_uses_that_method_before_retry_after(
    bot: Bot,
) -> None:
    first, second = _start(bot), _start(bot, channel=OTHER, title="Complaints on Facebook")
    bot.fake.reset_calls()
    bot.fake.fault("chat.update", "ratelimited", retry_after=2)
    service.complete_step(bot.runtime.ctx, incident=first, step_id="capture-evidence", actor=DANA)
    limited = bot.fake.wait_for(
        lambda: next((c for c in bot.fake.calls_to("chat.update") if c.error), None)
    )
    service.complete_step(bot.runtime.ctx, incident=second, step_id="capture-evidence", actor=DANA)
    bot.settle(timeout=30)
    after = [c.at - limited.at for c in bot.fake.calls_to("chat.update") if c.at > limited.at]
    assert after and min(after) >= 1.9, after
    for ref, channel in ((first, CHANNEL), (second, OTHER)):
        assert ":white_check_mark: *Capture" in _checklist(bot, ref, channel)


def test_a_hung_slack_call_for_one_incident_does_not_hold_back_another(bot: Bot) -> None:
    stuck, moving = _start(bot), _start(bot, channel=OTHER, title="Complaints on Facebook")
    bot.fake.reset_calls()
    bot.fake.fault("chat.update", "slow", delay=6, channel=CHANNEL, times=5)
    service.complete_step(bot.runtime.ctx, incident=stuck, step_id="capture-evidence", actor=DANA)
    bot.fake.wait_for(lambda: bot.fake.calls_to("chat.update"))
    began = time.monotonic()
    service.complete_step(bot.runtime.ctx, incident=moving, step_id="capture-evidence", actor=DANA)
    assert bot.fake.wait_for(
        lambda: ":white_check_mark: *Capture" in _checklist(bot, moving, OTHER), timeout=3
    ), "the other incident waited for the hung call"
    assert time.monotonic() - began < 3
    bot.settle(timeout=30)
    assert ":white_check_mark: *Capture" in _checklist(bot, stuck, CHANNEL)


def _checklist(bot: Bot, ref: str, channel: str) -> str:
    for message in bot.fake.messages(channel, include_replies=True):
        payload = (message.metadata or {}).get("event_payload", {})
        if payload == {"incident": ref, "key": "checklist"}:
            return str(message.blocks)
    return ""


def test_healthz_counts_what_is_parked(bot: Bot) -> None:
    import json
    import urllib.request

    bot.fake.fault("chat.postMessage", "refused", error="not_in_channel", times=50)
    _start(bot)
    with urllib.request.urlopen(f"{bot.base_url}/healthz", timeout=5) as answer:
        health = json.loads(answer.read())
    assert health["ok"] is True and health["parked"] >= 1, health


def test_a_change_every_half_second_stays_within_slacks_budget_for_updates(bot: Bot) -> None:
    """Tier 3 (chat.update) allows about 50 calls a minute for the whole workspace: thirty
    changes in fifteen seconds become a handful of updates, and the last one is right."""
    ref = _start(bot)
    bot.fake.reset_calls()
    began = time.monotonic()
    for n in range(30):
        change = service.complete_step if n % 2 == 0 else service.reopen_step
        change(bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=DANA)
        time.sleep(max(0.0, began + 0.5 * (n + 1) - time.monotonic()))
    service.complete_step(bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=DANA)
    bot.settle(timeout=30)
    updates = bot.fake.calls_to("chat.update")
    seconds = max(c.at for c in updates) - min(c.at for c in updates)
    assert len(updates) <= 50 * seconds / 60 + 10, (len(updates), seconds)
    assert not any(c.error for c in bot.fake.calls), "no 429 was needed"
    assert ":white_check_mark: *Capture" in _checklist(bot, ref, CHANNEL)


def test_roles_given_in_one_form_are_announced_in_one_message(bot: Bot) -> None:
    ref = _start(bot)
    bot.fake.reset_calls()
    roles = ["comms", "privacy", "legal", "department-leader", "hr", "commander"]
    service.assign_roles(
        bot.runtime.ctx, incident=ref, changes=dict.fromkeys(roles, LEE), actor=DANA
    )
    bot.settle(timeout=30)
    notices = [t for t in _texts(bot, ref) if " is now *" in t]
    assert len(notices) == 1, notices
    assert notices[0].count(" is now *") == len(roles), notices[0]
    assert "*Incident commander*" in notices[0] and "*Communications lead*" in notices[0]


def test_messages_to_one_channel_are_posted_about_a_second_apart(bot: Bot) -> None:
    ref = _start(bot)
    bot.fake.reset_calls()
    for n in range(5):
        service.add_note(bot.runtime.ctx, incident=ref, text=f"Update {n}", actor=DANA)
    bot.settle(timeout=30)
    posts = [
        c.at for c in bot.fake.calls_to("chat.postMessage") if c.args.get("channel") == CHANNEL
    ]
    assert len(posts) >= 5
    gaps = [b - a for a, b in itertools.pairwise(posts)]
    assert min(gaps) >= 0.9, gaps


def test_an_admin_sees_in_the_app_home_that_a_message_was_held_back(database_url: str) -> None:
    import json

    from bot.sandbox import requests as sr

    with running_bot(database_url, CRISISBOT_ADMINS=LEE) as bot:
        for user in (DANA, LEE):
            bot.fake.add_user(user, user.lower(), user.title())
            bot.fake.set_member(CHANNEL, user)
        ref = _start(bot)
        bot.fake.fault("chat.postMessage", "refused", error="is_archived")
        service.add_note(bot.runtime.ctx, incident=ref, text="Case 12 opened", actor=DANA)
        bot.settle()
        for user, sees in ((LEE, True), (DANA, False)):
            assert bot.event(sr.app_home_opened_event(user)).status == 200
            bot.settle()
            home = json.dumps((bot.fake.home(user) or {}).get("blocks"))
            assert ("1 message(s) Slack refused for good" in home) is sees, (user, home[:300])
            assert ("crisisbot outbox list" in home) is sees


def test_a_new_incident_is_posted_at_once_while_others_wait_for_slacks_update_budget(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six incidents' checklists wait for a spent update budget (one update every 1.5
    seconds here): a new incident needs no update and is posted at once, and the waiting
    ones are each drawn when their turn comes, not at every refill of the budget."""
    from bot.slack import deliverer
    from bot.slack.pacing import Pacer

    refs = [_start(bot, title=f"Photo {n}") for n in range(6)]
    bot.runtime.deliverer.pacer = Pacer(per_minute=40, burst=1)
    drawn: dict[str, int] = {}
    read = deliverer.get_incident

    def counting(ctx, ref, **kwargs):  # type: ignore[no-untyped-def]
        drawn[ref] = drawn.get(ref, 0) + 1
        return read(ctx, ref, **kwargs)

    monkeypatch.setattr(deliverer, "get_incident", counting)
    for ref in refs:
        service.complete_step(bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=DANA)
    time.sleep(3)  # the budget is spent and the rest wait their turn

    began = time.monotonic()
    new = service.start_incident(
        bot.runtime.ctx, playbook_id="phi-leak", title="New photo", actor=DANA, channel_id=CHANNEL
    ).incident
    bot.fake.wait_for(lambda: _checklist(bot, new, CHANNEL), timeout=10)
    assert time.monotonic() - began < 3

    bot.settle(timeout=60)
    for ref in refs:
        assert ":white_check_mark: *Capture" in _checklist(bot, ref, CHANNEL), ref
    assert max(drawn[ref] for ref in refs) <= 2, drawn
