"""Socket Mode against a local WebSocket peer: Slack's envelopes in, acks out, and the
same listeners and deliverer as over HTTP."""

from __future__ import annotations

import json
import queue
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.server import ServerConnection, serve

from bot.config import load_settings
from bot.incidents import view as incident_view
from bot.sandbox.fake_slack.server import FakeSlack
from bot.slack.runtime import build_runtime
from bot.slack.server import connect_socket_mode
from tests.conftest import MESSAGES, PLAYBOOKS

pytestmark = pytest.mark.slow  # a Socket Mode connection


class SocketPeer:
    """Plays Slack's side of a Socket Mode connection."""

    def __init__(self) -> None:
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self.server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self.server.socket.getsockname()[1]}/link/?ticket=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps(
                {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0CRISIS"}}
            )
        )
        self.connected.set()
        while True:
            try:
                envelope = self.outbox.get(timeout=0.05)
                connection.send(json.dumps(envelope))
            except queue.Empty:
                pass
            try:
                message = connection.recv(timeout=0.05)
            except TimeoutError:
                continue
            except Exception:  # the client closed the connection
                return
            self.acks.put(json.loads(message))

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        self.outbox.put(envelope)
        return self.acks.get(timeout=10)

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def peer() -> Iterator[SocketPeer]:
    running = SocketPeer()
    yield running
    running.close()


def test_socket_mode_acks_a_slash_command_and_starts_the_incident(
    peer: SocketPeer, tmp_path: Path
) -> None:
    with FakeSlack() as fake:
        fake.start()
        fake.socket_mode_url = peer.url
        settings = load_settings(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
                "SLACK_BOT_TOKEN": fake.bot_token,
                "SLACK_APP_TOKEN": fake.app_token,
                "SLACK_API_URL": fake.url,
                "CRISISBOT_PLAYBOOKS": str(PLAYBOOKS),
                "CRISISBOT_MESSAGES": str(MESSAGES),
            },
            env_file=None,
        )
        assert settings.slack_mode == "socket"
        runtime = build_runtime(settings, socket_mode=True)
        handler = connect_socket_mode(runtime)
        try:
            assert peer.connected.wait(10)
            fields = {
                "team_id": "T0CRISIS", "channel_id": "C0CRISIS", "user_id": "U0DANA", "command": "/crisis",
                "text": "help", "trigger_id": fake.new_trigger_id("U0DANA"), "response_url": "",
            }  # fmt: skip
            ack = peer.send(
                {
                    "envelope_id": "env-1",
                    "type": "slash_commands",
                    "payload": fields,
                    "accepts_response_payload": True,
                }
            )
            assert ack["envelope_id"] == "env-1"
            assert "Usage:" in ack["payload"]["text"]

            start = {**fields, "text": "start phi-leak Photo with a chart in view"}
            ack = peer.send(
                {
                    "envelope_id": "env-2",
                    "type": "slash_commands",
                    "payload": start,
                    "accepts_response_payload": True,
                }
            )
            assert ack["envelope_id"] == "env-2"
            assert runtime.side.pool.wait_idle(10) and runtime.deliverer.wait_delivered(10)
            [line] = incident_view.list_incidents(runtime.ctx)
            assert line.thread_ts, "the header was posted through the same deliverer"
            assert fake.message("C0CRISIS", line.thread_ts) is not None
            assert runtime.side.errors == []
        finally:
            handler.close()
            runtime.close()
    assert urllib.parse.urlparse(peer.url).scheme == "ws"


def test_socket_mode_acknowledges_envelopes_slack_would_not_send_and_carries_on(
    peer: SocketPeer, tmp_path: Path
) -> None:
    """Each is acked (so Slack stops resending it) and logged; none reaches Bolt, and the
    next good envelope is handled as usual."""
    with FakeSlack() as fake:
        fake.start()
        fake.socket_mode_url = peer.url
        settings = load_settings(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'socket.db'}",
                "SLACK_BOT_TOKEN": fake.bot_token,
                "SLACK_APP_TOKEN": fake.app_token,
                "SLACK_API_URL": fake.url,
                "CRISISBOT_PLAYBOOKS": str(PLAYBOOKS),
                "CRISISBOT_MESSAGES": str(MESSAGES),
            },
            env_file=None,
        )
        runtime = build_runtime(settings, socket_mode=True)
        handler = connect_socket_mode(runtime)
        try:
            assert peer.connected.wait(10)
            # A payload that is not even an object: slack_sdk logs it and drops it unacked.
            peer.outbox.put({"envelope_id": "junk-list", "type": "events_api", "payload": []})
            junk: list[tuple[str, Any]] = [
                ("events_api", {"type": "event_callback", "event": 5}),
                ("interactive", {"type": "block_actions", "actions": [], "user": {"id": "U1"}}),
                ("interactive", {"type": "view_submission", "view": None, "user": {"id": "U1"}}),
                ("slash_commands", {"command": "/crisis"}),
            ]
            for n, (kind, payload) in enumerate(junk):
                ack = peer.send({"envelope_id": f"junk-{n}", "type": kind, "payload": payload})
                assert ack["envelope_id"] == f"junk-{n}"
            fields = {
                "team_id": "T0CRISIS", "channel_id": "C0CRISIS", "user_id": "U0DANA",
                "command": "/crisis", "text": "help", "trigger_id": fake.new_trigger_id("U0DANA"),
                "response_url": "",
            }  # fmt: skip
            ack = peer.send(
                {"envelope_id": "good", "type": "slash_commands", "payload": fields,
                 "accepts_response_payload": True}
            )  # fmt: skip
            assert "Usage:" in ack["payload"]["text"]
            assert runtime.side.errors == []
        finally:
            handler.close()
            runtime.close()
