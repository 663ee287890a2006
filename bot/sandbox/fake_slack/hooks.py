"""The fake Slack's response URLs: where an app answers a slash command or a click later.

Slack puts a `response_url` in every slash command and every block_actions payload from a
message. The app may POST JSON to it up to five times within 30 minutes: a new message
(`response_type` "ephemeral", the default, shown to the person alone, or "in_channel"), or,
for a click on a message, `replace_original` / `delete_original`. The URLs point at the fake's
own server (HOOK_PATH), so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.sandbox.fake_slack.api import WebApi
from bot.sandbox.fake_slack.state import Ephemeral, Json, Message, SlackError

HOOK_PATH = "/hooks/"
HOOK_METHOD = "response_url"  # the name response URL requests have in the call log
HOOK_USES, HOOK_SECONDS = 5, 30 * 60
TOMBSTONE = "This message was deleted."


@dataclass
class _Hook:
    kind: str  # "commands" or "actions"
    user: str  # who typed or clicked: the one who sees an ephemeral answer
    channel: str
    issued: float
    message_ts: str | None = None  # the message clicked, for replace/delete_original
    ephemeral: bool = False  # that message was an ephemeral one
    thread_ts: str | None = None  # where an answer goes when the click was in a thread
    uses: int = 0


class HooksApi(WebApi):
    """response_url(): a URL for an interaction; POSTs to it are answered by _receive_hook."""

    _lock: threading.RLock
    _hooks: dict[str, _Hook]

    if TYPE_CHECKING:

        @property
        def url(self) -> str: ...

    def response_url(
        self, kind: str, user: str, channel: str, *, message_ts: str | None = None,
        ephemeral: bool = False, thread_ts: str | None = None,
    ) -> str:  # fmt: skip
        """A new response URL for one interaction by `user` in `channel`."""
        key = secrets.token_urlsafe(18)
        with self._lock:
            now = self._now()
            for old in [k for k, h in self._hooks.items() if now - h.issued > HOOK_SECONDS]:
                del self._hooks[old]  # expired: answered like an unknown URL from now on
            self._hooks[key] = _Hook(
                kind, user, channel, self._now(), message_ts, ephemeral, thread_ts
            )
        number = secrets.randbelow(10**13)
        return f"{self.url.removesuffix('/api/')}{HOOK_PATH}{kind}/{self.team_id}/{number}/{key}"

    def _receive_hook(self, path: str, body: bytes) -> tuple[int, Json]:
        """A POST to a response URL, answered (HTTP status, body) as Slack answers it."""
        key = path.rstrip("/").rpartition("/")[2]
        with self._lock:
            hook = self._hooks.get(key)
            if hook is None:
                return 404, {"ok": False, "error": "no_such_url"}
            if hook.uses >= HOOK_USES or self._now() - hook.issued > HOOK_SECONDS:
                return 404, {"ok": False, "error": "expired_url"}
            try:
                args = json.loads(body or b"null")
            except ValueError:
                return 400, {"ok": False, "error": "invalid_payload"}
            if not isinstance(args, dict):
                return 400, {"ok": False, "error": "invalid_payload"}
            try:
                self._respond(hook, args)
            except SlackError as err:
                return 400, {"ok": False, "error": err.answer["error"]}
            hook.uses += 1
            return 200, {"ok": True}

    def _respond(self, hook: _Hook, args: Json) -> None:
        original = hook.message_ts if hook.kind == "actions" else None
        if original and args.get("delete_original") in (True, "true"):
            if hook.ephemeral:
                self._ephemerals[:] = [e for e in self._ephemerals if not self._is(e, hook)]
            else:
                self._delete(hook.channel, original)
            return
        text, blocks = self._content(args)
        if original and args.get("replace_original") in (True, "true"):
            if hook.ephemeral:
                for e in self._ephemerals:
                    if self._is(e, hook):
                        e.text, e.blocks = text, blocks
                return
            msg = self._find(hook.channel, original)
            if msg is None:
                raise SlackError("message_not_found")
            msg.text, msg.blocks, msg.edited, msg.edited_ts = text, blocks, True, self._next_ts()
            return
        thread_ts = args.get("thread_ts") or hook.thread_ts
        if args.get("response_type") == "in_channel":
            root = self._root(hook.channel, thread_ts) if thread_ts else None
            msg = Message(
                hook.channel, self._next_ts(), text, self.bot_user_id, self.bot_id, blocks
            )
            self._store(msg, root)
            return
        self._ephemerals.append(
            Ephemeral(hook.channel, hook.user, self._next_ts(), text, blocks, thread_ts)
        )

    def _api_chat_delete(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"))
        msg = self._find(channel.id, args.get("ts"))
        if msg is None:
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_delete_message")
        self._delete(channel.id, msg.ts)
        return {"channel": channel.id, "ts": msg.ts}

    def _delete(self, channel: str, ts: str) -> None:
        """As Slack deletes a message: a thread's root with replies stays as a placeholder."""
        msg = self._find(channel, ts)
        if msg is None:
            raise SlackError("message_not_found")
        if not msg.is_reply and msg.reply_count:
            # Slack's placeholder: no longer the app's message, so it cannot be edited back.
            msg.text, msg.blocks, msg.files, msg.reactions = TOMBSTONE, [], [], {}
            msg.user, msg.bot_id, msg.metadata = "USLACKBOT", None, None
            return
        self._messages[channel].remove(msg)
        root = self._find(channel, msg.thread_ts) if msg.is_reply else None
        if root is not None:
            replies = [m for m in self._messages[channel] if m.is_reply and m.thread_ts == root.ts]
            root.reply_count = len(replies)
            root.latest_reply = replies[-1].ts if replies else None
            root.reply_users = list(dict.fromkeys(m.user for m in replies))
            if not replies and root.text == TOMBSTONE and root.bot_id is None:
                self._messages[channel].remove(root)  # nothing left to hold the place for

    @staticmethod
    def _is(e: Ephemeral, hook: _Hook) -> bool:
        return e.ts == hook.message_ts and e.user == hook.user and e.channel == hook.channel
