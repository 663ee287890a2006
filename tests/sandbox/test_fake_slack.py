"""The fake Slack answers the real WebClient as Slack does; built requests pass Slack's checks."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import HTTPError, URLError

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier

from bot.clock import FixedClock
from bot.sandbox import requests as sr
from bot.sandbox.cast import CAST
from bot.sandbox.fake_slack.files import UPLOAD_METHOD
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.fake_slack.state import CHANNEL_ID

TOKEN = "xoxb-test-token"
SECRET = "sandbox-signing-secret"
NO_WAIT = FixedValueRetryIntervalCalculator(0.0)
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "*Code red* declared"}}
MODAL = {
    "type": "modal", "callback_id": "declare", "title": {"type": "plain_text", "text": "Declare"},
    "submit": {"type": "plain_text", "text": "Declare"},
    "blocks": [{"type": "input", "block_id": "what", "label": {"type": "plain_text", "text": "What"},
                "element": {"type": "plain_text_input", "action_id": "text"}}],
}  # fmt: skip


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    # No retry handlers, so each test sees exactly what the fake answered.
    return WebClient(base_url=fake.url, token=TOKEN, retry_handlers=[])


def _error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> Any:
    return excinfo.value.response.data


def test_post_update_and_read_back_with_metadata(fake: FakeSlack, client: WebClient) -> None:
    metadata = {"event_type": "incident_declared", "event_payload": {"incident": "INC-1"}}
    root = client.chat_postMessage(
        channel=CHANNEL_ID, text="Code red", blocks=[SECTION], metadata=metadata
    )
    assert root["message"]["bot_id"] == fake.bot_id and root["message"]["metadata"] == metadata
    reply = client.chat_postMessage(channel=CHANNEL_ID, text="Update 1", thread_ts=root["ts"])
    assert float(reply["ts"]) > float(root["ts"])
    updated = client.chat_update(
        channel=CHANNEL_ID, ts=root["ts"], text="Code red (resolved)",
        metadata={"event_type": "incident_resolved", "event_payload": {"incident": "INC-1"}},
    )  # fmt: skip
    assert updated["message"]["edited"]["user"] == fake.bot_user_id
    assert updated["message"]["blocks"][0]["block_id"]  # kept, with the id Slack assigned

    plain = client.conversations_history(channel=CHANNEL_ID)["messages"]
    assert [m["text"] for m in plain] == ["Code red (resolved)"]
    assert "metadata" not in plain[0] and plain[0]["reply_count"] == 1
    full = client.conversations_history(channel=CHANNEL_ID, include_all_metadata=True)
    assert full["messages"][0]["metadata"]["event_type"] == "incident_resolved"

    thread = client.conversations_replies(channel=CHANNEL_ID, ts=root["ts"])["messages"]
    assert [m["text"] for m in thread] == ["Code red (resolved)", "Update 1"]
    assert "metadata" not in thread[0]
    assert thread[1]["thread_ts"] == root["ts"] and thread[1]["parent_user_id"] == fake.bot_user_id
    stored = fake.message(CHANNEL_ID, root["ts"])
    assert stored is not None and stored.edited and stored.reply_count == 1


def test_form_encoded_json_fields_and_token_in_body(fake: FakeSlack) -> None:
    body = f"token={TOKEN}&channel=crisis-room&text=hi&blocks={json.dumps([SECTION])}"
    request = urllib.request.Request(fake.url + "chat.postMessage", body.encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.loads(answer.read())["ok"] is True
    assert fake.messages(CHANNEL_ID)[0].blocks[0]["text"] == SECTION["text"]
    assert "token" not in fake.calls_to("chat.postMessage")[0].args


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"type": "sektion", "text": {"type": "mrkdwn", "text": "x"}}, "unsupported type: sektion"),
        ({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}, "3000 characters"),
        ({"type": "section"}, "text or fields attribute must be specified"),
    ],
)
def test_invalid_block_is_refused(client: WebClient, block: Any, message: str) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=[SECTION, block])
    answer = _error(excinfo)
    assert answer["error"] == "invalid_blocks"
    assert message in answer["errors"][0] and "[json-pointer:/blocks/1" in answer["errors"][0]
    assert answer["response_metadata"]["messages"][0].startswith("[ERROR] ")


def _button(**extra: Any) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": "Go"},
        "action_id": "go",
    } | extra


def _actions(*elements: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(elements)}


def _select(options: int, text: str = "x", value: str = "v") -> dict[str, Any]:
    opts = [
        {"text": {"type": "plain_text", "text": text}, "value": f"{value}{i}"}
        for i in range(options)
    ]
    return {"type": "static_select", "action_id": "pick", "options": opts}


# Limits Slack enforces and slack_sdk's models let through.
@pytest.mark.parametrize(
    ("block", "pointer"),
    [
        (_actions(_button(text={"type": "plain_text", "text": "x" * 76})), "/elements/0/text/text"),
        (_actions(_button(value="x" * 2001)), "/elements/0/value"),
        (_actions(_button(style="warning")), "/elements/0/style"),
        (_actions(_button(), _button()), "/elements/1"),
        (_actions(_select(101)), "/elements/0/options"),
        (_actions(_select(1, text="x" * 76)), "/elements/0/options/0/text/text"),
        (_actions(_select(1, value="x" * 151)), "/elements/0/options/0/value"),
        ({"type": "section", "text": {"type": "mrkdwn", "text": ""}}, "/text/text"),
        ({"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2001}]}, "/fields/0/text"),
        ({"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}, "/elements/0/text"),
        (
            _actions(
                _button(
                    confirm={
                        "title": {"type": "plain_text", "text": "Sure?"},
                        "text": {"type": "mrkdwn", "text": "x" * 301},
                        "confirm": {"type": "plain_text", "text": "Yes"},
                        "deny": {"type": "plain_text", "text": "No"},
                    }
                )
            ),
            "/elements/0/confirm/text/text",
        ),
        (
            {"type": "section", "text": {"type": "mrkdwn", "text": "x"},
             "accessory": {**_select(6), "type": "overflow"}},
            "/accessory/options",
        ),
    ],
)  # fmt: skip
def test_limits_slack_sdk_lets_through_are_refused_as_slack_refuses_them(
    client: WebClient, block: Any, pointer: str
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=[SECTION, block])
    answer = _error(excinfo)
    assert answer["error"] == "invalid_blocks"
    assert any(f"[json-pointer:/blocks/1{pointer}]" in e for e in answer["errors"]), answer


def test_repeated_block_ids_are_refused(client: WebClient) -> None:
    divider = {"type": "divider", "block_id": "same"}
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=[divider, divider])


def test_a_message_whose_blocks_hold_too_much_text_is_refused(
    fake: FakeSlack, client: WebClient
) -> None:
    """Slack refuses about 12,000 characters of text across a message's blocks, each block
    within its own limit (msg_blocks_too_long), for a post and for an update."""
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 2900}}
    posted = client.chat_postMessage(channel=CHANNEL_ID, text="fits", blocks=[section] * 4)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=[section] * 5)
    assert _error(excinfo)["error"] == "msg_blocks_too_long"
    with pytest.raises(SlackApiError, match="msg_blocks_too_long"):
        client.chat_update(channel=CHANNEL_ID, ts=posted["ts"], text="x", blocks=[section] * 5)
    assert len(fake.messages(CHANNEL_ID)) == 1


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        ({"max_length": 4000}, "/view/blocks/0/element/max_length"),
        ({"min_length": 3001}, "/view/blocks/0/element/min_length"),
        ({"initial_value": "x" * 3001}, "/view/blocks/0/element/initial_value"),
        ({"placeholder": {"type": "plain_text", "text": "x" * 151}}, "/view/blocks/0/element/placeholder/text"),
    ],
)  # fmt: skip
def test_a_text_input_beyond_slacks_limits_is_refused(
    fake: FakeSlack, client: WebClient, change: dict[str, Any], pointer: str
) -> None:
    """Slack refuses the whole view when a text input's max_length is above 3,000."""
    element = {"type": "plain_text_input", "action_id": "value", "multiline": True} | change
    block = {"type": "input", "block_id": "note", "label": {"type": "plain_text", "text": "Note"}}
    view = {**MODAL, "blocks": [block | {"element": element}]}
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=fake.new_trigger_id(), view=view)
    answer = _error(excinfo)
    assert answer["error"] == "invalid_arguments"
    assert any(pointer in m for m in answer["response_metadata"]["messages"]), answer


