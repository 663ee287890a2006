"""Exactly once across processes: `crisisbot serve` and two `crisisbot worker` processes
on one PostgreSQL, all looking for reminders on the same rehearsal clock (600 times
faster, the same in every process), post each reminder once."""

from __future__ import annotations

import collections
import datetime as dt
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks import servers
from bot.incidents import service
from bot.sandbox.fake_slack.server import FakeSlack
from bot.store import connect
from bot.store.models import OutboxIntent, Reminder
from tests.conftest import MESSAGES, PLAYBOOKS
from tests.crisisbot_process import crisisbot_command, server_env

CHANNEL, COMMANDER, COMMS = "C0CRISIS", "U0DANA", "U0JO"

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_serve_and_two_workers_post_each_reminder_once(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from sqlalchemy import select

    from tests.conftest import database_at

    start = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with FakeSlack() as fake, database_at(request, "postgres", tmp_path) as url:
        fake.start()
        env = server_env(
            url,
            fake,
            "reminder-test-secret",
            CRISISBOT_TIME_SPEED="600",  # a simulated minute every 0.1 s
            CRISISBOT_TIME_FROM=start.isoformat(),
            CRISIS_CHANNEL=CHANNEL,
            REMINDER_REPEAT_MINUTES="60,120,180,240,300",
            LOG_LEVEL="WARNING",
        )
        workers = [
            subprocess.Popen(
                [*crisisbot_command(), "worker"],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        db = connect(url)
        try:
            with servers.ours(env, tmp_path):
                ctx = service.Context(
                    db=db, playbooks_dir=PLAYBOOKS, messages_dir=MESSAGES,
                    clock=lambda: start + (dt.datetime.now(dt.UTC) - start) * 600,
                )  # fmt: skip
                ref = service.start_incident(
                    ctx, playbook_id="viral-patient-video", title="Rehearsal",
                    actor=COMMANDER, channel_id=CHANNEL,
                ).incident  # fmt: skip
                service.assign_role(
                    ctx, incident=ref, role_id="comms", user_id=COMMS, actor=COMMANDER
                )
                # Three processes look every 15 s; 45 s is 7.5 simulated hours.
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    with db.readers() as session:
                        count = len(session.scalars(select(Reminder.id)).all())
                    if count >= 12:
                        break
                    time.sleep(1)
                time.sleep(3)  # what the last look asked for is posted
        finally:
            for worker in workers:
                worker.terminate()
            for worker in workers:
                err = worker.communicate(timeout=30)[1]
                assert "Traceback" not in err, err
        with db.readers() as session:
            rows = session.execute(select(Reminder.id, Reminder.kind, Reminder.key)).all()
            asked = session.scalars(
                select(OutboxIntent.payload).where(OutboxIntent.kind == "remind")
            ).all()
        db.dispose()
        posted = [
            str((m.metadata or {}).get("event_payload", {}).get("key"))
            for m in fake.messages(CHANNEL, include_replies=True)
            if str((m.metadata or {}).get("event_payload", {}).get("key", "")).startswith("remind:")
        ]
    messages = [r for r in rows if r.kind != "page"]
    assert len(messages) >= 6, "the rehearsal ran long enough for many reminders"
    doubled = [key for key, n in collections.Counter(posted).items() if n > 1]
    assert doubled == [], f"posted twice: {doubled}"
    first_ids = {f"remind:{r.id}" for r in messages}
    assert set(posted) <= first_ids and posted, "each post is one recorded reminder group"
    assert len(posted) == len(asked), "every message asked for was posted, once"
