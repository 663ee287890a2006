"""The outbox's lease and retry rules on a controlled clock: a crashed deliverer's incident
moves again within half a minute, a long delivery keeps its incident while it renews,
transient failures are retried for the configured time with capped back-off, and only
what cannot succeed is parked."""

from __future__ import annotations

import datetime as dt

from bot import outbox
from bot.clock import FixedClock
from bot.incidents import service


def _incident_with_work(ctx: service.Context) -> str:
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Chart photo", actor="U1", channel_id="C0CRISIS1"
    ).incident
    return ref


def test_a_crashed_deliverers_incident_moves_again_within_30_seconds(
    ctx: service.Context, clock: FixedClock
) -> None:
    _incident_with_work(ctx)
    crashed = outbox.claim(ctx.db, owner="crashed", now=clock())
    assert crashed
    clock.advance(seconds=20)
    assert outbox.claim(ctx.db, owner="other", now=clock()) == [], "still leased"
    clock.advance(seconds=11)
    again = outbox.claim(ctx.db, owner="other", now=clock())
    assert {c.id for c in again} == {c.id for c in crashed}


def test_a_delivery_that_renews_its_lease_keeps_its_incident(
    ctx: service.Context, clock: FixedClock
) -> None:
    _incident_with_work(ctx)
    held = [c.id for c in outbox.claim(ctx.db, owner="slow", now=clock())]
    for _ in range(6):  # a minute of renewals every 10 seconds
        clock.advance(seconds=10)
        outbox.renew(ctx.db, held, owner="slow", now=clock())
        assert outbox.claim(ctx.db, owner="other", now=clock()) == []
    outbox.complete(ctx.db, held, owner="slow", now=clock())
    clock.advance(seconds=60)
    assert outbox.claim(ctx.db, owner="other", now=clock()) == []


def test_transient_failures_back_off_capped_and_are_parked_only_after_the_retry_window(
    ctx: service.Context, clock: FixedClock
) -> None:
    _incident_with_work(ctx)
    window, cap = dt.timedelta(hours=2), dt.timedelta(minutes=5)
    waits = []
    while True:
        claimed = outbox.claim(ctx.db, owner="d", now=clock(), limit=1)
        if not claimed:
            due = outbox.next_due(ctx.db)
            if due is None:
                break
            clock.now = max(clock.now, due)
            continue
        parked = outbox.retry_later(
            ctx.db,
            [claimed[0].id],
            owner="d",
            now=clock(),
            error="slack: fatal_error",
            failure=outbox.Failure.TRANSIENT,
            retry_for=window,
            cap=cap,
        )
        if parked:
            break
        waits.append(outbox.next_try(ctx.db, [claimed[0].id]) - clock())  # type: ignore[operator]
    assert max(waits) <= cap and min(waits) >= dt.timedelta(seconds=0.5)
    assert len(waits) > 20, "retried for the whole window, not a fixed number of times"
    [row] = outbox.waiting(ctx.db, parked_only=True)
    assert row.failing_since is not None
    assert clock() - row.failing_since >= window


def test_a_permanent_refusal_parks_at_once_and_a_retry_clears_it(
    ctx: service.Context, clock: FixedClock
) -> None:
    _incident_with_work(ctx)
    claimed = outbox.claim(ctx.db, owner="d", now=clock(), limit=1)
    parked = outbox.retry_later(
        ctx.db,
        [claimed[0].id],
        owner="d",
        now=clock(),
        error="slack: channel_not_found",
        failure=outbox.Failure.PERMANENT,
    )
    assert parked == [claimed[0].id]
    assert outbox.troubles(ctx.db).parked == 1
    assert outbox.requeue(ctx.db, parked, now=clock()) == 1
    assert outbox.troubles(ctx.db).parked == 0
    again = outbox.claim(ctx.db, owner="d", now=clock())
    assert claimed[0].id in {c.id for c in again}


def test_waiting_behind_a_failure_costs_no_attempt(ctx: service.Context, clock: FixedClock) -> None:
    _incident_with_work(ctx)
    claimed = outbox.claim(ctx.db, owner="d", now=clock())
    outbox.retry_later(
        ctx.db,
        [c.id for c in claimed],
        owner="d",
        now=clock(),
        error="behind another",
        failure=outbox.Failure.WAIT,
        delay=dt.timedelta(seconds=3),
    )
    rows = outbox.waiting(ctx.db)
    assert rows and all(r.attempts == 0 and r.failing_since is None for r in rows)
    assert outbox.claim(ctx.db, owner="d", now=clock()) == []
    clock.advance(seconds=3)
    assert outbox.claim(ctx.db, owner="d", now=clock())