def test_a_form_with_inputs_and_no_submit_button_is_refused(
    fake: FakeSlack, client: WebClient
) -> None:
    element = {"type": "plain_text_input", "action_id": "value"}
    block = {"type": "input", "label": {"type": "plain_text", "text": "Note"}, "element": element}
    view = {k: v for k, v in MODAL.items() if k != "submit"} | {"blocks": [block]}
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id=fake.new_trigger_id(), view=view)


def test_the_bot_deletes_its_own_messages_only(fake: FakeSlack, client: WebClient) -> None:
    posted = client.chat_postMessage(channel=CHANNEL_ID, text="page two")
    client.chat_delete(channel=CHANNEL_ID, ts=posted["ts"])
    assert fake.messages(CHANNEL_ID) == []
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_delete(channel=CHANNEL_ID, ts=posted["ts"])


def test_more_than_fifty_blocks_are_refused(fake: FakeSlack, client: WebClient) -> None:
    client.chat_postMessage(channel=CHANNEL_ID, text="fits", blocks=[SECTION] * 50)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x", blocks=[SECTION] * 51)
    assert _error(excinfo)["errors"] == ["no more than 50 items allowed [json-pointer:/blocks]"]
    assert len(fake.messages(CHANNEL_ID)) == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": "C0GENERAL", "text": "x"}, "not_in_channel"),
        ({"channel": "C0NOPE", "text": "x"}, "channel_not_found"),
        ({"channel": CHANNEL_ID, "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": CHANNEL_ID, "text": ""}, "no_text"),
        ({"channel": CHANNEL_ID, "text": "x", "thread_ts": "1.000001"}, "thread_not_found"),
        ({"channel": CHANNEL_ID, "text": "x", "metadata": {"event_type": "x"}},
         "invalid_metadata_format"),
    ],
)  # fmt: skip
@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_post_message_errors(client: WebClient, kwargs: Any, error: str) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(**kwargs)
    assert _error(excinfo) == {"ok": False, "error": error}


