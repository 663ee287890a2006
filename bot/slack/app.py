"""The Bolt app factory: settings + service context + an injectable WebClient."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.errors import SlackUnavailable
from bot.incidents.capture import first_time
from bot.incidents.context import Context
from bot.incidents.view import may
from bot.playbooks.load import load_dir
from bot.playbooks.model import Playbook
from bot.reminders.policy import Policy
from bot.render.notices import ephemeral_refusal
from bot.slack import listeners
from bot.slack.jobs import Jobs
from bot.slack.lanes import ListenerPool
from bot.slack.listeners.home import HomeCache
from bot.slack.people import Directory, people_in

log = logging.getLogger(__name__)
MEMBERS_FOR = 60.0  # seconds a channel's members, as Slack said them, are used

CHANNEL_SECONDS = 60.0  # what Slack says of a channel is asked again after this


# How every Bolt app here is configured; the benchmark's bare Bolt app uses it too.
# process_before_response: a listener runs on the request's thread and the answer leaves
# when it returns. Ours only ack and hand the rest to a ListenerPool lane, so an answer
# waits for nothing else (Bolt's other mode runs listeners on a pool and polls for the
# ack every 10 ms).
BOLT_OPTIONS: dict[str, Any] = {
    "process_before_response": True,
    "token_verification_enabled": False,
    "raise_error_for_unhandled_request": False,
}


@dataclass(frozen=True)
class ChannelFacts:
    """What conversations.info says of a channel an incident is started in."""

    problem: str | None = None  # why the bot cannot run an incident there
    shared: bool = False  # with another organisation (Slack Connect)
    private: bool | None = None  # None: Slack did not say


@dataclass
class Slackside:
    """What every listener needs: the service context and how to answer in Slack."""

    ctx: Context
    settings: Settings
    client: WebClient
    team_url: str = ""
    errors: list[BaseException] = field(default_factory=list)  # what reached Bolt's error handler
    pool: ListenerPool = field(default_factory=ListenerPool)
    quick: WebClient = field(default_factory=WebClient)  # short timeout, for checks before an ack
    home: HomeCache = field(default_factory=HomeCache)
    jobs: Jobs = field(init=False)  # set by build_app: it needs the side itself
    people: Directory = field(init=False)  # set by build_app: people's names from Slack
    # channel id -> (monotonic time to ask again, what Slack said of it)
    _channels: dict[str, tuple[float, ChannelFacts]] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.tz

    @property
    def reminders(self) -> Policy:
        return self.settings.reminders

    def now(self) -> dt.datetime:
        return self.ctx.clock()

    def playbooks(self) -> list[Playbook]:
        return sorted(
            load_dir(self.settings.playbooks_dir, self.settings.messages_dir).values(),
            key=lambda p: p.title,
        )

    def members_of(self, channel: str, *, within: float = MEMBERS_FOR) -> frozenset[str]:
        """A channel's members, as Slack said them at most `within` seconds ago (read
        again otherwise): at most once a minute per channel and process by default.
        Slack's errors reach the caller."""
        cached = self.home.members.get(channel)
        if cached is None or time.monotonic() - cached[0] >= within:
            found: set[str] = set()
            cursor = None
            for _page in range(20):
                response = self.quick.conversations_members(
                    channel=channel, limit=1000, cursor=cursor
                )
                found.update(response.get("members") or [])
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    break
            cached = (time.monotonic(), frozenset(found))
            self.home.members[channel] = cached
        return cached[1]

    def channel_member(self, channel: str, user: str) -> bool | None:
        """Whether `user` is in `channel`; None when Slack cannot say (the service then
        keeps a confidential incident closed to all but admins until it can). Someone
        the minute's copy leaves out is looked up again, so a person just added to the
        channel may act at once (a refusal costs one conversations.members call)."""
        try:
            return user in self.members_of(channel) or user in self.members_of(channel, within=0)
        except (SlackApiError, OSError) as err:
            log.warning("members of %s not read: %s", channel, err)
            return None

    def may(self, user: str, action: str, ref: str) -> bool:
        """Whether `user` may do `action` in the incident now (to offer a control)."""
        return may(self.ctx, user, action, ref)

    def channel(self, channel: str) -> ChannelFacts:
        """Whether the bot can run an incident in `channel` (`problem` says why not), and
        whether it is shared with another organisation. One quick call, remembered for a
        minute; when Slack cannot say, no problem and not shared (the deliverer says so
        if posting fails)."""
        cached = self._channels.get(channel)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        if channel.startswith("D"):
            return ChannelFacts(
                "Incidents run in a channel the team shares, not in a direct message: use "
                "/crisis in the crisis channel."
            )
        try:
            info = self.quick.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError as err:
            if (
                err.response.get("error") == "channel_not_found"
            ):  # private, and the bot is not in it
                return ChannelFacts(
                    f"crisisbot cannot see <#{channel}>. Invite it with `/invite @crisisbot`, "
                    "then try again."
                )
            log.warning("conversations.info %s failed: %s", channel, err.response.get("error"))
            return ChannelFacts()
        except OSError as err:
            log.warning("conversations.info %s failed: %s", channel, err)
            return ChannelFacts()
        if info.get("is_member") is False:
            return ChannelFacts(
                f"crisisbot is not a member of <#{channel}>, so it cannot post the incident "
                "there. Invite it with `/invite @crisisbot`, then try again."
            )
        facts = ChannelFacts(
            shared=bool(info.get("is_ext_shared") or info.get("is_pending_ext_shared")),
            private=bool(info.get("is_private")),
        )
        self._channels[channel] = (time.monotonic() + CHANNEL_SECONDS, facts)
        return facts

    def slack_failed(
        self, channel: str | None, user: str, thread_ts: str | None, err: Exception
    ) -> None:
        """A Web API call a listener needed failed (slow Slack, expired trigger): say so."""
        detail = (
            err.response.get("error") if isinstance(err, SlackApiError) else "no answer from Slack"
        )
        log.warning("listener call failed for %s: %s", user, detail)
        self.refuse(
            channel, user, thread_ts, f"Slack did not respond in time ({detail}); please try again."
        )

    def link(self, channel: str | None, ts: str | None) -> str | None:
        """A link to a thread, built without a Web API call."""
        if not (self.team_url and channel and ts):
            return None
        return f"{self.team_url}archives/{channel}/p{ts.replace('.', '')}"

    def refuse(self, channel: str | None, user: str, thread_ts: str | None, message: str) -> None:
        """Tell one person, in the thread, why their action did nothing."""
        if not channel:
            return
        text, blocks = ephemeral_refusal(message)
        try:
            self.client.chat_postEphemeral(
                channel=channel, user=user, text=text, blocks=blocks, thread_ts=thread_ts
            )
        except SlackApiError as err:
            log.warning("could not tell %s why: %s", user, err.response.get("error"))
        except OSError as err:
            log.warning("could not tell %s why: %s", user, err)


