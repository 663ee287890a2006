"""The bot as Slack sees it: the real WSGI app on 127.0.0.1, requests signed as Slack
signs them, and the real WebClient talking to the fake Web API."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.config import load_settings
from bot.sandbox import slack_requests as sr
from bot.sandbox.fake_slack import FakeSlack
from bot.slack.runtime import Runtime, build_runtime
from bot.slack.web import wsgi_app
from tests.conftest import MESSAGES, PLAYBOOKS

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0CRISIS"


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Bot:
    fake: FakeSlack
    runtime: Runtime
    sender: sr.SlackSender
    base_url: str

    # -- sending -------------------------------------------------------------------------

    def command(self, text: str, user: str, *, channel: str = CHANNEL) -> sr.Reply:
        trigger = self.fake.new_trigger_id(user)
        return self.sender.send(
            sr.slash_command(text, user_id=user, channel_id=channel, trigger_id=trigger)
        )

    def click(
        self,
        action_id: str,
        value: str,
        user: str,
        *,
        message: Any = None,
        block_id: str = "b",
        view: Any = None,
        state: Any = None,
    ) -> sr.Reply:
        action = sr.button_action(action_id, block_id, value)
        trigger = self.fake.new_trigger_id(user)
        if view is not None:
            request = sr.block_actions(
                [action], user_id=user, view=view, state=state, trigger_id=trigger
            )
        else:
            request = sr.block_actions(
                [action],
                user_id=user,
                message=message,
                trigger_id=trigger,
                channel_id=message.channel if hasattr(message, "channel") else CHANNEL,
            )
        return self.sender.send(request)

    def select(self, action: dict[str, Any], user: str, *, view: Any) -> sr.Reply:
        return self.sender.send(
            sr.block_actions(
                [action], user_id=user, view=view, trigger_id=self.fake.new_trigger_id(user)
            )
        )

    def submit(self, view: dict[str, Any], user: str, values: dict[str, Any]) -> sr.Reply:
        return self.sender.send(sr.view_submission(view, user_id=user, values=values))

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, retry_num: int | None = None
    ) -> sr.Reply:
        """Send an event and wait for it to be handled, as Slack sends them one by one."""
        reply = self.sender.send(sr.event(event, event_id=event_id), retry_num=retry_num)
        self.runtime.side.pool.wait_idle(15)
        return reply

    # -- looking ---------------------------------------------------------------------------

    def settle(self) -> None:
        """Wait for the listeners, then for the deliverer, to finish their work."""
        assert self.runtime.side.pool.wait_idle(15), "listeners did not finish"
        assert self.runtime.deliverer.wait_delivered(15), "the deliverer did not finish"
        assert self.runtime.side.errors == [], (
            f"reached Bolt's error handler: {self.runtime.side.errors}"
        )

    def root(self, ref: str) -> Any:
        for message in self.fake.messages(CHANNEL):
            if (message.metadata or {}).get("event_payload", {}).get("incident") == ref:
                return message
        raise AssertionError(f"no root message for {ref}")

    def thread(self, ref: str) -> list[Any]:
        root = self.root(ref)
        return self.fake.replies(CHANNEL, root.ts)

    def checklist(self, ref: str) -> Any:
        for message in self.thread(ref):
            payload = (message.metadata or {}).get("event_payload", {})
            if payload.get("key") == "checklist":
                return message
        raise AssertionError(f"no checklist for {ref}")

    def last_view(self, user: str) -> dict[str, Any]:
        self.runtime.side.pool.wait_idle(15)
        view = self.fake.open_view(user)
        assert view is not None, f"no modal open for {user}"
        return view if isinstance(view, dict) else view.to_api()  # type: ignore[no-any-return]

    def ephemerals(self, user: str) -> list[str]:
        self.runtime.side.pool.wait_idle(15)
        return [json.dumps(e.blocks) + e.text for e in self.fake.ephemerals(user=user)]


@contextmanager
def running_bot(database_url: str, *, header_delay: float = 0, **env: str) -> Iterator[Bot]:
    with FakeSlack() as fake:
        fake.start()
        settings = load_settings(
            {
                "DATABASE_URL": database_url,
                "SLACK_BOT_TOKEN": fake.bot_token,
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake.url,
                "CRISISBOT_PLAYBOOKS": str(PLAYBOOKS),
                "CRISISBOT_MESSAGES": str(MESSAGES),
                "ORG_TIMEZONE": "America/Chicago",
                **env,
            },
            env_file=None,
        )
        runtime = build_runtime(settings, header_delay=dt.timedelta(seconds=header_delay))
        server = make_server(
            "127.0.0.1",
            0,
            wsgi_app(runtime),
            server_class=_ThreadingServer,
            handler_class=_QuietHandler,
        )
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            yield Bot(
                fake=fake, runtime=runtime, sender=sr.SlackSender(base, SECRET), base_url=base
            )
        finally:
            server.shutdown()
            server.server_close()
            runtime.close()