def test_update_ephemeral_and_permalink(fake: FakeSlack, client: WebClient) -> None:
    human = fake.post_user_message(CHANNEL_ID, "U0JO", "Reporter on line 2")
    with pytest.raises(SlackApiError, match="cant_update_message"):
        client.chat_update(channel=CHANNEL_ID, ts=human, text="edited")
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel=CHANNEL_ID, ts="1.000001", text="edited")
    sent = client.chat_postEphemeral(channel=CHANNEL_ID, user="U0JO", text="Only you")
    assert fake.ephemerals(user="U0JO")[0].ts == sent["message_ts"]
    fake.add_user("U0VISIT", "visitor", "Visitor")
    with pytest.raises(SlackApiError, match="user_not_in_channel"):
        client.chat_postEphemeral(channel=CHANNEL_ID, user="U0VISIT", text="x")
    reply = client.chat_postMessage(channel=CHANNEL_ID, text="On it", thread_ts=human)["ts"]
    link = client.chat_getPermalink(channel=CHANNEL_ID, message_ts=reply)["permalink"]
    base = f"https://crisis-sandbox.slack.com/archives/{CHANNEL_ID}/p{reply.replace('.', '')}"
    assert link == f"{base}?thread_ts={human}&cid={CHANNEL_ID}"


def test_trigger_expires_after_three_seconds_and_is_single_use() -> None:
    clock = FixedClock(dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC))
    with FakeSlack(clock=clock) as fake:
        client = WebClient(base_url=fake.url, token=TOKEN, retry_handlers=[])
        fresh, stale = fake.new_trigger_id("U0DANA"), fake.new_trigger_id("U0DANA")
        clock.advance(seconds=2.9)
        assert client.views_open(trigger_id=fresh, view=MODAL)["view"]["callback_id"] == "declare"
        with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
            client.views_open(trigger_id=fresh, view=MODAL)
        clock.advance(seconds=0.2)
        for trigger in (stale, "12345.98765.abcd2358fdea"):
            with pytest.raises(SlackApiError) as excinfo:
                client.views_open(trigger_id=trigger, view=MODAL)
            assert _error(excinfo) == {"ok": False, "error": "expired_trigger_id"}
        assert fake.open_view("U0DANA") is not None


