"""Exactly once across processes, on an exercise's clock: `crisisbot serve` and two
`crisisbot worker` processes on one database (SQLite, then PostgreSQL) read their time
from one file the test moves (`CRISISBOT_TIME_FILE`), as a facilitator would. The test
never waits for time to pass: it moves the clock, waits until every process has looked
and every message is out, and counts each one: the reminders posted and the pages the
webhook received are exactly those one process computes on a fixed clock, each once;
none after a step is done, while "On it" holds, in quiet hours, or after close."""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, or_, select

from benchmarks import servers
from bot import outbox
from bot.clock import ExerciseClock, FixedClock, move_exercise_clock
from bot.config import load_settings
from bot.incidents import service
from bot.playbooks.model import CLOSED
from bot.reminders import service as reminders
from bot.sandbox.fake_slack.server import FakeSlack
from bot.store import Database, connect, upgrade
from bot.store.models import Incident, OutboxIntent, Reminder
from tests.conftest import MESSAGES, PLAYBOOKS, database_at
from tests.crisisbot_process import crisisbot_command, server_env
from tests.receiver import Receiver

CHANNEL, COMMANDER, COMMS, PRIVACY = "C0CRISIS", "U0DANA", "U0JO", "U0PRIYA"
SECRET = "exercise-webhook-secret"
UTC = ZoneInfo("UTC")
# Minutes after the incident opened at which the test moves the clock: none is near a
# due time, repeat or escalation (quarter hours), the end of "On it" (77) or of quiet
# hours, so a look a moment later finds the same. The incident opens at 15:00; 22:17 and
# 23:17 are in quiet hours (22:00-07:00); 07:02 the next morning is just after they end.
CHECKPOINTS = (17, 47, 82, 137, 257, 437, 497, 962)
CLOSE_AT, AFTER_CLOSE = 962, 1502
ACTED_AT = 17  # the commander ticks their own step; the comms lead says "On it"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_serve_and_two_workers_send_each_reminder_once_on_an_exercise_clock(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    time_file = tmp_path / "exercise.clock"
    wall = dt.datetime.now(dt.UTC)
    start = (wall + dt.timedelta(days=1)).replace(hour=15, minute=0, second=0, microsecond=0)
    move_exercise_clock(time_file, to=start)
    clock = ExerciseClock(time_file)
    receiver = Receiver(SECRET)
    with FakeSlack() as fake, database_at(request, kind, tmp_path) as url:
        fake.start()
        env = server_env(
            url, fake, "reminder-test-secret",
            CRISISBOT_TIME_FILE=str(time_file), CRISIS_CHANNEL=CHANNEL, ORG_TIMEZONE="UTC",
            QUIET_HOURS="22:00-07:00", ESCALATION_WEBHOOK_URL=receiver.url,
            ESCALATION_WEBHOOK_SECRET=SECRET, LOG_LEVEL="WARNING",
        )  # fmt: skip
        policy = load_settings(env, env_file=None).reminders
        db = connect(url)
        upgrade(db)
        ref_db = connect(f"sqlite:///{tmp_path / 'one-process.db'}")
        upgrade(ref_db)
        try:
            with servers.ours(env, tmp_path), _workers(env, tmp_path, 2):
                real = service.Context(
                    db=db, playbooks_dir=PLAYBOOKS, messages_dir=MESSAGES, clock=clock
                )
                ref = _start(real)
                with db.readers() as session:
                    opened = session.scalar(select(Incident.opened_at).where(Incident.ref == ref))
                assert opened is not None
                # One process on a fixed clock, the same incident at the same moments.
                one_clock = FixedClock(opened.replace(tzinfo=dt.UTC))
                one = service.Context(
                    db=ref_db, playbooks_dir=PLAYBOOKS, messages_dir=MESSAGES, clock=one_clock
                )
                one_ref = _start(one)
                acted = clock()
                expected: dict[int, list[tuple[str, ...]]] = {}
                sent: dict[int, list[tuple[str, ...]]] = {}
                for minutes in (*CHECKPOINTS, AFTER_CLOSE):
                    at = opened.replace(tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
                    move_exercise_clock(time_file, to=at)
                    one_clock.now = at
                    before = _asked(ref_db)
                    reminders.run(one, UTC, policy, paging=True)
                    expected[minutes] = _asked(ref_db)[len(before) :]
                    before = _asked(db)
                    _settled(db, clock)
                    sent[minutes] = _asked(db)[len(before) :]
                    if minutes == ACTED_AT:
                        acted = clock()
                        _act(real, ref, policy)
                        _act(one, one_ref, policy)
                    if minutes == CLOSE_AT:
                        _close(real, ref)
                        _close(one, one_ref)
                _settled(db, clock)
        finally:
            receiver.close()
        with db.readers() as session:
            rows = session.scalars(select(Reminder).order_by(Reminder.id)).all()
            parked = session.scalar(
                select(func.count()).select_from(OutboxIntent).where(OutboxIntent.parked)
            )
        db.dispose()
        ref_db.dispose()
        posted = [
            str(_marker(m).get("key"))
            for m in fake.messages(CHANNEL, include_replies=True)
            if str(_marker(m).get("key", "")).startswith("remind:")
        ]
        # Every message the bot keeps (root, header, checklist, cards, reminders) is
        # posted once: no process posted what another already had.
        keys_posted = [
            (_marker(m).get("incident"), k)
            for m in fake.messages(CHANNEL, include_replies=True)
            if (k := _marker(m).get("key"))
        ]
    pages = [receiver.verified(h, b) for h, b in list(receiver.got.queue)]

    # What the three processes sent is what one process computes, moment by moment.
    assert sent == expected
    messages = [m for at in CHECKPOINTS for m in sent[at] if m[0] == "remind"]
    assert len(messages) >= 8, "the exercise ran long enough for many reminders"
    # Each message asked for was posted once; each page reached the webhook once.
    assert not [k for k, n in collections.Counter(keys_posted).items() if n > 1], "posted twice"
    assert len(posted) == len(messages)
    page_rows = [r for r in rows if r.kind == "page"]
    assert sorted(p["key"] for p in pages) == sorted(f"{ref}:{r.key}" for r in page_rows)
    assert page_rows, "a step left open an hour past due pages someone"
    assert parked == 0

    def sent_at(row: Reminder) -> dt.datetime:
        return row.sent_at.replace(tzinfo=dt.UTC)

    begun = opened.replace(tzinfo=dt.UTC)
    # Nothing more about the step the commander ticked.
    assert not [r for r in rows if r.subject == "brief-core-team" and sent_at(r) > acted]
    # "On it" held the capture step's repeats and escalation for its hour.
    held = [r for r in rows if r.subject == "capture-evidence" and sent_at(r) > acted]
    assert held and min(sent_at(r) for r in held) >= acted + dt.timedelta(minutes=60)
    # Quiet hours held step reminders, which came when they ended.
    in_quiet = [r for r in rows if r.kind != "page" and not 7 <= sent_at(r).hour < 22]
    assert in_quiet == [], [(r.key, sent_at(r)) for r in in_quiet]
    morning = [r for r in rows if sent_at(r) >= begun + dt.timedelta(minutes=962)]
    assert morning, "what quiet hours held was sent when they ended"
    # Nothing after close.
    assert sent[AFTER_CLOSE] == []
    assert not [r for r in rows if sent_at(r) > begun + dt.timedelta(minutes=CLOSE_AT + 1)]


def _start(ctx: service.Context) -> str:
    ref = service.start_incident(
        ctx, playbook_id="viral-patient-video", title="Exercise", actor=COMMANDER,
        channel_id=CHANNEL,
    ).incident  # fmt: skip
    service.assign_roles(
        ctx, incident=ref, changes={"comms": COMMS, "privacy": PRIVACY}, actor=COMMANDER
    )
    return ref


def _act(ctx: service.Context, ref: str, policy: Any) -> None:
    service.complete_step(ctx, incident=ref, step_id="brief-core-team", actor=COMMANDER)
    reminders.on_it(ctx, incident=ref, step_id="capture-evidence", actor=COMMS, org=policy)


def _close(ctx: service.Context, ref: str) -> None:
    service.close_incident(
        ctx, incident=ref, actor=COMMANDER, override_reason="exercise over", lessons="none"
    )


def _asked(db: Database) -> list[tuple[str, ...]]:
    """Each message and page asked of the deliverer, in order: what, to whom, about what."""
    with db.readers() as session:
        keys = {id_: key for id_, key in session.execute(select(Reminder.id, Reminder.key))}
        out: list[tuple[str, ...]] = []
        for kind, payload in session.execute(
            select(OutboxIntent.kind, OutboxIntent.payload)
            .where(OutboxIntent.kind.in_(("remind", "escalate")))
            .order_by(OutboxIntent.id)
        ):
            ids = payload.get("ids") or [payload.get("id")]
            out.append((kind, str(payload.get("to")), *sorted(keys[int(i)] for i in ids)))
        return out


def _settled(db: Database, clock: ExerciseClock, timeout: float = 90) -> None:
    """Until some process has looked at every open incident since the clock moved
    (each knows when to look next, and that is later than now) and everything asked of
    Slack and the webhook is delivered."""
    deadline = time.monotonic() + timeout
    while True:
        with db.readers() as session:
            unlooked = session.scalar(
                select(func.count())
                .select_from(Incident)
                .where(
                    Incident.phase != CLOSED,
                    or_(Incident.remind_at.is_(None), Incident.remind_at <= clock()),
                )
            )
        if not unlooked and not outbox.pending_count(db):
            return
        assert time.monotonic() < deadline, f"{unlooked} incidents not looked at, or undelivered"
        time.sleep(0.1)


def _marker(message: Any) -> dict[str, Any]:
    return dict((message.metadata or {}).get("event_payload") or {})


class _workers:
    """`count` crisisbot worker processes, stopped (and their stderr checked) on exit."""

    def __init__(self, env: dict[str, str], cwd: Path, count: int) -> None:
        command = [*crisisbot_command(), "worker"]
        self.procs = [
            subprocess.Popen(command, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
            for _ in range(count)
        ]

    def __enter__(self) -> _workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            err = proc.communicate(timeout=30)[1]
            assert "Traceback" not in err, err
