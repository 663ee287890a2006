"""A fake Slack Web API on 127.0.0.1 that the real slack_sdk WebClient talks to.

The records and checks live in state.py, the Web API methods in api.py (views.* in views.py),
files.* (with the upload URL) in files.py, response URLs in hooks.py, what people do in the
workspace in people.py and the copy kept on disk in saved.py; FakeSlack puts them together
behind one lock and serves them over HTTP.
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from bot.sandbox.cast import MEMBERS
from bot.sandbox.fake_slack.files import UPLOAD_METHOD, UPLOAD_PATH, FilesApi
from bot.sandbox.fake_slack.hooks import HOOK_METHOD, HOOK_PATH, HooksApi
from bot.sandbox.fake_slack.people import PeopleApi
from bot.sandbox.fake_slack.saved import SavedApi
from bot.sandbox.fake_slack.state import (
    BOT_ID,
    BOT_USER_ID,
    CHANNEL_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    Call,
    Channel,
    Clock,
    Ephemeral,
    Fault,
    FaultKind,
    Json,
    Message,
    SlackError,
    Trigger,
    User,
    digest,
)
from bot.sandbox.fake_slack.views import ViewsApi

_JSON_FIELDS = ("blocks", "attachments", "metadata", "view", "files")
_Work = Callable[[], tuple[int, Json | str]]  # a request's work: its HTTP status and body


def _decode_args(content_type: str, body: bytes, query: str) -> Json:
    args: Json = dict(parse_qsl(query, keep_blank_values=True))
    if content_type.startswith("application/json") and body:
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("a JSON body must be an object")
        args |= decoded
    elif body:
        args |= dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True))
    for name in _JSON_FIELDS:
        # Form posts carry these as JSON strings; an undecodable one is left for validation.
        if isinstance(args.get(name), str):
            with contextlib.suppress(ValueError):
                args[name] = json.loads(args[name])
    return args


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout, dropped answer) is expected; anything else is a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass  # every call is recorded in FakeSlack.calls; stderr lines would only be noise


class FakeSlack(FilesApi, HooksApi, PeopleApi, ViewsApi, SavedApi):
    """An in-memory Slack workspace served over HTTP; one lock guards all state."""

    def __init__(
        self,
        bot_token: str = "xoxb-test-token",
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        *,
        team_name: str = "Crisis Sandbox",
        clock: Clock = time.time,
        seed: bool = True,
    ) -> None:
        self.bot_token, self.team_id, self.team_domain = bot_token, team_id, team_domain
        # Socket Mode: apps.connections.open answers with this WebSocket URL (set by a test).
        self.app_token = "xapp-1-test-app-token"
        self.socket_mode_url: str | None = None
        self.bot_user_id, self.bot_id = bot_user_id, bot_id
        self.team_name, self.clock = team_name, clock
        self._lock = threading.RLock()
        self._users: dict[str, User] = {}
        self._channels: dict[str, Channel] = {}
        self._messages: dict[str, list[Message]] = {}
        self._ephemerals: list[Ephemeral] = []
        self._views: dict[str, Json] = {}
        self._stacks: dict[str, list[str]] = {}
        self._homes: dict[str, str] = {}
        self._triggers: dict[str, Trigger] = {}
        self._files = {}  # uploads and response URLs: typed in FilesApi and HooksApi
        self._hooks = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._calls: list[Call] = []
        self._changes = 0  # counts what may have changed the workspace; see `changes`
        self._last_micros = 0
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self.add_user(bot_user_id, "crisisbot", "Crisis Bot").is_bot = True
        # users.list includes Slackbot, and unlike app bots it has is_bot false.
        self.add_user("USLACKBOT", "slackbot", "Slackbot")
        if seed:
            for person in MEMBERS:
                self.add_user(person.id, person.name, person.real_name, is_admin=person.is_admin)
            staff = {person.id for person in MEMBERS}
            self.add_channel(CHANNEL_ID, "crisis-room", staff)
            self.add_channel("C0GENERAL", "general", staff, bot_is_member=False)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> Self:
        """Bind 127.0.0.1:`port` (0 picks a free one) and serve in a daemon thread."""
        if self._server is None:
            self._server = _Server(port, self)
            server = self._server
            # A short poll keeps stop() quick; the default half second adds up across tests.
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base_url for WebClient: http://127.0.0.1:PORT/api/."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    # -- workspace setup ---------------------------------------------------------------------

    def add_user(self, id: str, name: str, real_name: str, is_admin: bool = False) -> User:
        """Add (or replace) a workspace member."""
        with self._lock:
            self._users[id] = User(id, name, real_name, is_admin)
            return self._users[id]

    def add_channel(
        self, id: str, name: str, members: set[str], bot_is_member: bool = True,
        is_private: bool = False,
    ) -> Channel:  # fmt: skip
        """Add (or replace) a channel; the bot is in it unless `bot_is_member` is False."""
        with self._lock:
            everyone = set(members) | ({self.bot_user_id} if bot_is_member else set())
            self._channels[id] = Channel(id, name, everyone, is_private)
            self._messages.setdefault(id, [])
            return self._channels[id]

    def set_member(self, channel: str, user: str, member: bool = True) -> None:
        """Add `user` to `channel`, or remove them with member=False."""
        with self._lock:
            members = self._channels[channel].members
            if member:
                members.add(user)
            else:
                members.discard(user)

    def new_trigger_id(self, user: str = MEMBERS[0].id) -> str:
        """A trigger_id for `user` that views.open/push accept once, within 3 seconds."""
        with self._lock:
            n = next(self._ids)
            trigger = f"{n:013d}.{n * 7919:010d}.{digest(f'{self.team_id}:{n}', 32)}"
            self._triggers[trigger] = Trigger(user, self._now())
            return trigger

    def fault(
        self, method: str, kind: FaultKind, times: int = 1, retry_after: int = 1,
        delay: float = 0.0, status: int = 500,
    ) -> None:  # fmt: skip
        """Make the next `times` calls to `method` fail; faults apply in order.

        `method` is a Web API method, UPLOAD_METHOD (the upload URLs) or "*" (any request)."""
        with self._lock:
            fault = Fault(method, kind, times, retry_after, delay, status)
            self._faults.setdefault(method, deque()).append(fault)

    # -- inspection --------------------------------------------------------------------------

    @property
    def changes(self) -> int:
        """Grows with every Web API call and everything people do; unchanged means the
        workspace is as it was (so a saved copy need not be written again)."""
        with self._lock:
            return self._changes

    @property
    def calls(self) -> list[Call]:
        """Every request received, oldest first."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls to one Web API method."""
        return [c for c in self.calls if c.method == method]

    def reset_calls(self) -> None:
        """Forget the recorded calls."""
        with self._lock:
            self._calls.clear()

    def messages(self, channel: str, include_replies: bool = False) -> list[Message]:
        """Copies of the channel's messages, oldest first; top level only unless asked."""
        with self._lock:
            kept = [m for m in self._messages.get(channel, []) if include_replies or not m.is_reply]
            return copy.deepcopy(kept)

    def replies(self, channel: str, thread_ts: str) -> list[Message]:
        """Copies of a thread's messages, root first."""
        with self._lock:
            msgs = self._messages.get(channel, [])
            return copy.deepcopy([m for m in msgs if thread_ts in (m.ts, m.thread_ts)])

    def message(self, channel: str, ts: str) -> Message | None:
        """A copy of one message, or None."""
        with self._lock:
            return copy.deepcopy(self._find(channel, ts))

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[Ephemeral]:
        """Copies of the ephemeral messages sent, optionally filtered."""
        with self._lock:
            kept = [e for e in self._ephemerals if channel in (None, e.channel)]
            return copy.deepcopy([e for e in kept if user in (None, e.user)])

    @property
    def views(self) -> dict[str, Json]:
        """Every view opened, pushed or published, by id, as the API shows it."""
        with self._lock:
            return copy.deepcopy(self._views)

    def home(self, user: str) -> Json | None:
        """The home tab published for `user`, or None."""
        with self._lock:
            view_id = self._homes.get(user)
            return copy.deepcopy(self._views[view_id]) if view_id else None

    def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll `predicate` until it returns something truthy and return that."""
        deadline = time.monotonic() + timeout
        while not (result := predicate()):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            time.sleep(0.01)
        return result

    # -- HTTP --------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        if url.path.startswith(UPLOAD_PATH):  # raw bytes in, as files_upload_v2 sends them
            ticket = url.path.removeprefix(UPLOAD_PATH)
            call = Call(UPLOAD_METHOD, {"upload_id": ticket, "length": len(body)}, self._now())
            return self._answer(handler, call, lambda: self._receive_upload(ticket, body))
        if url.path.startswith(HOOK_PATH):  # an app answering through a response_url
            call = Call(HOOK_METHOD, {"path": url.path, "length": len(body)}, self._now())
            return self._answer(handler, call, lambda: self._receive_hook(url.path, body))
        if not url.path.startswith("/api/"):
            return self._send(handler, 404, {"ok": False, "error": "not_found"})
        method = url.path.removeprefix("/api/")
        try:
            args = _decode_args(handler.headers.get("Content-Type", ""), body, url.query)
        except ValueError:
            return self._send(handler, 200, {"ok": False, "error": "invalid_form_data"})
        bearer = handler.headers.get("Authorization", "").partition("Bearer ")[2]
        token = bearer or args.get("token")
        args.pop("token", None)
        call = Call(method, args, self._now())
        return self._answer(handler, call, lambda: (200, self._dispatch(method, token, args)))

    def _answer(self, handler: BaseHTTPRequestHandler, call: Call, work: _Work) -> None:
        with self._lock:
            self._calls.append(call)
            self._changes += 1
            fault = self._next_fault(call.method)
        # Ratelimited and server_error calls do no work; the other faults do it, then wait.
        if fault is not None and fault.kind in ("ratelimited", "server_error"):
            call.error = fault.kind
            time.sleep(fault.delay)
            if fault.kind == "ratelimited":
                headers = {"Retry-After": str(fault.retry_after)}
                return self._send(handler, 429, {"ok": False, "error": "ratelimited"}, headers)
            code = "service_unavailable" if fault.status == 503 else "fatal_error"
            return self._send(handler, fault.status, {"ok": False, "error": code})
        status, answer = work()
        call.error = answer.get("error") if isinstance(answer, dict) else None
        if fault is not None:
            time.sleep(fault.delay)
            if fault.kind == "lost_answer":
                # The work stands but no answer arrives, as when a connection drops mid-reply.
                call.error = fault.kind
                handler.close_connection = True
                return None
        return self._send(handler, status, answer)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, answer: Json | str,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        kind = "text/plain" if isinstance(answer, str) else "application/json"
        data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", f"{kind}; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _next_fault(self, method: str) -> Fault | None:
        for key in (method, "*"):
            queue = self._faults.get(key)
            if queue:
                fault = queue[0]
                fault.times -= 1
                if fault.times <= 0:
                    queue.popleft()
                return fault
        return None

    def _dispatch(self, method: str, token: Any, args: Json) -> Json:
        handler = getattr(self, "_api_" + method.replace(".", "_"), None)
        if handler is None or not method.replace(".", "").isalpha():
            return {"ok": False, "error": "unknown_method", "req_method": method}
        if not token:
            return {"ok": False, "error": "not_authed"}
        if method == "apps.connections.open":  # the one method called with the app token
            if token != self.app_token:
                return {"ok": False, "error": "invalid_auth"}
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_mode_url}
        if token != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        try:
            with self._lock:
                return {"ok": True, **handler(args)}
        except SlackError as err:
            return err.answer