def test_invalid_view_is_refused(fake: FakeSlack, client: WebClient) -> None:
    view = {**MODAL, "title": None, "blocks": [*MODAL["blocks"], {"type": "bogus"}]}
    with pytest.raises(SlackApiError) as excinfo:
        client.views_open(trigger_id=fake.new_trigger_id(), view=view)
    assert _error(excinfo)["error"] == "invalid_arguments"
    assert _error(excinfo)["response_metadata"]["messages"] == [
        "[ERROR] missing required field: title [json-pointer:/view/title]",
        "[ERROR] unsupported type: bogus [json-pointer:/view/blocks/1/type]",
    ]
    too_many = {**MODAL, "blocks": [SECTION] * 101}
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_open(trigger_id=fake.new_trigger_id(), view=too_many)


def test_view_stack_and_hash_conflict(fake: FakeSlack, client: WebClient) -> None:
    opened = client.views_open(trigger_id=fake.new_trigger_id("U0SAM"), view=MODAL)["view"]
    assert opened["id"].startswith("V") and opened["state"] == {"values": {}}
    pushed = client.views_push(trigger_id=fake.new_trigger_id("U0SAM"), view=MODAL)["view"]
    assert (pushed["root_view_id"], pushed["previous_view_id"]) == (opened["id"], opened["id"])
    client.views_push(trigger_id=fake.new_trigger_id("U0SAM"), view=MODAL)
    with pytest.raises(SlackApiError, match="push_limit_reached"):
        client.views_push(trigger_id=fake.new_trigger_id("U0SAM"), view=MODAL)

    first = client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)["view"]
    assert first["hash"] != opened["hash"]
    with pytest.raises(SlackApiError) as excinfo:
        client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)
    assert _error(excinfo) == {"ok": False, "error": "hash_conflict"}
    with pytest.raises(SlackApiError, match="not_found"):
        client.views_update(view_id="V404", view=MODAL)

    home = {"type": "home", "blocks": [SECTION]}
    published = client.views_publish(user_id="U0SAM", view=home)["view"]
    again = client.views_publish(user_id="U0SAM", view=home, hash=published["hash"])["view"]
    stored = fake.home("U0SAM")
    assert stored is not None and again["id"] == published["id"] == stored["id"]


def test_ratelimited_fault_then_retry_handler_succeeds(fake: FakeSlack, client: WebClient) -> None:
    fake.fault("chat.postMessage", "ratelimited", retry_after=30)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "30"
    assert _error(excinfo) == {"ok": False, "error": "ratelimited"}
    assert fake.messages(CHANNEL_ID) == []

    fake.fault("chat.postMessage", "ratelimited", retry_after=0)
    retrying = WebClient(
        base_url=fake.url, token=TOKEN, retry_handlers=[RateLimitErrorRetryHandler(1)]
    )
    assert retrying.chat_postMessage(channel=CHANNEL_ID, text="second try")["ok"]
    assert [c.error for c in fake.calls_to("chat.postMessage")] == ["ratelimited"] * 2 + [None]
    assert [m.text for m in fake.messages(CHANNEL_ID)] == ["second try"]


def test_server_error_fault(fake: FakeSlack, client: WebClient) -> None:
    fake.fault("chat.postMessage", "server_error", status=503)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=CHANNEL_ID, text="x")
    assert excinfo.value.response.status_code == 503 and fake.messages(CHANNEL_ID) == []
    fake.fault("*", "server_error")
    handler = ServerErrorRetryHandler(interval_calculator=NO_WAIT)
    retrying = WebClient(base_url=fake.url, token=TOKEN, retry_handlers=[handler])
    assert retrying.auth_test()["user_id"] == fake.bot_user_id


