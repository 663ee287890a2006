"""Reminders on a controlled clock, on SQLite and PostgreSQL, counted as the deliverer
would post them (one REMIND intent is one message): each expected reminder once, none
for a finished step, none after close or in a drill, quiet hours honoured except for
legal deadlines, "On it" holding repeats, and two processes looking at once sending
each reminder once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.clock import FixedClock
from bot.errors import NotAllowed
from bot.incidents import breach, service
from bot.incidents.view import get_incident
from bot.reminders import service as reminders
from bot.reminders.policy import Policy, PolicyError, from_settings, quiet_hours
from bot.store import connect
from bot.store.models import OutboxIntent, Reminder

CMD, COMMS, PRIV, LEGAL, NURSE = "UCMD", "UCOMMS", "UPRIV", "ULEGAL", "UNURSE"
CHICAGO = ZoneInfo("America/Chicago")
POLICY = Policy(unfilled_role_minutes=600)  # roles: their own test


def _start(ctx: service.Context, playbook: str = "viral-patient-video", **kw: object) -> str:
    ref = service.start_incident(
        ctx, playbook_id=playbook, title="Video online", actor=CMD, channel_id="C0CRISIS", **kw
    ).incident  # type: ignore[arg-type]
    for role, user in (("comms", COMMS), ("privacy", PRIV), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _messages(ctx: service.Context) -> list[dict[str, object]]:
    """Each reminder message asked of the deliverer: to whom, and what it holds."""
    with ctx.db.readers() as session:
        intents = session.scalars(
            select(OutboxIntent).where(OutboxIntent.kind == "remind").order_by(OutboxIntent.id)
        ).all()
        rows = {r.id: r for r in session.scalars(select(Reminder))}
        return [
            {"to": i.payload["to"], "keys": sorted(rows[n].key for n in i.payload["ids"])}
            for i in intents
        ]


def _run(ctx: service.Context, policy: Policy = POLICY) -> list[dict[str, object]]:
    before = len(_messages(ctx))
    reminders.run(ctx, CHICAGO, policy)
    return _messages(ctx)[before:]


def _by_person(sent: list[dict[str, object]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for message in sent:
        assert message["to"] not in out, "one message per person per look"
        out[str(message["to"])] = list(message["keys"])  # type: ignore[call-overload]
    return out


def test_the_owner_then_the_commander_each_once_and_nothing_once_it_is_done(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _start(ctx)
    assert _run(ctx) == []
    clock.advance(minutes=14)
    assert _run(ctx) == [], "nothing is due before its time"
    clock.advance(minutes=2)  # capture-evidence (comms) and brief-core-team (commander): 15
    assert _by_person(_run(ctx)) == {
        COMMS: ["step:capture-evidence:owner:0"],
        CMD: ["step:brief-core-team:owner:0"],
    }
    assert _run(ctx) == [], "once, however often it looks"

    # 46 min: start-monitoring (30) is late; identify-location-and-staff (45) has no
    # owner, so the commander hears of it; capture-evidence is past its 30-minute grace.
    clock.advance(minutes=30)
    assert _by_person(_run(ctx)) == {
        CMD: ["step:capture-evidence:commander", "step:identify-location-and-staff:owner:0"],
        COMMS: ["step:start-monitoring:owner:0"],
    }
    service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    service.skip_step(
        ctx, incident=ref, step_id="brief-core-team", actor=CMD, reason="Briefed on the phone"
    )
    clock.advance(minutes=30)  # 76 min: start-monitoring is past its grace
    assert _by_person(_run(ctx)) == {CMD: ["step:start-monitoring:commander"]}
    clock.advance(minutes=15)  # 91 min: its owner again (60 after due)
    assert _by_person(_run(ctx)) == {COMMS: ["step:start-monitoring:owner:1"]}
    clock.advance(minutes=15)  # 106: the unowned step again, to the commander
    assert _by_person(_run(ctx)) == {CMD: ["step:identify-location-and-staff:owner:1"]}
    # Nothing more for the step done or the one skipped, however long it runs.
    clock.advance(hours=12)
    reminders.run(ctx, CHICAGO, POLICY)
    with ctx.db.readers() as session:
        keys = set(session.scalars(select(Reminder.key)))
    assert sorted(k for k in keys if ":capture-evidence:" in k) == [
        "step:capture-evidence:commander",
        "step:capture-evidence:owner:0",
    ]
    assert sorted(k for k in keys if ":brief-core-team:" in k) == ["step:brief-core-team:owner:0"]


def test_a_step_found_late_gets_one_reminder_not_every_stage_it_missed(
    ctx: service.Context, clock: FixedClock
) -> None:
    _start(ctx)
    clock.advance(hours=5)  # the process was down: 0, 60 and 180 after due have all passed
    sent = _by_person(_run(ctx))
    assert sent[COMMS] == ["step:capture-evidence:owner:2", "step:start-monitoring:owner:2"]


def test_required_roles_still_empty_are_flagged_to_the_commander_once(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _start(ctx)
    policy = Policy(unfilled_role_minutes=15, repeat_minutes=(600,), grace_minutes=600)
    clock.advance(minutes=10)
    assert _run(ctx, policy) == []
    service.assign_role(ctx, incident=ref, role_id="security", user_id=NURSE, actor=CMD)
    clock.advance(minutes=6)
    sent = _by_person(_run(ctx, policy))
    roles = [k for k in sent[CMD] if k.startswith("role:")]
    unfilled = [r.id for r in get_incident(ctx, ref).unfilled_required_roles]
    assert roles == [f"role:{r}" for r in unfilled] and "role:security" not in roles
    clock.advance(hours=3)
    assert not any(k.startswith("role:") for m in _run(ctx, policy) for k in m["keys"])  # type: ignore[attr-defined]


def test_on_it_holds_repeats_and_escalation_for_its_time(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _start(ctx)
    clock.advance(minutes=16)
    _run(ctx)
    with pytest.raises(NotAllowed):
        reminders.on_it(ctx, incident=ref, step_id="capture-evidence", actor=NURSE, org=POLICY)
    reminders.on_it(ctx, incident=ref, step_id="capture-evidence", actor=COMMS, org=POLICY)
    clock.advance(minutes=50)  # 66: the commander (45) and the repeat (75) wait until 76
    assert all("capture-evidence" not in k for m in _run(ctx) for k in m["keys"])  # type: ignore[attr-defined]
    clock.advance(minutes=11)  # 77: "On it" has run out; what has come by now, once
    keys = [k for m in _run(ctx) for k in m["keys"] if "capture-evidence" in k]  # type: ignore[attr-defined]
    assert sorted(keys) == ["step:capture-evidence:commander", "step:capture-evidence:owner:1"]
    view = get_incident(ctx, ref)
    assert view.steps[0].status == "open"  # On it is not done


def test_quiet_hours_hold_step_reminders_but_never_a_legal_deadline(
    ctx: service.Context, clock: FixedClock
) -> None:
    clock.now = dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.UTC)  # 23:00 in Chicago
    ref = _start(ctx, "phi-leak")
    breach.set_discovered(
        ctx, incident=ref, discovered_at=clock() - dt.timedelta(days=54), actor=PRIV
    )  # notifications due in 6 days: the 7-day reminder has come
    quiet = dataclasses.replace(POLICY, quiet_hours=quiet_hours("QUIET_HOURS", "22:00-07:00"))
    clock.advance(minutes=40)  # 23:40: steps due at 30 are late, but it is quiet
    sent = _by_person(_run(ctx, quiet))
    assert list(sent) == [PRIV]
    assert all(k.startswith("deadline:") and k.endswith(":7d") for k in sent[PRIV])
    clock.advance(hours=7)  # 06:40: still quiet, nothing more
    assert _run(ctx, quiet) == []
    clock.advance(minutes=21)  # 07:01: the held reminders, each step once
    after = _run(ctx, quiet)
    keys = [k for m in after for k in m["keys"]]  # type: ignore[attr-defined]
    owners = [k.split(":")[1] for k in keys if ":owner:" in k]
    assert owners and all(k.startswith("step:") for k in keys)
    assert len(owners) == len(set(owners)), "one reminder per step, not one per stage missed"


def test_no_reminders_in_a_drill_unless_asked_and_none_after_close(
    ctx: service.Context, clock: FixedClock
) -> None:
    _start(ctx, drill=True)
    clock.advance(minutes=16)
    assert _run(ctx) == [], "a drill is not reminded by default"
    drill = _start(ctx, drill=True)
    clock.advance(minutes=16)
    asked = _by_person(_run(ctx, dataclasses.replace(POLICY, drills=True)))
    assert asked[COMMS] == ["step:capture-evidence:owner:0"]
    view = get_incident(ctx, drill)
    while not view.closed:
        last = view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1
        (service.close_incident if last else service.advance_phase)(
            ctx, incident=drill, actor=CMD, override_reason="Drill over"
        )
        view = get_incident(ctx, drill)
    clock.advance(hours=3)
    assert _run(ctx, dataclasses.replace(POLICY, drills=True)) == []


def test_two_processes_looking_at_once_send_each_reminder_once(
    database_url: str, clock: FixedClock, ctx: service.Context
) -> None:
    for _ in range(4):
        _start(ctx)
    clock.advance(minutes=50)
    contexts = [dataclasses.replace(ctx, db=connect(database_url)) for _ in range(2)]
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def look(c: service.Context) -> None:
        barrier.wait()
        counts.append(reminders.run(c, CHICAGO, POLICY))

    threads = [threading.Thread(target=look, args=(c,)) for c in contexts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with ctx.db.readers() as session:
        keys = session.execute(select(Reminder.incident_id, Reminder.key)).all()
    assert len(keys) == len(set(keys)) == sum(counts) == 4 * 5
    for c in contexts:
        c.db.dispose()


def test_settings_name_the_variable_when_a_value_is_wrong() -> None:
    assert from_settings({}).repeat_minutes == (60, 180, 480)
    assert from_settings({"REMINDER_REPEAT_MINUTES": "30, 90"}).repeat_minutes == (30, 90)
    for env, said in (
        ({"REMINDER_GRACE_MINUTES": "soon"}, "REMINDER_GRACE_MINUTES: 'soon'"),
        ({"REMINDER_REPEAT_MINUTES": "30,-5"}, "REMINDER_REPEAT_MINUTES: '-5'"),
        ({"QUIET_HOURS": "10pm-7am"}, "QUIET_HOURS: '10pm-7am' is not a span like 22:00-07:00"),
        ({"REMIND_DRILLS": "maybe"}, "REMIND_DRILLS: 'maybe'"),
    ):
        with pytest.raises(PolicyError, match=said):
            from_settings(env)
