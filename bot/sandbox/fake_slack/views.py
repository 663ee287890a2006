"""The fake Slack's views.* methods: modals opened with a trigger_id and stacked (at most
three), and App Home tabs published per person; every change gets a new hash."""

from __future__ import annotations

import copy

from bot.sandbox.fake_slack.api import WebApi
from bot.sandbox.fake_slack.state import (
    APP_ID,
    TRIGGER_TTL,
    Json,
    SlackError,
    check_view,
    digest,
)

# Slack keeps these whatever an app sends in a view.
_FIXED_VIEW_KEYS = (
    "id",
    "team_id",
    "state",
    "root_view_id",
    "previous_view_id",
    "app_id",
    "bot_id",
)


class ViewsApi(WebApi):
    """views.open, views.push, views.update and views.publish; FakeSlack holds the lock."""

    def _use_trigger(self, args: Json) -> str:
        key = args.get("trigger_id") or args.get("interactivity_pointer")
        trigger = self._triggers.get(str(key))
        if trigger is None or self._now() - trigger.issued > TRIGGER_TTL:
            raise SlackError("expired_trigger_id")
        if trigger.used:
            raise SlackError("exchanged_trigger_id")
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
            raise SlackError("duplicate_external_id")
        view |= copy.deepcopy(raw) | {k: view[k] for k in _FIXED_VIEW_KEYS}
        view["blocks"] = self._with_block_ids(raw.get("blocks", []))
        # Every change gets a new hash, so a stale one sent back is a hash_conflict.
        view["hash"] = f"{int(self._now())}.{digest(view['id'] + self._next_ts(), 8)}"
        return {"view": copy.deepcopy(view)}

    def _api_views_open(self, args: Json) -> Json:
        raw = check_view(args.get("view"), "modal")
        user = self._use_trigger(args)
        answer = self._new_view(raw)
        self._stacks[user] = [answer["view"]["id"]]
        return answer

    def _api_views_push(self, args: Json) -> Json:
        raw = check_view(args.get("view"), "modal")
        stack = self._stacks.setdefault(self._use_trigger(args), [])
        if len(stack) >= 3:
            raise SlackError("push_limit_reached")
        answer = self._new_view(raw, *(stack[0], stack[-1]) if stack else ())
        stack.append(answer["view"]["id"])
        return answer

    def _api_views_update(self, args: Json) -> Json:
        raw = check_view(args.get("view"))
        external = args.get("external_id")
        by_external = (v for v in self._views.values() if external and v["external_id"] == external)
        view = self._views.get(str(args.get("view_id"))) or next(by_external, None)
        if view is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != view["hash"]:
            raise SlackError("hash_conflict")
        return self._apply(view, raw)

    def _api_views_publish(self, args: Json) -> Json:
        raw = check_view(args.get("view"), "home")
        user = str(args.get("user_id"))
        if user not in self._users:
            raise SlackError("user_not_found")
        home = self._views.get(self._homes.get(user, ""))
        if home is None:
            answer = self._new_view(raw)
            self._homes[user] = answer["view"]["id"]
            return answer
        if args.get("hash") and args["hash"] != home["hash"]:
            raise SlackError("hash_conflict")
        return self._apply(home, raw)