def test_lost_answer_stores_the_message_but_the_client_sees_a_connection_error(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.fault("chat.postMessage", "lost_answer")
    with pytest.raises((ConnectionError, URLError)):
        client.chat_postMessage(channel=CHANNEL_ID, text="Hold statement v1")
    assert [m.text for m in fake.messages(CHANNEL_ID)] == ["Hold statement v1"]
    # WebClient's default ConnectionErrorRetryHandler retries a dropped answer: a double post.
    fake.fault("chat.postMessage", "lost_answer")
    handler = ConnectionErrorRetryHandler(interval_calculator=NO_WAIT)
    retrying = WebClient(base_url=fake.url, token=TOKEN, retry_handlers=[handler])
    retrying.chat_postMessage(channel=CHANNEL_ID, text="v2")
    assert [m.text for m in fake.messages(CHANNEL_ID)][1:] == ["v2", "v2"]


def test_slow_fault_times_out_the_client_after_the_work(fake: FakeSlack) -> None:
    fake.fault("chat.postMessage", "slow", delay=0.5)
    impatient = WebClient(base_url=fake.url, token=TOKEN, timeout=0.1, retry_handlers=[])
    with pytest.raises((TimeoutError, URLError)):
        impatient.chat_postMessage(channel=CHANNEL_ID, text="late")
    assert fake.wait_for(lambda: fake.messages(CHANNEL_ID))[0].text == "late"


def test_pagination(fake: FakeSlack, client: WebClient) -> None:
    root = client.chat_postMessage(channel=CHANNEL_ID, text="m0")["ts"]
    for i in range(1, 5):
        client.chat_postMessage(channel=CHANNEL_ID, text=f"m{i}")
        client.chat_postMessage(channel=CHANNEL_ID, text=f"r{i}", thread_ts=root)
    first = client.conversations_history(channel=CHANNEL_ID, limit=2)
    assert [m["text"] for m in first["messages"]] == ["m4", "m3"] and first["has_more"]
    # WebClient reuses one response object per page, so read each page as it comes.
    pages = client.conversations_history(channel=CHANNEL_ID, limit=2)
    assert [m["text"] for p in pages for m in p["messages"]] == ["m4", "m3", "m2", "m1", "m0"]
    replies = client.conversations_replies(channel=CHANNEL_ID, ts=root, limit=3)
    assert [m["text"] for p in replies for m in p["messages"]] == ["m0", "r1", "r2", "r3", "r4"]
    users = [u["id"] for p in client.users_list(limit=2) for u in p["members"]]
    assert (
        len(users) == len(set(users)) == 2 + len(CAST) and "USLACKBOT" in users
    )  # the bot, Slackbot, the cast
    with pytest.raises(SlackApiError, match="invalid_cursor"):
        client.conversations_history(channel=CHANNEL_ID, cursor="bm9wZQ==")


def test_auth_and_unknown_method(fake: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake.url, retry_handlers=[])
    with pytest.raises(SlackApiError, match="not_authed"):
        anonymous.auth_test()
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(base_url=fake.url, token="xoxb-wrong", retry_handlers=[]).auth_test()
    client = WebClient(base_url=fake.url, token=TOKEN, retry_handlers=[])
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call("chat.postMesage")
    assert client.auth_test()["url"] == "https://crisis-sandbox.slack.com/"
    assert client.users_info(user="U0DANA")["user"]["is_admin"] is True
    assert set(client.conversations_members(channel=CHANNEL_ID)["members"]) >= {fake.bot_user_id}


def test_files_upload_v2_shares_the_file_in_the_thread(fake: FakeSlack, client: WebClient) -> None:
    root = client.chat_postMessage(channel=CHANNEL_ID, text="Code red")["ts"]
    sent = client.files_upload_v2(
        channel=CHANNEL_ID, thread_ts=root, filename="statement.txt", content="Hold statement v1",
        title="Hold statement", initial_comment="Draft attached",
    )  # fmt: skip
    file_id = sent["file"]["id"]
    assert sent["files"] == [sent["file"]] and sent["file"]["title"] == "Hold statement"
    flow = ["files.getUploadURLExternal", UPLOAD_METHOD, "files.completeUploadExternal"]
    assert [c.method for c in fake.calls][1:] == flow and fake.calls[2].args["length"] == 17
    assert fake.calls[1].args == {"filename": "statement.txt", "length": "17"}

    reply = client.conversations_replies(channel=CHANNEL_ID, ts=root)["messages"][1]
    assert reply["text"] == "Draft attached" and reply["thread_ts"] == root
    shown = reply["files"][0]
    assert shown["id"] == file_id and shown["title"] == "Hold statement"
    assert (shown["name"], shown["mimetype"], shown["size"]) == ("statement.txt", "text/plain", 17)
    top = client.conversations_history(channel=CHANNEL_ID)["messages"]
    assert [m["text"] for m in top] == ["Code red"] and top[0]["reply_count"] == 1
    [kept] = fake.uploaded(CHANNEL_ID)
    assert (kept.id, kept.content, kept.title) == (file_id, b"Hold statement v1", "Hold statement")
    assert (kept.thread_ts, kept.ts) == (root, reply["ts"])
    fake.scopes = None  # the bot never reads files back; this check does
    shares = client.files_info(file=file_id)["file"]["shares"]["private"][CHANNEL_ID]
    assert shares[0]["ts"] == reply["ts"] and fake.uploaded("C0GENERAL") == []


@pytest.mark.parametrize(
    ("channel", "thread_ts", "error"),
    [("C0GENERAL", None, "not_in_channel"), ("C0NOPE", None, "channel_not_found"),
     (CHANNEL_ID, "1.000001", "thread_not_found")],
)  # fmt: skip
def test_upload_where_the_bot_cannot_post_is_refused(
    fake: FakeSlack, client: WebClient, channel: str, thread_ts: str | None, error: str
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.files_upload_v2(channel=channel, thread_ts=thread_ts, filename="a.txt", content="x")
    assert _error(excinfo) == {"ok": False, "error": error}
    assert fake.uploaded() == [] and fake.messages(CHANNEL_ID, include_replies=True) == []
    fake.fault(UPLOAD_METHOD, "server_error")  # the upload URL fails outside the Web API
    with pytest.raises(HTTPError):
        client.files_upload_v2(channel=CHANNEL_ID, filename="a.txt", content="x")
    assert [c.error for c in fake.calls_to(UPLOAD_METHOD)] == [None, "server_error"]


def test_completing_an_unknown_or_unsent_file_fails(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.files_completeUploadExternal(files=[{"id": "F404", "title": "x"}])
    assert _error(excinfo) == {"ok": False, "error": "file_not_found"}
    ticket = client.files_getUploadURLExternal(filename="a.txt", length=3)
    assert ticket["upload_url"].startswith(fake.url.removesuffix("api/") + "upload/")
    files = [{"id": ticket["file_id"], "title": "A"}]
    with pytest.raises(SlackApiError, match="file_not_found"):  # no bytes arrived yet
        client.files_completeUploadExternal(files=files)
    upload = urllib.request.Request(ticket["upload_url"], b"abc", method="POST")
    with urllib.request.urlopen(upload, timeout=5) as answer:
        assert answer.read() == b"OK - 3"
    assert client.files_completeUploadExternal(files=files)["files"][0]["title"] == "A"
    with pytest.raises(SlackApiError, match="file_not_found"):  # completes only once
        client.files_completeUploadExternal(files=files)
    assert [(f.channel, f.content) for f in fake.uploaded()] == [(None, b"abc")]
    with pytest.raises(HTTPError) as missing:
        urllib.request.urlopen(upload.full_url.rpartition("/")[0] + "/nope", b"x", timeout=5)
    assert missing.value.code == 404


@pytest.mark.parametrize(
    ("params", "error"),
    [({"length": 3}, "invalid_arguments"), ({"filename": "a.txt", "length": 0}, "missing_argument"),
     ({"filename": "a.txt", "length": 3, "alt_txt": "x" * 1001}, "alt_txt_too_large")],
)  # fmt: skip
def test_get_upload_url_errors(fake: FakeSlack, params: Any, error: str) -> None:
    for token, code in (("xoxb-wrong", "invalid_auth"), (TOKEN, error)):
        client = WebClient(base_url=fake.url, token=token, retry_handlers=[])
        with pytest.raises(SlackApiError) as excinfo:
            client.api_call("files.getUploadURLExternal", params=params)
        assert _error(excinfo)["error"] == code
    if error == "invalid_arguments":
        messages = _error(excinfo)["response_metadata"]["messages"]
        assert messages == ["[ERROR] missing required field: filename"]


def test_sign_matches_slack_sdk_verifier() -> None:
    body, now = sr.slash_command("status").body, int(time.time())
    headers = sr.sign(SECRET, body, now)
    verifier = SignatureVerifier(SECRET)
    signature, stamp = headers["X-Slack-Signature"], headers["X-Slack-Request-Timestamp"]
    assert verifier.is_valid(body=body, timestamp=stamp, signature=signature)
    assert not verifier.is_valid(body=body + b"x", timestamp=stamp, signature=signature)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"


def test_state_values_take_each_element_shape() -> None:
    blocks = [
        {"type": "input", "block_id": "sev", "element": {"type": "static_select", "action_id": "s",
         "options": [{"text": {"type": "plain_text", "text": "High"}, "value": "high"}]}},
        {"type": "input", "block_id": "team", "element": {"type": "multi_users_select",
                                                          "action_id": "u"}},
    ]  # fmt: skip
    values = sr.state_values(
        {"sev": {"s": "high"}, "team": {"u": ["U0SAM"]}, "note": {"t": "Smoke on 4"},
         "when": {"d": ("datepicker", "2026-11-23"), "t": ("timepicker", "14:30")}},
        blocks,
    )  # fmt: skip
    assert values["sev"]["s"]["selected_option"]["text"]["text"] == "High"
    assert values["team"]["u"] == {"type": "multi_users_select", "selected_users": ["U0SAM"]}
    assert values["note"]["t"] == {"type": "plain_text_input", "value": "Smoke on 4"}
    assert values["when"] == {"d": {"type": "datepicker", "selected_date": "2026-11-23"},
                              "t": {"type": "timepicker", "selected_time": "14:30"}}  # fmt: skip


class _AppServer(ThreadingHTTPServer):
    """A bolt App behind HTTP, as the sandbox runs it."""

    def __init__(self, app: App) -> None:
        self.app = app

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                answer = app.dispatch(BoltRequest(body=body, headers=dict(self.headers.items())))
                self.send_response(answer.status)
                self.end_headers()
                self.wfile.write(answer.body.encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def test_built_requests_drive_a_bolt_app_over_http(fake: FakeSlack, client: WebClient) -> None:
    app, seen = App(client=client, signing_secret=SECRET, process_before_response=True), []

    @app.command("/crisis")
    def open_form(ack: Any, body: Any) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("declare")
    def declared(ack: Any, view: Any) -> None:
        ack()
        seen.append(view["state"]["values"]["what"]["text"]["value"])

    @app.action("ack")
    def acknowledged(ack: Any, body: Any) -> None:
        ack()
        seen.append(body["container"]["message_ts"])

    @app.event("message")
    def heard(event: Any) -> None:
        seen.append(event["text"])

    server = _AppServer(app)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    sender = sr.SlackSender(f"http://127.0.0.1:{server.server_address[1]}", SECRET)
    try:
        trigger = fake.new_trigger_id("U0JO")
        command = sr.slash_command("declare", user_id="U0JO", trigger_id=trigger)
        assert sender.send(command).status == 200
        modal = fake.open_view("U0JO")
        assert modal is not None
        values = {"what": {"text": "Smoke on ward 4"}}
        assert sender.send(sr.view_submission(modal, user_id="U0JO", values=values)).status == 200

        posted = client.chat_postMessage(channel=CHANNEL_ID, text="Ack?", blocks=[SECTION])["ts"]
        button = sr.button_action("ack", "b1", "yes")
        click = sr.block_actions([button], message=fake.message(CHANNEL_ID, posted))
        assert sender.send(click).status == 200

        text = "Is the statement out?"
        said = fake.post_user_message(CHANNEL_ID, "U0DANA", text)
        heard_event = sr.event(sr.message_event(CHANNEL_ID, "U0DANA", text, said))
        assert sender.send(heard_event, retry_num=1).status == 200

        assert sender.send(sr.url_verification("c-123")).json() == {"challenge": "c-123"}
        assert sender.send(command, bad_signature=True).status == 401
        assert seen == ["Smoke on ward 4", posted, text]
    finally:
        server.shutdown()
        server.server_close()


def test_a_method_needs_a_scope_the_apps_manifest_asks_for(fake: FakeSlack) -> None:
    """As Slack does: a bot token calls only methods its app's scopes allow."""
    client = WebClient(token=fake.bot_token, base_url=fake.url)
    assert client.users_info(user="U0DANA")["user"]["real_name"] == "Dana Okafor"
    fake.scopes = frozenset({"chat:write", "commands"})
    with pytest.raises(SlackApiError) as refused:
        client.users_info(user="U0DANA")
    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == "users:read"
    assert refused.value.response["provided"] == "chat:write,commands"
    home = {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
    }
    client.views_publish(user_id="U0DANA", view=home)  # needs no scope
