"""The fault suite: incidents worked on while Slack misbehaves (runs of 429 with
Retry-After, two minutes of 5xx, answers lost after Slack stored the message, slow
answers), and servers killed mid-delivery or racing on one incident. It counts what a
person would notice: messages lost, messages doubled, and how long an incident's view in
Slack stayed wrong after Slack recovered. The figures are printed at the end of the run
(and kept in build/fault-suite.json)."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks import servers
from bot import inbox, outbox
from bot.incidents import service
from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.slack import ids
from bot.store import connect
from tests.conftest import MESSAGES, PLAYBOOKS, PROJECT_ROOT
from tests.crisisbot_process import server_env
from tests.slack.harness import CHANNEL, running_bot

pytestmark = pytest.mark.slow  # minutes of real time: the outage is two minutes long

OTHER = "C0FAULTS2"
PEOPLE = ["U0DANA", "U0LEE", "U0PRIV"]
RESULTS = PROJECT_ROOT / "build" / "fault-suite.json"


@dataclass
class Figures:
    scenario: str
    database: str
    operations: int = 0
    faults_injected: int = 0
    messages_lost: int = 0
    messages_doubled: int = 0
    longest_stale_s: float = 0.0
    logs_verified: bool = False
    notes: list[str] = field(default_factory=list)

    def save(self) -> None:
        RESULTS.parent.mkdir(exist_ok=True)
        with RESULTS.open("a") as out:
            out.write(json.dumps(asdict(self)) + "\n")


# -- what Slack shows, compared with the database -------------------------------------------


def _slack_steps(fake: FakeSlack, channel: str, ref: str) -> dict[str, bool]:
    """Each step's tick as the checklist messages in Slack show it."""
    shown: dict[str, bool] = {}
    for message in fake.messages(channel, include_replies=True):
        payload = (message.metadata or {}).get("event_payload") or {}
        if payload.get("incident") != ref or not str(payload.get("key", "")).startswith(
            "checklist"
        ):
            continue
        for block in message.blocks:
            block_id = str(block.get("block_id", ""))
            if block_id.startswith("step|"):
                text = str((block.get("text") or {}).get("text", ""))
                shown[block_id[5:]] = not text.startswith(":white_square:")
    return shown


def _db_steps(ctx: Any, ref: str) -> dict[str, bool]:
    view = incident_view.get_incident(ctx, ref)
    return {s.step.id: s.finished for s in view.steps if s.step.phase == view.phase}


def _doubled(fake: FakeSlack, channels: list[str]) -> int:
    seen: dict[tuple[str, str], int] = {}
    for channel in channels:
        for message in fake.messages(channel, include_replies=True):
            payload = (message.metadata or {}).get("event_payload") or {}
            if payload:
                key = (str(payload.get("incident")), str(payload.get("key")))
                seen[key] = seen.get(key, 0) + 1
    return sum(n - 1 for n in seen.values() if n > 1)


def _texts(fake: FakeSlack, channels: list[str]) -> list[str]:
    return [m.text for c in channels for m in fake.messages(c, include_replies=True)]


class Staleness:
    """How long each incident's checklist in Slack differs from the database, counted
    from when Slack was last failing (or from the change, if later)."""

    def __init__(self) -> None:
        self.since: dict[str, float] = {}
        self.longest = 0.0
        self.recovered_at = 0.0

    def sample(self, ref: str, consistent: bool, faults_active: bool) -> None:
        now = time.monotonic()
        if faults_active:
            self.recovered_at = now
            self.since.pop(ref, None)
            return
        if consistent:
            start = self.since.pop(ref, None)
            if start is not None:
                self.longest = max(self.longest, now - start)
        else:
            self.since.setdefault(ref, max(now, self.recovered_at))

    def finish(self) -> None:
        now = time.monotonic()
        for start in self.since.values():
            self.longest = max(self.longest, now - start)


# -- in one process: Slack's faults -------------------------------------------------------


@pytest.fixture
def faulty(database_url: str) -> Iterator[Any]:
    with running_bot(database_url) as bot:
        for user in PEOPLE:
            bot.fake.add_user(user, user.lower(), user.title())
            bot.fake.set_member(CHANNEL, user)
        bot.fake.add_channel(OTHER, "faults-two", set(PEOPLE))
        yield bot


