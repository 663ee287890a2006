"""What the Slack client does for the person at the sandbox page: turn a typed command, a
message, a click or a form into the signed request Slack would send the bot, apply the
answer inside the ack, and show the workspace as the fake Slack holds it."""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.fake_slack.state import TEAM_ID, Message, SlackError, ts_key
from bot.sandbox.local import CHANNEL

Json = dict[str, Any]
_TROUBLE = "We had some trouble connecting. Try again?"  # Slack's words in a stuck form
_REFUSED = (SlackApiError, SlackClientError, SlackError)  # an answer Slack would not take


class BadRequest(ValueError):
    """The page asked for something that does not exist (an unknown message, view or user)."""


@dataclass
class SlackClient:
    """One workspace, many people: the page names who acts on every request."""

    fake: FakeSlack
    sender: sr.SlackSender
    channel: str = CHANNEL
    _errors: dict[str, tuple[str, Json]] = field(default_factory=dict)  # view id -> hash, errors
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _people: list[Json] | None = None
    ack_seconds: float = sr.ACK_SECONDS

    # -- what the page shows -----------------------------------------------------------------

    def users(self) -> list[Json]:
        """The people in #crisis-room (the bot left out), for the picker and user selects."""
        if self._people is None:
            # Asked once, as a client does at start: the sample workspace does not change.
            client = self._web()
            ids = set(client.conversations_members(channel=self.channel)["members"])
            self._people = [
                {
                    "id": u["id"],
                    "name": u["name"],
                    "real_name": u["real_name"],
                    "title": (u.get("profile") or {}).get("title") or "",
                }
                for u in client.users_list()["members"]
                if u["id"] in ids and not u["is_bot"] and u["id"] != "USLACKBOT"
            ]
        return list(self._people)

    def state(self, user: str, thread_ts: str | None = None) -> Json:
        """Everything `user` sees: the channel, an open thread, their ephemerals, modal, home."""
        self._known(user)
        messages = [self._message(m) for m in self.fake.messages(self.channel)]
        thread = (
            [self._message(m) for m in self.fake.replies(self.channel, thread_ts)]
            if thread_ts
            else []
        )
        ephemerals = [
            {"ts": e.ts, "text": e.text, "blocks": e.blocks, "thread_ts": e.thread_ts}
            for e in self.fake.ephemerals(channel=self.channel, user=user)
        ]
        modal = self.fake.open_view(user)
        errors: Json = {}
        if modal is not None:
            with self._lock:
                known = self._errors.get(modal["id"])
            errors = known[1] if known and known[0] == modal.get("hash") else {}
        snapshot: Json = {
            "user": user,
            "channel": {"id": self.channel, "name": "crisis-room"},
            "users": self.users(),
            "messages": messages,
            "thread": thread,
            "ephemerals": sorted(ephemerals, key=lambda e: ts_key(e["ts"])),
            "modal": modal,
            "modal_errors": errors,
            "home": self.fake.home(user),
            # the app's direct messages to this person (its Messages tab in Slack)
            "direct": [self._message(m) for m in self.fake.direct_messages(user)],
        }
        digest = hashlib.sha1(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()
        return {"version": digest[:16], **snapshot}

    @staticmethod
    def _message(message: Message) -> Json:
        shown = message.to_api(TEAM_ID, include_metadata=False)
        shown["is_bot"] = message.bot_id is not None
        return shown

    # -- what the person does ----------------------------------------------------------------

    def command(self, user: str, text: str) -> Json:
        """`/crisis <text>` typed in #crisis-room; an answer in the ack is shown to them alone."""
        self._known(user)
        command, _, rest = text.strip().partition(" ")
        request = sr.slash_command(
            rest.strip(),
            command=command,
            user_id=user,
            channel_id=self.channel,
            trigger_id=self.fake.new_trigger_id(user),
            response_url=self.fake.response_url("commands", user, self.channel),
        )
        reply, problem = self._send(request)
        answer = _json_or_empty(reply.body)
        text, blocks = answer.get("text", ""), answer.get("blocks") or []
        try:
            if not problem and (text or blocks) and answer.get("response_type") == "in_channel":
                self.fake.post_app_answer(self.channel, answer)
            elif not problem and (text or blocks):
                self.fake.show_ephemeral(self.channel, user, text, blocks)
        except SlackError as err:
            problem = str(err.args[0])
        if problem:  # Slack's own words, to the person alone
            self.fake.show_ephemeral(
                self.channel, user, f'{command} failed with the error "{problem}"'
            )
        return {"status": reply.status} | _problem(problem, command)

    def message(self, user: str, text: str, thread_ts: str | None = None) -> Json:
        """A message (or a thread reply) stored as Slack stores it, then sent as an event."""
        self._known(user)
        try:
            ts = self.fake.post_user_message(self.channel, user, text, thread_ts=thread_ts)
        except ValueError as err:
            raise BadRequest(str(err)) from None
        event = sr.message_event(self.channel, user, text, ts=ts, thread_ts=thread_ts)
        reply, problem = self._send(sr.event(event))
        return {"status": reply.status, "ts": ts} | _problem(problem, "the message")

    def action(self, user: str, where: Json, block_id: str, action_id: str, value: Any) -> Json:
        """A click or choice on a message, an ephemeral message or an open view."""
        self._known(user)
        kind = where.get("kind")
        place: Json  # where the click was, as block_actions describes it
        if kind in ("view", "home"):
            view = (
                self._open_view(user, where.get("view_id")) if kind == "view" else self._home(user)
            )
            element = _element(view.get("blocks", []), block_id, action_id)
            place = {"view": view, "state": where.get("state") or {}}
        elif kind == "message":
            message = self.fake.message(self.channel, str(where.get("ts")))
            if message is None:
                raise BadRequest(f"no message {where.get('ts')} in #crisis-room")
            element = _element(message.blocks, block_id, action_id)
            hook = self.fake.response_url(
                "actions",
                user,
                self.channel,
                message_ts=message.ts,
                thread_ts=message.thread_ts if message.is_reply else None,  # not a thread's root
            )
            place = {"channel_id": self.channel, "message": message, "response_url": hook}
        elif kind == "ephemeral":
            ts = str(where.get("ts"))
            blocks, thread_ts = self._ephemeral(user, ts)
            element = _element(blocks, block_id, action_id)
            hook = self.fake.response_url(
                "actions", user, self.channel, message_ts=ts, ephemeral=True, thread_ts=thread_ts
            )
            place = {"channel_id": self.channel, "message_ts": ts, "response_url": hook}
        else:
            raise BadRequest(f"unknown place for an action: {kind!r}")
        try:
            action = sr.element_action(element, block_id, value)
        except (ValueError, TypeError) as err:
            raise BadRequest(f"cannot send a {element['type']} choice: {err}") from None
        request = sr.block_actions(
            [action],
            user_id=user,
            trigger_id=self.fake.new_trigger_id(user),
            **place,
        )
        reply, problem = self._send(request)
        return {"status": reply.status} | _problem(problem, "the click")

    def submit(self, user: str, view_id: str, values: Json) -> Json:
        """Submit the open modal with what was typed; apply the bot's response_action."""
        view = self._open_view(user, view_id)
        request = sr.view_submission(
            view, user_id=user, values=values, trigger_id=self.fake.new_trigger_id(user)
        )
        reply, problem = self._send(request)
        answer = _json_or_empty(reply.body)
        action = answer.get("response_action")
        try:
            if problem or reply.status != 200:
                # Slack keeps the form open, what was typed in it, and says so.
                self._form_error(view, _TROUBLE)
            elif action == "errors":
                with self._lock:
                    self._errors[view_id] = (view.get("hash", ""), dict(answer.get("errors") or {}))
            elif action == "update":
                # Slack replaces the view itself; the fake's views.update is how it changes one.
                self._web().views_update(view_id=view_id, view=answer.get("view"))
            elif action == "push":
                self.fake.push_view(user, answer.get("view"))
            elif action == "clear":
                self.fake.close_views(user)
            else:  # an empty ack closes this view and shows the one under it, if any
                self.fake.close_top_view(user)
        except _REFUSED as err:
            code = err.response.get("error") if isinstance(err, SlackApiError) else err.args[0]
            self._form_error(view, f"The app's answer was refused ({code}).")
        return {"status": reply.status, "response_action": action}

    def _form_error(self, view: Json, text: str) -> None:
        """A message at the top of the open form (not next to a field)."""
        with self._lock:
            self._errors[view["id"]] = (view.get("hash", ""), {"": text})

    def close(self, user: str, view_id: str) -> Json:
        """The person closes the modal on top (all of them for a view with clear_on_close);
        view_closed is sent when the view asks for it."""
        view = self._open_view(user, view_id)
        cleared = bool(view.get("clear_on_close")) and len(self.fake.view_stack(user)) > 1
        if view.get("clear_on_close"):
            self.fake.close_views(user)
        else:
            self.fake.close_top_view(user)
        if view.get("notify_on_close"):
            reply, problem = self._send(sr.view_closed(view, user_id=user, is_cleared=cleared))
            return {"status": reply.status} | _problem(problem, "closing the form")
        return {"status": 200}

    def react(self, user: str, ts: str, name: str) -> Json:
        """The person adds (or, clicked again, removes) an emoji reaction on a message."""
        self._known(user)
        try:
            added, message = self.fake.react(self.channel, ts, user, name)
        except ValueError as err:
            raise BadRequest(str(err)) from None
        builder = sr.reaction_added_event if added else sr.reaction_removed_event
        event = builder(user, name, self.channel, ts, message.user)  # the bot's own id on its posts
        reply, problem = self._send(sr.event(event))
        return {"status": reply.status, "added": added} | _problem(problem, "the reaction")

    def file(self, file_id: str, user: str = "") -> tuple[str, str, bytes]:
        """A file shared in the channel, or sent to `user` directly: (name, mimetype,
        content), as Slack serves it. A file sent to someone else directly is not theirs
        to open."""
        places = [self.channel] + ([self.fake.direct_channel(user)] if user else [])
        for up in (up for place in places for up in self.fake.uploaded(channel=place)):
            if up.id == file_id:
                return up.name, up.mimetype, up.content
        raise BadRequest(f"no file {file_id} in #crisis-room or your direct messages")

    def open_home(self, user: str) -> Json:
        """The person opens the bot's App Home tab."""
        self._known(user)
        event = sr.app_home_opened_event(user, view=self.fake.home(user))
        reply, problem = self._send(sr.event(event))
        return {"status": reply.status} | _problem(problem, "opening Home")

    # -- lookups -----------------------------------------------------------------------------

    def _known(self, user: str) -> None:
        if user not in {u["id"] for u in self.users()}:
            raise BadRequest(f"{user!r} is not a member of #crisis-room")

    def _open_view(self, user: str, view_id: Any) -> Json:
        view = self.fake.open_view(user)
        if view is None or view["id"] != view_id:
            raise BadRequest(f"view {view_id} is not open for {user}")
        return view

    def _home(self, user: str) -> Json:
        home = self.fake.home(user)
        if home is None:
            raise BadRequest(f"no App Home published for {user}")
        return home

    def _ephemeral(self, user: str, ts: str) -> tuple[list[Json], str | None]:
        """An ephemeral message's blocks and thread, as `user` sees it."""
        for e in self.fake.ephemerals(channel=self.channel, user=user):
            if e.ts == ts:
                return e.blocks, e.thread_ts
        raise BadRequest(f"no ephemeral message {ts} for {user}")

    def _send(self, request: sr.SlackRequest) -> tuple[sr.Reply, str]:
        """Deliver as Slack does; the reply and, when there was none, Slack's error code."""
        return self.sender.deliver(request, ack_seconds=self.ack_seconds)

    def _web(self) -> WebClient:
        return WebClient(token=self.fake.bot_token, base_url=self.fake.url)


def _problem(problem: str, what: str) -> Json:
    """For the page's status line: what Slack would show as a warning beside the control."""
    return {"problem": f"crisisbot did not answer {what} ({problem})"} if problem else {}


def _json_or_empty(body: bytes) -> Json:
    try:
        decoded = json.loads(body) if body.strip() else {}
    except ValueError:
        return {}
    return decoded if isinstance(decoded, dict) else {}


def _element(blocks: list[Json], block_id: str, action_id: str) -> Json:
    for block in blocks:
        if block.get("block_id") != block_id:
            continue
        for element in [block.get("element"), block.get("accessory"), *block.get("elements", [])]:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return element
    raise BadRequest(f"no element {block_id}/{action_id} there")
