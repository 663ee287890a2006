"""python -m benchmarks [--smoke]: everything on 127.0.0.1, a table, and build/bench.json.

The bot runs exactly as the Procfile runs it (`crisisbot serve`, gunicorn) beside a bare
Bolt app that only verifies signatures and acks, served with the same settings; both
get the same open-loop load, alternating, three rounds, and the medians are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import cost, load, overload, scale, servers
from benchmarks.workload import CHANNELS, COMMANDER, Mix, add_channels, big_playbook_dir, prepare
from bot.config import PROJECT_ROOT
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.slack import ids

SECRET = "bench-signing-secret-0123456789ab"


def _say(line: str = "") -> None:
    print(line, flush=True)


def _postgres_url() -> str | None:
    """A fresh database on the local PostgreSQL, or None when none answers."""
    try:
        from sqlalchemy import create_engine, text

        admin = os.environ.get(
            "CRISISBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        )
        engine = create_engine(
            admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2}
        )
        name = f"crisisbot_bench_{os.getpid()}"
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return admin.rsplit("/", 1)[0] + "/" + name
    except Exception:  # no server, no rights: the PostgreSQL rows are left out
        return None


def _pending(database_url: str) -> int:
    from bot import outbox
    from bot.store import connect

    db = connect(database_url)
    try:
        return outbox.pending_count(db)
    finally:
        db.dispose()


def _quiet(database_url: str, server: servers.ServerProcess, timeout: float = 60) -> float:
    """Wait until the bot has finished the work a load left behind (its listeners' backlog
    and the outbox); returns the seconds waited."""
    began = time.monotonic()
    deadline = began + timeout
    while time.monotonic() < deadline:
        if not server.health().get("backlog") and not _pending(database_url):
            break
        time.sleep(0.2)
    return time.monotonic() - began


def _summary(results: list[load.LoadResult]) -> dict[str, Any]:
    def med(key: str) -> float | None:
        values = [getattr(r, key) for r in results if getattr(r, key) is not None]
        return round(statistics.median(values), 1) if values else None

    return {
        "p50_ms": med("p50"), "p95_ms": med("p95"), "p99_ms": med("p99"), "max_ms": med("max"),
        "achieved_rate": round(statistics.median(r.achieved_rate for r in results), 1),
        "errors": sum(r.errors for r in results), "rounds": [r.as_dict() for r in results],
    }  # fmt: skip


def _e2e(
    fake: FakeSlack,
    sender: sr.SlackSender,
    first_step: str,
    samples: int,
    *,
    ticks: bool = True,
    label: str = "e2e",
) -> dict[str, Any]:
    """/crisis start -> root message posted; then (`ticks`) a tick -> its checklist updated."""

    def first_call_after(began: float, match: Any) -> float | None:
        try:
            fake.wait_for(lambda: any(x.at >= began and match(x) for x in fake.calls), timeout=15)
        except TimeoutError:
            return None
        return min(x.at for x in fake.calls if x.at >= began and match(x))

    def marker(call: Any) -> dict[str, Any]:
        return (call.args.get("metadata") or {}).get("event_payload") or {}

    starts: list[float] = []
    tick_ms: list[float] = []
    started: list[tuple[str, str]] = []
    for i in range(samples):
        channel = CHANNELS[i % len(CHANNELS)]
        began = time.time()
        sender.send(
            sr.slash_command(
                f"start phi-leak Bench {label} {i}", user_id=COMMANDER, channel_id=channel
            )
        )
        at = first_call_after(
            began,
            lambda x, ch=channel: (
                x.method == "chat.postMessage"
                and x.args.get("channel") == ch
                and marker(x).get("key") == "header"
            ),
        )
        if at is not None:
            starts.append((at - began) * 1000)
            ref = next(
                marker(x)["incident"]
                for x in fake.calls
                if x.at == at and marker(x).get("key") == "header"
            )
            started.append((ref, channel))
    for ref, channel in started if ticks else []:
        root = next(
            m
            for m in fake.messages(channel)
            if (m.metadata or {}).get("event_payload", {}).get("incident") == ref
        )
        checklist = next(
            m
            for m in fake.replies(channel, root.ts)
            if (m.metadata or {}).get("event_payload", {}).get("key") == "checklist"
        )
        message = {
            "type": "message",
            "ts": checklist.ts,
            "thread_ts": root.ts,
            "text": "",
            "blocks": [],
        }
        began = time.time()
        sender.send(
            sr.block_actions(
                [
                    sr.button_action(
                        ids.Action.STEP_DONE, f"step|{first_step}", f"{ref}|{first_step}"
                    )
                ],
                user_id=COMMANDER,
                channel_id=channel,
                message=message,
            )
        )
        at = first_call_after(
            began, lambda x, ts=checklist.ts: x.method == "chat.update" and x.args.get("ts") == ts
        )
        if at is not None:
            tick_ms.append((at - began) * 1000)

    def stats(values: list[float]) -> dict[str, Any]:
        values.sort()
        return {
            "n": len(values),
            "p50_ms": round(load.percentile(values, 50) or 0, 1),
            "p99_ms": round(load.percentile(values, 99) or 0, 1),
        }

    return {"tick_to_checklist": stats(tick_ms), "start_to_root": stats(starts)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    began = time.monotonic()
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "smoke": args.smoke,
    }
    with tempfile.TemporaryDirectory(prefix="crisisbot-bench-") as tmp, FakeSlack() as fake:
        fake.start()
        add_channels(fake)
        playbooks = big_playbook_dir(Path(tmp) / "playbooks")
        report["cost"] = [
            c.as_dict() for c in cost.measure(f"sqlite:///{tmp}/cost.db", playbooks_dir=playbooks)
        ]
        report["phi"] = cost.phi_speed()
        report["phi_check"] = cost.phi_check_command(runs=3 if args.smoke else 9)
        report["phi_worst"] = cost.phi_worst_case()
        if args.smoke:
            return report
        url = f"sqlite:///{tmp}/bench.db"
        _say(f"preparing {args.incidents} incidents over {len(CHANNELS)} channels ...")
        prepared = prepare(url, playbooks, fake, incidents=args.incidents)
        big_ref, big_ts, big_order = scale.big_incident(url, playbooks, fake)
        report["scale"] = {"verify": scale.verify_cost(url, big_ref, playbooks)}
        report["scale"]["report"] = scale.report_cost(url, big_ref, playbooks)
        report["scale"]["home"] = scale.home_cost(url, playbooks)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS"))},
            "DATABASE_URL": url, "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url, "CRISISBOT_PLAYBOOKS": str(playbooks), "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(PROJECT_ROOT),
        }  # fmt: skip
        with servers.ours(env, tmp) as ours, servers.baseline(env, tmp) as base:
            sender = sr.SlackSender(ours.url, SECRET)
            scale.sequential(sender, scale.list_commands(3))  # warm up
            report["rss_mb"] = {"at_rest": round(ours.rss_mb("max"), 1)}
            report["scale"]["list_200"] = scale.sequential(sender, scale.list_commands(20))
            report["scale"]["tick_big_incident"] = scale.sequential(
                sender, scale.big_ticks(big_ref, big_ts, big_order, 20)
            )
            _quiet(url, ours)
            # On a quiet server; after the load (below) only starts are timed again: the
            # load leaves hundreds of incidents whose updates queue for Slack's budget.
            report["e2e"] = _e2e(fake, sender, prepared.incidents[0][3][0], args.e2e_samples)
            _quiet(url, ours)
            target = {"ours": ours.url + "/slack/events", "baseline": base.url + "/slack/events"}
            mixes = {"ours": Mix(prepared, SECRET), "baseline": Mix(prepared, SECRET)}
            latency: dict[str, dict[str, list[load.LoadResult]]] = {"ours": {}, "baseline": {}}
            for round_ in range(args.rounds):
                for rate in args.rates:
                    order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
                    for app in order:
                        result = load.open_loop(
                            target[app], mixes[app], rate=rate, duration=args.duration
                        )
                        latency[app].setdefault(str(rate), []).append(result)
                        _say(
                            f"  round {round_ + 1} {app:<8} {rate:>6}/s  p50 {result.p50 or 0:6.1f}  p99 {result.p99 or 0:6.1f} ms  errors {result.errors}"
                        )
                        if app == "ours":
                            _quiet(url, ours)
            report["ack"] = {
                app: {rate: _summary(results) for rate, results in rates.items()}
                for app, rates in latency.items()
            }
            report["e2e"]["start_to_root_after_load"] = _e2e(
                fake, sender, "", args.e2e_samples, ticks=False, label="after-load"
            )["start_to_root"]
            _quiet(url, ours)
            report["sustained"] = _sustained(args, target, mixes, ours)
            report["rss_mb"]["after_load_hwm"] = round(ours.hwm_mb("max"), 1)
            report["rss_mb"]["baseline_hwm"] = round(base.hwm_mb("max"), 1)
            drained = _quiet(url, ours, args.drain_timeout)
            report["sustained"]["ours"]["drain_s"] = round(drained, 1)
            report["sustained"]["ours"]["backlog_left"] = ours.health().get("backlog")
        report["overload"] = _overload(fake, tmp, playbooks, f"sqlite:///{tmp}/overload.db")
        pg = None if args.no_postgres else _postgres_url()
        if pg:
            report["postgres"] = _postgres_round(pg, playbooks, fake, tmp, args)
    report["seconds"] = round(time.monotonic() - began, 1)
    return report


def _sustained(
    args: argparse.Namespace,
    target: dict[str, str],
    mixes: dict[str, Mix],
    ours: servers.ServerProcess,
) -> dict[str, Any]:
    """Highest rate with ack p99 < 1 s for the sustained duration: the bare app over the
    grid (ascending, up to its first miss), then ours at 0.7x that rate, the target (one
    run of 20 s: a second one, higher, would push the run past 5 minutes). Besides the
    acks, how much of the work behind them finished while the run lasted."""
    report: dict[str, Any] = {}
    best, runs = load.sustained(
        target["baseline"], mixes["baseline"], args.sustained, duration=args.sustained_duration
    )
    report["baseline"] = {"rate": best, "runs": [r.as_dict() for r in runs]}
    _say(f"  sustained baseline {best}/s")
    rates = [round(0.7 * best)] if best else sorted(args.sustained)[:1]
    ours_best, ours_runs, work = 0.0, [], []
    for rate in rates:
        result = load.open_loop(
            target["ours"], mixes["ours"], rate=rate, duration=args.sustained_duration
        )
        # What the work lane finished while the run lasted: acked minus still queued.
        backlog = int(ours.health().get("backlog") or 0)
        work.append(round((result.completed - backlog) / max(result.elapsed, 1e-9), 1))
        ours_runs.append(result)
        _say(
            f"  sustained ours {rate:>6}/s  p99 {result.p99 or 0:7.1f} ms  "
            f"work done {work[-1]}/s, {backlog} queued at the end"
        )
        if not result.meets(1000.0):
            break
        ours_best = float(rate)
    report["ours"] = {
        "rate": ours_best,
        "runs": [
            {**r.as_dict(), "work_done_per_s": w} for r, w in zip(ours_runs, work, strict=True)
        ],
    }
    return report


def _postgres_round(
    pg: str, playbooks: Path, fake: FakeSlack, tmp: str, args: argparse.Namespace
) -> dict[str, Any]:
    """The same bot on PostgreSQL beside the bare Bolt app: a warm-up, then `rounds`
    alternating runs at 50/s (medians)."""
    prepared = prepare(pg, playbooks, fake, incidents=40)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS"))},
        "DATABASE_URL": pg, "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake.url, "CRISISBOT_PLAYBOOKS": str(playbooks), "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
    }  # fmt: skip
    results: dict[str, list[load.LoadResult]] = {"ours": [], "baseline": []}
    with servers.ours(env, tmp) as ours, servers.baseline(env, tmp) as base:
        target = {"ours": ours.url + "/slack/events", "baseline": base.url + "/slack/events"}
        for app in ("ours", "baseline"):  # warm-up, not counted
            load.open_loop(target[app], Mix(prepared, SECRET), rate=50, duration=2)
        for round_ in range(args.rounds):
            order = ("ours", "baseline") if round_ % 2 == 0 else ("baseline", "ours")
            for app in order:
                result = load.open_loop(
                    target[app], Mix(prepared, SECRET), rate=50, duration=args.duration
                )
                results[app].append(result)
                _say(
                    f"  postgres {app:<8}   50/s  p50 {result.p50 or 0:6.1f}  p99 {result.p99 or 0:6.1f} ms  errors {result.errors}"
                )
    _drop_postgres(pg)
    return {"ack_50": {app: _summary(runs) for app, runs in results.items()}}


def _overload(fake: FakeSlack, tmp: str, playbooks: Path, database_url: str) -> dict[str, Any]:
    """Thread replies far above the sustained rate, SIGTERM with a backlog, restart."""
    channel = CHANNELS[0]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS"))},
        "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": fake.bot_token,
        "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
        "CRISISBOT_PLAYBOOKS": str(playbooks), "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_ROOT),
    }  # fmt: skip
    fake.add_user(overload.USER, "bench.reply", "Bench Reply")
    fake.set_member(channel, overload.USER)
    figures = overload.run(
        database_url=database_url, fake=fake, env=env, cwd=tmp, channel=channel,
        secret=SECRET, replies=20_000, stop_after=8_000, time_limit=60,
    )  # fmt: skip
    _say(
        f"  overload: {figures['sent']} sent, {figures['acked']} acked, "
        f"{figures['refused_503']} refused with 503, {figures['inbox_at_stop']} waiting at "
        f"SIGTERM, {figures['inbox_at_restart']} left to the restart, {figures['lost']} lost; "
        f"RSS high-water {figures['rss_hwm_mb_before_stop']} MB"
    )
    return figures


def _drop_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin, name = url.rsplit("/", 1)
    engine = create_engine(admin + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def checks(report: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Every target with its figure: (target, figure, met)."""
    out: list[tuple[str, str, bool]] = []
    by = {c["action"]: c for c in report["cost"]}
    tick, burst = by["step tick"], by["step tick, burst of 10"]
    out.append(("Slack calls for one tick <= 2", str(tick["api_calls"]), tick["api_calls"] <= 2))
    out.append(
        (
            "Slack calls per tick in a burst of 10 <= ~1 (1.2)",
            str(burst["api_calls_per_action"]),
            burst["api_calls_per_action"] <= 1.2,
        )
    )
    drafted = by["statement sent for approval"]
    out.append(
        (
            "Slack calls to send a statement for approval <= 2",
            str(drafted["api_calls"]),
            drafted["api_calls"] <= 2,
        )
    )
    if report.get("smoke"):
        return out  # counts only: timings on a shared CI machine are not a gate
    phi = report["phi"]
    command = report["phi_check"]
    worst = report["phi_worst"]
    out.append(
        (
            "privacy check of hostile 4,000-character text: slowest < 500 ms",
            f"{worst['worst_ms']} ms ({worst['worst']})",
            worst["worst_ms"] < 500,
        )
    )
    out.append(
        (
            "crisisbot phi-check of one line: median < 0.5 s",
            f"median {command['median_s']} s, max {command['max_s']} s",
            command["median_s"] < 0.5,
        )
    )
    out.append(
        (
            f"privacy check of a {phi['chars']}-character draft: median < 25 ms (well under 50)",
            f"median {phi['median_ms']} ms, p99 {phi['p99_ms']} ms",
            phi["median_ms"] < 25,
        )
    )
    ours, base = report["ack"]["ours"].get("50.0"), report["ack"]["baseline"].get("50.0")
    if ours and base:
        limit = max(1.5 * base["p99_ms"], base["p99_ms"] + 10)
        out.append(("ack p99 at 50/s <= 50 ms", f"{ours['p99_ms']} ms", ours["p99_ms"] <= 50))
        out.append(
            (
                f"ack p99 at 50/s <= max(1.5x, +10 ms) baseline ({limit:.1f} ms)",
                f"{ours['p99_ms']} ms",
                ours["p99_ms"] <= limit,
            )
        )
    pg_acks = (report.get("postgres") or {}).get("ack_50") or {}
    if pg_acks.get("ours") and pg_acks.get("baseline"):
        ours, base = pg_acks["ours"], pg_acks["baseline"]
        limit = max(1.5 * base["p99_ms"], base["p99_ms"] + 10)
        out.append(
            (
                f"PostgreSQL: ack p99 at 50/s <= max(1.5x, +10 ms) baseline ({limit:.1f} ms)",
                f"{ours['p99_ms']} ms",
                ours["p99_ms"] <= limit,
            )
        )
    if report.get("overload"):
        lost = report["overload"]
        out.append(
            (
                "overload then SIGTERM: every acked reply recorded after restart",
                f"{lost['acked']} acked, {lost['lost']} lost",
                lost["lost"] == 0,
            )
        )
    s_ours, s_base = report["sustained"]["ours"]["rate"], report["sustained"]["baseline"]["rate"]
    ratio = s_ours / s_base if s_base else 0.0
    out.append(
        (
            "sustained throughput >= 0.7x baseline",
            f"{s_ours}/s vs {s_base}/s ({ratio:.2f}x)",
            ratio >= 0.7,
        )
    )
    verify = report["scale"]["verify"]
    out.append(
        (
            "log verify of 10,000 entries < 0.5 s",
            f"{verify['verify_s_median']} s",
            verify["verify_s_median"] < 0.5,
        )
    )
    built = report["scale"]["report"]
    for fmt in ("md", "html"):
        out.append(
            (
                f"report ({fmt}) of {built['entries']:,} entries, 60 steps, built again: < 1 s, < 100 MB",
                f"{built[fmt]['s_median']} s, peak {built[fmt]['peak_mb']} MB",
                built[fmt]["s_median"] < 1 and built[fmt]["peak_mb"] < 100,
            )
        )
    out.append(
        (
            "web worker RSS < 150 MB",
            f"{report['rss_mb']['after_load_hwm']} MB",
            report["rss_mb"]["after_load_hwm"] < 150,
        )
    )
    return out


