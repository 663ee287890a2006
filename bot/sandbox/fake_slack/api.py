"""The fake Slack's auth, chat, conversations and users methods, over the workspace it holds."""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from bot.sandbox.fake_slack import limits
from bot.sandbox.fake_slack.state import (
    MAX_TEXT,
    Channel,
    Clock,
    Ephemeral,
    Json,
    Message,
    SlackError,
    Trigger,
    User,
    block_errors,
    digest,
    errors_answer,
    ts_key,
)


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


class WebApi:
    """Web API method handlers, `_api_<method with dots as underscores>`, for FakeSlack.

    FakeSlack sets up the workspace below and calls a handler with its lock held.
    """

    bot_user_id: str
    bot_id: str
    team_id: str
    team_domain: str
    team_name: str
    clock: Clock
    _users: dict[str, User]
    _channels: dict[str, Channel]
    _messages: dict[str, list[Message]]
    _ephemerals: list[Ephemeral]
    _views: dict[str, Json]
    _stacks: dict[str, list[str]]
    _homes: dict[str, str]
    _triggers: dict[str, Trigger]
    _last_micros: int
    _ids: itertools.count[int]

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
        if name in self._users and name != self.bot_user_id:
            return self._im(name)  # a user id posts in the app's direct messages with them
        by_name = (c for c in self._channels.values() if c.name == name)
        found = self._channels.get(name) or next(by_name, None)
        if found is None:
            raise SlackError("channel_not_found")
        if member and self.bot_user_id not in found.members:
            raise SlackError("not_in_channel")
        return found

    @staticmethod
    def direct_channel(user: str) -> str:
        """The id of the app's direct-message conversation with `user`."""
        return f"D{user[1:]}"

    def _im(self, user: str) -> Channel:
        """The app's direct-message conversation with `user`, opened on first use."""
        im = self.direct_channel(user)
        if im not in self._channels:
            self._channels[im] = Channel(im, im, {user, self.bot_user_id}, is_private=True)
            self._messages.setdefault(im, [])
        return self._channels[im]

    def _find(self, channel: str, ts: Any) -> Message | None:
        return next((m for m in self._messages.get(channel, []) if m.ts == ts), None)

    def _root(self, channel: str, ts: Any) -> Message:
        found = self._find(channel, ts)
        if found is None:
            raise SlackError("thread_not_found")
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
            raise SlackError("no_text")
        if isinstance(text, str) and len(text) > MAX_TEXT:
            raise SlackError("msg_too_long")
        if isinstance(blocks, str):
            raise SlackError("invalid_blocks_format")
        errors = block_errors(blocks, "/blocks", 50) if blocks is not None else []
        if errors:
            raise errors_answer("invalid_blocks", errors, errors=errors)
        if limits.text_size(blocks) > limits.MESSAGE_BLOCK_TEXT:
            raise SlackError("msg_blocks_too_long")
        return str(text or ""), self._with_block_ids(blocks or [])

    def _with_block_ids(self, blocks: list[Json]) -> list[Json]:
        # Slack fills in a block_id wherever the app left it out.
        out = copy.deepcopy(blocks)
        for i, block in enumerate(out):
            block.setdefault("block_id", digest(f"{self._last_micros}:{i}", 5))
        return out

    @staticmethod
    def _metadata(raw: Any) -> Json | None:
        if raw is None or raw == {}:
            return None
        valid = isinstance(raw, dict) and isinstance(raw.get("event_type"), str)
        if not valid or not isinstance(raw.get("event_payload"), dict):
            raise SlackError("invalid_metadata_format")
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
                raise SlackError("invalid_cursor") from None
        limit = max(1, min(int(args.get("limit") or 100), 1000))
        page, rest = items[start : start + limit], items[start + limit :]
        cursor = base64.b64encode(f"{prefix}{key(rest[0])}".encode()).decode() if rest else ""
        return page, cursor

    # -- Web API: auth, chat -----------------------------------------------------------------

    def _api_apps_connections_open(self, args: Json) -> Json:  # answered in dispatch
        return {}

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
            raise SlackError("message_not_found")
        if msg.bot_id != self.bot_id:
            raise SlackError("cant_update_message")
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
            raise SlackError("user_not_in_channel")
        text, blocks = self._content(args)
        ts, thread_ts = self._next_ts(), args.get("thread_ts") or None
        self._ephemerals.append(Ephemeral(channel.id, args["user"], ts, text, blocks, thread_ts))
        return {"message_ts": ts}

    def _api_chat_getPermalink(self, args: Json) -> Json:
        channel = self._channel(args.get("channel"))
        msg = self._find(channel.id, args.get("message_ts"))
        if msg is None:
            raise SlackError("message_not_found")
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
        low, high = ts_key(args.get("oldest") or 0), ts_key(args.get("latest") or "9" * 10)
        inside = [m for m in msgs if low < ts_key(m.ts) < high]
        edges = [m for m in msgs if inclusive and ts_key(m.ts) in (low, high)]
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
            "is_shared": channel.ext_shared, "is_ext_shared": channel.ext_shared,
            "is_org_shared": False, "is_pending_ext_shared": False,
            "is_member": self.bot_user_id in channel.members,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }  # fmt: skip
        if _flag(args.get("include_num_members")):
            info["num_members"] = len(channel.members)
        return {"channel": info}

    def _api_conversations_open(self, args: Json) -> Json:
        """A direct message with one person (a group DM is not modelled: one user only)."""
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            raise SlackError("users_list_not_supplied" if not users else "not_supported")
        if users[0] not in self._users or users[0] == self.bot_user_id:
            raise SlackError("user_not_found")
        known = self.direct_channel(users[0]) in self._channels
        im = self._im(users[0])
        return {"no_op": known, "already_open": known, "channel": {"id": im.id}}

    def _api_conversations_members(self, args: Json) -> Json:
        members = sorted(self._channel(args.get("channel")).members)
        page, cursor = self._page(members, args, str, "user:")
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def _api_users_info(self, args: Json) -> Json:
        user = self._users.get(str(args.get("user")))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": user.to_api(self.team_id)}

    def _api_users_list(self, args: Json) -> Json:
        page, cursor = self._page(list(self._users.values()), args, lambda u: u.id, "user:")
        members = [u.to_api(self.team_id) for u in page]
        metadata = {"next_cursor": cursor}
        return {"members": members, "cache_ts": int(self._now()), "response_metadata": metadata}
