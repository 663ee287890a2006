"""Acked means durable: a real `crisisbot serve` flooded with thread replies is stopped the
way a platform stops it (SIGTERM) with a backlog, and started again on the same database;
every reply it acked is in the incident's log afterwards. Beyond its backlog bound the
server answers 503 (Slack sends those again), and /healthz says it is degraded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import overload
from bot.sandbox.fake_slack.server import FakeSlack
from tests.crisisbot_process import server_env

pytestmark = pytest.mark.slow  # real server processes

SECRET = "durable-acks-signing-secret-0123"
CHANNEL = "C0FLOOD01"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        running.start()
        running.add_channel(CHANNEL, "flood-room", {overload.USER}, is_private=True)
        running.add_user(overload.USER, "bench.reply", "Bench Reply")
        yield running


def _env(database_url: str, fake: FakeSlack, **extra: str) -> dict[str, str]:
    return server_env(database_url, fake, SECRET, **extra)


def test_every_acked_reply_is_recorded_after_a_sigterm_with_a_backlog_and_a_restart(
    database_url: str, fake: FakeSlack, tmp_path: Path
) -> None:
    # One work thread and a one-second grace, so the stopping server cannot finish its
    # backlog and must leave some of it to the next start.
    figures = overload.run(
        database_url=database_url,
        fake=fake,
        env=_env(database_url, fake, MAX_BACKLOG="4000", WORK_THREADS="1", STOP_GRACE_SECONDS="1"),
        cwd=tmp_path,
        channel=CHANNEL,
        secret=SECRET,
        replies=6000,
        stop_after=3000,
        time_limit=60,
    )
    assert figures["acked"] >= 3000, figures
    assert figures["inbox_at_stop"] > 0 and figures["inbox_at_restart"] > 0, figures
    assert figures["lost"] == 0, figures
    assert figures["inbox_left_after_drain"] == 0, figures
    assert figures["recorded"] >= figures["acked"], figures


def test_beyond_its_backlog_bound_the_server_answers_503_and_loses_nothing_it_acked(
    database_url: str, fake: FakeSlack, tmp_path: Path
) -> None:
    figures = overload.run(
        database_url=database_url,
        fake=fake,
        env=_env(database_url, fake, MAX_BACKLOG="100", WORK_THREADS="1"),
        cwd=tmp_path,
        channel=CHANNEL,
        secret=SECRET,
        replies=2000,
        stop_after=10_000,  # no stop in the middle
        time_limit=60,
    )
    assert figures["refused_503"] > 0 and figures["healthz_degraded_seen"], figures
    assert figures["lost"] == 0 and figures["recorded"] >= figures["acked"], figures
