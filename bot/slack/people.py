"""Learning people's names, and whether they are members, guests or from another
organisation, from Slack: users.info the first time the bot meets someone (and again after
a day), user_change when someone renames themselves or their account changes. Both are
kept with `bot.people`, so everything that shows or checks people reads the database."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import people
from bot.clock import Clock
from bot.store import Database

log = logging.getLogger(__name__)

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
REFRESH_SECONDS = 24 * 3600
RETRY_SECONDS = 300  # after Slack could not say, ask again no sooner than this
ASK_WAIT_SECONDS = 10.0  # the longest a thread waits for another's users.info


class Directory:
    """One per process; `meet` is cheap for people met recently (a dictionary lookup)."""

    def __init__(
        self,
        db: Database,
        client: WebClient,
        clock: Clock,
        *,
        team_id: str | None = None,
        enterprise_id: str | None = None,
    ) -> None:
        self.db = db
        self.client = client
        self.clock = clock
        self.team_id, self.enterprise_id = team_id, enterprise_id
        self._met: dict[str, float] = {}  # user id -> monotonic time to ask Slack again
        self._asking: dict[str, threading.Event] = {}  # user id -> set once answered
        self._lock = threading.Lock()

    def strangers(self, ids: Iterable[str]) -> list[str]:
        """Those of `ids` whose names are not known, or were learnt over a day ago."""
        now = time.monotonic()
        with self._lock:
            return sorted({i for i in ids if USER_ID.match(i) and self._met.get(i, 0.0) <= now})

    def meet(self, ids: Iterable[str]) -> None:
        """Learn who the people in `ids` the bot does not know yet are (users.info), once
        however many threads ask at the same time: a thread that finds someone being asked
        about waits for that answer. A failure is logged; until the next try the person
        is shown by id and taken for a member."""
        for user_id in self.strangers(ids):
            with self._lock:
                asking = self._asking.get(user_id)
                mine = asking is None
                if asking is None:
                    asking = self._asking[user_id] = threading.Event()
            if not mine:
                asking.wait(ASK_WAIT_SECONDS)
                continue
            try:
                self._ask(user_id)
            finally:
                with self._lock:
                    self._asking.pop(user_id, None)
                asking.set()

    def _ask(self, user_id: str) -> None:
        try:
            user = self.client.users_info(user=user_id).get("user") or {}
        except (SlackApiError, OSError) as err:
            error = err.response.get("error") if isinstance(err, SlackApiError) else err
            log.warning("users.info %s failed: %s", user_id, error)
            self._learnt(user_id, RETRY_SECONDS)
            return
        self.learn(user)

    def learn(self, user: dict[str, Any]) -> None:
        """Keep the name in a users.info or user_change user object, and whether they
        are a member, a guest or from another organisation."""
        user_id = str(user.get("id") or "")
        if not USER_ID.match(user_id):
            return
        name = people.shown_name(user)
        standing = people.standing_from(user, self.team_id, self.enterprise_id)
        try:
            people.remember_standing(self.db, user_id, standing, now=self.clock())
            if name is not None:
                people.remember(self.db, user_id, name, now=self.clock())
        except Exception:  # asked again at their next action
            log.exception("could not keep what Slack said of %s", user_id)
            return
        self._learnt(user_id, REFRESH_SECONDS)

    def _learnt(self, user_id: str, seconds: float) -> None:
        with self._lock:
            self._met[user_id] = time.monotonic() + seconds
            if len(self._met) > 50_000:  # forget the earliest
                for key in sorted(self._met, key=self._met.__getitem__)[:25_000]:
                    del self._met[key]


def people_in(body: dict[str, Any]) -> list[str]:
    """The user ids in a request: who acted, and anyone picked in a form."""
    found: list[str] = []
    user = body.get("user")
    if isinstance(user, dict):
        found.append(str(user.get("id") or ""))
    elif isinstance(user, str):
        found.append(user)
    found.append(str(body.get("user_id") or ""))
    event = body.get("event")
    if isinstance(event, dict):
        found.append(str(event.get("user") or "") if isinstance(event.get("user"), str) else "")
    view = body.get("view")
    if isinstance(view, dict):
        found.extend(_picked((view.get("state") or {}).get("values")))
    return [i for i in found if i]


def _picked(values: Any) -> Iterator[str]:
    if not isinstance(values, dict):
        return
    for block in values.values():
        if not isinstance(block, dict):
            continue
        for element in block.values():
            if not isinstance(element, dict):
                continue
            if isinstance(element.get("selected_user"), str):
                yield element["selected_user"]
            for user in element.get("selected_users") or []:
                if isinstance(user, str):
                    yield user