def table(report: dict[str, Any]) -> str:
    lines = [
        "",
        "Cost per action (after the deliverer went quiet)",
        f"  {'action':<38}{'Slack calls':>12}{'per action':>12}{'SQL':>8}{'SQL/action':>12}",
    ]
    for c in report["cost"]:
        lines.append(
            f"  {c['action']:<38}{c['api_calls']:>12}{c['api_calls_per_action']:>12}{c['sql_statements']:>8}{c['sql_per_action']:>12}"
        )
    phi = report["phi"]
    lines += [
        "",
        f"Privacy check of a {phi['chars']}-character draft: median {phi['median_ms']} ms, p99 {phi['p99_ms']} ms ({phi['findings']} findings)",
        f"crisisbot phi-check of one line (a new process each time): median {report['phi_check']['median_s']} s, max {report['phi_check']['max_s']} s ({report['phi_check']['runs']} runs)",
        f"Privacy check of hostile text up to 4,000 characters: slowest {report['phi_worst']['worst_ms']} ms ({report['phi_worst']['worst']})",
    ]
    if not report.get("smoke"):
        lines += [
            "",
            "Ack latency, open loop, median of rounds (ms)",
            f"  {'rate':>6}  {'ours p50':>9}{'p95':>8}{'p99':>8}{'max':>8}   {'bare Bolt p50':>13}{'p99':>8}   {'p99 ratio':>9}",
        ]
        for rate, ours in report["ack"]["ours"].items():
            base = report["ack"]["baseline"][rate]
            ratio = ours["p99_ms"] / base["p99_ms"] if base["p99_ms"] else 0
            lines.append(
                f"  {rate:>4}/s  {ours['p50_ms']:>9}{ours['p95_ms']:>8}{ours['p99_ms']:>8}{ours['max_ms']:>8}   {base['p50_ms']:>13}{base['p99_ms']:>8}   {ratio:>8.2f}x"
            )
        s = report["sustained"]
        lines.append(
            f"  sustained (p99 < 1 s for {report.get('sustained_duration', 20):g} s): ours {s['ours']['rate']}/s, bare Bolt {s['baseline']['rate']}/s"
        )
        for run in s["ours"]["runs"]:
            lines.append(
                f"    ours at {run['rate']:g}/s: ack p99 {run['p99_ms']} ms; work finished {run['work_done_per_s']}/s"
            )
        lines.append(
            f"    then drained in {s['ours']['drain_s']} s ({s['ours']['backlog_left'] or 0} left)"
        )
        e = report["e2e"]
        lines += [
            "",
            "End to end (ms)",
            f"  tick -> checklist updated: p50 {e['tick_to_checklist']['p50_ms']}  p99 {e['tick_to_checklist']['p99_ms']}",
            f"  /crisis start -> root message: p50 {e['start_to_root']['p50_ms']}  p99 {e['start_to_root']['p99_ms']}",
            f"  the same right after the load: p50 {e['start_to_root_after_load']['p50_ms']}  p99 {e['start_to_root_after_load']['p99_ms']} (n {e['start_to_root_after_load']['n']})",
        ]
        sc = report["scale"]
        lines += [
            "",
            "Scale",
            f"  log verify, {sc['verify']['entries']} entries: {sc['verify']['verify_s_median']} s, peak {sc['verify']['verify_peak_mb']} MB",
            f"  report, {sc['report']['entries']} entries, the first build in a process (every typed text masked): {sc['report']['first_s']} s",
            *(
                f"  report --format {fmt}, {sc['report']['entries']} entries, built again: {sc['report'][fmt]['s_median']} s (max {sc['report'][fmt]['s_max']} s), peak {sc['report'][fmt]['peak_mb']} MB, {sc['report'][fmt]['kb']} KB"
                for fmt in ("md", "html")
            ),
            f"  App Home, {sc['home']['open_incidents']} open incidents, {sc['home']['period_incidents']} in 30 days: {sc['home']['s_median']} s (max {sc['home']['s_max']} s), {sc['home']['blocks']} blocks",
            f"  /crisis list, 200 open incidents: p50 {sc['list_200']['p50_ms']} ms, p99 {sc['list_200']['p99_ms']} ms",
            f"  tick on a 60-step incident with 10,000 entries: p50 {sc['tick_big_incident']['p50_ms']} ms, p99 {sc['tick_big_incident']['p99_ms']} ms",
            f"  web worker RSS: {report['rss_mb']['at_rest']} MB at rest, high-water {report['rss_mb']['after_load_hwm']} MB after the load (bare Bolt {report['rss_mb']['baseline_hwm']} MB)",
        ]
        if "postgres" in report:
            pg = report["postgres"]["ack_50"]
            lines += [
                f"  PostgreSQL, {app} at 50/s: p50 {pg[app]['p50_ms']} ms, p99 {pg[app]['p99_ms']} ms, errors {pg[app]['errors']}"
                for app in ("ours", "baseline")
            ]
        if "overload" in report:
            o = report["overload"]
            lines.append(
                f"  overload: {o['sent']} replies sent in {o['send_s']} s, {o['acked']} acked, {o['refused_503']} refused (503), {o['inbox_at_stop']} waiting at SIGTERM, {o['inbox_at_restart']} finished after the restart, {o['lost']} lost, RSS high-water {o['rss_hwm_mb_before_stop']} MB"
            )
    lines += ["", "Targets"]
    for target, figure, met in checks(report):
        lines.append(f"  [{'met' if met else 'MISSED'}] {target}: {figure}")
    if "seconds" in report:
        lines.append(
            f"\n{report['machine']['cpus']} CPUs, Python {report['machine']['python']}; {report['seconds']} s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="counts only, in under 30 s (CI)")
    parser.add_argument(
        "--rates", type=lambda v: [float(x) for x in v.split(",")], default=[20.0, 50.0, 100.0]
    )
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per latency run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--sustained",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[500.0, 1000.0, 1500.0],
        help="rates tried on the bare Bolt app, ascending up to its first miss",
    )
    parser.add_argument("--sustained-duration", type=float, default=20.0)
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument(
        "--drain-timeout", type=float, default=30.0, help="wait for ours to finish its backlog"
    )
    parser.add_argument("--e2e-samples", type=int, default=20)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("-o", "--output", default=str(PROJECT_ROOT / "build" / "bench.json"))
    args = parser.parse_args(argv)
    report = run(args)
    report["sustained_duration"] = args.sustained_duration
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))  # before the table: no figure is lost
    _say(table(report))
    _say(f"wrote {out}")
    failed = [t for t, _f, met in checks(report) if not met]
    # The smoke run fails CI only on counts; full runs report every target and exit 0.
    return 1 if args.smoke and failed else 0


if __name__ == "__main__":
    sys.exit(main())
