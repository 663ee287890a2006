"""A fake Slack Web API on 127.0.0.1 that the real slack_sdk WebClient talks to."""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import datetime as dt
import hashlib
import itertools
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, urlsplit

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

Json = dict[str, Any]
Clock = Callable[[], "float | dt.datetime"]
FaultKind = Literal["ratelimited", "server_error", "lost_answer", "slow"]

TEAM_ID, TEAM_DOMAIN, APP_ID = "T0CRISIS", "crisis-sandbox", "A0CRISIS"
BOT_USER_ID, BOT_ID, CHANNEL_ID = "UCRISISBOT", "BCRISISBOT", "C0CRISIS"
SAMPLE_STAFF = (
    ("U0COMMS", "dana.whitfield", "Dana Whitfield", True),
    ("U0PRESS", "sam.okafor", "Sam Okafor", False),
    ("U0MEDIC", "priya.nair", "Dr. Priya Nair", False),
    ("U0LEGAL", "jordan.meyer", "Jordan Meyer", False),
)
TRIGGER_TTL = 3.0
MAX_TEXT = 40_000
_JSON_FIELDS = ("blocks", "attachments", "metadata", "view")
_FIXED_VIEW_KEYS = (
    "id",
    "team_id",
    "state",
    "root_view_id",
    "previous_view_id",
    "app_id",
    "bot_id",
)