def test_slack_faults_lose_nothing_double_nothing_and_views_catch_up_within_a_minute(
    faulty: Any, database_url: str
) -> None:
    bot, ctx, fake = faulty, faulty.runtime.ctx, faulty.fake
    figures = Figures("slack faults", "sqlite" if database_url.startswith("sqlite") else "postgres")
    rng = random.Random(17)
    channels = [CHANNEL, OTHER]
    refs = [
        service.start_incident(
            ctx, playbook_id="phi-leak", title=f"Fault drill {i}", actor=PEOPLE[0],
            channel_id=channels[i % 2],
        ).incident
        for i in range(3)
    ]  # fmt: skip
    bot.settle(timeout=30)
    home = {ref: channels[i % 2] for i, ref in enumerate(refs)}
    notes: list[str] = []
    stale = Staleness()

    def operate(n: int) -> None:
        ref = rng.choice(refs)
        view = incident_view.get_incident(ctx, ref)
        open_now = [s.step.id for s in view.steps if s.step.phase == view.phase and not s.finished]
        done_now = [s.step.id for s in view.steps if s.step.phase == view.phase and s.finished]
        roll = rng.random()
        try:
            if roll < 0.4 and open_now:
                service.complete_step(
                    ctx, incident=ref, step_id=rng.choice(open_now), actor=PEOPLE[0]
                )
            elif roll < 0.55 and done_now:
                service.reopen_step(
                    ctx, incident=ref, step_id=rng.choice(done_now), actor=PEOPLE[0]
                )
            elif roll < 0.85:
                text = f"Fault drill note [{n}]"
                service.add_note(ctx, incident=ref, text=text, actor=rng.choice(PEOPLE))
                notes.append(text)
            else:
                role = rng.choice(["legal", "hr", "department-leader"])
                service.assign_role(
                    ctx, incident=ref, role_id=role, user_id=rng.choice(PEOPLE), actor=PEOPLE[0]
                )
        except Exception as err:  # a refusal is an operation too (e.g. a step that waits)
            figures.notes.append(type(err).__name__)
        figures.operations += 1

    def watch(faults_active: bool) -> None:
        for ref in refs:
            stale.sample(
                ref, _slack_steps(fake, home[ref], ref) == _db_steps(ctx, ref), faults_active
            )

    schedule = [
        # (seconds from start, what happens)
        (0, lambda: (fake.fault("chat.update", "ratelimited", times=6, retry_after=2),
                     fake.fault("chat.postMessage", "ratelimited", times=4, retry_after=1))),
        (15, lambda: fake.fault("*", "server_error", times=10**9)),  # Slack down: 2 minutes
        (135, fake.clear_faults),
        (135, lambda: (fake.fault("chat.postMessage", "lost_answer", times=4),
                       fake.fault("chat.update", "slow", times=4, delay=3.0))),
        (160, fake.clear_faults),
    ]  # fmt: skip
    began = time.monotonic()
    n = 0
    while time.monotonic() - began < 170:
        elapsed = time.monotonic() - began
        while schedule and schedule[0][0] <= elapsed:
            schedule.pop(0)[1]()
        active = elapsed < 10 or 15 <= elapsed < 160  # Slack is failing (or just was)
        operate(n)
        n += 1
        watch(active)
        time.sleep(0.4)
    # Slack has recovered: wait (at most two minutes) until every view is right again.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        watch(False)
        if not stale.since and outbox.pending_count(ctx.db) == 0:
            break
        time.sleep(0.5)
    stale.finish()
    bot.settle(timeout=60)

    figures.faults_injected = sum(
        1 for c in fake.calls if c.error in ("ratelimited", "server_error", "lost_answer")
    )
    texts = _texts(fake, channels)
    figures.messages_lost = sum(1 for note in notes if not any(note in t for t in texts))
    figures.messages_lost += sum(
        1 for ref in refs if _slack_steps(fake, home[ref], ref) != _db_steps(ctx, ref)
    )
    figures.messages_doubled = _doubled(fake, channels) + sum(
        max(0, sum(note in t for t in texts) - 1) for note in notes
    )
    figures.longest_stale_s = round(stale.longest, 1)
    figures.logs_verified = all(incident_view.verify_log(ctx, ref).ok for ref in refs)
    figures.notes = sorted(set(figures.notes))
    figures.save()
    assert figures.messages_lost == 0 and figures.messages_doubled == 0, figures
    assert figures.logs_verified, figures
    assert figures.longest_stale_s <= 60, figures
    assert not outbox.waiting(ctx.db, parked_only=True), "nothing was parked for good"


# -- processes: killed mid-delivery, and two racing on one incident ------------------------

SECRET = "fault-suite-signing-secret-01234"


def _env(database_url: str, fake: FakeSlack, **extra: str) -> dict[str, str]:
    return server_env(database_url, fake, SECRET, **extra)


def _tick(server: servers.ServerProcess, fake: FakeSlack, ref: str, step: str) -> int:
    sender = sr.SlackSender(server.url, SECRET)
    root = next(
        m for m in fake.messages(CHANNEL)
        if (m.metadata or {}).get("event_payload", {}).get("incident") == ref
    )  # fmt: skip
    request = sr.block_actions(
        [sr.button_action(ids.Action.STEP_DONE, f"step|{step}", f"{ref}|{step}")],
        user_id=PEOPLE[0],
        channel_id=CHANNEL,
        message={"type": "message", "ts": root.ts, "thread_ts": root.ts, "text": "", "blocks": []},
    )
    return sender.send(request).status