def replay_key(body: dict[str, Any], request: BoltRequest) -> str | None:
    """What makes a form submission this one and no other: its view, the view's version
    (hash), who submitted it and its trigger_id (a person who submits the same form again,
    after a privacy warning, sends a new one; a replay resends the old). Clicks are told
    apart in the inbox (lanes.click_key), events by their event id."""
    if body.get("type") != "view_submission":
        return None
    # Slack gives every submission a new trigger_id; a replay carries the old one.
    sent = str(body.get("trigger_id") or "")
    if not sent:
        sent = request.headers.get("x-slack-request-timestamp", [""])[0]
    if not sent:
        sent = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    view = body["view"]
    parts = ["view", str(view["id"]), str(view.get("hash", "")), str(body["user"]["id"]), sent]
    return "r:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


# Slack's answers to auth.test that mean the token will never work.
_BAD_TOKEN = ("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired")


@dataclass(frozen=True)
class Workspace:
    """What auth.test says of the bot's own workspace: its URL (for links to threads),
    and its ids (who is from another organisation)."""

    url: str = ""
    team_id: str | None = None
    enterprise_id: str | None = None


def check_slack(client: WebClient) -> Workspace:
    """The bot's workspace, checking first that Slack can be reached and accepts the
    token; otherwise one sentence saying what to fix."""
    silent = logging.getLogger("crisisbot.startup-check")
    silent.propagate, silent.disabled = False, True  # the sentence below says it all
    check = WebClient(
        token=client.token, base_url=client.base_url, timeout=10, retry_handlers=[], logger=silent
    )
    try:
        found = check.auth_test()
        return Workspace(
            str(found.get("url") or ""),
            found.get("team_id") or None,
            found.get("enterprise_id") or None,
        )
    except SlackApiError as err:
        code = str(err.response.get("error") or "")
        if code in _BAD_TOKEN:
            raise SlackUnavailable(
                f"Slack refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                "(xoxb-...) from the Slack app's OAuth & Permissions page"
            ) from None
        log.warning("auth.test failed (%s): thread links are left out", code)
        return Workspace()
    except OSError as err:  # URLError, timeouts, refused connections
        reason = getattr(err, "reason", None) or err
        raise SlackUnavailable(
            f"cannot reach Slack at {client.base_url} ({reason}): check the network, "
            "a proxy (HTTPS_PROXY) or SLACK_API_URL"
        ) from None


