"""Overload, then SIGTERM: thread replies sent well above what the server can capture, the
server stopped (gunicorn's graceful stop) with a backlog, started again on the same
database; every reply it acked must be in the incident's log afterwards. Bounded in count
and time; talks only to 127.0.0.1."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks import servers
from bot import inbox
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.store import connect
from bot.store.models import Incident, ThreadMessage

USER = "U0BENCHREPLY"


def _root(fake: FakeSlack, channel: str, title: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in fake.messages(channel):
            if title in (message.text or ""):
                return str(message.ts)
        time.sleep(0.05)
    raise RuntimeError("the incident's root message was not posted")


def run(
    *,
    database_url: str,
    fake: FakeSlack,
    env: Mapping[str, str],
    cwd: str | Path,
    channel: str,
    secret: str,
    replies: int,
    stop_after: int,
    senders: int = 8,
    time_limit: float = 60.0,
) -> dict[str, Any]:
    """Send up to `replies` replies from `senders` connections; SIGTERM the server once
    `stop_after` were acked; restart it and count what was recorded."""
    title = f"Overload drill {time.time_ns()}"
    sent = 0
    acked: list[str] = []
    refused = failed = 0
    lock = threading.Lock()
    stop_sending = threading.Event()
    stopped = threading.Event()
    figures: dict[str, Any] = {}
    first = servers.ours(env, cwd)
    watch = connect(database_url)
    try:
        sender = sr.SlackSender(first.url, secret)
        sender.send(sr.slash_command(f"start phi-leak {title}", user_id=USER, channel_id=channel))
        root = _root(fake, channel, title)
        base = int(time.time())
        counter = iter(range(replies))

        def send() -> None:
            nonlocal sent, refused, failed
            conn = http.client.HTTPConnection("127.0.0.1", first.port, timeout=10)
            while not stop_sending.is_set():
                with lock:
                    n = next(counter, None)
                    if n is None:
                        return
                    sent += 1
                ts = f"{base + 1 + n // 1_000_000}.{n % 1_000_000:06d}"
                request = sr.event(
                    sr.message_event(channel, USER, f"reply {n}", ts=ts, thread_ts=root)
                )
                headers = request.headers(secret)
                try:
                    conn.request("POST", "/slack/events", request.body, headers)
                    answer = conn.getresponse()
                    answer.read()
                    status = answer.status
                except (OSError, http.client.HTTPException):
                    status = 0
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", first.port, timeout=10)
                    if stopped.is_set():
                        return
                with lock:
                    if status == 200:
                        acked.append(ts)
                        if len(acked) == stop_after:
                            threading.Thread(target=_stop, daemon=True).start()
                    elif status == 503:
                        refused += 1
                    else:
                        failed += 1

        def _stop() -> None:
            figures["inbox_at_stop"] = inbox.waiting(watch)
            figures["rss_hwm_mb_before_stop"] = round(first.hwm_mb("max"), 1)
            began = time.monotonic()
            first.stop(timeout=20)
            figures["stop_s"] = round(time.monotonic() - began, 1)
            stopped.set()

        def watch_health() -> None:
            # Until it says degraded or the server is stopped (bounded): a /healthz asked
            # while eight connections keep it busy may take a while to answer, and the
            # backlog stays full for a moment after the last send.
            figures["healthz_degraded_seen"] = False
            until = time.monotonic() + time_limit + 10
            while not stopped.is_set() and time.monotonic() < until:
                if str(first.health(timeout=5).get("status", "")).startswith("degraded"):
                    figures["healthz_degraded_seen"] = True
                    return
                time.sleep(0.2)

        began = time.monotonic()
        watcher = threading.Thread(target=watch_health, daemon=True)
        watcher.start()
        threads = [threading.Thread(target=send, daemon=True) for _ in range(senders)]
        for thread in threads:
            thread.start()
        deadline = began + time_limit
        for thread in threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        stop_sending.set()
        for thread in threads:
            thread.join(10)
        figures["send_s"] = round(time.monotonic() - began, 1)
        watcher.join(5)  # a last look while the backlog drains
        if not stopped.is_set():
            _stop()
    finally:
        first.stop()
        inbox.forget(watch)
        watch.dispose()
    db = connect(database_url)
    left = inbox.waiting(db)
    began = time.monotonic()
    with servers.ours(env, cwd) as second:
        while time.monotonic() - began < time_limit and inbox.waiting(db) > 0:
            time.sleep(0.2)
        figures["drain_after_restart_s"] = round(time.monotonic() - began, 1)
        figures["inbox_left_after_drain"] = inbox.waiting(db)
        second.stop()
    with db.readers() as session:
        incident = session.scalar(select(Incident.id).where(Incident.title == title))
        kept = set(
            session.scalars(select(ThreadMessage.ts).where(ThreadMessage.incident_id == incident))
        )
        total = session.scalar(
            select(func.count())
            .select_from(ThreadMessage)
            .where(ThreadMessage.incident_id == incident)
        )
    inbox.forget(db)
    db.dispose()
    lost = [ts for ts in acked if ts not in kept]
    return {
        "sent": sent,
        "acked": len(acked),
        "refused_503": refused,
        "failed": failed,
        "inbox_at_restart": left,
        "recorded": total,
        "lost": len(lost),
        "achieved_per_s": round(sent / max(0.001, figures.get("send_s", 1)), 1),
        **figures,
    }
