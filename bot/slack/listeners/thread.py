"""Events: replies, edits, deletions and reactions in incident threads go to the log.

The listener keeps the event in the inbox and returns (Bolt then acks it); the capture
itself runs on the work lane, so a burst of thread messages never holds up the acks of
clicks, and a stop or crash before it runs loses nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.incidents import capture
from bot.slack.jobs import Job
from bot.slack.lanes import Listener, side_of

if TYPE_CHECKING:
    from bot.slack.app import Slackside

Json = dict[str, Any]
# Message subtypes that are a person writing in the thread.
REPLY_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}


def on_message(body: Json, event: Json, context: Json) -> None:
    if not _worth_keeping(event):
        return
    # Only the event is kept, not the whole body.
    args = {"event_id": body.get("event_id"), "event": event}
    side_of(context).jobs.submit("message", args, key=_key(body))


def on_reaction_added(body: Json, event: Json, context: Json) -> None:
    args = {"event_id": body.get("event_id"), "event": event, "added": True}
    side_of(context).jobs.submit("reaction", args, key=_key(body))


def on_reaction_removed(body: Json, event: Json, context: Json) -> None:
    args = {"event_id": body.get("event_id"), "event": event, "added": False}
    side_of(context).jobs.submit("reaction", args, key=_key(body))


def _key(body: Json) -> str | None:
    """Slack sends an event again (same event_id) when it thinks it was not acked."""
    event_id = body.get("event_id")
    return f"event:{event_id}"[:64] if event_id else None


def _worth_keeping(event: Json) -> bool:
    """A message that may belong in an incident's log: in a thread, or an edit or deletion
    of one (a channel's other chatter is not written anywhere)."""
    subtype = event.get("subtype")
    if subtype in ("message_changed", "message_deleted"):
        return True
    return bool(event.get("thread_ts")) and event.get("thread_ts") != event.get("ts")


def message_job(side: Slackside, args: Json) -> None:
    capture_message(side, args.get("event_id"), args["event"])


def reaction_job(side: Slackside, args: Json) -> None:
    capture_reaction(side, args.get("event_id"), args["event"], added=bool(args["added"]))


def capture_message(side: Slackside, event_id: str | None, event: Json) -> None:
    channel = event.get("channel")
    subtype = event.get("subtype")
    if not channel:
        return
    if subtype == "message_changed":
        message = event.get("message") or {}
        if message.get("bot_id") or not message.get("thread_ts"):
            return
        capture.capture_edit(
            side.ctx,
            channel_id=channel,
            ts=str(message.get("ts")),
            text=str(message.get("text") or ""),
            event_id=event_id,
            thread_ts=str(message["thread_ts"]),
            user_id=message.get("user"),
            previous_text=(event.get("previous_message") or {}).get("text"),
            link=side.link(channel, str(message.get("ts"))),
        )
    elif subtype == "message_deleted":
        capture.capture_delete(
            side.ctx, channel_id=channel, ts=str(event.get("deleted_ts")), event_id=event_id
        )
    elif subtype in REPLY_SUBTYPES and not event.get("bot_id"):
        thread_ts, ts = event.get("thread_ts"), event.get("ts")
        if not thread_ts or thread_ts == ts or not event.get("user"):
            return
        text = str(event.get("text") or "")
        for f in event.get("files") or []:
            text += f"\n[file: {f.get('name') or f.get('title') or 'attachment'}]"
        capture.capture_reply(
            side.ctx,
            channel_id=channel,
            thread_ts=str(thread_ts),
            ts=str(ts),
            user_id=str(event["user"]),
            text=text,
            event_id=event_id,
            link=side.link(channel, str(ts)),
        )


def capture_reaction(side: Slackside, event_id: str | None, event: Json, *, added: bool) -> None:
    item = event.get("item") or {}
    if item.get("type") != "message" or not event.get("user"):
        return
    capture.capture_reaction(
        side.ctx,
        channel_id=str(item.get("channel")),
        item_ts=str(item.get("ts")),
        user_id=str(event["user"]),
        reaction=str(event.get("reaction", "")),
        added=added,
        event_id=event_id,
    )


JOBS: dict[str, Job] = {"message": message_job, "reaction": reaction_job}
EVENTS: dict[str, Listener] = {
    "message": on_message,
    "reaction_added": on_reaction_added,
    "reaction_removed": on_reaction_removed,
}
