"""Requests Slack would not send, or would send once: a replayed form or click does its
work once; a bad timestamp header or a signed payload of the wrong shape is refused with
a 4xx and a reason, never a 500; control and bidirectional characters are removed from
what people type before it is kept, on both databases."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.sandbox.requests.signed import sign
from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot

CMD, LEE = "U0CMD", "U0LEE"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        for user in (CMD, LEE):
            running.fake.add_user(user, user.lower(), user.title())
            running.fake.set_member(CHANNEL, user)
        yield running


def _entries(bot: Bot, ref: str, kind: str) -> list[Any]:
    return [e for e in incident_view.log_entries(bot.runtime.ctx, ref) if e.kind == kind]


def test_a_replayed_note_submission_adds_the_note_once(bot: Bot) -> None:
    ref = bot.start("phi-leak Chart photo on Instagram", CMD)
    bot.click(ids.Action.NOTE_OPEN, ref, CMD, message=bot.checklist(ref))
    view = bot.last_view(CMD)
    request = sr.view_submission(view, user_id=CMD, values={"note": {"value": "Case 77 opened"}})
    stamp = int(time.time())
    replies = [bot.sender.send(request, timestamp=stamp) for _ in range(3)]
    assert [r.status for r in replies] == [200, 200, 200]
    bot.settle()
    assert len(_entries(bot, ref, "note")) == 1
    assert sum("Case 77 opened" in m.text for m in bot.thread(ref)) == 1


def test_a_replayed_tick_does_not_tick_a_reopened_step_again(bot: Bot) -> None:
    ref = bot.start("phi-leak Chart photo on Instagram", CMD)
    step = f"{ref}|capture-evidence"
    request = sr.block_actions(
        [sr.button_action(ids.Action.STEP_DONE, "b", step)],
        user_id=CMD,
        message=bot.checklist(ref),
        channel_id=CHANNEL,
    )
    stamp = int(time.time())
    assert bot.sender.send(request, timestamp=stamp).status == 200
    bot.settle()
    reopen = sr.block_actions(
        [sr.button_action(ids.Action.STEP_REOPEN, "b", step)],
        user_id=CMD,
        message=bot.checklist(ref),
        channel_id=CHANNEL,
    )
    assert bot.sender.send(reopen).status == 200
    bot.settle()
    assert bot.sender.send(request, timestamp=stamp).status == 200  # the old click again
    bot.settle()
    view = incident_view.get_incident(bot.runtime.ctx, ref)
    assert next(s for s in view.steps if s.step.id == "capture-evidence").status == "open"
    assert len(_entries(bot, ref, "step_done")) == 1


def _post(bot: Bot, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(f"{bot.base_url}/slack/events", body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _signed(bot: Bot, body: bytes, content_type: str) -> tuple[int, str]:
    secret = bot.runtime.settings.slack_signing_secret or ""
    return _post(bot, body, sign(secret, body, int(time.time()), content_type=content_type))


def test_a_timestamp_header_that_is_not_a_number_is_refused_not_a_server_error(
    bot: Bot,
) -> None:
    body = b'{"type": "url_verification", "challenge": "x"}'
    headers = sign(bot.runtime.settings.slack_signing_secret or "", body, int(time.time()))
    status, answer = _post(bot, body, headers | {"X-Slack-Request-Timestamp": "abc"})
    assert status == 401 and "not a number" in answer
    stale = sign(bot.runtime.settings.slack_signing_secret or "", body, int(time.time()) - 600)
    assert _post(bot, body, stale)[0] == 401


def _form(payload: Any) -> bytes:
    from urllib.parse import urlencode

    return urlencode(
        {"payload": payload if isinstance(payload, str) else json.dumps(payload)}
    ).encode()


USER = {"id": CMD, "username": "cmd", "team_id": "T0CRISIS"}
JUNK = [
    ("actions is empty", _form({"type": "block_actions", "actions": [], "user": USER}), "form"),
    ("payload is a list", _form("[]"), "form"),
    ("payload is null", _form("null"), "form"),
    ("payload is not JSON", _form("{"), "form"),
    ("event is a number", b'{"type": "event_callback", "event": 5}', "json"),
    ("body is a JSON list", b"[]", "json"),
    ("body is JSON null", b"null", "json"),
    ("event is null", b'{"type": "event_callback", "event": null}', "json"),
    ("user is a number", _form({"type": "block_actions", "actions": [{"action_id": "x"}], "user": 5}), "form"),
    ("view is a number", _form({"type": "view_submission", "view": 5, "user": USER}), "form"),
    ("action is a number", _form({"type": "block_actions", "actions": [5], "user": USER}), "form"),
    ("channel is a number", _form({"type": "block_actions", "actions": [{"action_id": "x"}], "user": USER, "channel": 5}), "form"),
    ("authorizations is a number", b'{"type": "event_callback", "event": {"type": "message"}, "authorizations": 5}', "json"),
    ("command without a user", b"command=%2Fcrisis&text=list", "form"),
    ("body is not UTF-8", b"\xff\xfe", "json"),
]  # fmt: skip


@pytest.mark.parametrize(("why", "body", "kind"), JUNK, ids=[j[0] for j in JUNK])
def test_a_signed_payload_slack_would_never_send_is_refused_with_a_reason(
    bot: Bot, why: str, body: bytes, kind: str
) -> None:
    content_type = "application/json" if kind == "json" else "application/x-www-form-urlencoded"
    status, answer = _signed(bot, body, content_type)
    assert status == 400, (status, answer)
    assert json.loads(answer)["error"]
    assert bot.runtime.side.errors == []


# One sample of each kind of character that must not be kept as typed.
HOSTILE_CHARACTERS = {
    "NUL": "\x00",
    "escape (C0)": "\x1b[31m",
    "delete": "\x7f",
    "C1 control": "\x85\x9b",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "isolate": "\u2066\u2069",
}


UNSAFE = {c for sample in HOSTILE_CHARACTERS.values() for c in sample if not c.isprintable()}


@pytest.mark.parametrize("kind", HOSTILE_CHARACTERS, ids=list(HOSTILE_CHARACTERS))
def test_control_and_bidirectional_characters_are_removed_from_what_people_type(
    bot: Bot, kind: str
) -> None:
    bad = HOSTILE_CHARACTERS[kind]
    ref = bot.start(f"phi-leak Chart{bad} photo on Instagram", CMD)

    # A reply in the thread (already in Slack: kept, cleaned) and a note (typed in a form).
    reply = sr.message_event(
        CHANNEL, LEE, f"gpj.{bad}exe from the post", thread_ts=bot.root(ref).ts
    )
    assert bot.event(reply).status == 200
    bot.click(ids.Action.NOTE_OPEN, ref, CMD, message=bot.checklist(ref))
    note = bot.last_view(CMD)
    assert bot.submit(note, CMD, {"note": {"value": f"Called{bad} the platform"}}).status == 200
    bot.settle()

    title = incident_view.get_incident(bot.runtime.ctx, ref).title
    kept = [e.text for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    reply_text = next(t for t in kept if "from the post" in t)
    note_text = next(t for t in kept if "the platform" in t)
    for text in (title, reply_text, note_text):
        assert not UNSAFE & set(text), (kind, text)
    assert title.startswith("Chart") and title.endswith("photo on Instagram")
    assert incident_view.verify_log(bot.runtime.ctx, ref).ok