def build_app(
    settings: Settings, ctx: Context, client: WebClient, *, socket_mode: bool = False
) -> tuple[App, Slackside]:
    """A Bolt app with every crisisbot listener registered."""

    quick = WebClient(token=client.token, base_url=client.base_url, timeout=2, retry_handlers=[])
    side = Slackside(
        ctx=ctx,
        settings=settings,
        client=client,
        quick=quick,
        pool=ListenerPool(work_threads=settings.work_threads),
    )
    side.ctx = replace(ctx, channel_member=side.channel_member)  # for confidential incidents
    side.jobs = Jobs(side, listeners.jobs(), limit=settings.max_backlog)
    workspace = check_slack(client)
    side.team_url = workspace.url
    side.people = Directory(
        ctx.db, client, ctx.clock, team_id=workspace.team_id, enterprise_id=workspace.enterprise_id
    )
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or ("" if socket_mode else None),
        request_verification_enabled=not socket_mode,
        **BOLT_OPTIONS,
    )

    if settings.allowed_team_ids or settings.allowed_channels:

        @app.middleware
        def only_allowed(body: dict[str, Any], next: Any) -> BoltResponse | None:
            team = body.get("team_id") or (body.get("team") or {}).get("id")
            channel = (
                body.get("channel_id")
                or (body.get("channel") or {}).get("id")
                or (body.get("event") or {}).get("channel")
                or ((body.get("event") or {}).get("item") or {}).get("channel")
            )
            if settings.allowed_team_ids and team and team not in settings.allowed_team_ids:
                return BoltResponse(status=200, body="crisisbot is not enabled for this workspace.")
            home = (body.get("event") or {}).get("type") == "app_home_opened"  # a DM channel
            if (
                settings.allowed_channels
                and channel
                and not home
                and channel not in settings.allowed_channels
            ):
                return BoltResponse(status=200, body="crisisbot is not enabled in this channel.")
            return next()  # type: ignore[no-any-return]

    @app.middleware
    def once(body: dict[str, Any], request: BoltRequest, next: Any) -> BoltResponse | None:
        """A form submission is handled once, even when the same signed request arrives
        again within Slack's five minutes (a replay): the second is acked and dropped."""
        key = replay_key(body, request)
        if key is not None and not first_time(ctx, key):
            log.warning("dropped a replayed %s", body.get("type"))
            return BoltResponse(status=200, body="")
        return next()  # type: ignore[no-any-return]

    @app.middleware
    def with_side(context: dict[str, Any], next: Any) -> BoltResponse | None:
        context["side"] = side  # what every listener reads: lanes.side_of(context)
        return next()  # type: ignore[no-any-return]

    @app.middleware
    def meet(body: dict[str, Any], next: Any) -> BoltResponse | None:
        """Learn the names of people the bot has not met (who acts, whom a form picks),
        after the ack: refusals, the report and the App Home show names, not ids."""
        strangers = side.people.strangers(people_in(body))
        if strangers:
            side.pool.now(lambda: side.people.meet(strangers))
        return next()  # type: ignore[no-any-return]

    @app.error
    def on_error(error: BaseException, body: dict[str, Any]) -> None:
        side.errors.append(error)
        log.error(
            "listener failed on %s: %r",
            body.get("type") or body.get("command"),
            error,
            exc_info=error,
        )

    def on_later_error(error: BaseException) -> None:
        side.errors.append(error)
        log.error("listener work after the ack failed: %r", error, exc_info=error)

    side.pool.on_error = on_later_error

    listeners.register(app)
    return app, side
