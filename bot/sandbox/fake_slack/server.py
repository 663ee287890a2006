"""A fake Slack Web API on 127.0.0.1 that the real slack_sdk WebClient talks to.

The records and checks live in state.py, the Web API methods in api.py (views.* in views.py),
files.* (with the upload URL) in files.py, response URLs in hooks.py, what people do in the
workspace in people.py, the copy kept on disk in saved.py and the HTTP server in
transport.py; FakeSlack puts them together behind one lock.
"""

from __future__ import annotations

import copy
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from bot.sandbox.cast import CAST, COMMS
from bot.sandbox.fake_slack.files import FilesApi
from bot.sandbox.fake_slack.hooks import HooksApi
from bot.sandbox.fake_slack.people import PeopleApi
from bot.sandbox.fake_slack.saved import SavedApi
from bot.sandbox.fake_slack.scopes import manifest_scopes
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
    Json,
    Message,
    Trigger,
    User,
    digest,
)
from bot.sandbox.fake_slack.transport import HttpTransport
from bot.sandbox.fake_slack.views import ViewsApi


class FakeSlack(HttpTransport, FilesApi, HooksApi, PeopleApi, ViewsApi, SavedApi):
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
        # The bot token's scopes: what the app's manifest asks for (see scopes.py).
        self.scopes: frozenset[str] | None = manifest_scopes()
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
        self._server = None  # serving once started; typed in HttpTransport
        self.add_user(bot_user_id, "crisisbot", "Crisis Bot").is_bot = True
        # users.list includes Slackbot, and unlike app bots it has is_bot false.
        self.add_user("USLACKBOT", "slackbot", "Slackbot")
        if seed:
            for person in CAST:
                self.add_user(
                    person.id, person.name, person.real_name, person.is_admin, title=person.title
                )
            staff = {person.id for person in CAST}
            # The crisis room is private, as a hospital keeps it (confidential incidents
            # such as a PHI leak run only in a private channel).
            self.add_channel(CHANNEL_ID, "crisis-room", staff, is_private=True)
            self.add_channel("C0GENERAL", "general", staff, bot_is_member=False)

    # -- workspace setup ---------------------------------------------------------------------

    def add_user(
        self, id: str, name: str, real_name: str, is_admin: bool = False, *, title: str = "",
        guest: str | None = None, team: str | None = None,
    ) -> User:  # fmt: skip
        """Add (or replace) a person: a member, a `guest` ("multi" or "single" channel),
        or someone from another organisation's workspace `team` (Slack Connect)."""
        if guest not in (None, "multi", "single"):
            raise ValueError("guest is 'multi' or 'single'")
        with self._lock:
            self._users[id] = User(
                id, name, real_name, is_admin, title=title, guest=guest, team=team
            )
            return self._users[id]

    def add_channel(
        self, id: str, name: str, members: set[str], bot_is_member: bool = True,
        is_private: bool = False, ext_shared: bool = False,
    ) -> Channel:  # fmt: skip
        """Add (or replace) a channel; the bot is in it unless `bot_is_member` is False;
        `ext_shared`: shared with another organisation through Slack Connect."""
        with self._lock:
            everyone = set(members) | ({self.bot_user_id} if bot_is_member else set())
            self._channels[id] = Channel(id, name, everyone, is_private, ext_shared)
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

    def new_trigger_id(self, user: str = COMMS.id) -> str:
        """A trigger_id for `user` that views.open/push accept once, within 3 seconds."""
        with self._lock:
            n = next(self._ids)
            trigger = f"{n:013d}.{n * 7919:010d}.{digest(f'{self.team_id}:{n}', 32)}"
            self._triggers[trigger] = Trigger(user, self._now())
            return trigger

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

    def clear_faults(self) -> int:
        """Drop every scheduled fault (Slack recovers); how many calls they still had."""
        with self._lock:
            left = sum(f.times for queue in self._faults.values() for f in queue)
            self._faults.clear()
            return left

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

    def direct_messages(self, user: str) -> list[Message]:
        """Copies of what the app sent `user` in its direct messages, oldest first."""
        return self.messages(self.direct_channel(user))

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
