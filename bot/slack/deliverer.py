"""Shows incidents in Slack: claims outbox intents, renders each from the database at
that moment, and calls the Web API. The database is the truth; Slack is a view of it."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete, select, update

from bot import metrics, outbox, people
from bot.clock import Clock, stretch_of
from bot.escalation import Escalation, WebhookError
from bot.incidents import daily
from bot.incidents.context import Context
from bot.incidents.view import IncidentView, get_incident, log_entries
from bot.outbox import Intent
from bot.reminders import service as reminder_service
from bot.reminders.policy import Policy
from bot.render import incident as render
from bot.render.notices import announcement
from bot.render.reminders import reminder as render_reminder
from bot.render.reminders import still_due
from bot.render.report_post import summary_text
from bot.render.statements import card as statement_card
from bot.report import build_report
from bot.report.render import render_html
from bot.slack.pacing import Pacer
from bot.statements.view import get_statement
from bot.store.models import BotMessage, Incident, Reminder

log = logging.getLogger(__name__)

DAILY_CHECK_SECONDS = 60.0  # how often the scheduler looks for headers a new day changes
REMINDER_CHECK_SECONDS = 15.0  # how often it looks for reminders due (a cheap query)
SCHEDULER_TICK = 0.25  # how often the scheduler reads the clock (a moved clock: a look)
METADATA_TYPE = "crisisbot_message"
# Errors that retrying cannot fix: park the intent and say why.
PERMANENT = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "msg_too_long",
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope",
    "cant_update_message", "restricted_action", "thread_not_found", "msg_blocks_too_long",
    "invalid_arguments",
}  # fmt: skip


# What a person is told when Slack refuses something for good, by Slack's error.
MEANING = {
    "channel_not_found": "the channel no longer exists, or the bot cannot see it",
    "not_in_channel": "the bot is not a member of the channel; invite it",
    "is_archived": "the channel is archived",
    "invalid_blocks": "the message breaks Slack's limits",
    "msg_blocks_too_long": "the message is too long for Slack",
    "msg_too_long": "the message is too long for Slack",
    "invalid_auth": "the bot's Slack token is not valid; tell an admin",
    "not_authed": "the bot's Slack token is missing; tell an admin",
    "account_inactive": "the bot's Slack token is not valid; tell an admin",
    "token_revoked": "the bot's Slack token was revoked; tell an admin",
    "missing_scope": "the Slack app lacks a permission; tell an admin",
    "restricted_action": "the workspace does not let the bot post there",
    "thread_not_found": "the incident's thread was deleted",
    "cant_update_message": "the message can no longer be edited",
}


SHORT_WAIT = 1.0
NOTICES_PER_TURN = 5  # seconds a delivery waits for its turn itself, rather than give work back


class NotPrivate(Exception):
    """A confidential incident's channel is not private: nothing of it is posted there."""


class Paused(Exception):
    """A Web API method Slack asked everyone to wait before calling again."""

    def __init__(self, method: str, until: dt.datetime) -> None:
        super().__init__(f"{method} paused until {until:%H:%M:%S}")
        self.until = until


@dataclass
class _Unit:
    """One thing to show (a message, a file), with the intents it answers."""

    label: str
    intents: list[outbox.Claimed]
    show: Callable[[], object]


