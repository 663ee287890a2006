"""Events: replies, edits, deletions and reactions in incident threads go to the log.

Bolt acks an event before its listener runs; the capture itself runs on the work lane,
so a burst of thread messages never holds up the acks of clicks."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.incidents import capture
from bot.render.home import home_view
from bot.report.stats import Stats, incident_stats, open_incidents
from bot.slack.app import Slackside

log = logging.getLogger(__name__)
HOME_DAYS = 30  # the period the App Home's figures cover

# Message subtypes that are a person writing in the thread.
_REPLY_SUBTYPES = {None, "thread_broadcast", "file_share", "me_message"}


def register(app: App, side: Slackside) -> None:
    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        event_id = body.get("event_id")  # only the event waits in the queue, not the body
        side.pool.later(lambda: capture_message(event_id, event))

    def capture_message(event_id: str | None, event: dict[str, Any]) -> None:
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
        elif subtype in _REPLY_SUBTYPES and not event.get("bot_id"):
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

    def on_reaction(event_id: str | None, event: dict[str, Any], added: bool) -> None:
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

    @app.event("reaction_added")
    def on_reaction_added(body: dict[str, Any], event: dict[str, Any]) -> None:
        event_id = body.get("event_id")
        side.pool.later(lambda: on_reaction(event_id, event, True))

    @app.event("reaction_removed")
    def on_reaction_removed(body: dict[str, Any], event: dict[str, Any]) -> None:
        event_id = body.get("event_id")
        side.pool.later(lambda: on_reaction(event_id, event, False))

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        user, tab = event.get("user"), event.get("tab")
        if user and tab in (None, "home"):
            side.pool.later(lambda: publish_home(str(user)))

    members: dict[str, tuple[float, frozenset[str]]] = {}  # channel -> (until, members)
    figures: dict[str, tuple[float, Stats]] = {}

    def may_see(user: str, channel: str | None) -> bool:
        """An incident's title and link are shown to members of its channel (and admins):
        a private channel's incident is not everyone's business."""
        if user in side.ctx.admins:
            return True
        if channel is None:
            return False
        cached = members.get(channel)
        if cached is None or cached[0] < time.monotonic():
            found: set[str] = set()
            cursor = None
            for _page in range(20):
                response = side.client.conversations_members(
                    channel=channel, limit=1000, cursor=cursor
                )
                found.update(response.get("members") or [])
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
            cached = (time.monotonic() + 60, frozenset(found))
            members[channel] = cached
        return user in cached[1]

    def publish_home(user: str) -> None:
        """Open incidents the person may see, and the last 30 days' figures (counts only),
        drawn when the tab opens."""
        now = side.now()
        try:
            every = open_incidents(side.ctx, now=now)
            rows = [r for r in every if may_see(user, r.channel_id)]
        except SlackApiError as err:
            log.warning("App Home not shown to %s: %s", user, err.response.get("error"))
            return
        except OSError as err:  # Slack did not answer the membership check
            log.warning("App Home not shown to %s: %s", user, err)
            return
        # The period's figures read every incident of 30 days: drawn at most once a minute
        # per process, however many people open the tab during a crisis.
        cached = figures.get("home")
        if cached is None or cached[0] < time.monotonic():
            since = now - dt.timedelta(days=HOME_DAYS)
            cached = (
                time.monotonic() + 60,
                incident_stats(side.ctx, since=since, until=now, now=now),
            )
            figures["home"] = cached
        stats = cached[1]
        view = home_view(rows, stats, side.tz, side.link, HOME_DAYS, hidden=len(every) - len(rows))
        try:
            side.client.views_publish(user_id=user, view=view)
        except SlackApiError as err:
            log.warning("App Home not shown to %s: %s", user, err.response.get("error"))
        except OSError as err:
            log.warning("App Home not shown to %s: %s", user, err)
