"""The App Home tab: open incidents the person may see, and the last 30 days' figures,
drawn on the work lane when the tab opens."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from slack_sdk.errors import SlackApiError

from bot import outbox, people
from bot.render.home import home_view
from bot.report.stats import Stats, incident_stats, open_incidents
from bot.slack.lanes import Listener, side_of

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)
HOME_DAYS = 30  # the period the App Home's figures cover
T = TypeVar("T")


@dataclass
class HomeCache:
    """Per process: channel members (a minute), the period's figures (a minute), and
    which playbooks are confidential (a minute: reading the playbook files takes tens of
    milliseconds, too long for every /crisis list)."""

    # channel id -> (monotonic time read, its members)
    members: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)
    figures: tuple[float, Stats] | None = None
    confidential: tuple[float, frozenset[str]] | None = None


def on_home_opened(event: dict[str, Any], context: dict[str, Any]) -> None:
    side = side_of(context)
    user, tab = event.get("user"), event.get("tab")
    if user and tab in (None, "home"):
        side.pool.later(lambda: publish_home(side, str(user)))


def may_see(side: Slackside, user: str, channel: str | None) -> bool:
    """An incident's title and link are shown to members of its channel (and admins):
    a private channel's incident is not everyone's business. Channel members are read
    once a minute per channel; Slack's errors reach the caller."""
    if user in side.ctx.admins:
        return True
    if channel is None:
        return False
    return user in side.members_of(channel)


def confidential(side: Slackside) -> frozenset[str]:
    """The playbooks whose incidents are confidential, read at most once a minute."""
    cached = side.home.confidential
    if cached is None or cached[0] < time.monotonic():
        found = frozenset(p.id for p in side.playbooks() if p.confidential)
        cached = side.home.confidential = (time.monotonic() + 60, found)
    return cached[1]


def visible(side: Slackside, user: str, rows: list[T]) -> tuple[list[T], int]:
    """The rows (incidents, by their channel_id) the person may see, and how many others
    to say are hidden; an incident whose channel Slack does not answer for is left out,
    not shown. A confidential incident is never shown to a guest or someone from another
    organisation, even in its channel, and is not counted among the hidden: to anyone
    outside its channel it does not exist."""
    secret = confidential(side)
    member = people.standing(side.ctx.db, user) == people.MEMBER
    shown, hidden = [], 0
    for row in rows:
        is_secret = getattr(row, "playbook_id", None) in secret
        try:
            seen = (member or not is_secret) and may_see(
                side, user, getattr(row, "channel_id", None)
            )
        except (SlackApiError, OSError) as err:
            log.warning("membership of %s not checked: %s", getattr(row, "channel_id", None), err)
            seen = False
        if seen:
            shown.append(row)
        elif not is_secret:
            hidden += 1
    return shown, hidden


def period_figures(side: Slackside, now: dt.datetime) -> Stats:
    """The period's figures read every incident of 30 days but confidential ones (the tab
    is everyone's; `crisisbot stats` counts them): drawn at most once a minute per
    process, however many people open the tab during a crisis."""
    cached = side.home.figures
    if cached is None or cached[0] < time.monotonic():
        since = now - dt.timedelta(days=HOME_DAYS)
        figures = incident_stats(
            side.ctx, since=since, until=now, now=now, leave_out=confidential(side)
        )
        cached = (time.monotonic() + 60, figures)
        side.home.figures = cached
    return cached[1]


def publish_home(side: Slackside, user: str) -> None:
    now = side.now()
    every = open_incidents(side.ctx, now=now)
    rows, hidden = visible(side, user, every)
    stats = period_figures(side, now)
    delivery = None
    if user in side.ctx.admins:
        troubles = outbox.troubles(side.ctx.db)
        delivery = (troubles.parked, troubles.retrying)
    view = home_view(
        rows,
        stats,
        side.tz,
        side.link,
        HOME_DAYS,
        hidden=hidden,
        delivery=delivery,
    )
    try:
        side.client.views_publish(user_id=user, view=view)
    except SlackApiError as err:
        log.warning("App Home not shown to %s: %s", user, err.response.get("error"))
    except OSError as err:
        log.warning("App Home not shown to %s: %s", user, err)


EVENTS: dict[str, Listener] = {"app_home_opened": on_home_opened}