def _wait_consistent(ctx_db: Any, fake: FakeSlack, ref: str, ctx: Any, limit: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < limit:
        if _slack_steps(fake, CHANNEL, ref) == _db_steps(ctx, ref):
            return time.monotonic() - began
        time.sleep(0.25)
    return float("inf")


@pytest.fixture
def plain_fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.start()
        for user in PEOPLE:
            fake.add_user(user, user.lower(), user.title())
            fake.set_member(CHANNEL, user)
        yield fake


def _ctx(database_url: str) -> Any:
    return service.Context(db=connect(database_url), playbooks_dir=PLAYBOOKS, messages_dir=MESSAGES)


def test_a_server_killed_mid_delivery_loses_nothing_and_its_incident_moves_within_a_minute(
    database_url: str, plain_fake: FakeSlack, tmp_path: Path
) -> None:
    fake = plain_fake
    figures = Figures(
        "SIGKILL mid-delivery", "sqlite" if database_url.startswith("sqlite") else "postgres"
    )
    env = _env(database_url, fake)
    first = servers.ours(env, tmp_path)
    ctx = _ctx(database_url)
    try:
        ref = service.start_incident(
            ctx, playbook_id="phi-leak", title="Killed drill", actor=PEOPLE[0], channel_id=CHANNEL
        ).incident
        assert _wait_consistent(ctx.db, fake, ref, ctx, 30) < 30, "the incident was posted"
        # The next update hangs in Slack; the server is killed while it waits.
        fake.fault("chat.update", "slow", delay=8, times=1)
        assert _tick(first, fake, ref, "capture-evidence") == 200
        figures.operations += 1
        fake.wait_for(lambda: fake.calls_to("chat.update"), timeout=10)
        os.killpg(first.pid, signal.SIGKILL)
        figures.faults_injected = 2
    finally:
        first.stop()
    with servers.ours(env, tmp_path) as second:
        assert _tick(second, fake, ref, "record-discovery") == 200
        figures.operations += 1
        began = time.monotonic()
        while time.monotonic() - began < 60:  # both acked ticks done (the first by takeover)
            steps = _db_steps(ctx, ref)
            if steps["capture-evidence"] and steps["record-discovery"]:
                break
            time.sleep(0.2)
        stale = time.monotonic() - began + _wait_consistent(ctx.db, fake, ref, ctx, 90)
    figures.longest_stale_s = round(stale, 1)
    figures.messages_lost = int(_slack_steps(fake, CHANNEL, ref) != _db_steps(ctx, ref))
    figures.messages_doubled = _doubled(fake, [CHANNEL])
    figures.logs_verified = incident_view.verify_log(ctx, ref).ok
    done = _db_steps(ctx, ref)
    ctx.db.dispose()
    figures.save()
    assert done["capture-evidence"] and done["record-discovery"], "both acked ticks were done"
    assert figures.messages_lost == 0 and figures.messages_doubled == 0, figures
    assert figures.longest_stale_s <= 60 and figures.logs_verified, figures


@pytest.mark.postgres
def test_two_servers_racing_on_one_postgresql_incident_post_each_message_once(
    plain_fake: FakeSlack, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from tests.conftest import database_at

    fake = plain_fake
    with database_at(request, "postgres", tmp_path) as database_url:
        figures = Figures("two servers racing", "postgres")
        env = _env(database_url, fake)
        ctx = _ctx(database_url)
        with servers.ours(env, tmp_path) as one, servers.ours(env, tmp_path) as two:
            ref = service.start_incident(
                ctx,
                playbook_id="phi-leak",
                title="Racing drill",
                actor=PEOPLE[0],
                channel_id=CHANNEL,
            ).incident
            assert _wait_consistent(ctx.db, fake, ref, ctx, 30) < 30
            view = incident_view.get_incident(ctx, ref)
            steps = [
                s.step.id
                for s in view.steps
                if s.step.phase == view.phase and not s.step.depends_on
            ]
            notes = []
            for n in range(20):  # replies and ticks, sent to each server in turn
                server = (one, two)[n % 2]
                if n < len(steps):
                    assert _tick(server, fake, ref, steps[n]) == 200
                    figures.operations += 1
                text = f"Racing note [{n}]"
                sender = sr.SlackSender(server.url, SECRET)
                reply = sr.message_event(CHANNEL, PEOPLE[1], text, thread_ts=_root_ts(fake, ref))
                assert sender.send(sr.event(reply)).status == 200
                notes.append(text)
                figures.operations += 1
            began = time.monotonic()
            while inbox.waiting(ctx.db) and time.monotonic() - began < 60:
                time.sleep(0.2)  # the acked replies are captured
            stale = _wait_consistent(ctx.db, fake, ref, ctx, 90)
        figures.longest_stale_s = round(stale, 1)
        entries = [e.text for e in incident_view.log_entries(ctx, ref)]
        figures.messages_lost = sum(1 for t in notes if t not in entries)
        figures.messages_doubled = _doubled(fake, [CHANNEL]) + sum(
            max(0, entries.count(t) - 1) for t in notes
        )
        figures.logs_verified = incident_view.verify_log(ctx, ref).ok
        ctx.db.dispose()
        figures.save()
    assert figures.messages_lost == 0 and figures.messages_doubled == 0, figures
    assert figures.longest_stale_s <= 60 and figures.logs_verified, figures


def _root_ts(fake: FakeSlack, ref: str) -> str:
    return str(
        next(
            m.ts
            for m in fake.messages(CHANNEL)
            if (m.metadata or {}).get("event_payload", {}).get("incident") == ref
        )
    )
