"""Command line: crisisbot (also python -m bot).

Exit 0 on success, 1 on a refusal or a failed check, 2 on bad usage. Errors are one
line naming what is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_settings
from bot.errors import CrisisError, InvalidInput, NotFound, SlackUnavailable
from bot.playbooks.model import PlaybookError, UnknownPlaybook

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from bot.incidents.context import Context, Outcome
    from bot.incidents.view import IncidentView

# The database layers and the domain are imported by the commands that use them:
# `crisisbot phi-check` and `--help` answer without loading them.

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
SANDBOX_PORT = 8400


class UsageError(Exception):
    """Bad arguments; exit 2."""


def default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def parse_time(value: str, settings: Settings) -> dt.datetime:
    """ISO 8601; without an offset it is read in ORG_TIMEZONE."""
    from bot.clock import parse_moment

    try:
        return parse_moment(value, settings.tz)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _shown(ctx: Context, view: IncidentView, tz: ZoneInfo, now: dt.datetime) -> str:
    """`incident show`, naming people as Slack last showed them."""
    from bot import people
    from bot.render import text

    ids = {view.opened_by} | {h for _, h in view.roles if h}
    ids |= {s.changed_by for s in view.steps if s.changed_by}
    return text.incident_text(view, tz, now, people.names(ctx.db, ids))


def _context(settings: Settings, *, via: str | None = None) -> Context:
    from bot.incidents.context import Context
    from bot.phi.model import Org
    from bot.store import connect, upgrade

    db = connect(settings.database_url)
    upgrade(db)
    return Context(
        db=db,
        playbooks_dir=settings.playbooks_dir,
        messages_dir=settings.messages_dir,
        admins=settings.admins,
        clock=settings.clock(),
        via=via,
        org=Org.from_settings(settings),
    )


def _write(args: argparse.Namespace, body: str) -> None:
    output = getattr(args, "output", None)
    if output:
        try:
            Path(output).write_text(body + "\n", encoding="utf-8")
        except OSError as err:
            raise UsageError(f"cannot write {output}: {err.strerror or err}") from None
        print(f"wrote {output}")
    else:
        print(body)


# -- commands ----------------------------------------------------------------------------


def cmd_playbooks_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.playbooks.checks import check_dir

    folder = Path(args.dir) if args.dir else settings.playbooks_dir
    playbooks, problems = check_dir(folder, settings.messages_dir)
    for problem in problems:
        print(problem)
    for playbook in playbooks.values():
        print(
            f"{folder / (playbook.id + '.yaml')}: ok ({len(playbook.phases)} phases, {len(playbook.steps)} steps, {len(playbook.roles)} roles)"
        )
    if problems:
        files = len({p.file for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s)", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_playbooks_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.playbooks.load import load_dir

    for playbook in sorted(
        load_dir(settings.playbooks_dir, settings.messages_dir).values(), key=lambda p: p.id
    ):
        print(f"{playbook.id:<24} {playbook.severity:<8} {playbook.title}")
    return EXIT_OK


def cmd_playbooks_show(args: argparse.Namespace, settings: Settings) -> int:
    from bot.playbooks.load import load_one
    from bot.render import text

    _write(
        args, text.playbook_text(load_one(settings.playbooks_dir, settings.messages_dir, args.id))
    )
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store import connect, upgrade
    from bot.store.db import current_revision

    db = connect(settings.database_url)
    upgrade(db, args.revision)
    print(f"database at revision {current_revision(db)}")
    return EXIT_OK


def cmd_outbox(args: argparse.Namespace, settings: Settings) -> int:
    """What waits to be shown in Slack, and sending parked intents again."""
    from bot import outbox
    from bot.store import connect, upgrade

    db = connect(settings.database_url)
    upgrade(db)
    if args.action == "retry":
        ids = list(args.ids) or None
        count = outbox.requeue(db, ids, now=settings.clock()())
        if ids is not None and count < len(ids):
            parked = {w.id for w in outbox.waiting(db, parked_only=True, limit=10_000)}
            missing = ", ".join(str(i) for i in ids if i not in parked)
            print(f"not parked (delivered, waiting or unknown): {missing}", file=sys.stderr)
        print(f"{count} intent(s) queued again; the deliverer sends them now")
        return EXIT_OK if ids is None or count == len(ids) else EXIT_REFUSED
    rows = outbox.waiting(db, parked_only=args.parked)
    if not rows:
        print("nothing waiting: everything was delivered")
        return EXIT_OK
    now = settings.clock()()
    for row in rows:
        if row.parked:
            state = "PARKED"
        elif row.failing_since is not None:
            state = f"retrying since {row.failing_since:%Y-%m-%d %H:%M} UTC"
        else:
            state = "waiting" if row.available_at > now else "due"
        error = f" · {row.last_error}" if row.last_error else ""
        print(
            f"{row.id:>7}  {row.ref or '-':<14} {row.kind:<15} {state} · {row.attempts} attempt(s){error}"
        )
    troubles = outbox.troubles(db)
    print(f"{troubles.parked} parked, {troubles.retrying} retrying")
    return EXIT_OK


def _report(outcome: Outcome) -> int:
    print(
        f"{outcome.incident}: {outcome.message}" + ("" if outcome.changed else " (nothing changed)")
    )
    return EXIT_OK


def cmd_incident(args: argparse.Namespace, settings: Settings) -> int:
    from bot.incidents import breach, records, service
    from bot.incidents import view as incident_view
    from bot.render import text

    actor = getattr(args, "actor", None) or default_actor()
    ctx = _context(settings, via=default_actor() if getattr(args, "actor", None) else None)
    now = dt.datetime.now(dt.UTC)
    tz = settings.tz
    action = args.action
    if action == "start":
        return _report(
            service.start_incident(
                ctx,
                playbook_id=args.playbook,
                title=args.title,
                actor=actor,
                severity=args.severity,
                description=args.description or "",
                channel_id=args.channel or settings.crisis_channel,
                discovered_at=parse_time(args.discovered, settings) if args.discovered else None,
                drill=args.drill,
            )
        )
    if action == "list":
        print(
            text.incident_lines(incident_view.list_incidents(ctx, include_closed=args.all), tz, now)
        )
        return EXIT_OK
    if action == "show":
        _write(args, _shown(ctx, incident_view.get_incident(ctx, args.incident, tz=tz), tz, now))
        return EXIT_OK
    calls: dict[str, Callable[[], service.Outcome]] = {
        "assign": lambda: service.assign_role(
            ctx, incident=args.incident, role_id=args.role, user_id=args.user, actor=actor
        ),
        "unassign": lambda: service.unassign_role(
            ctx, incident=args.incident, role_id=args.role, actor=actor
        ),
        "done": lambda: service.complete_step(
            ctx, incident=args.incident, step_id=args.step, actor=actor
        ),
        "reopen": lambda: service.reopen_step(
            ctx, incident=args.incident, step_id=args.step, actor=actor
        ),
        "skip": lambda: service.skip_step(
            ctx, incident=args.incident, step_id=args.step, actor=actor, reason=args.reason
        ),
        "note": lambda: service.add_note(ctx, incident=args.incident, text=args.text, actor=actor),
        "advance": lambda: service.advance_phase(
            ctx,
            incident=args.incident,
            actor=actor,
            override_reason=args.override,
            expected_phase=args.expect,
        ),
        "close": lambda: service.close_incident(
            ctx,
            incident=args.incident,
            actor=actor,
            override_reason=args.override,
            lessons=args.lessons or "",
        ),
        "deadline-met": lambda: breach.record_deadline_met(
            ctx,
            incident=args.incident,
            deadline_id=args.deadline,
            done_at=parse_time(args.at, settings) if args.at else dt.datetime.now(dt.UTC),
            actor=actor,
            note=args.note or "",
        ),
        "assess": lambda: breach.record_assessment(
            ctx,
            incident=args.incident,
            actor=actor,
            assessment=breach.Assessment(
                nature=args.nature,
                recipient=args.recipient,
                acquired=args.acquired,
                mitigation=args.mitigation,
                affected=args.affected,
                state_residents_max=args.state_max,
                breach=args.breach == "yes",
                reason=args.reason,
            ),
        ),
        "discovered": lambda: breach.set_discovered(
            ctx, incident=args.incident, discovered_at=parse_time(args.when, settings), actor=actor
        ),
        "evidence": lambda: records.record_evidence(
            ctx,
            incident=args.incident,
            url=args.url,
            sha256=args.sha256 or _file_sha256(args.file),
            captured_at=parse_time(args.captured, settings) if args.captured else ctx.clock(),
            actor=actor,
            captured_by=args.captured_by,
        ),
        "hold": lambda: records.set_legal_hold(
            ctx, incident=args.incident, hold=True, reason=args.reason, actor=actor
        ),
        "release": lambda: records.set_legal_hold(
            ctx, incident=args.incident, hold=False, reason=args.reason, actor=actor
        ),
    }
    return _report(calls[action]())


def _file_sha256(path: str | None) -> str:
    """The SHA-256 of a saved file of evidence, read in chunks."""
    import hashlib

    if not path:
        raise UsageError("give --sha256 HEX or --file PATH (the saved capture)")
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    return digest.hexdigest()


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`crisisbot export INC -o FILE`, or `crisisbot export verify FILE`."""
    from bot.records import archive

    if args.target == "verify":
        if not args.archive:
            raise UsageError("crisisbot export verify ARCHIVE [--fingerprint HEX]")
        checked = archive.verify(Path(args.archive), fingerprint=args.fingerprint)
        if checked.ok:
            print(
                f"{checked.incident}: archive intact, {checked.files} files, log of "
                f"{checked.entries} entries verified; fingerprint {checked.fingerprint}"
            )
            return EXIT_OK
        for problem in checked.problems:
            print(f"TAMPERED: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    ctx = _context(settings)
    body, fingerprint = archive.build(
        ctx, args.target, tz=settings.tz, actor=args.actor or default_actor()
    )
    output = Path(args.output or f"{args.target.upper()}-export.zip")
    if output.exists():
        raise UsageError(f"{output} already exists: give another name with -o")
    output.write_bytes(body)
    print(f"wrote {output} ({len(body):,} bytes); fingerprint {fingerprint}")
    print("keep the fingerprint apart from the archive: `crisisbot export verify` checks both")
    return EXIT_OK


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.records.backup import backup_sqlite

    size = backup_sqlite(settings.database_url, Path(args.file))
    print(f"copied the database to {args.file} ({size:,} bytes)")
    return EXIT_OK


def cmd_db_purge(args: argparse.Namespace, settings: Settings) -> int:
    from bot.records.retention import purge
    from bot.store import connect, upgrade

    try:
        before = dt.date.fromisoformat(args.closed_before)
    except ValueError:
        raise UsageError(f"{args.closed_before!r} is not a date like 2019-12-31") from None
    db = connect(settings.database_url)
    upgrade(db)
    today = settings.clock()().astimezone(settings.tz).date()
    result = purge(db, closed_before=before, today=today, apply=args.yes)
    verb = "purged" if args.yes else "would purge (add --yes to do it)"
    print(f"{verb}: {', '.join(result.purged) or 'nothing'}")
    if result.held:
        print(f"kept, on legal hold: {', '.join(result.held)}")
    return EXIT_OK


def cmd_log(args: argparse.Namespace, settings: Settings) -> int:
    from bot.incidents import view as incident_view
    from bot.incidents.log import format_ts
    from bot.render import text

    ctx = _context(settings)
    if args.action == "show":
        entries = incident_view.log_entries(ctx, args.incident)
        if args.format == "json":
            body = "\n".join(
                json.dumps(
                    {  # exactly the hashed fields, so anyone can recompute the chain
                        "incident": e.incident,
                        "seq": e.seq,
                        "ts": format_ts(e.ts),
                        "actor": e.actor,
                        "kind": e.kind,
                        "text": e.text,
                        "data": e.data,
                        "prev_hash": e.prev_hash,
                        "hash": e.hash,
                    },
                    ensure_ascii=False,
                )
                for e in entries
            )
        else:
            body = text.log_text(entries, settings.tz)
        _write(args, body)
        return EXIT_OK
    if args.head is not None and not re.fullmatch(r"[0-9a-fA-F]{12,64}", args.head.strip()):
        raise UsageError(
            "--head takes at least 12 hex characters of a head, as the thread header and the"
            f" report show it (16); {args.head[:70]!r} is not one"
        )
    result = incident_view.verify_log(ctx, args.incident, expected_head=args.head)
    if result.ok:
        anchored = (
            f"; the head you gave is entry {result.verified_from_head}"
            if result.verified_from_head
            else ""
        )
        print(
            f"{result.incident}: log intact, {result.entries} entries, head {result.head_hash}{anchored}"
        )
        return EXIT_OK
    print(f"{result.incident}: TAMPERED: {result.problem}", file=sys.stderr)
    return EXIT_REFUSED


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.report import build_report, render

    ctx = _context(settings)
    report = build_report(
        ctx, args.incident, tz=settings.tz, now=dt.datetime.now(dt.UTC), unmasked=args.unmasked
    )
    if args.unmasked:  # who saw the identifiers is part of the record
        from bot.incidents import service

        service.record_unmasked_report(ctx, incident=args.incident, actor=default_actor())
    _write(args, render(report, args.format, messages_dir=settings.messages_dir).rstrip("\n"))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    """Open incidents, and figures over a period (default the last 30 days)."""
    from bot.incidents.log import format_ts
    from bot.render.home import stats_text
    from bot.report.stats import incident_stats, open_incidents

    ctx = _context(settings)
    now = dt.datetime.now(dt.UTC)
    until = parse_time(args.until, settings) if args.until else now
    if not args.since and args.days < 1:
        raise UsageError(f"--days takes a number of days, 1 or more (not {args.days})")
    since = parse_time(args.since, settings) if args.since else until - dt.timedelta(days=args.days)
    if since >= until:
        raise UsageError("--since must be before --until")
    rows = open_incidents(ctx, now=now)
    stats = incident_stats(
        ctx, since=since, until=until, now=now, include_drills=args.include_drills
    )
    if args.format == "json":
        body = json.dumps(
            {
                "open": [
                    {
                        "ref": r.ref,
                        "title": r.title,
                        "playbook": r.playbook_title,
                        "phase": r.phase_title,
                        "opened_at": format_ts(r.opened_at),
                        "age_s": r.age.total_seconds(),
                        "overdue_steps": r.overdue_steps,
                        "drill": r.drill,
                    }
                    for r in rows
                ],
                "period": stats.to_dict(),
            },
            indent=2,
        )
    else:
        body = stats_text(rows, stats, settings.tz)
    _write(args, body)
    return EXIT_OK


def cmd_phi_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.phi import Org, findings_json, normalise, scan

    if sys.stdin.isatty():
        raise UsageError(
            "crisisbot phi-check reads the text from stdin: echo TEXT | crisisbot phi-check"
        )
    # Spans are of the text as read: full-width letters folded, invisible marks removed.
    findings = scan(normalise(sys.stdin.read()), Org.from_settings(settings))
    print(findings_json(findings))
    return EXIT_REFUSED if findings else EXIT_OK


_SPAN = re.compile(r"(\d+(?:\.\d+)?)([dhms])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}


def _span(text: str) -> dt.timedelta:
    """`2h`, `90m`, `1h30m`, `1d`: how far an exercise's time moves."""
    parts = _SPAN.findall(text.strip().lower())
    if not parts or "".join(n + u for n, u in parts) != text.strip().lower():
        raise UsageError(f"{text!r} is not a span of time like 2h, 90m, 1h30m or 1d")
    span = dt.timedelta()
    for number, unit in parts:
        span += dt.timedelta(**{_UNITS[unit]: float(number)})
    return span


def cmd_clock(args: argparse.Namespace, settings: Settings) -> int:
    """An exercise's time (CRISISBOT_TIME_FILE): show it, or move it forward."""
    from bot.clock import ExerciseClock, move_exercise_clock

    if settings.time_file is None:
        raise UsageError(
            "crisisbot clock moves an exercise's time: set CRISISBOT_TIME_FILE (the same file"
            " for serve and its workers) first"
        )
    try:
        if args.action == "advance":
            now = move_exercise_clock(settings.time_file, by=_span(args.span))
        elif args.action == "set":
            try:
                moment = dt.datetime.fromisoformat(args.moment.replace("Z", "+00:00"))
            except ValueError:
                raise UsageError(
                    f"{args.moment!r} is not a moment like 2026-12-05T02:00:00Z"
                ) from None
            now = move_exercise_clock(settings.time_file, to=moment)
        else:
            now = ExerciseClock(settings.time_file)()
    except ValueError as err:
        raise UsageError(str(err)) from None
    local = now.astimezone(settings.tz)
    print(f"exercise time: {local:%a %d %b %Y %H:%M:%S} {settings.org_timezone}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Socket Mode, HTTP, or (no Slack variables) the local sandbox page."""
    if settings.slack_mode in ("socket", "http") and (args.reset or args.open):
        raise UsageError(
            "--reset and --open are for the sandbox; Slack variables are set, so crisisbot run"
            " serves Slack (crisisbot sandbox runs the sandbox anyway)"
        )
    if settings.slack_mode == "socket":
        return cmd_socket(args, settings)
    if settings.slack_mode == "http":
        return cmd_serve(args, settings)
    return cmd_sandbox(args, settings)


def cmd_sandbox(args: argparse.Namespace, settings: Settings) -> int:
    """The fake Slack, the real bot and the Slack-like page on 127.0.0.1."""
    from bot.sandbox import site

    try:
        port = SANDBOX_PORT if args.port is None else args.port
        return site.run(settings, port=port, reset=args.reset, open_page=args.open)
    except site.PortInUse as err:
        raise UsageError(str(err)) from None


def cmd_drill(args: argparse.Namespace, settings: Settings) -> int:
    """A scripted drill through the fake Slack and the real bot, printed in the terminal."""
    from bot.sandbox import drill as walkthrough

    return walkthrough.run(settings, reset=args.reset)


def _need_slack(settings: Settings, mode: str) -> None:
    if mode == "socket" and not settings.slack_app_token:
        raise UsageError("crisisbot socket needs SLACK_APP_TOKEN (xapp-...) and SLACK_BOT_TOKEN")
    if mode in ("http", "worker") and not settings.slack_bot_token:
        raise UsageError(
            f"crisisbot {'serve' if mode == 'http' else mode} needs SLACK_BOT_TOKEN"
            + (" and SLACK_SIGNING_SECRET" if mode == "http" else "")
        )
    if mode == "http" and not settings.slack_signing_secret:
        raise UsageError(
            "crisisbot serve needs SLACK_SIGNING_SECRET (from the Slack app's Basic Information page)"
        )


def _logging(settings: Settings) -> None:
    from bot.logs import configure

    configure(settings.log_level, settings.log_format, settings.secrets)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.server import serve

    _need_slack(settings, "http")
    _logging(settings)
    return serve(
        settings,
        host=getattr(args, "host", None) or "0.0.0.0",
        port=settings.port if getattr(args, "port", None) is None else args.port,
    )


def cmd_socket(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.server import socket_mode

    _need_slack(settings, "socket")
    _logging(settings)
    return socket_mode(settings)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from bot.slack.server import worker

    _need_slack(settings, "worker")
    _logging(settings)
    return worker(settings)


# -- parser ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # one line, exit 2
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crisisbot", description="Hospital social-media crisis response, run from playbooks."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    for name, help_text, func in (
        ("run", "start crisisbot (no Slack tokens: the sandbox page on 127.0.0.1)", cmd_run),
        ("sandbox", "a Slack-like page on 127.0.0.1 driving the real bot (no tokens)", cmd_sandbox),
    ):
        page = sub.add_parser(name, help=help_text)
        page.add_argument(
            "--port",
            type=int,
            help=f"the sandbox page's port (default {SANDBOX_PORT}; 0 picks a free one); with"
            " Slack variables set, run's HTTP port (default $PORT)",
        )
        page.add_argument(
            "--reset",
            action="store_true",
            help="delete the sandbox database and its saved channel first",
        )
        page.add_argument("--open", action="store_true", help="open the sandbox page in a browser")
        page.set_defaults(func=func)
    drill = sub.add_parser(
        "drill", help="a scripted drill through a fake Slack and the real bot, in the terminal"
    )
    drill.add_argument(
        "--reset",
        action="store_true",
        help="delete the sandbox database and its saved channel first",
    )
    drill.set_defaults(func=cmd_drill)
    serve = sub.add_parser(
        "serve", help="HTTP: POST /slack/events and GET /healthz on $PORT (gunicorn)"
    )
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port (default $PORT, 3000)")
    serve.set_defaults(func=cmd_serve)
    sub.add_parser(
        "socket", help="Socket Mode (SLACK_APP_TOKEN): no public URL needed"
    ).set_defaults(func=cmd_socket)
    sub.add_parser(
        "worker", help="deliver queued Slack updates (beside crisisbot serve)"
    ).set_defaults(func=cmd_worker)

    sub.add_parser(
        "phi-check", help="scan text on stdin for PHI; JSON findings, exit 1 when any"
    ).set_defaults(func=cmd_phi_check)
    stats = sub.add_parser("stats", help="open incidents, and figures over a period")
    stats.add_argument("--days", type=int, default=30, help="the last N days (default 30)")
    stats.add_argument("--since", metavar="TIME", help="from this time (instead of --days)")
    stats.add_argument("--until", metavar="TIME", help="up to this time (default now)")
    stats.add_argument("--include-drills", action="store_true", help="count drills too")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.add_argument("-o", "--output", help="write to this file")
    stats.set_defaults(func=cmd_stats)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="action", required=True)
    up = db.add_parser("upgrade", help="upgrade the schema (also done on every start)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    copy = db.add_parser("backup", help="a consistent copy of a SQLite database, while it runs")
    copy.add_argument("file", help="where to write the copy (must not exist)")
    copy.set_defaults(func=cmd_db_backup)
    purge = db.add_parser(
        "purge", help="delete closed incidents past retention (six years), never one on hold"
    )
    purge.add_argument("--closed-before", required=True, metavar="DATE")
    purge.add_argument("--yes", action="store_true", help="delete (without it: only list)")
    purge.set_defaults(func=cmd_db_purge)

    export = sub.add_parser(
        "export",
        help="INC -o FILE: the incident's record as one archive; verify FILE: check one",
    )
    export.add_argument("target", metavar="INC|verify")
    export.add_argument("archive", nargs="?", help="with verify: the archive to check")
    export.add_argument("-o", "--output", help="where to write the archive")
    export.add_argument(
        "--fingerprint", metavar="HEX", help="with verify: the one printed at export"
    )
    export.add_argument(
        "--as", dest="actor", metavar="USER", help="who exports (default cli:<login>)"
    )
    export.set_defaults(func=cmd_export)

    pb = sub.add_parser("playbooks", help="check, list and show playbooks").add_subparsers(
        dest="action", required=True
    )
    check = pb.add_parser("check", help="validate every playbook; exit 1 on any problem")
    check.add_argument("--dir", help="folder of playbooks (default CRISISBOT_PLAYBOOKS)")
    check.set_defaults(func=cmd_playbooks_check)
    pb.add_parser("list", help="the playbooks there are").set_defaults(func=cmd_playbooks_list)
    show = pb.add_parser("show", help="phases, steps and roles of one playbook")
    show.add_argument("id")
    show.add_argument("-o", "--output", help="write to this file")
    show.set_defaults(func=cmd_playbooks_show)

    inc = sub.add_parser("incident", help="run an incident").add_subparsers(
        dest="action", required=True
    )

    def mutating(name: str, help_text: str) -> argparse.ArgumentParser:
        p = inc.add_parser(name, help=help_text)
        p.add_argument(
            "--as", dest="actor", metavar="USER", help="act as this user (default cli:<login>)"
        )
        p.set_defaults(func=cmd_incident)
        return p

    start = mutating("start", "start an incident from a playbook")
    start.add_argument("playbook")
    start.add_argument("title")
    start.add_argument("--severity", choices=("low", "medium", "high", "critical"))
    start.add_argument("--description")
    start.add_argument("--channel", help="Slack channel id (default CRISIS_CHANNEL)")
    start.add_argument("--discovered", metavar="TIME", help="when it was discovered (default now)")
    start.add_argument("--drill", action="store_true", help="mark as a drill (exercise)")
    listing = inc.add_parser("list", help="open incidents")
    listing.add_argument("--all", action="store_true", help="include closed incidents")
    listing.set_defaults(func=cmd_incident)
    shown = inc.add_parser("show", help="an incident's roles, checklist and deadlines")
    shown.add_argument("incident")
    shown.add_argument("-o", "--output", help="write to this file")
    shown.set_defaults(func=cmd_incident)
    for name, help_text, extra in (
        ("assign", "give a role to a user", ("role", "user")),
        ("unassign", "leave a role empty", ("role",)),
        ("done", "tick a step", ("step",)),
        ("reopen", "reopen a step", ("step",)),
        ("skip", "skip a step with a reason", ("step",)),
        ("note", "add a note to the log", ("text",)),
        ("advance", "move to the next phase", ()),
        ("close", "close the incident from its last phase", ()),
        ("discovered", "set when the problem was discovered", ("when",)),
    ):
        p = mutating(name, help_text)
        p.add_argument("incident")
        for arg in extra:
            p.add_argument(arg)
        if name == "skip":
            p.add_argument("--reason", required=True)
        if name in ("advance", "close"):
            p.add_argument(
                "--override",
                metavar="REASON",
                help="commander override of the guard, with a reason",
            )
        if name == "close":
            p.add_argument("--lessons", metavar="TEXT", help="lessons learned, for the report")
        if name == "advance":
            p.add_argument(
                "--expect",
                metavar="PHASE",
                help="advance only if the incident is still in PHASE (safe to repeat)",
            )
    evidence = mutating("evidence", "record an item of evidence: where, when, its SHA-256")
    evidence.add_argument("incident")
    evidence.add_argument("--url", required=True, help="where the post or file was")
    sums = evidence.add_mutually_exclusive_group(required=True)
    sums.add_argument("--sha256", metavar="HEX", help="the saved capture's SHA-256")
    sums.add_argument("--file", metavar="PATH", help="the saved capture: its SHA-256 is taken")
    evidence.add_argument("--captured", metavar="TIME", help="when it was captured (default now)")
    evidence.add_argument("--captured-by", metavar="USER", help="who captured it (default --as)")
    for name, help_text in (
        ("hold", "place a legal hold: nothing purges the incident while it is held"),
        ("release", "release a legal hold"),
    ):
        p = mutating(name, help_text)
        p.add_argument("incident")
        p.add_argument("--reason", required=True)
    met = mutating("deadline-met", "record when a calendar deadline was met (also after close)")
    met.add_argument("incident")
    met.add_argument("deadline", help="the deadline's id, e.g. report-hhs-annual")
    met.add_argument("--at", metavar="TIME", help="when it was met (default now)")
    met.add_argument("--note", help="e.g. the submission's confirmation number")
    assess = mutating("assess", "record the four-factor breach risk assessment (PHI leaks)")
    assess.add_argument("incident")
    assess.add_argument("--nature", required=True, help="nature and extent of the PHI involved")
    assess.add_argument("--recipient", required=True, help="who received or used it")
    assess.add_argument("--acquired", required=True, help="whether it was acquired or viewed")
    assess.add_argument("--mitigation", required=True, help="how far the risk was mitigated")
    assess.add_argument("--affected", type=int, required=True, help="people affected")
    assess.add_argument(
        "--state-max", type=int, required=True, help="most residents of one state among them"
    )
    assess.add_argument(
        "--breach", choices=("yes", "no"), required=True, help="no: low probability shown"
    )
    assess.add_argument("--reason", required=True, help="the determination, in words")

    report = sub.add_parser(
        "report", help="the post-incident report for leadership (Markdown or standalone HTML)"
    )
    report.add_argument("incident")
    report.add_argument("--format", choices=("md", "html"), default="md")
    report.add_argument("-o", "--output", help="write to this file")
    report.add_argument(
        "--unmasked",
        action="store_true",
        help="for the privacy officer: show identifiers in notes, replies and reasons "
        "(masked as [name], [room] by default); the incident's log records who built it",
    )
    report.set_defaults(func=cmd_report)

    log = sub.add_parser("log", help="the incident log").add_subparsers(
        dest="action", required=True
    )
    lshow = log.add_parser("show", help="print every entry")
    lshow.add_argument("incident")
    lshow.add_argument("--format", choices=("text", "json"), default="text")
    lshow.add_argument("-o", "--output", help="write to this file")
    lshow.set_defaults(func=cmd_log)
    verify = log.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first bad entry"
    )
    verify.add_argument("incident")
    verify.add_argument(
        "--head", metavar="HASH", help="a head shown earlier (report, thread header)"
    )
    verify.set_defaults(func=cmd_log)

    clock = sub.add_parser(
        "clock", help="an exercise's time (CRISISBOT_TIME_FILE): show it or move it forward"
    ).add_subparsers(dest="action", required=True)
    clock.add_parser("show", help="the exercise's time now").set_defaults(func=cmd_clock)
    ahead = clock.add_parser("advance", help="move it forward by a span: 2h, 90m, 1h30m, 1d")
    ahead.add_argument("span")
    ahead.set_defaults(func=cmd_clock)
    to = clock.add_parser("set", help="move it forward to a moment (2026-12-05T02:00:00Z)")
    to.add_argument("moment")
    to.set_defaults(func=cmd_clock)

    box = sub.add_parser("outbox", help="what waits to be shown in Slack").add_subparsers(
        dest="action", required=True
    )
    waiting = box.add_parser("list", help="intents not delivered yet, parked ones first")
    waiting.add_argument("--parked", action="store_true", help="only the parked ones")
    waiting.set_defaults(func=cmd_outbox)
    retry = box.add_parser("retry", help="send parked intents again (all, or these ids)")
    retry.add_argument("ids", nargs="*", metavar="ID", type=int)
    retry.set_defaults(func=cmd_outbox)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        settings = load_settings()
        code: int = args.func(args, settings)
        return code
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, InvalidInput) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except PlaybookError as err:
        for problem in err.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    except (UnknownPlaybook, NotFound) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except SlackUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except CrisisError as err:
        print(f"refused: {err}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:
        if not _database_error(err):
            raise
        first = str(err.orig if getattr(err, "orig", None) else err).strip().splitlines()[0]
        print(f"error: database ({settings_url()}): {first}", file=sys.stderr)
        return EXIT_REFUSED


def _database_error(err: Exception) -> bool:
    """A database error, told apart without importing the database layer up front."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(err, exc.SQLAlchemyError)


def settings_url() -> str:
    """DATABASE_URL without a password, for error messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(load_settings().database_url).render_as_string(hide_password=True)
    except (ConfigError, ValueError):
        return "DATABASE_URL"
