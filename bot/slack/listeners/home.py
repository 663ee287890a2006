"""The App Home tab: open incidents the person may see, and the last 30 days' figures,
drawn on the work lane when the tab opens."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError

from bot.render.home import home_view
from bot.report.stats import Stats, incident_stats, open_incidents
from bot.slack.lanes import Listener, side_of

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)
HOME_DAYS = 30  # the period the App Home's figures cover


@dataclass
class HomeCache:
    """Per process: channel members (a minute), and the period's figures (a minute)."""

    members: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)
    figures: tuple[float, Stats] | None = None


def on_home_opened(event: dict[str, Any], context: dict[str, Any]) -> None:
    side = side_of(context)
    user, tab = event.get("user"), event.get("tab")
    if user and tab in (None, "home"):
        side.pool.later(lambda: publish_home(side, str(user)))


def may_see(side: Slackside, user: str, channel: str | None) -> bool:
    """An incident's title and link are shown to members of its channel (and admins):
    a private channel's incident is not everyone's business."""
    if user in side.ctx.admins:
        return True
    if channel is None:
        return False
    cached = side.home.members.get(channel)
    if cached is None or cached[0] < time.monotonic():
        found: set[str] = set()
        cursor = None
        for _page in range(20):
            response = side.client.conversations_members(channel=channel, limit=1000, cursor=cursor)
            found.update(response.get("members") or [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        cached = (time.monotonic() + 60, frozenset(found))
        side.home.members[channel] = cached
    return user in cached[1]


def period_figures(side: Slackside, now: dt.datetime) -> Stats:
    """The period's figures read every incident of 30 days: drawn at most once a minute
    per process, however many people open the tab during a crisis."""
    cached = side.home.figures
    if cached is None or cached[0] < time.monotonic():
        since = now - dt.timedelta(days=HOME_DAYS)
        cached = (time.monotonic() + 60, incident_stats(side.ctx, since=since, until=now, now=now))
        side.home.figures = cached
    return cached[1]


def publish_home(side: Slackside, user: str) -> None:
    now = side.now()
    try:
        every = open_incidents(side.ctx, now=now)
        rows = [r for r in every if may_see(side, user, r.channel_id)]
    except SlackApiError as err:
        log.warning("App Home not shown to %s: %s", user, err.response.get("error"))
        return
    except OSError as err:  # Slack did not answer the membership check
        log.warning("App Home not shown to %s: %s", user, err)
        return
    stats = period_figures(side, now)
    view = home_view(rows, stats, side.tz, side.link, HOME_DAYS, hidden=len(every) - len(rows))
    try:
        side.client.views_publish(user_id=user, view=view)
    except SlackApiError as err:
        log.warning("App Home not shown to %s: %s", user, err.response.get("error"))
    except OSError as err:
        log.warning("App Home not shown to %s: %s", user, err)


EVENTS: dict[str, Listener] = {"app_home_opened": on_home_opened}
