"""Events API requests as Slack sends them: the event_callback envelope and the events inside."""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid

from bot.sandbox.fake_slack.state import APP_ID, BOT_USER_ID, TEAM_ID
from bot.sandbox.requests.signed import VERIFICATION_TOKEN, Json, SlackRequest, json_request, now_ts


def event(
    event: Json, *, team_id: str = TEAM_ID, api_app_id: str = APP_ID,
    event_id: str | None = None, event_time: int | None = None,
) -> SlackRequest:  # fmt: skip
    """An Events API event_callback envelope around `event`; re-send it to simulate a retry."""
    when = event_time or int(float(event.get("event_ts") or time.time()))
    context = {
        "et": event.get("type"),
        "tid": team_id,
        "aid": api_app_id,
        "cid": event.get("channel"),
    }
    return json_request({
        "token": VERIFICATION_TOKEN, "team_id": team_id, "context_team_id": team_id,
        "context_enterprise_id": None, "api_app_id": api_app_id, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{secrets.token_hex(5).upper()}",
        "event_time": when,
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
        "event_context": "4-" + base64.urlsafe_b64encode(json.dumps(context).encode()).decode(),
    })  # fmt: skip


def url_verification(challenge: str) -> SlackRequest:
    """The handshake Slack sends when the Request URL is saved."""
    return json_request(
        {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    )


def _rich_text(text: str) -> Json:
    section = {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
    return {"type": "rich_text", "block_id": secrets.token_hex(3)[:5], "elements": [section]}


def message_event(
    channel: str, user: str, text: str, ts: str | None = None, thread_ts: str | None = None, *,
    channel_type: str = "channel", bot_id: str | None = None, team_id: str = TEAM_ID,
) -> Json:  # fmt: skip
    """A `message` event as a person (or, with bot_id, an app) posting sends it."""
    ts = ts or now_ts()
    ev: Json = {"type": "message", "user": user, "text": text, "ts": ts, "team": team_id}
    ev |= {"bot_id": bot_id, "app_id": APP_ID} if bot_id else {"client_msg_id": str(uuid.uuid4())}
    ev |= {"blocks": [_rich_text(text)], "channel": channel, "event_ts": ts}
    ev |= {"thread_ts": thread_ts} if thread_ts else {}
    return ev | {"channel_type": channel_type}


def app_mention_event(
    channel: str, user: str, text: str, ts: str | None = None, thread_ts: str | None = None
) -> Json:
    """An `app_mention` event; `text` should contain <@UCRISISBOT>."""
    ts = ts or now_ts()
    ev: Json = {"type": "app_mention", "user": user, "text": text, "ts": ts, "team": TEAM_ID}
    ev |= {"client_msg_id": str(uuid.uuid4()), "blocks": [_rich_text(text)]}
    ev |= {"thread_ts": thread_ts} if thread_ts else {}
    return ev | {"channel": channel, "event_ts": ts}


def message_changed_event(
    channel: str, ts: str, text: str, previous_text: str, *, user: str,
    event_ts: str | None = None, thread_ts: str | None = None,
) -> Json:  # fmt: skip
    """A hidden `message_changed` event for the message at `ts`."""
    event_ts = event_ts or now_ts()
    base: Json = {"type": "message", "user": user, "ts": ts, "team": TEAM_ID}
    base |= {"thread_ts": thread_ts} if thread_ts else {}
    new = base | {"text": text, "edited": {"user": user, "ts": event_ts}}
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel,
            "ts": event_ts, "event_ts": event_ts, "channel_type": "channel", "message": new,
            "previous_message": base | {"text": previous_text}}  # fmt: skip


def message_deleted_event(
    channel: str, deleted_ts: str, *, user: str, previous_text: str = "",
    event_ts: str | None = None, thread_ts: str | None = None,
) -> Json:  # fmt: skip
    """A hidden `message_deleted` event for the message at `deleted_ts`."""
    event_ts = event_ts or now_ts()
    previous: Json = {"type": "message", "user": user, "text": previous_text, "ts": deleted_ts}
    previous |= {"thread_ts": thread_ts} if thread_ts else {}
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel,
            "ts": event_ts, "deleted_ts": deleted_ts, "event_ts": event_ts,
            "channel_type": "channel", "previous_message": previous}  # fmt: skip


def _reaction(
    kind: str, user: str, reaction: str, channel: str, ts: str, item_user: str | None,
    event_ts: str | None,
) -> Json:  # fmt: skip
    ev: Json = {"type": kind, "user": user, "reaction": reaction}
    # Messages not written by a user (e.g. from webhooks) come without item_user.
    ev |= {"item_user": item_user} if item_user else {}
    item = {"type": "message", "channel": channel, "ts": ts}
    return ev | {"item": item, "event_ts": event_ts or now_ts()}


def reaction_added_event(
    user: str, reaction: str, item_channel: str, item_ts: str, item_user: str | None = None,
    *, event_ts: str | None = None,
) -> Json:  # fmt: skip
    """A `reaction_added` event on a message."""
    return _reaction("reaction_added", user, reaction, item_channel, item_ts, item_user, event_ts)


def reaction_removed_event(
    user: str, reaction: str, item_channel: str, item_ts: str, item_user: str | None = None,
    *, event_ts: str | None = None,
) -> Json:  # fmt: skip
    """A `reaction_removed` event on a message."""
    return _reaction("reaction_removed", user, reaction, item_channel, item_ts, item_user, event_ts)


def app_home_opened_event(
    user: str, *, channel: str | None = None, tab: str = "home", view: Json | None = None
) -> Json:
    """An `app_home_opened` event; `view` is present once a home tab was published."""
    ev: Json = {"type": "app_home_opened", "user": user, "channel": channel or f"D{user[1:]}"}
    ev |= {"tab": tab, "event_ts": now_ts()}
    return ev | ({"view": view} if view else {})
