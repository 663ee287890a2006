"""Slack's budgets kept on a controlled clock: no sleeps."""

from __future__ import annotations

from bot.slack.pacing import Pacer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_updates_beyond_the_burst_wait_for_the_budget_to_refill() -> None:
    clock = Clock()
    pacer = Pacer(per_minute=60, burst=3, clock=clock)
    assert [pacer.wait("chat.update", ts=str(n)) for n in range(3)] == [0, 0, 0]
    assert pacer.wait("chat.update", ts="4") == 1.0
    clock.now += 1.0
    assert pacer.wait("chat.update", ts="4") == 0


def test_one_message_is_updated_at_most_every_two_seconds() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    assert pacer.wait("chat.update", ts="1") == 0
    assert pacer.wait("chat.update", ts="1") == 2.0
    assert pacer.wait("chat.update", ts="2") == 0  # another message goes
    clock.now += 2.0
    assert pacer.wait("chat.update", ts="1") == 0


def test_posts_to_one_channel_go_a_second_apart() -> None:
    clock = Clock()
    pacer = Pacer(clock=clock)
    assert pacer.wait("chat.postMessage", channel="C1") == 0
    assert pacer.wait("chat.postMessage", channel="C1") == 1.0
    assert pacer.wait("chat.postMessage", channel="C2") == 0


def test_peeking_counts_nothing() -> None:
    clock = Clock()
    pacer = Pacer(per_minute=60, burst=1, clock=clock)
    assert pacer.peek("chat.update") == 0
    assert pacer.peek("chat.update") == 0
    assert pacer.wait("chat.update") == 0
    assert pacer.peek("chat.update") == 1.0


def test_work_given_back_for_a_spent_budget_comes_back_one_turn_at_a_time() -> None:
    clock = Clock()
    pacer = Pacer(per_minute=60, burst=1, clock=clock)
    pacer.wait("chat.update")
    turns = [pacer.turn("chat.update", pacer.peek("chat.update")) for _ in range(4)]
    assert turns == [1.0, 2.0, 3.0, 4.0]
    clock.now += 10  # the queue has gone: the next one waits only for the budget
    pacer.wait("chat.update")
    assert pacer.turn("chat.update", pacer.peek("chat.update")) == 1.0


def test_a_wait_that_is_not_the_budgets_takes_no_turn() -> None:
    clock = Clock()
    pacer = Pacer(per_minute=60, burst=5, clock=clock)
    pacer.wait("chat.update", ts="1")
    wait = pacer.wait("chat.update", ts="1")  # the message's own floor, budget left
    assert pacer.turn("chat.update", wait) == wait == 2.0
    assert pacer.turn("chat.postMessage", 1.0) == 1.0


def test_every_process_draws_on_one_budget_kept_in_the_database(database_url: str) -> None:
    """Two deliverers (two processes' pacers) on one database: together they get the
    workspace's budget once, not once each."""
    import datetime as dt

    from bot import outbox
    from bot.store import connect, upgrade

    db = connect(database_url)
    upgrade(db)
    now = [dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)]

    def shared(take: bool, per_second: float, burst: float) -> float:
        return outbox.budget(db, take=take, per_second=per_second, burst=burst, now=now[0])

    clock = Clock()
    first, second = (Pacer(per_minute=60, burst=4, clock=clock, budget=shared) for _ in "ab")
    went = [p.wait("chat.update", ts=str(n)) == 0 for n, p in enumerate([first, second] * 4)]
    assert went.count(True) == 4
    assert second.peek("chat.update") == first.peek("chat.update") == 1.0
    now[0] += dt.timedelta(seconds=2)
    assert first.wait("chat.update") == 0 and second.wait("chat.update") == 0
    assert first.wait("chat.update") == 1.0