class Deliverer:
    """One per process; woken by `wake` (set after a commit that wrote intents: the
    context's `on_commit`), or sweeping every second for other processes' intents.

    `threads` deliver different incidents at once, so one slow or hung Web API call holds
    back only its own incident; within an incident, intents go in order. A lease, renewed
    while a delivery runs, keeps other processes off an incident being delivered."""

    def __init__(
        self,
        ctx: Context,
        client: WebClient,
        tz: ZoneInfo,
        *,
        wake: threading.Event | None = None,
        sweep_seconds: float = 1.0,
        threads: int = 4,
        pacer: Pacer | None = None,
        retry_for: dt.timedelta = outbox.RETRY_FOR,
        backoff_cap: dt.timedelta = outbox.BACKOFF_CAP,
        escalation: Escalation | None = None,
        reminders: Policy | None = None,
        remind_every: float = REMINDER_CHECK_SECONDS,
    ) -> None:
        self.remind_every = remind_every
        self.ctx = ctx
        self.escalation = escalation
        self.reminders = reminders  # None: this process sends none (tests that count calls)
        self.client = client
        self.tz = tz
        self.owner = f"deliverer-{uuid.uuid4().hex[:12]}"
        self.sweep_seconds = sweep_seconds
        self.retry_for = retry_for
        self.pacer = pacer or Pacer(budget=self._budget)
        self.backoff_cap = backoff_cap
        self._wake = wake or threading.Event()
        self._stop = threading.Event()
        self._turn = threading.Condition()
        # Held while a delivery thread works in Python (rendering, the database), let go
        # while it waits on Slack: deliveries wait in parallel without competing with the
        # web threads' acks for the interpreter.
        self._cpu = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._count = threads
        self._held: dict[int, int] = {}  # intent id -> deliveries holding it (for renewal)
        self._held_lock = threading.Lock()
        self._paused: dict[str, dt.datetime] = {}
        self._calls = threading.local()  # Web API calls made by this thread's delivery

    # -- running -------------------------------------------------------------------------

    def start(self) -> Deliverer:
        threads = [threading.Thread(target=self._bell, name="crisisbot-deliverer-bell")]
        threads += [
            threading.Thread(target=self._run, args=(n,), name=f"crisisbot-deliverer-{n}")
            for n in range(self._count)
        ]
        threads.append(threading.Thread(target=self._renew, name="crisisbot-lease"))
        threads.append(threading.Thread(target=self._schedule, name="crisisbot-scheduler"))
        for thread in threads:
            thread.daemon = True
            thread.start()
        self._threads = threads
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        with self._turn:
            self._turn.notify_all()
        for thread in self._threads:
            thread.join(timeout)

    def _bell(self) -> None:
        # A commit that wrote intents rings `wake`: one delivery thread goes to look; it
        # calls another when it finds work, so threads join in only while there is work.
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            with self._turn:
                self._turn.notify(1)

    def _run(self, n: int) -> None:
        # Thread 0 also sweeps every second for intents other processes wrote (the CLI,
        # another web process) and for those waiting on a back-off; idle, that is one
        # small SELECT a second. The others wait for a turn.
        while not self._stop.is_set():
            wait = self.sweep_seconds if n == 0 else 60.0
            try:
                due = outbox.next_due(self.ctx.db)
                if due is not None and due <= self.ctx.clock():
                    self.drain()
                    due = outbox.next_due(self.ctx.db)
                if due is not None and n == 0:
                    wait = max(0.0, min(wait, (due - self.ctx.clock()).total_seconds()))
            except Exception:  # keep delivering whatever one bad intent does
                log.exception("deliverer: unexpected error")
            with self._turn:
                if not self._stop.is_set():
                    self._turn.wait(wait)

    def _schedule(self) -> None:
        # Off the delivery threads, so a look never holds back a delivery: headers a new
        # day changes (once a minute) and reminders due (every `remind_every` seconds; on
        # a clock that runs ahead of the wall, an exercise's or sped-up time, as soon as it
        # has moved as far).
        wall_daily = wall_look = 0.0  # monotonic time of the next check and look
        seen_daily = seen_look = None  # the clock at the last check and look
        while not self._stop.wait(SCHEDULER_TICK):
            try:
                now, wall = self.ctx.clock(), time.monotonic()
                if (
                    wall >= wall_daily
                    or _moved(self.ctx.clock, now, seen_daily) >= DAILY_CHECK_SECONDS
                ):
                    wall_daily, seen_daily = wall + DAILY_CHECK_SECONDS, now
                    daily.redraw_headers(self.ctx, self.tz)
                if self.reminders is not None and (
                    wall >= wall_look or _moved(self.ctx.clock, now, seen_look) >= self.remind_every
                ):
                    wall_look, seen_look = wall + self.remind_every, now
                    sent = reminder_service.run(
                        self.ctx, self.tz, self.reminders, paging=self.escalation is not None
                    )
                    metrics.REMINDERS.inc(sent)
            except Exception:  # the next tick tries again
                log.exception("scheduler: unexpected error")

    def _renew(self) -> None:
        while not self._stop.wait(outbox.LEASE.total_seconds() / 3):
            with self._held_lock:
                ids = list(self._held)
            try:
                outbox.renew(
                    self.ctx.db, ids, owner=self.owner, now=self.ctx.clock(), lease=self._lease()
                )
            except Exception:  # the next round tries again; the lease still has 2/3 left
                log.exception("deliverer: could not renew leases")

    def drain(self) -> int:
        """Deliver everything due now, one incident at a time; returns intents handled."""
        handled = 0
        while not self._stop.is_set():
            due = outbox.next_due(self.ctx.db)  # a read: no write lock when nothing is due
            if due is None or due > self.ctx.clock():
                break
            claimed = outbox.claim(
                self.ctx.db, owner=self.owner, now=self.ctx.clock(), lease=self._lease()
            )
            if not claimed:
                break
            self._hold(claimed, +1)
            with self._turn:  # there may be more: another thread may take the next incident
                self._turn.notify(1)
            try:
                self._paused.update(outbox.pauses(self.ctx.db, self.ctx.clock()))
                with self._cpu:
                    self._deliver(claimed[0].incident_id, claimed)
            finally:
                self._hold(claimed, -1)
            handled += len(claimed)
        return handled

    def _lease(self) -> dt.timedelta:
        """The lease in the clock's time: a clock run faster (a rehearsal, the sandbox's
        ×60) would otherwise let a lease run out while its delivery is still working."""
        return outbox.LEASE * stretch_of(self.ctx.clock)

    def _hold(self, intents: list[outbox.Claimed], change: int) -> None:
        with self._held_lock:
            for intent in intents:
                count = self._held.get(intent.id, 0) + change
                if count > 0:
                    self._held[intent.id] = count
                else:
                    self._held.pop(intent.id, None)

    # -- one incident --------------------------------------------------------------------

    def _deliver(self, incident_id: int | None, intents: list[outbox.Claimed]) -> None:
        """One delivery, counted and logged once: what it was for, how long it took, how
        it ended and how many Web API calls it made."""
        started = time.perf_counter()
        self._calls.count = 0
        self._calls.outcome = "done"
        try:
            self._deliver_units(incident_id, intents)
        finally:
            metrics.DELIVERIES.labels(self._calls.outcome).inc(len(intents))
            log.info(
                "delivery",
                extra={
                    "event": "delivery",
                    "incident_id": incident_id,
                    "intents": sorted({str(i.kind) for i in intents}),
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "outcome": self._calls.outcome,
                    "slack_calls": self._calls.count,
                },
            )

    def _deliver_units(self, incident_id: int | None, intents: list[outbox.Claimed]) -> None:
        """Each thing to show on its own: a permanent refusal parks only its intents (and
        tells who caused it); a transient one stops here, and the rest waits its turn."""
        try:
            units = self._units(incident_id, intents) if incident_id is not None else []
        except Exception as err:
            self._failed(intents, [], err, incident_id)
            return
        covered = {i.id for unit in units for i in unit.intents}
        later = [i for i in intents if i.id not in covered]
        if incident_id is not None and later and units:  # their turn comes next
            outbox.retry_later(
                self.ctx.db,
                [i.id for i in later],
                owner=self.owner,
                now=self.ctx.clock(),
                error="",
                failure=outbox.Failure.WAIT,
                delay=dt.timedelta(0),
            )
        if incident_id is not None and not units:
            self._done(intents)
            return
        for n, unit in enumerate(units):
            try:
                unit.show()
            except Exception as err:
                rest = [i for later in units[n + 1 :] for i in later.intents]
                if not self._failed(unit.intents, rest, err, incident_id, unit.label):
                    return
                continue
            self._done(unit.intents)
        if incident_id is None:
            self._done(intents)

    def _done(self, intents: list[outbox.Claimed]) -> None:
        outbox.complete(
            self.ctx.db, [i.id for i in intents], owner=self.owner, now=self.ctx.clock()
        )

    def _failed(
        self,
        intents: list[outbox.Claimed],
        rest: list[outbox.Claimed],
        err: Exception,
        incident_id: int | None,
        label: str = "an update",
    ) -> bool:
        """Give back what failed (and, after a transient failure, what waits behind it);
        True when the rest may go on."""
        now = self.ctx.clock()
        failure, delay, error = _classify(err)
        if isinstance(err, Paused):
            delay = max(dt.timedelta(0), err.until - now)
        if isinstance(err, SlackApiError) and err.response.status_code == 429:
            method = getattr(err, "crisisbot_method", "")
            if method:
                outbox.pause(self.ctx.db, method, now + (delay or dt.timedelta(seconds=1)))
        if failure is outbox.Failure.BUG:
            log.error("deliverer: %s failed", label, exc_info=err)
        parked = outbox.retry_later(
            self.ctx.db,
            [i.id for i in intents],
            owner=self.owner,
            now=now,
            error=error,
            failure=failure,
            delay=delay,
            retry_for=self.retry_for,
            cap=self.backoff_cap,
        )
        self._calls.outcome = "parked" if parked else "retry"
        if parked:
            log.error("parked intents %s (%s): %s", parked, label, error)
            self._tell(incident_id, [i for i in intents if i.id in set(parked)], label, error)
        if failure is outbox.Failure.PERMANENT:
            return True
        # Order within an incident: what comes after waits for this one's next try.
        retry_at = outbox.next_try(self.ctx.db, [i.id for i in intents])
        wait = max(dt.timedelta(0), retry_at - now) if retry_at else delay or dt.timedelta(0)
        outbox.retry_later(
            self.ctx.db,
            [i.id for i in rest],
            owner=self.owner,
            now=now,
            error=error,
            failure=outbox.Failure.WAIT,
            delay=wait,
        )
        return False

    def _tell(
        self, incident_id: int | None, intents: list[outbox.Claimed], label: str, error: str
    ) -> None:
        """Tell whoever caused a parked intent, in words: privately in the incident's thread,
        or in a direct message when the channel is what fails."""
        if incident_id is None or not intents:
            return
        try:
            with self.ctx.db.readers() as session:
                incident = session.get(Incident, incident_id)
                if incident is None or not incident.channel_id:
                    return
                ref, channel, root = incident.ref, incident.channel_id, incident.thread_ts
            who = self._who(ref, intents)
            if not who or who[:1] not in "UW":
                return
            code = error.removeprefix("slack: ")
            meaning = MEANING.get(code, code)
            ids = " ".join(str(i.id) for i in intents)
            text = (
                f":warning: Slack refused to show {label} of {ref} in <#{channel}>: {meaning}"
                f" (`{code}`). It is kept: once fixed, an admin can send it again with"
                f" `crisisbot outbox retry {ids}`."
            )
            try:
                self.client.chat_postEphemeral(
                    channel=channel, user=who, text=text, thread_ts=root or None
                )
            except SlackApiError:
                self.client.chat_postMessage(channel=who, text=text)
        except Exception:  # telling is a courtesy; the intent is parked and listed anyway
            log.exception("deliverer: could not tell anyone about parked intents")

    def _who(self, ref: str, intents: list[outbox.Claimed]) -> str | None:
        """Who caused these intents: the note's author, who asked for the report, the
        statement's last author, else whoever last changed the incident."""
        for intent in intents:
            if intent.kind is Intent.REPORT and intent.payload.get("requested_by"):
                return str(intent.payload["requested_by"])
            if intent.kind is Intent.STATEMENT:
                st = get_statement(self.ctx, ref, int(intent.payload["number"]))
                return st.version_author or st.author
        entries = log_entries(self.ctx, ref)
        seqs = {int(i.payload["seq"]) for i in intents if i.kind is Intent.ANNOUNCE}
        for entry in reversed(entries):
            if not seqs or entry.seq in seqs:
                return entry.actor
        return None

    def _units(self, incident_id: int, intents: list[outbox.Claimed]) -> list[_Unit]:
        """What the intents ask to show, in order: the header, the checklist, statement
        cards, thread notices, then reports (a file upload, slow and the likeliest to fail)."""
        with self.ctx.db.readers() as session:
            incident = session.get(Incident, incident_id)
            if incident is None or incident.channel_id is None:
                return []
            ref, channel = incident.ref, incident.channel_id
        kinds = {i.kind for i in intents}
        if incident.thread_ts and kinds <= {Intent.REFRESH, Intent.REFRESH_HEADER}:
            self._ready("chat.update", incident_id)  # before drawing what may not go yet
        view = get_incident(self.ctx, ref, tz=self.tz)
        root_ts: list[str] = []

        def root() -> str:
            if not root_ts:
                root_ts.append(self._root(incident_id, ref, channel)[0])
            return root_ts[0]

        def of(*wanted: Intent) -> list[outbox.Claimed]:
            return [i for i in intents if i.kind in wanted]

        units: list[_Unit] = []
        header_new = not incident.thread_ts

        def header() -> None:
            if not header_new:
                text, blocks = render.header(view, self.tz, self.ctx.clock())
                self._api("chat_update", channel=channel, ts=root(), text=text, blocks=blocks)
            else:
                root()
            if view.deadlines:  # its days left are right for today: no redraw at midnight
                daily.drawn_today(self.ctx, incident_id, self.tz)

        units.append(_Unit("the incident's header", of(Intent.REFRESH_HEADER), header))
        if kinds & {Intent.INCIDENT_STARTED, Intent.REFRESH} or header_new:

            def checklist() -> None:
                pages = render.checklist(view, self.tz, self.ctx.clock())
                for n, (text, blocks) in enumerate(pages):
                    key = "checklist" if n == 0 else f"checklist:{n + 1}"
                    self._upsert(incident_id, ref, channel, key, root(), text, blocks)
                self._drop_pages(incident_id, channel, len(pages))

            units.append(
                _Unit("the checklist", of(Intent.INCIDENT_STARTED, Intent.REFRESH), checklist)
            )
        numbers = sorted({int(i.payload["number"]) for i in of(Intent.STATEMENT)})
        for number in numbers:

            def card(number: int = number) -> None:
                text, blocks = statement_card(get_statement(self.ctx, ref, number), self.tz)
                self._upsert(incident_id, ref, channel, f"statement:{number}", root(), text, blocks)

            mine = [i for i in of(Intent.STATEMENT) if int(i.payload["number"]) == number]
            units.append(_Unit(f"statement {number}", mine, card))
        seqs = sorted({int(i.payload["seq"]) for i in of(Intent.ANNOUNCE)})
        # A long run of notices (Slack paces posts at about one a second a channel) is
        # posted a few at a time, so the next change to the checklist does not wait for all.
        more_notices = len(seqs) > NOTICES_PER_TURN
        seqs = seqs[:NOTICES_PER_TURN]
        # A notice may stand for several log entries (roles given in one form): one message.
        group = {
            int(i.payload["seq"]): [int(s) for s in i.payload.get("seqs") or [i.payload["seq"]]]
            for i in of(Intent.ANNOUNCE)
        }
        wanted = {s for seq in seqs for s in group[seq]}
        entries = (
            {e.seq: e for e in log_entries(self.ctx, ref) if e.seq in wanted} if wanted else {}
        )
        for seq in seqs:

            def notice(seq: int = seq) -> None:
                lines = [announcement(entries[s], view) for s in group[seq] if s in entries]
                if lines:
                    self._post_once(
                        incident_id, ref, channel, f"announce:{seq}", root(), "\n".join(lines), None
                    )

            mine = [i for i in of(Intent.ANNOUNCE) if int(i.payload["seq"]) == seq]
            label = "a note" if entries.get(seq) and entries[seq].kind == "note" else "a notice"
            units.append(_Unit(label, mine, notice))
        for intent in of(Intent.REMIND):

            def remind(intent: outbox.Claimed = intent) -> None:
                rows = self._reminders([int(i) for i in intent.payload.get("ids") or []])
                due = [r for r in rows if still_due(r, view)]  # done since? not said
                if due:
                    text, blocks = render_reminder(due, view, self.tz, self.ctx.clock())
                    key = f"remind:{min(r.id for r in due)}"
                    self._post_once(incident_id, ref, channel, key, root(), text, blocks)

            units.append(_Unit("a reminder", [intent], remind))
        for intent in of(Intent.ESCALATE):

            def escalate(intent: outbox.Claimed = intent) -> None:
                rows = self._reminders([int(intent.payload["id"])])
                if rows and still_due(rows[0], view) and self.escalation is not None:
                    self.escalation.send(rows[0], view, self.ctx.clock())

            units.append(_Unit("an escalation", [intent], escalate))
        for intent in [] if more_notices else of(Intent.REPORT):  # after the notices

            def report(intent_id: int = intent.id) -> None:
                self._post_report(incident_id, ref, channel, root(), intent_id)

            units.append(_Unit("the report", [intent], report))
        return [
            u for u in units if u.intents or (u.label == "the incident's header" and header_new)
        ]

    def _reminders(self, ids: list[int]) -> list[Reminder]:
        with self.ctx.db.readers() as session:
            rows = session.scalars(select(Reminder).where(Reminder.id.in_(ids))).all()
            session.expunge_all()
        return sorted(rows, key=lambda r: r.id)

    def _budget(self, take: bool, per_second: float, burst: float) -> float:
        """The workspace's Tier 3 budget, shared by every process through the database."""
        try:
            return outbox.budget(
                self.ctx.db, take=take, per_second=per_second, burst=burst, now=self.ctx.clock()
            )
        except Exception:  # the database is away: Slack's own 429 still holds the line
            log.exception("deliverer: could not read Slack's budget")
            return 0.0

    def _ready(self, name: str, incident_id: int) -> None:
        """Raise Paused when a call of `name` could not go soon, to give the work back
        untouched: with a queue of incidents waiting for Slack's budget, each one is drawn
        when its turn comes, not every time the budget refills."""
        now = self.ctx.clock()
        until = self._paused.get(name)
        if until is not None and until > now:
            raise Paused(name, until)
        wait = self.pacer.peek(name)
        if wait <= SHORT_WAIT:
            return
        later = outbox.due_later(self.ctx.db, incident_id, now)  # it has a turn already
        if later is None:
            later = now + dt.timedelta(seconds=self.pacer.turn(name, wait))
        raise Paused(name, later)

    def _api(self, method: str, **kwargs: Any) -> Any:
        """A Web API call, unless Slack asked everyone to wait before calling `method`, or
        the call would go faster than Slack's limits: a short wait is waited here, a longer
        one gives the work back (and what comes after it meanwhile joins it)."""
        name = _api_name(method)
        until = self._paused.get(name)
        if until is not None and until > self.ctx.clock():
            raise Paused(name, until)
        # Waiting (for its turn, or on Slack), a delivery lets the others use the
        # interpreter: one delivers at a time, any number wait on Slack.
        self._cpu.release()
        try:
            while wait := self.pacer.wait(name, channel=kwargs.get("channel"), ts=kwargs.get("ts")):
                if wait > SHORT_WAIT:
                    raise Paused(name, self.ctx.clock() + dt.timedelta(seconds=wait))
                self._stop.wait(wait)
            metrics.SLACK_CALLS.labels(name).inc()
            self._calls.count = getattr(self._calls, "count", 0) + 1
            return getattr(self.client, method)(**kwargs)
        except SlackApiError as err:
            err.crisisbot_method = name  # type: ignore[attr-defined]
            if err.response.status_code == 429:  # this process's other threads wait at once
                wait = float(err.response.headers.get("Retry-After", 1) or 1)
                self._paused[name] = self.ctx.clock() + dt.timedelta(seconds=wait)
            raise
        finally:
            self._cpu.acquire()

    def _post_report(
        self, incident_id: int, ref: str, channel: str, root: str, intent_id: int
    ) -> None:
        """A summary in the thread, then the HTML report as a file; each at most once for
        the request, so a retry after a failed upload does not post the summary again."""
        report = build_report(self.ctx, ref, tz=self.tz, now=self.ctx.clock())
        view = get_incident(self.ctx, ref)
        if view.playbook.confidential:
            self._send_report_directly(incident_id, view, report, root, intent_id)
            return
        self._post_once(
            incident_id, ref, channel, f"report:{intent_id}", root, summary_text(report), None
        )
        filename = f"{ref}-report-{intent_id}.html"  # names this request's file in the thread

        def upload() -> str:
            response = self._api(
                "files_upload_v2",
                channel=channel,
                thread_ts=root,
                filename=filename,
                content=render_html(report, messages_dir=self.ctx.messages_dir),
                title=f"{ref} post-incident report",
            )
            return str((response.get("file") or {}).get("id") or "uploaded")

        def shared() -> str | None:  # an upload whose answer was lost may have arrived
            for message in self._messages(channel, root):
                for f in message.get("files") or []:
                    if f.get("name") == filename:
                        return str(f.get("id"))
            return None

        self._once(incident_id, channel, f"report-file:{intent_id}", shared, upload)

    def _send_report_directly(
        self, incident_id: int, view: IncidentView, report: Any, root: str, intent_id: int
    ) -> None:
        """A confidential incident's report goes to its commander and privacy officer in
        direct messages, never to a channel; the thread says to whom it went. (A message
        whose answer was lost may reach someone twice: the bot cannot read its direct
        messages to look.)"""
        ref, channel = view.ref, str(view.channel_id)
        holders = {role.id: holder for role, holder in view.roles}
        wanted = [view.playbook.commander_role, view.playbook.privacy_role or ""]
        to = list(dict.fromkeys(u for r in wanted if (u := holders.get(r)) and u[:1] in "UW"))
        titles = {holders.get(r): view.playbook.role_title(r) for r in reversed(wanted)}
        names = people.names(self.ctx.db, to)
        html = render_html(report, messages_dir=self.ctx.messages_dir)
        for user in to:
            dm = str(self._api("conversations_open", users=user)["channel"]["id"])
            key = f"report:{intent_id}:{user}"

            def post(dm: str = dm, key: str = key) -> str:
                response = self._api(
                    "chat_postMessage", channel=dm, text=summary_text(report),
                    metadata={"event_type": METADATA_TYPE,
                              "event_payload": {"incident": ref, "key": key}},
                    unfurl_links=False, unfurl_media=False,
                )  # fmt: skip
                return str(response["ts"])

            def upload(dm: str = dm) -> str:
                response = self._api(
                    "files_upload_v2", channel=dm, filename=f"{ref}-report-{intent_id}.html",
                    content=html, title=f"{ref} post-incident report (confidential)",
                )  # fmt: skip
                return str((response.get("file") or {}).get("id") or "uploaded")

            self._once(incident_id, dm, key, lambda: None, post)
            self._once(incident_id, dm, f"report-file:{intent_id}:{user}", lambda: None, upload)
        who = " and ".join(f"{names.get(u, u)} ({titles.get(u)})" for u in to)
        text = (
            f":lock: {ref} is confidential: its report was sent directly to {who}, not posted here."
            if to
            else f":lock: {ref} is confidential, and neither its commander nor its privacy "
            f"officer is someone in Slack to send its report to: run `crisisbot report {ref}`."
        )
        self._post_once(incident_id, ref, channel, f"report:{intent_id}", root, text, None)

    def _root(self, incident_id: int, ref: str, channel: str) -> tuple[str, bool]:
        """The header message's ts, posting it first if needed; True when just posted."""
        with self.ctx.db.readers() as session:
            ts = session.scalar(select(Incident.thread_ts).where(Incident.id == incident_id))
        if ts:
            return ts, False
        view = get_incident(self.ctx, ref, tz=self.tz)
        if view.playbook.confidential and view.opened_by[:1] not in ("U", "W"):
            # Started outside Slack (the command line), so nobody has looked yet.
            info = self._api("conversations_info", channel=channel).get("channel") or {}
            if not info.get("is_private"):
                raise NotPrivate(
                    f"{ref} is confidential and <#{channel}> is not a private channel, so "
                    "nothing of it is posted there: start it again in a private channel"
                )
        text, blocks = render.header(view, self.tz, self.ctx.clock())
        ts = self._post_once(incident_id, ref, channel, "header", None, text, blocks)
        with self.ctx.db.begin() as session:
            session.execute(update(Incident).where(Incident.id == incident_id).values(thread_ts=ts))
        return ts, True

    def _upsert(
        self,
        incident_id: int,
        ref: str,
        channel: str,
        key: str,
        thread_ts: str,
        text: str,
        blocks: list[dict[str, Any]],
    ) -> None:
        with self.ctx.db.readers() as session:
            ts = session.scalar(
                select(BotMessage.ts).where(
                    BotMessage.incident_id == incident_id, BotMessage.key == key
                )
            )
        if ts:
            try:
                self._api("chat_update", channel=channel, ts=ts, text=text, blocks=blocks)
                return
            except SlackApiError as err:
                if err.response.get("error") != "message_not_found":
                    raise
                self._forget(incident_id, key)  # someone deleted it: post it again
        self._post_once(incident_id, ref, channel, key, thread_ts, text, blocks)

    def _drop_pages(self, incident_id: int, channel: str, pages: int) -> None:
        """Delete the checklist's continuation messages it no longer needs."""
        with self.ctx.db.readers() as session:
            rows = session.execute(
                select(BotMessage.key, BotMessage.ts).where(
                    BotMessage.incident_id == incident_id,
                    BotMessage.key.like("checklist:%"),
                    BotMessage.ts.is_not(None),
                )
            ).all()
        for key, ts in sorted(rows, key=lambda r: int(r.key.partition(":")[2])):
            if int(key.partition(":")[2]) <= pages:
                continue
            try:
                self._api("chat_delete", channel=channel, ts=ts)
            except SlackApiError as err:
                if err.response.get("error") != "message_not_found":
                    raise
            with self.ctx.db.begin() as session:
                session.execute(
                    delete(BotMessage).where(
                        BotMessage.incident_id == incident_id, BotMessage.key == key
                    )
                )

    def _forget(self, incident_id: int, key: str) -> None:
        with self.ctx.db.begin() as session:
            session.execute(
                update(BotMessage)
                .where(BotMessage.incident_id == incident_id, BotMessage.key == key)
                .values(ts=None)
            )

    def _post_once(
        self,
        incident_id: int,
        ref: str,
        channel: str,
        key: str,
        thread_ts: str | None,
        text: str,
        blocks: list[dict[str, Any]] | None,
    ) -> str:
        """Post a message at most once, even when an earlier attempt's outcome is unknown:
        the message metadata names it, and Slack is searched before posting again."""
        marker = {"incident": ref, "key": key}

        def post() -> str:
            response = self._api(
                "chat_postMessage",
                channel=channel,
                text=text,
                blocks=blocks,
                thread_ts=thread_ts,
                metadata={"event_type": METADATA_TYPE, "event_payload": marker},
                unfurl_links=False,
                unfurl_media=False,
            )
            return str(response["ts"])

        def posted() -> str | None:
            for message in self._messages(channel, thread_ts, include_all_metadata=True):
                metadata = message.get("metadata") or {}
                if (
                    metadata.get("event_type") == METADATA_TYPE
                    and metadata.get("event_payload") == marker
                ):
                    return str(message["ts"])
            return None

        return self._once(incident_id, channel, key, posted, post)

    def _once(
        self,
        incident_id: int,
        channel: str,
        key: str,
        find: Callable[[], str | None],
        send: Callable[[], str],
    ) -> str:
        """Do `send` at most once for (incident, key) and return what it gave (a message ts or
        a file id). The key is claimed first; if an earlier attempt claimed it without a
        result, `find` looks in Slack for what that attempt may have done before sending."""
        with self.ctx.db.begin() as session:
            row = session.scalars(
                select(BotMessage).where(
                    BotMessage.incident_id == incident_id, BotMessage.key == key
                )
            ).one_or_none()
            if row is not None and row.ts:
                return row.ts
            attempted_before = row is not None
            if row is None:
                session.add(BotMessage(incident_id=incident_id, key=key, channel_id=channel))
        try:
            done = (find() if attempted_before else None) or send()
        except Paused:
            if not attempted_before:  # nothing reached Slack: the next try is a first one
                with self.ctx.db.begin() as session:
                    session.execute(
                        delete(BotMessage).where(
                            BotMessage.incident_id == incident_id,
                            BotMessage.key == key,
                            BotMessage.ts.is_(None),
                        )
                    )
            raise
        with self.ctx.db.begin() as session:
            session.execute(
                update(BotMessage)
                .where(BotMessage.incident_id == incident_id, BotMessage.key == key)
                .values(ts=done, posted_at=self.ctx.clock())
            )
        return done

    def _messages(
        self, channel: str, thread_ts: str | None, **options: Any
    ) -> Iterator[dict[str, Any]]:
        """The channel's messages (or a thread's), page by page, at most 10 pages of 200."""
        cursor = None
        for _page in range(10):
            if thread_ts is None:
                response = self._api(
                    "conversations_history", channel=channel, limit=200, cursor=cursor, **options
                )
            else:
                response = self._api(
                    "conversations_replies",
                    channel=channel,
                    ts=thread_ts,
                    limit=200,
                    cursor=cursor,
                    **options,
                )
            yield from response.get("messages", [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def wait_delivered(self, timeout: float = 10) -> bool:
        """For tests and benchmarks: True once no intent is waiting (delayed ones too)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if outbox.pending_count(self.ctx.db) == 0:
                return True
            time.sleep(0.02)
        return False


def _moved(clock: Clock, now: dt.datetime, seen: dt.datetime | None) -> float:
    """Seconds `clock` has moved since `seen` when it runs ahead of the wall (an exercise's
    or sped-up time); 0 otherwise, when the wall's own cadence is the clock's."""
    return (now - seen).total_seconds() if seen and stretch_of(clock) > 1 else 0.0


def _api_name(method: str) -> str:
    """chat_postMessage -> chat.postMessage, as Slack names its methods."""
    family, _, rest = method.partition("_")
    return f"{family}.{rest}"


def _classify(err: Exception) -> tuple[outbox.Failure, dt.timedelta | None, str]:
    """What kind of failure `err` is, how long Slack asked to wait, and a short description."""
    if isinstance(err, Paused):
        return outbox.Failure.WAIT, None, str(err)
    if isinstance(err, SlackApiError):
        code = str(err.response.get("error", "unknown"))
        status = err.response.status_code
        if status == 429:
            retry_after = float(err.response.headers.get("Retry-After", 1) or 1)
            return outbox.Failure.TRANSIENT, dt.timedelta(seconds=retry_after), f"slack: {code}"
        if code in PERMANENT:
            return outbox.Failure.PERMANENT, None, f"slack: {code}"
        return outbox.Failure.TRANSIENT, None, f"slack: {code}"
    if isinstance(err, NotPrivate):
        return outbox.Failure.PERMANENT, None, str(err)
    if isinstance(err, WebhookError):  # the escalation webhook's answer
        failure = outbox.Failure.TRANSIENT if err.transient else outbox.Failure.PERMANENT
        wait = dt.timedelta(seconds=err.retry_after) if err.retry_after else None
        return failure, wait, f"escalation webhook: {err}"
    if isinstance(err, OSError):  # connection refused/reset, timeouts (URLError is an OSError)
        return outbox.Failure.TRANSIENT, None, f"connection: {err}"
    return outbox.Failure.BUG, None, f"error: {err!r}"
