"""What people do in the fake Slack workspace, beside what the app does through the Web API:
post messages and react to them, see Slack's own ephemeral notes, and move through the stack
of modals (opened, pushed and closed as Slack's client does). No event is delivered from
here; the sandbox's Slack client sends those, signed, as Slack would."""

from __future__ import annotations

import copy
import re
import threading

from bot.sandbox.fake_slack.state import Ephemeral, Json, Message, SlackError, check_view
from bot.sandbox.fake_slack.views import ViewsApi


class PeopleApi(ViewsApi):
    """The people's side of the workspace; FakeSlack holds `_lock` around all state."""

    _lock: threading.RLock
    _changes: int

    def post_user_message(
        self, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> str:
        """Store a message as if `user` posted it and return its ts; no event is delivered."""
        with self._lock:
            self._changes += 1
            try:
                found = self._channel(channel)
                root = self._root(found.id, thread_ts) if thread_ts else None
            except SlackError as err:
                raise ValueError(f"cannot post to {channel}: {err}") from None
            if user not in found.members:
                raise ValueError(f"{user} is not a member of {channel}")
            return self._store(Message(found.id, self._next_ts(), text, user), root).ts

    def show_ephemeral(
        self, channel: str, user: str, text: str, blocks: list[Json] | None = None,
        thread_ts: str | None = None,
    ) -> str:  # fmt: skip
        """An ephemeral message Slack itself shows `user` (a slash command's answer inside its
        ack, or a note that the app did not answer); returns its ts."""
        with self._lock:
            self._changes += 1
            ts = self._next_ts()
            self._ephemerals.append(
                Ephemeral(channel, user, ts, text, list(blocks or []), thread_ts)
            )
            return ts

    def post_app_answer(self, channel: str, args: Json) -> str:
        """Post an app's answer for everyone (a slash command's in_channel ack), as Slack
        itself does; raises SlackError for content Slack would refuse."""
        with self._lock:
            self._changes += 1
            text, blocks = self._content(args)
            msg = Message(channel, self._next_ts(), text, self.bot_user_id, self.bot_id, blocks)
            return self._store(msg, None).ts

    def react(self, channel: str, ts: str, user: str, name: str) -> tuple[bool, Message]:
        """Toggle `user`'s reaction `name` on a message, as a person clicking an emoji does;
        returns (added, a copy of the message). No event is delivered."""
        if not re.fullmatch(r"[a-z0-9_+'-]{1,100}", name):
            raise ValueError(f"{name!r} is not an emoji name")
        with self._lock:
            self._changes += 1
            try:
                found = self._channel(channel)
            except SlackError as err:
                raise ValueError(f"cannot react in {channel}: {err}") from None
            if user not in found.members:
                raise ValueError(f"{user} is not a member of {channel}")
            message = self._find(found.id, ts)
            if message is None:
                raise ValueError(f"no message {ts} in {channel}")
            users = message.reactions.setdefault(name, [])
            added = user not in users
            if added:
                users.append(user)
            else:
                users.remove(user)
                if not users:
                    del message.reactions[name]
            return added, copy.deepcopy(message)

    def open_view(self, user: str) -> Json | None:
        """The modal on top of `user`'s stack, or None."""
        with self._lock:
            stack = self._stacks.get(user)
            return copy.deepcopy(self._views[stack[-1]]) if stack else None

    def close_views(self, user: str) -> None:
        """Close all of `user`'s modals, as the client does after a final submission."""
        with self._lock:
            self._stacks.pop(user, None)

    def close_top_view(self, user: str) -> None:
        """Close the modal on top of `user`'s stack, showing the one under it (if any)."""
        with self._lock:
            stack = self._stacks.get(user)
            if stack:
                stack.pop()
            if not stack:
                self._stacks.pop(user, None)

    def push_view(self, user: str, view: Json) -> Json:
        """Push `view` on `user`'s stack, as Slack does for a `push` response_action."""
        with self._lock:
            raw = check_view(view, "modal")
            stack = self._stacks.setdefault(user, [])
            if len(stack) >= 3:
                raise SlackError("push_limit_reached")
            answer = self._new_view(raw, *(stack[0], stack[-1]) if stack else ())
            stack.append(answer["view"]["id"])
            return copy.deepcopy(answer["view"])

    def view_stack(self, user: str) -> list[str]:
        """The ids of `user`'s open modals, bottom first."""
        with self._lock:
            return list(self._stacks.get(user, []))
