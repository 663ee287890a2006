"""The bot and a fake Slack on 127.0.0.1, wired as in production: the real WSGI app
behind a local HTTP server, requests signed as Slack signs them, the real WebClient
talking to the fake Web API. Used by `crisisbot run` without tokens and by tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.clock import Clock, utc_now
from bot.config import Settings, load_settings
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.slack.runtime import Runtime, build_runtime
from bot.slack.web import wsgi_app

CHANNEL = "C0CRISIS"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    """A WSGI server on a thread per request, so a slow request does not hold up the rest."""

    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    """A WSGI request handler that does not log every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class LocalSlack:
    fake: FakeSlack
    runtime: Runtime
    sender: sr.SlackSender
    base_url: str

    def settle(self, timeout: float = 15) -> bool:
        """Wait for listeners, then the deliverer, to finish what is in flight."""
        return self.runtime.side.pool.wait_idle(timeout) and self.runtime.deliverer.wait_delivered(
            timeout
        )

    def command(self, text: str, user: str, *, channel: str = CHANNEL) -> sr.Reply:
        trigger = self.fake.new_trigger_id(user)
        return self.sender.send(
            sr.slash_command(text, user_id=user, channel_id=channel, trigger_id=trigger)
        )

    def click(self, action_id: str, value: str, user: str, *, message: Any) -> sr.Reply:
        action = sr.button_action(action_id, "b", value)
        request = sr.block_actions(
            [action],
            user_id=user,
            message=message,
            trigger_id=self.fake.new_trigger_id(user),
            channel_id=CHANNEL,
        )
        return self.sender.send(request)

    def submit(self, view: dict[str, Any], user: str, values: dict[str, Any]) -> sr.Reply:
        return self.sender.send(sr.view_submission(view, user_id=user, values=values))

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> sr.Reply:
        """Send an event and wait for it to be handled, as Slack sends them one by one."""
        reply = self.sender.send(sr.event(event, event_id=event_id), retry_num=retry_num)
        self.runtime.side.pool.wait_idle(15)
        return reply


def local_settings(
    fake: FakeSlack, database_url: str, secret: str, base: Settings | None = None, **env: str
) -> Settings:
    """Settings pointing the bot at the fake Web API; the rest from `base` or defaults."""
    values = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": fake.url,
    }
    if base is not None:
        values |= {
            "CRISISBOT_PLAYBOOKS": str(base.playbooks_dir),
            "CRISISBOT_MESSAGES": str(base.messages_dir),
            "ORG_TIMEZONE": base.org_timezone,
            "ORG_NAME": base.org_name,
            "ORG_PHONE": base.org_phone,
            "ORG_EMAIL": base.org_email,
            "ORG_WEBSITE": base.org_website,
        }
    return load_settings({**values, **env}, env_file=None)


@contextmanager
def local_slack(
    database_url: str,
    *,
    base: Settings | None = None,
    header_delay: float = 0,
    fake: FakeSlack | None = None,
    clock: Clock = utc_now,
    remind_every: float = 15.0,
    **env: str,
) -> Iterator[LocalSlack]:
    """The bot on a local HTTP server, talking to `fake` (a new fake Slack if None)."""
    with contextlib.ExitStack() as stack:
        if fake is None:
            fake = stack.enter_context(FakeSlack())
            fake.start()
        secret = secrets.token_hex(16)
        settings = local_settings(fake, database_url, secret, base, **env)
        runtime = build_runtime(
            settings,
            header_delay=dt.timedelta(seconds=header_delay),
            clock=clock,
            remind_every=remind_every,
        )
        stack.callback(runtime.close)
        server = make_server(
            "127.0.0.1",
            0,
            wsgi_app(runtime),
            server_class=ThreadingServer,
            handler_class=QuietHandler,
        )
        stack.callback(server.server_close)
        # A short poll keeps shutdown quick (the default half second, at every stop).
        threading.Thread(
            target=server.serve_forever, args=(0.05,), name="crisisbot-local-http", daemon=True
        ).start()
        stack.callback(server.shutdown)
        base_url = f"http://127.0.0.1:{server.server_port}"
        yield LocalSlack(
            fake=fake, runtime=runtime, sender=sr.SlackSender(base_url, secret), base_url=base_url
        )
