"""Scale: one incident with 60 steps and 10,000 log entries, and 200 open incidents."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.workload import CHANNELS, COMMANDER, tick_order
from bot.config import load_settings
from bot.incidents import log as incident_log
from bot.incidents import service
from bot.incidents.view import verify_log
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.local import local_slack
from bot.slack import ids
from bot.store.models import Incident


def big_incident(
    database_url: str, playbooks_dir: Path, fake: FakeSlack, *, entries: int = 10_000
) -> tuple[str, str, list[str]]:
    """A posted incident of the 60-step playbook whose log holds `entries` entries."""
    base = load_settings({"CRISISBOT_PLAYBOOKS": str(playbooks_dir)}, env_file=None)
    with local_slack(database_url, base=base, fake=fake) as slack:
        ctx = slack.runtime.ctx
        ref = service.start_incident(
            ctx,
            playbook_id="big-drill",
            title="Large drill",
            actor=COMMANDER,
            channel_id=CHANNELS[0],
        ).incident
        slack.settle(60)
        with ctx.db.begin() as session:  # real chained entries, written in bulk
            incident = session.query(Incident).filter_by(ref=ref).one()
            for n in range(entries - incident.head_seq):
                incident_log.append(
                    session,
                    incident,
                    ts=ctx.clock(),
                    actor=COMMANDER,
                    kind="note",
                    text=f"Scale note {n}: monitoring update, reach steady",
                )
        with ctx.db.readers() as session:
            incident = session.query(Incident).filter_by(ref=ref).one()
            thread_ts = incident.thread_ts or ""
        from bot.playbooks.load import load_one

        order = tick_order(load_one(playbooks_dir, base.messages_dir, "big-drill"))
    return ref, thread_ts, order


def verify_cost(database_url: str, ref: str, playbooks_dir: Path) -> dict[str, Any]:
    """Time and peak Python memory of `log verify` on the big incident."""
    from bot.store import connect

    db = connect(database_url)
    ctx = service.Context(
        db=db,
        playbooks_dir=playbooks_dir,
        messages_dir=load_settings({}, env_file=None).messages_dir,
    )
    times = []
    for _ in range(5):
        began = time.perf_counter()
        result = verify_log(ctx, ref)
        times.append(time.perf_counter() - began)
    assert result.ok, result.problem
    tracemalloc.start()
    verify_log(ctx, ref)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.dispose()
    return {
        "entries": result.entries,
        "verify_s_median": round(statistics.median(times), 3),
        "verify_s_max": round(max(times), 3),
        "verify_peak_mb": round(peak / 2**20, 1),
    }


def report_cost(database_url: str, ref: str, playbooks_dir: Path) -> dict[str, Any]:
    """Time (median of 5) and peak Python memory of the post-incident report of the big
    incident: built from the database and the log, then rendered, for each format, in a
    process that built it once before; and the time of that first build, which reads
    every typed text with the privacy check to mask it."""
    from bot.report import build_report, render
    from bot.store import connect

    settings = load_settings({}, env_file=None)
    db = connect(database_url)
    ctx = service.Context(db=db, playbooks_dir=playbooks_dir, messages_dir=settings.messages_dir)
    figures: dict[str, Any] = {}
    first: float | None = None
    for fmt in ("md", "html"):

        def once(fmt: str = fmt) -> tuple[int, int]:
            report = build_report(ctx, ref, tz=settings.tz, now=ctx.clock())
            return report.log.entries, len(render(report, fmt))

        began = time.perf_counter()
        once()  # templates compiled, playbook parsed, texts masked: what a running process has
        first = time.perf_counter() - began if first is None else first
        times = []
        for _ in range(5):
            began = time.perf_counter()
            entries, size = once()
            times.append(time.perf_counter() - began)
        tracemalloc.start()
        once()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures[fmt] = {
            "s_median": round(statistics.median(times), 3),
            "s_max": round(max(times), 3),
            "peak_mb": round(peak / 2**20, 1),
            "kb": round(size / 1024),
        }
    db.dispose()
    return {"entries": entries, "first_s": round(first or 0.0, 2), **figures}


def home_cost(database_url: str, playbooks_dir: Path) -> dict[str, Any]:
    """Time (median of 5) to draw the App Home: every open incident with its overdue
    steps, and the last 30 days' figures, as when a person opens the tab."""
    import datetime as dt

    from bot.render.home import home_view
    from bot.report.stats import incident_stats, open_incidents
    from bot.store import connect

    settings = load_settings({}, env_file=None)
    db = connect(database_url)
    ctx = service.Context(db=db, playbooks_dir=playbooks_dir, messages_dir=settings.messages_dir)

    def once() -> tuple[int, int, int]:
        now = ctx.clock()
        rows = open_incidents(ctx, now=now)
        stats = incident_stats(ctx, since=now - dt.timedelta(days=30), until=now, now=now)
        view = home_view(rows, stats, settings.tz, lambda _c, _t: None, 30)
        return len(rows), stats.incidents, len(view["blocks"])

    once()
    times = []
    for _ in range(5):
        began = time.perf_counter()
        open_count, period, blocks = once()
        times.append(time.perf_counter() - began)
    db.dispose()
    return {
        "open_incidents": open_count,
        "period_incidents": period,
        "blocks": blocks,
        "s_median": round(statistics.median(times), 3),
        "s_max": round(max(times), 3),
    }


def sequential(sender: sr.SlackSender, requests: list[sr.SlackRequest]) -> dict[str, Any]:
    """Answer times of requests sent one after another (ms)."""
    times = []
    statuses = set()
    for request in requests:
        began = time.perf_counter()
        reply = sender.send(request)
        times.append((time.perf_counter() - began) * 1000)
        statuses.add(reply.status)
    times.sort()
    return {
        "n": len(times),
        "p50_ms": round(times[len(times) // 2], 1),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
        "max_ms": round(times[-1], 1),
        "statuses": sorted(statuses),
    }


def big_ticks(ref: str, thread_ts: str, order: list[str], n: int = 20) -> list[sr.SlackRequest]:
    message = {
        "type": "message",
        "ts": thread_ts + "1",
        "thread_ts": thread_ts,
        "text": "",
        "blocks": [],
    }
    return [
        sr.block_actions(
            [sr.button_action(ids.Action.STEP_DONE, f"step|{step}", f"{ref}|{step}")],
            user_id=COMMANDER,
            channel_id=CHANNELS[0],
            message=message,
        )
        for step in order[:n]
    ]


def list_commands(n: int = 20) -> list[sr.SlackRequest]:
    return [
        sr.slash_command("list", user_id=COMMANDER, channel_id=CHANNELS[i % len(CHANNELS)])
        for i in range(n)
    ]
