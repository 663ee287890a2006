"""The bot as Slack sees it (bot.sandbox.local), plus what tests look at."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bot.clock import Clock, FixedClock, utc_now
from bot.config import load_settings
from bot.sandbox import requests as sr
from bot.sandbox.local import CHANNEL, LocalSlack, local_slack
from bot.slack import ids
from bot.slack.pacing import Pacer
from tests.conftest import MESSAGES, PLAYBOOKS

__all__ = ["CHANNEL", "HOSPITAL", "Bot", "running_bot"]

# The hospital's name and contacts, which the statements' templates sign with.
HOSPITAL = {
    "ORG_NAME": "Riverside General Hospital",
    "ORG_PHONE": "(617) 555-0100",
    "ORG_WEBSITE": "https://www.riversidegeneral.org",
}

# The longest wait Slack's pacing sets (one message updated at most every two seconds).
PACING = dt.timedelta(seconds=Pacer().update_interval)


class Bot(LocalSlack):
    def select(self, action: dict[str, Any], user: str, *, view: Any) -> sr.Reply:
        return self.sender.send(
            sr.block_actions(
                [action], user_id=user, view=view, trigger_id=self.fake.new_trigger_id(user)
            )
        )

    def settle(self, timeout: float = 15) -> bool:
        deadline = time.monotonic() + timeout
        while not super().settle(min(1.0, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                from bot import outbox

                left = [
                    (w.kind, w.ref, w.attempts, str(w.available_at), w.last_error)
                    for w in outbox.waiting(self.runtime.ctx.db)
                ]
                busy = self.runtime.side.pool.backlog()
                raise AssertionError(
                    f"listeners or the deliverer did not finish: {busy} listener jobs, "
                    f"waiting intents {left[:10]}, now {self.runtime.ctx.clock()}"
                )
            self._let_pacing_pass()
        assert self.runtime.side.errors == [], (
            f"reached Bolt's error handler: {self.runtime.side.errors}"
        )
        return True

    def _let_pacing_pass(self) -> None:
        """On a test's fixed clock, move it to the end of a short wait Slack's pacing set.

        Slack's limits on how often one message may be updated or a channel posted in are
        seconds of real time; the deliverer gives the work back that many seconds later on
        the bot's clock. A fixed clock never gets there by itself, so when nothing else is
        left and the earliest wait is one of those (no longer than an update's interval),
        the clock moves that far, as time would while waiting on Slack."""
        from bot import outbox

        clock = self.runtime.ctx.clock
        if not isinstance(clock, FixedClock):
            return
        left = outbox.waiting(self.runtime.ctx.db)
        if not left or any(w.parked or w.attempts for w in left):
            return
        soonest = min(w.available_at for w in left)
        if soonest.tzinfo is None:
            soonest = soonest.replace(tzinfo=dt.UTC)
        if dt.timedelta(0) < soonest - clock.now <= PACING:
            clock.now = soonest

    def newest_ref(self) -> str:
        """The reference of the incident whose header was posted last."""
        refs = [
            m.metadata["event_payload"]["incident"]
            for m in self.fake.messages(CHANNEL)
            if m.metadata
        ]
        assert refs, "no incident posted"
        return str(refs[-1])

    def start(self, text: str, user: str) -> str:
        """`/crisis start TEXT` typed by `user`; the new incident's reference."""
        assert self.command(f"start {text}", user).status == 200
        self.settle()
        return self.newest_ref()

    def assign_roles(self, ref: str, by: str, holders: dict[str, str]) -> None:
        """`by` opens Assign roles in the thread and gives each role id in `holders` to its
        user."""
        assert self.click(ids.Action.ROLES_OPEN, ref, by, message=self.checklist(ref)).status == 200
        values = {f"role|{role}": {"value": ("users_select", u)} for role, u in holders.items()}
        assert self.submit(self.last_view(by), by, values).status == 200
        self.settle()

    def root(self, ref: str) -> Any:
        for message in self.fake.messages(CHANNEL):
            if (message.metadata or {}).get("event_payload", {}).get("incident") == ref:
                return message
        raise AssertionError(f"no root message for {ref}")

    def thread(self, ref: str) -> list[Any]:
        return self.fake.replies(CHANNEL, self.root(ref).ts)

    def card(self, ref: str, number: int = 1) -> Any:
        """Statement `number`'s card in the incident's thread."""
        for message in self.thread(ref):
            if (message.metadata or {}).get("event_payload", {}).get(
                "key"
            ) == f"statement:{number}":
                return message
        raise AssertionError(f"no card for statement {number}")

    def checklist(self, ref: str) -> Any:
        for message in self.thread(ref):
            if (message.metadata or {}).get("event_payload", {}).get("key") == "checklist":
                return message
        raise AssertionError(f"no checklist for {ref}")

    def last_view(self, user: str) -> dict[str, Any]:
        self.runtime.side.pool.wait_idle(15)
        view = self.fake.open_view(user)
        assert view is not None, f"no modal open for {user}"
        return view

    def ephemerals(self, user: str) -> list[str]:
        self.runtime.side.pool.wait_idle(15)
        return [json.dumps(e.blocks) + e.text for e in self.fake.ephemerals(user=user)]


@contextmanager
def running_bot(
    database_url: str,
    *,
    header_delay: float = 0,
    clock: Clock = utc_now,
    remind_every: float = 15.0,
    **env: str,
) -> Iterator[Bot]:
    base = load_settings(
        {
            "CRISISBOT_PLAYBOOKS": str(PLAYBOOKS),
            "CRISISBOT_MESSAGES": str(MESSAGES),
            "ORG_TIMEZONE": "America/Chicago",
        },
        env_file=None,
    )
    with local_slack(
        database_url, base=base, header_delay=header_delay, clock=clock,
        remind_every=remind_every, **env,
    ) as local:  # fmt: skip
        yield Bot(
            fake=local.fake, runtime=local.runtime, sender=local.sender, base_url=local.base_url
        )


def find_button(message: Any, action_id: str, value_prefix: str = "") -> dict[str, Any]:
    """The button (or accessory) `action_id` of a message whose value starts with
    `value_prefix`, as a person would find it to click."""
    for block in message.blocks:
        elements = (
            block.get("elements", [])
            if block["type"] == "actions"
            else [block.get("accessory") or {}]
        )
        for element in elements:
            if element.get("action_id") == action_id and str(element.get("value", "")).startswith(
                value_prefix
            ):
                return element  # type: ignore[no-any-return]
    raise AssertionError(f"no {action_id} {value_prefix} in {json.dumps(message.blocks)[:500]}")
