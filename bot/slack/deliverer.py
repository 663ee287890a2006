"""Shows incidents in Slack: claims outbox intents, renders each from the database at
that moment, and calls the Web API. The database is the truth; Slack is a view of it."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import delete, select, update

from bot import outbox
from bot.incidents.context import Context
from bot.incidents.view import get_incident, log_entries
from bot.outbox import Intent
from bot.render import incident as render
from bot.render.notices import announcement
from bot.render.report_post import summary_text
from bot.render.statements import card as statement_card
from bot.report import build_report
from bot.report.render import render_html
from bot.statements.view import get_statement
from bot.store.models import BotMessage, Incident

log = logging.getLogger(__name__)

METADATA_TYPE = "crisisbot_message"
# Errors that retrying cannot fix: park the intent and say why.
PERMANENT = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_blocks", "msg_too_long",
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "missing_scope",
    "cant_update_message", "restricted_action", "thread_not_found",
}  # fmt: skip


class Deliverer:
    """One per process; woken by `wake` (set after a commit that wrote intents: the
    context's `on_commit`), or sweeping every second for other processes' intents."""

    def __init__(
        self,
        ctx: Context,
        client: WebClient,
        tz: ZoneInfo,
        *,
        wake: threading.Event | None = None,
        sweep_seconds: float = 1.0,
    ) -> None:
        self.ctx = ctx
        self.client = client
        self.tz = tz
        self.owner = f"deliverer-{uuid.uuid4().hex[:12]}"
        self.sweep_seconds = sweep_seconds
        self._wake = wake or threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- running -------------------------------------------------------------------------

    def start(self) -> Deliverer:
        self._thread = threading.Thread(target=self._run, name="crisisbot-deliverer", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        # Idle, this costs one small SELECT per sweep: the sweep is for intents written by
        # other processes (the CLI, another web process) that cannot wake this thread.
        while not self._stop.is_set():
            wait = self.sweep_seconds
            try:
                due = outbox.next_due(self.ctx.db)
                now = self.ctx.clock()
                if due is not None and due <= now:
                    self.drain()
                    due = outbox.next_due(self.ctx.db)
                if due is not None:
                    wait = max(0.0, min(wait, (due - self.ctx.clock()).total_seconds()))
            except Exception:  # keep delivering whatever one bad intent does
                log.exception("deliverer: unexpected error")
            self._wake.wait(wait)
            self._wake.clear()

    def drain(self) -> int:
        """Deliver everything due now, one incident at a time; returns intents handled."""
        handled = 0
        while not self._stop.is_set():
            due = outbox.next_due(self.ctx.db)  # a read: no write lock when nothing is due
            if due is None or due > self.ctx.clock():
                break
            claimed = outbox.claim(self.ctx.db, owner=self.owner, now=self.ctx.clock())
            if not claimed:
                break
            # A report (a file upload) is delivered on its own: its failure must not hold
            # back the checklist or the notices claimed with it, and they go first.
            others = [c for c in claimed if c.kind is not Intent.REPORT]
            if others:
                self._deliver(claimed[0].incident_id, others)
            for intent in claimed:
                if intent.kind is Intent.REPORT:
                    self._deliver(intent.incident_id, [intent])
            handled += len(claimed)
        return handled

    # -- one incident --------------------------------------------------------------------

    def _deliver(self, incident_id: int | None, intents: list[outbox.Claimed]) -> None:
        ids = [i.id for i in intents]

        def give_back(
            error: str, *, delay: dt.timedelta | None = None, permanent: bool = False
        ) -> None:
            parked = outbox.retry_later(
                self.ctx.db,
                ids,
                owner=self.owner,
                now=self.ctx.clock(),
                error=error,
                delay=delay,
                permanent=permanent,
            )
            if parked:
                log.error("parked intents %s: %s", parked, error)

        try:
            if incident_id is not None:
                self._show(incident_id, intents)
            outbox.complete(self.ctx.db, ids, owner=self.owner, now=self.ctx.clock())
        except SlackApiError as err:
            code = str(err.response.get("error", "unknown"))
            delay = None
            if err.response.status_code == 429:
                delay = dt.timedelta(seconds=float(err.response.headers.get("Retry-After", 1) or 1))
            give_back(f"slack: {code}", delay=delay, permanent=code in PERMANENT)
        except OSError as err:  # connection refused/reset, timeouts (URLError is an OSError)
            give_back(f"connection: {err}")
        except Exception as err:  # a bug or a database hiccup: retried, then parked; never stuck
            log.exception("deliverer: intents %s failed", ids)
            give_back(f"error: {err!r}")

    def _show(self, incident_id: int, intents: list[outbox.Claimed]) -> None:
        with self.ctx.db.readers() as session:
            incident = session.get(Incident, incident_id)
            if incident is None or incident.channel_id is None:
                return
            ref, channel = incident.ref, incident.channel_id
        kinds = {i.kind for i in intents}
        view = get_incident(self.ctx, ref, tz=self.tz)
        now = self.ctx.clock()
        root, posted_root = self._root(incident_id, ref, channel)
        text, header_blocks = render.header(view, self.tz, now)
        if not posted_root and Intent.REFRESH_HEADER in kinds:
            self.client.chat_update(channel=channel, ts=root, text=text, blocks=header_blocks)
        if kinds & {Intent.INCIDENT_STARTED, Intent.REFRESH} or posted_root:
            pages = render.checklist(view, self.tz, now)
            for n, (text, blocks) in enumerate(pages):
                key = "checklist" if n == 0 else f"checklist:{n + 1}"
                self._upsert(incident_id, ref, channel, key, root, text, blocks)
            self._drop_pages(incident_id, channel, len(pages))
        for number in sorted(
            {int(i.payload["number"]) for i in intents if i.kind is Intent.STATEMENT}
        ):
            text, blocks = statement_card(get_statement(self.ctx, ref, number), self.tz)
            self._upsert(incident_id, ref, channel, f"statement:{number}", root, text, blocks)
        for intent in intents:
            if intent.kind is Intent.REPORT:
                self._post_report(incident_id, ref, channel, root, intent.id)
        seqs = sorted({int(i.payload["seq"]) for i in intents if i.kind is Intent.ANNOUNCE})
        if seqs:
            entries = {e.seq: e for e in log_entries(self.ctx, ref) if e.seq in set(seqs)}
            for seq in seqs:
                if seq in entries:
                    self._post_once(
                        incident_id,
                        ref,
                        channel,
                        f"announce:{seq}",
                        root,
                        announcement(entries[seq], view),
                        None,
                    )

    def _post_report(
        self, incident_id: int, ref: str, channel: str, root: str, intent_id: int
    ) -> None:
        """A summary in the thread, then the HTML report as a file; each at most once for
        the request, so a retry after a failed upload does not post the summary again."""
        report = build_report(self.ctx, ref, tz=self.tz, now=self.ctx.clock())
        self._post_once(
            incident_id, ref, channel, f"report:{intent_id}", root, summary_text(report), None
        )
        filename = f"{ref}-report-{intent_id}.html"  # names this request's file in the thread

        def upload() -> str:
            response = self.client.files_upload_v2(
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

    def _root(self, incident_id: int, ref: str, channel: str) -> tuple[str, bool]:
        """The header message's ts, posting it first if needed; True when just posted."""
        with self.ctx.db.readers() as session:
            ts = session.scalar(select(Incident.thread_ts).where(Incident.id == incident_id))
        if ts:
            return ts, False
        view = get_incident(self.ctx, ref, tz=self.tz)
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
                self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
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
                self.client.chat_delete(channel=channel, ts=ts)
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
            response = self.client.chat_postMessage(
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
        done = (find() if attempted_before else None) or send()
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
                response = self.client.conversations_history(
                    channel=channel, limit=200, cursor=cursor, **options
                )
            else:
                response = self.client.conversations_replies(
                    channel=channel, ts=thread_ts, limit=200, cursor=cursor, **options
                )
            yield from response.get("messages", [])
            cursor = (response.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return

    def wait_delivered(self, timeout: float = 10) -> bool:
        """For tests and benchmarks: True once no intent is waiting (delayed ones too)."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if outbox.pending_count(self.ctx.db) == 0:
                return True
            time.sleep(0.02)
        return False