class _SlackError(Exception):
    """A Slack error answer: {"ok": false, "error": code, **extra}."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.answer: Json = {"ok": False, "error": code, **extra}


@dataclass
class Call:
    """One request the fake received, with its decoded arguments (token removed)."""

    method: str
    args: Json
    at: float
    error: str | None = None  # the Slack error or fault kind answered; None when ok


@dataclass
class Fault:
    """A scheduled failure for the next `times` calls to `method` ("*" for any)."""

    method: str
    kind: FaultKind
    times: int = 1
    retry_after: int = 1
    delay: float = 0.0
    status: int = 500


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    real_name: str
    is_admin: bool = False
    is_bot: bool = False

    def to_api(self, team_id: str) -> Json:
        """The user object users.info and users.list answer with."""
        profile = {"real_name": self.real_name, "display_name": self.name, "team": team_id}
        return {
            "id": self.id, "team_id": team_id, "name": self.name, "deleted": False,
            "real_name": self.real_name, "tz": "UTC", "tz_label": "Coordinated Universal Time",
            "tz_offset": 0, "profile": profile, "is_admin": self.is_admin, "is_owner": False,
            "is_bot": self.is_bot, "is_app_user": False, "updated": 1763900000,
        }  # fmt: skip


@dataclass
class Channel:
    """A channel and who is in it."""

    id: str
    name: str
    members: set[str]
    is_private: bool = False


@dataclass
class Message:
    """A stored channel message or thread reply."""

    channel: str
    ts: str
    text: str
    user: str
    bot_id: str | None = None
    blocks: list[Json] = field(default_factory=list)
    metadata: Json | None = None
    thread_ts: str | None = None
    parent_user_id: str | None = None
    reply_count: int = 0
    reply_users: list[str] = field(default_factory=list)
    latest_reply: str | None = None
    edited: bool = False
    edited_ts: str | None = None
    broadcast: bool = False

    @property
    def is_reply(self) -> bool:
        """True for a thread reply (not the thread's root)."""
        return self.thread_ts is not None and self.thread_ts != self.ts

    def to_api(self, team_id: str, include_metadata: bool) -> Json:
        """The message object as chat.* and conversations.* return it."""
        out: Json = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        out["team"] = team_id
        if self.bot_id:
            out |= {"bot_id": self.bot_id, "app_id": APP_ID}
        if self.blocks:
            out["blocks"] = copy.deepcopy(self.blocks)
        if self.broadcast:
            out["subtype"] = "thread_broadcast"
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.is_reply:
            out["parent_user_id"] = self.parent_user_id
        elif self.reply_count:
            out |= {"reply_count": self.reply_count, "reply_users_count": len(self.reply_users)}
            out |= {"latest_reply": self.latest_reply, "reply_users": list(self.reply_users)}
        if self.edited:
            out["edited"] = {"user": self.user, "ts": self.edited_ts}
        if include_metadata and self.metadata:
            out["metadata"] = copy.deepcopy(self.metadata)
        return out


@dataclass
class Ephemeral:
    """An ephemeral message only `user` saw."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[Json]
    thread_ts: str | None


@dataclass
class _Trigger:
    user: str
    issued: float
    used: bool = False


def _digest(text: str, length: int) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:length]


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _ts_key(ts: Any) -> tuple[int, int]:
    # Compare as integers: a float cannot hold a ts's 16 significant digits exactly.
    secs, _, frac = str(ts).partition(".")
    return int(secs or 0), int((frac + "000000")[:6])


def _errors_answer(code: str, problems: list[str], **extra: Any) -> _SlackError:
    messages = [f"[ERROR] {p}" for p in problems]
    return _SlackError(code, **extra, response_metadata={"messages": messages})


def _block_errors(blocks: Any, pointer: str, limit: int) -> list[str]:
    if not isinstance(blocks, list):
        return [f"expected an array [json-pointer:{pointer}]"]
    if len(blocks) > limit:
        return [f"no more than {limit} items allowed [json-pointer:{pointer}]"]
    errors: list[str] = []
    for i, raw in enumerate(blocks):
        where = f"{pointer}/{i}"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            errors.append(f"missing required field: type [json-pointer:{where}]")
            continue
        try:
            block = Block.parse(raw)
            if block is None:
                errors.append(f"unsupported type: {raw['type']} [json-pointer:{where}/type]")
            else:
                block.validate_json()
        except (SlackObjectFormationError, AttributeError, KeyError, TypeError, ValueError) as err:
            errors.append(f"{err} [json-pointer:{where}]")
    return errors


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


class FakeSlack:
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
        self._triggers: dict[str, _Trigger] = {}
        self._faults: dict[str, deque[Fault]] = {}
        self._calls: list[Call] = []
        self._last_micros = 0
        self._ids = itertools.count(1)
        self._server: _Server | None = None
        self.add_user(bot_user_id, "crisisbot", "Crisis Bot").is_bot = True
        # users.list includes Slackbot, and unlike app bots it has is_bot false.
        self.add_user("USLACKBOT", "slackbot", "Slackbot")
        if seed:
            for user_id, name, real_name, admin in SAMPLE_STAFF:
                self.add_user(user_id, name, real_name, is_admin=admin)
            staff = {s[0] for s in SAMPLE_STAFF}
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

    def new_trigger_id(self, user: str = SAMPLE_STAFF[0][0]) -> str:
        """A trigger_id for `user` that views.open/push accept once, within 3 seconds."""
        with self._lock:
            n = next(self._ids)
            trigger = f"{n:013d}.{n * 7919:010d}.{_digest(f'{self.team_id}:{n}', 32)}"
            self._triggers[trigger] = _Trigger(user, self._now())
            return trigger

    def fault(
        self, method: str, kind: FaultKind, times: int = 1, retry_after: int = 1,
        delay: float = 0.0, status: int = 500,
    ) -> None:  # fmt: skip
        """Make the next `times` calls to `method` ("*" for any) fail; faults apply in order."""
        with self._lock:
            fault = Fault(method, kind, times, retry_after, delay, status)
            self._faults.setdefault(method, deque()).append(fault)

    def post_user_message(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> str:
        """Store a message as if `user` posted it and return its ts; no event is delivered."""
        with self._lock:
            try:
                found = self._channel(channel)
                root = self._root(found.id, thread_ts) if thread_ts else None
            except _SlackError as err:
                raise ValueError(f"cannot post to {channel}: {err}") from None
            if user not in found.members:
                raise ValueError(f"{user} is not a member of {channel}")
            return self._store(Message(found.id, self._next_ts(), text, user), root).ts

    # -- inspection --------------------------------------------------------------------------

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

    def open_view(self, user: str) -> Json | None:
        """The modal on top of `user`'s stack, or None."""
        with self._lock:
            stack = self._stacks.get(user)
            return copy.deepcopy(self._views[stack[-1]]) if stack else None

    def close_views(self, user: str) -> None:
        """Close all of `user`'s modals, as the client does after a final submission."""
        with self._lock:
            self._stacks.pop(user, None)

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
        if not url.path.startswith("/api/"):
            return self._send(handler, 404, {"ok": False, "error": "not_found"})
        method = url.path.removeprefix("/api/")
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        try:
            args = _decode_args(handler.headers.get("Content-Type", ""), body, url.query)
        except ValueError:
            return self._send(handler, 200, {"ok": False, "error": "invalid_form_data"})
        bearer = handler.headers.get("Authorization", "").partition("Bearer ")[2]
        token = bearer or args.get("token")
        args.pop("token", None)
        call = Call(method, args, self._now())
        with self._lock:
            self._calls.append(call)
            fault = self._next_fault(method)
        # Ratelimited and server_error calls do no work; the other faults do it, then wait.
        if fault is not None and fault.kind in ("ratelimited", "server_error"):
            call.error = fault.kind
            time.sleep(fault.delay)
            if fault.kind == "ratelimited":
                headers = {"Retry-After": str(fault.retry_after)}
                return self._send(handler, 429, {"ok": False, "error": "ratelimited"}, headers)
            code = "service_unavailable" if fault.status == 503 else "fatal_error"
            return self._send(handler, fault.status, {"ok": False, "error": code})
        answer = self._dispatch(method, token, args)
        call.error = answer.get("error")
        if fault is not None:
            time.sleep(fault.delay)
            if fault.kind == "lost_answer":
                # The work stands but no answer arrives, as when a connection drops mid-reply.
                call.error = fault.kind
                handler.close_connection = True
                return None
        return self._send(handler, 200, answer)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, answer: Json,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        data = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
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
        if token != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        try:
            with self._lock:
                return {"ok": True, **handler(args)}
        except _SlackError as err:
            return err.answer

    # -- state helpers (callers hold the lock) -----------------------------------------------

    def _now(self) -> float:
        now = self.clock()
        return now.timestamp() if isinstance(now, dt.datetime) else float(now)

    def _next_ts(self) -> str:
        # Derived from the clock, yet strictly increasing even when the clock stands still.
        self._last_micros = max(int(self._now() * 1_000_000), self._last_micros + 1)
        return f"{self._last_micros // 1_000_000}.{self._last_micros % 1_000_000:06d}"

    def _channel(self, ref: Any, *, member: bool = False) -> Channel:
        name = str(ref or "").lstrip("#")
        by_name = (c for c in self._channels.values() if c.name == name)
        found = self._channels.get(name) or next(by_name, None)
        if found is None:
            raise _SlackError("channel_not_found")
        if member and self.bot_user_id not in found.members:
            raise _SlackError("not_in_channel")
        return found

    def _find(self, channel: str, ts: Any) -> Message | None:
        return next((m for m in self._messages.get(channel, []) if m.ts == ts), None)

    def _root(self, channel: str, ts: Any) -> Message:
        found = self._find(channel, ts)
        if found is None:
            raise _SlackError("thread_not_found")
        # A reply's ts still leads to its thread, as on Slack.
        parent = self._find(channel, found.thread_ts) if found.is_reply else None
        return parent or found

    def _store(self, msg: Message, root: Message | None, broadcast: bool = False) -> Message:
        if root is not None:
            msg.thread_ts = root.thread_ts = root.ts
            msg.parent_user_id, msg.broadcast = root.user, broadcast
            root.reply_count += 1
            root.latest_reply = msg.ts
            if msg.user not in root.reply_users:
                root.reply_users.append(msg.user)
        self._messages[msg.channel].append(msg)
        return msg

    def _content(self, args: Json) -> tuple[str, list[Json]]:
        text, blocks = args.get("text"), args.get("blocks")
        if not text and not blocks and not args.get("attachments"):
            raise _SlackError("no_text")
        if isinstance(text, str) and len(text) > MAX_TEXT:
            raise _SlackError("msg_too_long")
        if isinstance(blocks, str):
            raise _SlackError("invalid_blocks_format")
        errors = _block_errors(blocks, "/blocks", 50) if blocks is not None else []
        if errors:
            raise _errors_answer("invalid_blocks", errors, errors=errors)
        return str(text or ""), self._with_block_ids(blocks or [])

    def _with_block_ids(self, blocks: list[Json]) -> list[Json]:
        # Slack fills in a block_id wherever the app left it out.
        out = copy.deepcopy(blocks)
        for i, block in enumerate(out):
            block.setdefault("block_id", _digest(f"{self._last_micros}:{i}", 5))
        return out

    @staticmethod
    def _metadata(raw: Any) -> Json | None:
        if raw is None or raw == {}:
            return None
        valid = isinstance(raw, dict) and isinstance(raw.get("event_type"), str)
        if not valid or not isinstance(raw.get("event_payload"), dict):
            raise _SlackError("invalid_metadata_format")
        metadata: Json = copy.deepcopy(raw)
        return metadata

    @staticmethod
    def _page(
        items: list[Any], args: Json, key: Callable[[Any], str], prefix: str
    ) -> tuple[list[Any], str]:
        # A cursor names the next page's first item, like Slack's base64 "next_ts:..." ones.
        start = 0
        if args.get("cursor"):
            try:
                decoded = base64.b64decode(str(args["cursor"]), validate=True).decode()
                start = next(i for i, it in enumerate(items) if prefix + key(it) == decoded)
            except (binascii.Error, UnicodeDecodeError, StopIteration):
                raise _SlackError("invalid_cursor") from None
        limit = max(1, min(int(args.get("limit") or 100), 1000))
        page, rest = items[start : start + limit], items[start + limit :]
        cursor = base64.b64encode(f"{prefix}{key(rest[0])}".encode()).decode() if rest else ""
        return page, cursor

    # -- Web API: auth, chat -----------------------------------------------------------------

    def _api_api_test(self, args: Json) -> Json:
        return {"args": args}

    def _api_auth_test(self, args: Json) -> Json:
        return {
            "url": f"https://{self.team_domain}.slack.com/", "team": self.team_name,
            "user": self._users[self.bot_user_id].name, "team_id": self.team_id,
            "user_id": self.bot_user_id, "bot_id": self.bot_id, "is_enterprise_install": False,
        }  # fmt: skip

    def _api_chat_postMessage(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"), member=True)
        text, blocks = self._content(args)
        metadata = self._metadata(args.get("metadata"))
        root = self._root(channel.id, args["thread_ts"]) if args.get("thread_ts") else None
        msg = Message(channel.id, self._next_ts(), text, self.bot_user_id, self.bot_id, blocks)
        msg.metadata = metadata
        self._store(msg, root, _flag(args.get("reply_broadcast")))
        return {"channel": channel.id, "ts": msg.ts, "message": msg.to_api(self.team_id, True)}

    def _api_chat_update(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"))
        msg = self._find(channel.id, args.get("ts"))
        if msg is None:
            raise _SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise _SlackError("cant_update_message")
        text, blocks = self._content(args)
        # Left-out blocks and metadata are kept; an empty value clears them.
        msg.metadata = self._metadata(args["metadata"]) if "metadata" in args else msg.metadata
        msg.blocks = blocks if "blocks" in args else msg.blocks
        msg.text, msg.edited, msg.edited_ts = text, True, self._next_ts()
        answer = msg.to_api(self.team_id, True)
        return {"channel": channel.id, "ts": msg.ts, "text": text, "message": answer}

    def _api_chat_postEphemeral(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"), member=True)
        if args.get("user") not in channel.members:
            raise _SlackError("user_not_in_channel")
        text, blocks = self._content(args)
        ts, thread_ts = self._next_ts(), args.get("thread_ts") or None
        self._ephemerals.append(Ephemeral(channel.id, args["user"], ts, text, blocks, thread_ts))
        return {"message_ts": ts}

    def _api_chat_getPermalink(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"))
        msg = self._find(channel.id, args.get("message_ts"))
        if msg is None:
            raise _SlackError("message_not_found")
        link = (
            f"https://{self.team_domain}.slack.com/archives/{channel.id}/p{msg.ts.replace('.', '')}"
        )
        if msg.is_reply:
            link += f"?thread_ts={msg.thread_ts}&cid={channel.id}"
        return {"channel": channel.id, "permalink": link}

    # -- Web API: conversations, users -------------------------------------------------------

    @staticmethod
    def _window(msgs: list[Message], args: Json) -> list[Message]:
        inclusive = _flag(args.get("inclusive"))
        low, high = _ts_key(args.get("oldest") or 0), _ts_key(args.get("latest") or "9" * 10)
        inside = [m for m in msgs if low < _ts_key(m.ts) < high]
        edges = [m for m in msgs if inclusive and _ts_key(m.ts) in (low, high)]
        return sorted(inside + edges, key=msgs.index)

    def _message_page(self, msgs: list[Message], args: Json) -> Json:
        page, cursor = self._page(msgs, args, lambda m: m.ts, "next_ts:")
        # Metadata only comes back when asked for, so the bot must ask to read its own.
        metadata = _flag(args.get("include_all_metadata"))
        answer: Json = {"messages": [m.to_api(self.team_id, metadata) for m in page]}
        answer["has_more"] = bool(cursor)
        return answer | ({"response_metadata": {"next_cursor": cursor}} if cursor else {})

    def _api_conversations_history(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"), member=True)
        top = [m for m in reversed(self._messages[channel.id]) if not m.is_reply or m.broadcast]
        return self._message_page(self._window(top, args), args) | {"pin_count": 0}

    def _api_conversations_replies(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"), member=True)
        root = self._root(channel.id, args.get("ts"))
        thread = [m for m in self._messages[channel.id] if m.thread_ts == root.ts and m is not root]
        return self._message_page([root, *self._window(thread, args)], args)

    def _api_conversations_info(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"))
        info: Json = {
            "id": channel.id, "name": channel.name, "name_normalized": channel.name,
            "is_channel": True, "is_group": False, "is_im": False, "is_mpim": False,
            "is_private": channel.is_private, "is_archived": False,
            "is_general": channel.name == "general", "created": 1763900000,
            "is_member": self.bot_user_id in channel.members,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }  # fmt: skip
        if _flag(args.get("include_num_members")):
            info["num_members"] = len(channel.members)
        return {"channel": info}

    def _api_conversations_members(self, args: Json) -> Json:
        members = sorted(self._channel(args.get("channel")).members)
        page, cursor = self._page(members, args, str, "user:")
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def _api_users_info(self, args: Json) -> Json:
        user = self._users.get(str(args.get("user")))
        if user is None:
            raise _SlackError("user_not_found")
        return {"user": user.to_api(self.team_id)}

    def _api_users_list(self, args: Json) -> Json:
        page, cursor = self._page(list(self._users.values()), args, lambda u: u.id, "user:")
        members = [u.to_api(self.team_id) for u in page]
        metadata = {"next_cursor": cursor}
        return {"members": members, "cache_ts": int(self._now()), "response_metadata": metadata}

    # -- Web API: views ----------------------------------------------------------------------

    @staticmethod
    def _check_view(raw: Any, kind: str | None = None) -> Json:
        if not isinstance(raw, dict):
            raise _errors_answer("invalid_arguments", ["missing required field: view"])
        errors: list[str] = []
        try:
            View(**raw).validate_json()
        except (SlackObjectFormationError, TypeError) as err:
            errors.append(f"{err} [json-pointer:/view]")
        if kind and raw.get("type") != kind:
            errors.append(f"must be {kind} [json-pointer:/view/type]")
        if raw.get("type") == "modal" and not raw.get("title"):
            errors.append("missing required field: title [json-pointer:/view/title]")
        errors += _block_errors(raw.get("blocks", []), "/view/blocks", 100)
        if errors:
            raise _errors_answer("invalid_arguments", errors)
        return raw

    def _use_trigger(self, args: Json) -> str:
        key = args.get("trigger_id") or args.get("interactivity_pointer")
        trigger = self._triggers.get(str(key))
        if trigger is None or self._now() - trigger.issued > TRIGGER_TTL:
            raise _SlackError("expired_trigger_id")
        if trigger.used:
            raise _SlackError("exchanged_trigger_id")
        trigger.used = True
        return trigger.user

    def _new_view(self, raw: Json, root: str | None = None, previous: str | None = None) -> Json:
        view_id = f"V{next(self._ids):09d}"
        self._views[view_id] = {
            "id": view_id, "team_id": self.team_id, "type": raw["type"], "private_metadata": "",
            "callback_id": "", "external_id": "", "state": {"values": {}}, "hash": "",
            "title": None, "close": None, "submit": None, "clear_on_close": False,
            "notify_on_close": False, "previous_view_id": previous, "root_view_id": root or view_id,
            "app_id": APP_ID, "app_installed_team_id": self.team_id, "bot_id": self.bot_id,
        }  # fmt: skip
        return self._apply(self._views[view_id], raw)

    def _apply(self, view: Json, raw: Json) -> Json:
        external = raw.get("external_id")
        taken = (v for v in self._views.values() if v["id"] != view["id"])
        if external and any(v["external_id"] == external for v in taken):
            raise _SlackError("duplicate_external_id")
        view |= copy.deepcopy(raw) | {k: view[k] for k in _FIXED_VIEW_KEYS}
        view["blocks"] = self._with_block_ids(raw.get("blocks", []))
        # Every change gets a new hash, so a stale one sent back is a hash_conflict.
        view["hash"] = f"{int(self._now())}.{_digest(view['id'] + self._next_ts(), 8)}"
        return {"view": copy.deepcopy(view)}

    def _api_views_open(self, args: Json) -> Json:
        raw = self._check_view(args.get("view"), "modal")
        user = self._use_trigger(args)
        answer = self._new_view(raw)
        self._stacks[user] = [answer["view"]["id"]]
        return answer

    def _api_views_push(self, args: Json) -> Json:
        raw = self._check_view(args.get("view"), "modal")
        stack = self._stacks.setdefault(self._use_trigger(args), [])
        if len(stack) >= 3:
            raise _SlackError("push_limit_reached")
        answer = self._new_view(raw, *(stack[0], stack[-1]) if stack else ())
        stack.append(answer["view"]["id"])
        return answer

    def _api_views_update(self, args: Json) -> Json:
        raw = self._check_view(args.get("view"))
        external = args.get("external_id")
        by_external = (v for v in self._views.values() if external and v["external_id"] == external)
        view = self._views.get(str(args.get("view_id"))) or next(by_external, None)
        if view is None:
            raise _SlackError("not_found")
        if args.get("hash") and args["hash"] != view["hash"]:
            raise _SlackError("hash_conflict")
        return self._apply(view, raw)

    def _api_views_publish(self, args: Json) -> Json:
        raw = self._check_view(args.get("view"), "home")
        user = str(args.get("user_id"))
        if user not in self._users:
            raise _SlackError("user_not_found")
        home = self._views.get(self._homes.get(user, ""))
        if home is None:
            answer = self._new_view(raw)
            self._homes[user] = answer["view"]["id"]
            return answer
        if args.get("hash") and args["hash"] != home["hash"]:
            raise _SlackError("hash_conflict")
        return self._apply(home, raw)
