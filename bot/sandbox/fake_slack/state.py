"""The fake Slack's records (users, channels, messages, calls) and its block and view checks."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.sandbox.fake_slack import limits

Json = dict[str, Any]
Clock = Callable[[], "float | dt.datetime"]
FaultKind = Literal["ratelimited", "server_error", "lost_answer", "slow", "refused"]

TEAM_ID, TEAM_DOMAIN, APP_ID = "T0CRISIS", "crisis-sandbox", "A0CRISIS"
BOT_USER_ID, BOT_ID, CHANNEL_ID = "UCRISISBOT", "BCRISISBOT", "C0CRISIS"
TRIGGER_TTL = 3.0
MAX_TEXT = 40_000


class SlackError(Exception):
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
    error: str = "invalid_blocks"  # what a "refused" call answers
    channel: str | None = None  # only calls about this channel


@dataclass
class User:
    """A workspace member."""

    id: str
    name: str
    real_name: str
    is_admin: bool = False
    is_bot: bool = False
    title: str = ""
    guest: str | None = None  # "multi" or "single": a multi- or single-channel guest
    team: str | None = None  # another organisation's workspace (Slack Connect)

    def to_api(self, team_id: str) -> Json:
        """The user object users.info and users.list answer with."""
        team = self.team or team_id
        profile = {
            "real_name": self.real_name, "display_name": self.name, "title": self.title,
            "team": team,
        }  # fmt: skip
        user = {
            "id": self.id, "team_id": team, "name": self.name, "deleted": False,
            "real_name": self.real_name, "tz": "UTC", "tz_label": "Coordinated Universal Time",
            "tz_offset": 0, "profile": profile, "is_admin": self.is_admin, "is_owner": False,
            "is_bot": self.is_bot, "is_app_user": False, "updated": 1763900000,
            "is_restricted": self.guest is not None,
            "is_ultra_restricted": self.guest == "single",
        }  # fmt: skip
        if self.team and self.team != team_id:
            user["is_stranger"] = True
        return user


@dataclass
class Channel:
    """A channel and who is in it."""

    id: str
    name: str
    members: set[str]
    is_private: bool = False
    ext_shared: bool = False  # shared with another organisation (Slack Connect)


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
    files: list[Json] = field(default_factory=list)  # file objects, for a file share
    reactions: dict[str, list[str]] = field(default_factory=dict)  # emoji name -> users, in order

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
        if self.files:
            out |= {"subtype": "file_share", "files": copy.deepcopy(self.files), "upload": True}
            out["display_as_bot"] = False
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
        if self.reactions:
            out["reactions"] = [
                {"name": name, "users": list(users), "count": len(users)}
                for name, users in self.reactions.items()
            ]
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
class Trigger:
    """A trigger_id issued to `user`; views.open or views.push takes it once, within TRIGGER_TTL."""

    user: str
    issued: float
    used: bool = False


def ts_key(ts: Any) -> tuple[int, int]:
    """A message ts as a sort key, exact to the microsecond."""
    # Compare as integers: a float cannot hold a ts's 16 significant digits exactly.
    secs, _, frac = str(ts).partition(".")
    return int(secs or 0), int((frac + "000000")[:6])


def digest(text: str, length: int) -> str:
    """`length` hex digits derived from `text`, for ids and hashes shaped like Slack's."""
    return hashlib.sha1(text.encode()).hexdigest()[:length]


def errors_answer(code: str, problems: list[str], **extra: Any) -> SlackError:
    """The error `code` with `problems` listed as Slack lists them ("[ERROR] ...")."""
    messages = [f"[ERROR] {p}" for p in problems]
    return SlackError(code, **extra, response_metadata={"messages": messages})


def block_errors(blocks: Any, pointer: str, limit: int) -> list[str]:
    """What Slack would find wrong with `blocks` (found at `pointer`); empty when valid."""
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
    # What Slack checks and slack_sdk's models do not.
    return errors + [e for e in limits.block_problems(blocks, pointer) if e not in errors]


def check_view(raw: Any, kind: str | None = None) -> Json:
    """`raw` if Slack would take it as a view (of type `kind`, if given); else SlackError."""
    if not isinstance(raw, dict):
        raise errors_answer("invalid_arguments", ["missing required field: view"])
    errors: list[str] = []
    try:
        View(**raw).validate_json()
    except (SlackObjectFormationError, TypeError) as err:
        errors.append(f"{err} [json-pointer:/view]")
    if kind and raw.get("type") != kind:
        errors.append(f"must be {kind} [json-pointer:/view/type]")
    if raw.get("type") == "modal" and not raw.get("title"):
        errors.append("missing required field: title [json-pointer:/view/title]")
    errors += limits.view_problems(raw)
    errors += block_errors(raw.get("blocks", []), "/view/blocks", 100)
    if errors:
        raise errors_answer("invalid_arguments", errors)
    return raw
