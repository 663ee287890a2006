"""Everything a Slack-facing process needs, assembled from settings: database, service
context, Web API clients, the Bolt app and the deliverer."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from dataclasses import dataclass, replace

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot import inbox
from bot.clock import Clock
from bot.config import Settings
from bot.escalation import Escalation
from bot.incidents.context import Context
from bot.phi import lexicon
from bot.phi.model import Org
from bot.slack.app import Slackside, build_app
from bot.slack.deliverer import REMINDER_CHECK_SECONDS, Deliverer
from bot.store import Database, connect, upgrade

log = logging.getLogger(__name__)

SWITCH_INTERVAL = 0.001


@dataclass
class Runtime:
    settings: Settings
    db: Database
    ctx: Context
    app: App
    side: Slackside
    deliverer: Deliverer

    def close(self, grace: float | None = None) -> None:
        """Finish the acked work that can be finished within `grace` seconds (default
        STOP_GRACE_SECONDS) and give the rest back to the inbox for the next process
        (nothing acked is lost), then stop delivering."""
        grace = self.settings.stop_grace if grace is None else grace
        backlog = self.side.pool.backlog()
        if backlog:
            log.info("finishing acked requests (%d waiting) for up to %.0f s", backlog, grace)
        self.side.jobs.stop(grace)
        self.side.pool.shutdown()
        self.side.jobs.flush()  # what finished while the pool wound down
        self.deliverer.stop()
        inbox.forget(self.db)
        self.db.dispose()


def web_client(settings: Settings, *, for_listeners: bool) -> WebClient:
    """Listeners' calls are few and urgent (views.open has 3 s): one quick retry on a
    dropped connection or a 429. The deliverer's client retries nothing by itself: it
    retries per intent, and checks Slack before re-posting a message whose outcome it
    did not learn, so nothing is posted twice."""
    handlers = (
        [
            ConnectionErrorRetryHandler(max_retry_count=1),
            RateLimitErrorRetryHandler(max_retry_count=1),
        ]
        if for_listeners
        else []
    )
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url or WebClient.BASE_URL,
        timeout=10 if for_listeners else 30,
        retry_handlers=handlers,
    )


def escalation_of(settings: Settings) -> Escalation | None:
    if not settings.escalation_url:
        return None
    return Escalation(
        url=settings.escalation_url,
        secret=settings.escalation_secret,
        shape=settings.escalation_format,
        routing_key=settings.pagerduty_routing_key,
    )


def build_runtime(
    settings: Settings,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
    header_delay: dt.timedelta | None = None,
    start_deliverer: bool = True,
    socket_mode: bool = False,
    remind_every: float = REMINDER_CHECK_SECONDS,
) -> Runtime:
    if clock is None:
        clock = settings.clock()
    # Acks wait for the interpreter between their database calls while work threads
    # run: a shorter switch interval (5 ms by default) hands it over sooner.
    sys.setswitchinterval(SWITCH_INTERVAL)
    db = connect(database_url or settings.database_url)
    upgrade(db)
    # A commit that wrote intents rings this; the deliverer waits on it between sweeps.
    wake = threading.Event()
    ctx = Context(
        db=db,
        playbooks_dir=settings.playbooks_dir,
        messages_dir=settings.messages_dir,
        clock=clock,
        admins=settings.admins,
        org=Org.from_settings(settings),
        on_commit=wake.set,
    )
    if header_delay is not None:
        ctx = replace(ctx, header_delay=header_delay)
    deliverer = Deliverer(
        ctx,
        web_client(settings, for_listeners=False),
        settings.tz,
        wake=wake,
        retry_for=dt.timedelta(hours=settings.delivery_retry_hours),
        backoff_cap=dt.timedelta(seconds=settings.delivery_backoff_cap),
        escalation=escalation_of(settings),
        reminders=settings.reminders,
        remind_every=remind_every,
    )
    app, side = build_app(
        settings, ctx, web_client(settings, for_listeners=True), socket_mode=socket_mode
    )
    if start_deliverer:
        deliverer.start()
        side.jobs.start()  # and take over work other processes acked and left unfinished
    # The privacy check's word lists, loaded now so the first draft's form (answered
    # within Slack's 3 s) does not wait for them.
    threading.Thread(target=_warm_privacy_check, name="crisisbot-phi-warm", daemon=True).start()
    return Runtime(settings=settings, db=db, ctx=ctx, app=app, side=side, deliverer=deliverer)


def _warm_privacy_check() -> None:
    try:
        lexicon.warm()
    except Exception:  # the first draft will try again and report it
        log.exception("could not load the privacy check's word lists")
