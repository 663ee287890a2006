"""The use cases, without Slack: access, guards, idempotency, snapshots, concurrency."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import people
from bot.errors import (
    CrisisError,
    IncidentClosed,
    InvalidInput,
    NotAllowed,
    NotFound,
    PhaseIncomplete,
    StepBlocked,
)
from bot.incidents import breach, service
from bot.incidents import view as incident_view
from bot.store.models import LogEntry, OutboxIntent, Refusal
from tests.conftest import MESSAGES, PLAYBOOKS, START

CMD, COMMS, PRIV, LEGAL, OUTSIDER, ADMIN = "UCMD", "UCOMMS", "UPRIV", "ULEGAL", "UNURSE", "UADMIN"


def _start(ctx: service.Context, playbook: str = "viral-patient-video", **kw: object) -> str:
    outcome = service.start_incident(
        ctx, playbook_id=playbook, title="Video of a patient on TikTok", actor=CMD, **kw
    )  # type: ignore[arg-type]
    return outcome.incident


def _staffed(ctx: service.Context) -> str:
    ref = _start(ctx)
    for role, user in (("comms", COMMS), ("privacy", PRIV), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _entries(ctx: service.Context) -> int:
    with ctx.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(LogEntry)) or 0


def _status(ctx: service.Context, ref: str, step: str) -> str:
    view = incident_view.get_incident(ctx, ref)
    return next(s.status for s in view.steps if s.step.id == step)


def test_start_numbers_incidents_per_year_and_makes_the_starter_commander(
    ctx: service.Context,
) -> None:
    first, second = _start(ctx), _start(ctx, "phi-leak")
    assert (first, second) == ("INC-2026-0001", "INC-2026-0002")
    view = incident_view.get_incident(ctx, second)
    assert dict((r.id, h) for r, h in view.roles)["commander"] == CMD
    assert view.phase == "contain" and view.severity == "high"
    assert view.progress == (0, len(view.playbook.steps))


def test_start_refuses_bad_input_and_writes_nothing(ctx: service.Context) -> None:
    with pytest.raises(NotFound, match="no playbook 'nope'"):
        service.start_incident(ctx, playbook_id="nope", title="x", actor=CMD)
    with pytest.raises(InvalidInput, match="title is empty"):
        service.start_incident(ctx, playbook_id="phi-leak", title="   ", actor=CMD)
    with pytest.raises(InvalidInput, match="severity 'urgent'"):
        service.start_incident(ctx, playbook_id="phi-leak", title="t", actor=CMD, severity="urgent")
    with pytest.raises(InvalidInput, match="title is empty"):
        service.start_incident(ctx, playbook_id="phi-leak", title="\x00\u202e\x1b", actor=CMD)
    with pytest.raises(InvalidInput, match="too long"):
        service.start_incident(ctx, playbook_id="phi-leak", title="x" * 3001, actor=CMD)
    assert incident_view.list_incidents(ctx, include_closed=True) == []
    assert _entries(ctx) == 0


def test_a_3000_character_hostile_title_is_kept_as_typed(ctx: service.Context) -> None:
    title = ("<!channel> <@U123> & *bold* " * 200)[:3000]
    ref = service.start_incident(ctx, playbook_id="phi-leak", title=title, actor=CMD).incident
    assert incident_view.get_incident(ctx, ref).title == title.strip()


# The access matrix, spelled out by hand (not generated from the policy table).
# actor -> may they: tick a comms step, assign, advance (with override), close, note
MATRIX = [
    (CMD, True, True, True, True),
    (COMMS, True, False, False, True),
    (PRIV, False, False, False, True),
    (OUTSIDER, False, False, False, True),
    (ADMIN, True, True, True, True),
]


@pytest.mark.parametrize(("actor", "tick", "assign", "advance", "note"), MATRIX)
def test_access_matrix(
    ctx: service.Context, actor: str, tick: bool, assign: bool, advance: bool, note: bool
) -> None:
    ref = _staffed(ctx)

    def allowed(call) -> bool:  # type: ignore[no-untyped-def]
        try:
            call()
            return True
        except NotAllowed:
            return False

    assert (
        allowed(
            lambda: service.complete_step(
                ctx, incident=ref, step_id="capture-evidence", actor=actor
            )
        )
        is tick
    )
    assert (
        allowed(
            lambda: service.assign_role(ctx, incident=ref, role_id="hr", user_id="UHR", actor=actor)
        )
        is assign
    )
    assert (
        allowed(
            lambda: service.advance_phase(ctx, incident=ref, actor=actor, override_reason="drill")
        )
        is advance
    )
    assert (
        allowed(
            lambda: service.add_note(ctx, incident=ref, text="called the platform", actor=actor)
        )
        is note
    )


def test_privacy_officer_may_not_tick_a_comms_step_and_the_refusal_is_recorded(
    ctx: service.Context,
) -> None:
    ref = _staffed(ctx)
    people.remember(ctx.db, COMMS, "Dana Okafor", now=ctx.clock())
    before = _entries(ctx)
    with pytest.raises(NotAllowed) as refusal:
        service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=PRIV)
    message = str(refusal.value)
    # Who may, in one sentence, by name (the id while no name is known) and role title.
    assert message == (
        f"{ref}: only Dana Okafor (Communications lead), {CMD} (Incident commander) or an"
        " admin can tick “Capture the post before it is deleted (screen recording,"
        " screenshots, URL, author, post time, reach)”."
    ), message
    assert _status(ctx, ref, "capture-evidence") == "open"
    assert _entries(ctx) == before  # not in the hash chain
    with ctx.db.sessions() as s:
        audit = s.scalars(select(Refusal)).one()
    assert (audit.actor, audit.action, audit.incident_ref) == (PRIV, "complete_step", ref)


def test_tick_before_dependency_is_refused_and_changes_nothing(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    before = _entries(ctx)
    with pytest.raises(StepBlocked, match="waits for “Capture the post before it is deleted"):
        service.complete_step(ctx, incident=ref, step_id="start-monitoring", actor=COMMS)
    assert _status(ctx, ref, "start-monitoring") == "open"
    assert _entries(ctx) == before


def test_ticking_twice_changes_nothing_the_second_time(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    first = service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    count = _entries(ctx)
    again = service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    assert first.changed and not again.changed
    assert _entries(ctx) == count


def test_skip_needs_a_reason_and_unblocks_dependents(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    with pytest.raises(InvalidInput, match="reason is empty"):
        service.skip_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS, reason=" ")
    service.skip_step(
        ctx, incident=ref, step_id="capture-evidence", actor=COMMS, reason="post already deleted"
    )
    service.complete_step(ctx, incident=ref, step_id="start-monitoring", actor=COMMS)
    entries = incident_view.log_entries(ctx, ref)
    skipped = next(e for e in entries if e.kind == "step_skipped")
    assert skipped.data["reason"] == "post already deleted"


def test_reopen_is_refused_while_a_finished_step_depends_on_it(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    service.complete_step(ctx, incident=ref, step_id="start-monitoring", actor=COMMS)
    with pytest.raises(StepBlocked, match="start-monitoring"):
        service.reopen_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    service.reopen_step(ctx, incident=ref, step_id="start-monitoring", actor=COMMS)
    service.reopen_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)
    assert _status(ctx, ref, "capture-evidence") == "open"


def _finish_phase(ctx: service.Context, ref: str) -> None:
    view = incident_view.get_incident(ctx, ref)
    for sv in view.steps:
        if sv.step.phase == view.phase and not sv.finished:
            service.complete_step(ctx, incident=ref, step_id=sv.step.id, actor=CMD)


def test_advance_is_guarded_and_a_repeated_click_advances_once(ctx: service.Context, clock) -> None:  # type: ignore[no-untyped-def]
    ref = _staffed(ctx)
    with pytest.raises(
        PhaseIncomplete, match=r"4 required step\(s\) open: “Capture the post before it is deleted"
    ):
        service.advance_phase(ctx, incident=ref, actor=CMD)
    _finish_phase(ctx, ref)
    clock.advance(minutes=20)
    moved = service.advance_phase(ctx, incident=ref, actor=CMD, expected_phase="assess")
    again = service.advance_phase(ctx, incident=ref, actor=CMD, expected_phase="assess")
    assert moved.changed and not again.changed
    view = incident_view.get_incident(ctx, ref)
    assert view.phase == "contain"
    assert view.phase_entered_at == clock.now


def test_override_needs_commander_and_logs_reason_and_open_steps(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    service.advance_phase(ctx, incident=ref, actor=CMD, override_reason="tabletop: skip ahead")
    entry = incident_view.log_entries(ctx, ref)[-1]
    assert entry.kind == "phase_changed"
    assert entry.data["override"] is True and entry.data["reason"] == "tabletop: skip ahead"
    assert "capture-evidence" in entry.data["open_steps"]  # type: ignore[operator]


def test_close_only_from_last_phase_then_nothing_changes(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    with pytest.raises(PhaseIncomplete, match="advance first"):
        service.close_incident(ctx, incident=ref, actor=CMD)
    phases = incident_view.get_incident(ctx, ref).playbook.phase_ids
    for _ in phases[:-1]:
        _finish_phase(ctx, ref)
        service.advance_phase(ctx, incident=ref, actor=CMD)
    with pytest.raises(PhaseIncomplete, match="last phase; close it instead"):
        service.advance_phase(ctx, incident=ref, actor=CMD)
    _finish_phase(ctx, ref)
    assert service.close_incident(ctx, incident=ref, actor=CMD).changed
    assert not service.close_incident(ctx, incident=ref, actor=CMD).changed
    with pytest.raises(IncidentClosed):
        service.reopen_step(ctx, incident=ref, step_id="capture-evidence", actor=CMD)
    with pytest.raises(IncidentClosed):
        service.assign_role(ctx, incident=ref, role_id="hr", user_id="UHR", actor=CMD)
    with pytest.raises(IncidentClosed):
        breach.set_discovered(ctx, incident=ref, discovered_at=START, actor=CMD)
    service.add_note(ctx, incident=ref, text="Follow-up: policy update due in January", actor=CMD)
    assert incident_view.list_incidents(ctx) == []


def test_commander_role_moves_command_and_cannot_be_left_empty(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    service.assign_role(ctx, incident=ref, role_id="commander", user_id=LEGAL, actor=CMD)
    with pytest.raises(NotAllowed):
        service.assign_role(ctx, incident=ref, role_id="hr", user_id="UHR", actor=CMD)
    with pytest.raises(InvalidInput, match="cannot be left empty"):
        service.unassign_role(ctx, incident=ref, role_id="commander", actor=LEGAL)
    service.unassign_role(ctx, incident=ref, role_id="comms", actor=LEGAL)
    view = incident_view.get_incident(ctx, ref)
    unfilled = [r.id for r in view.unfilled_required_roles]
    assert "comms" in unfilled and "commander" not in unfilled
    assert dict((r.id, h) for r, h in view.roles)["commander"] == LEGAL


def test_editing_the_playbook_file_does_not_change_an_open_incident(
    ctx: service.Context, tmp_path: Path
) -> None:
    shutil.copytree(PLAYBOOKS, tmp_path / "playbooks")
    local = service.Context(
        db=ctx.db, playbooks_dir=tmp_path / "playbooks", messages_dir=MESSAGES, clock=ctx.clock
    )
    ref = _start(local)
    path = tmp_path / "playbooks" / "viral-patient-video.yaml"
    path.write_text(path.read_text().replace("capture-evidence", "capture-the-post"))
    service.complete_step(local, incident=ref, step_id="capture-evidence", actor=CMD)
    assert _status(local, ref, "capture-evidence") == "done"
    new = _start(local)
    assert (
        incident_view.get_incident(local, new).playbook_hash
        != incident_view.get_incident(local, ref).playbook_hash
    )


def test_changes_in_a_slack_channel_leave_outbox_intents(ctx: service.Context) -> None:
    ref = _start(ctx, channel_id="C0CRISIS")
    service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=CMD)
    service.add_note(ctx, incident=ref, text="platform ticket 12", actor=CMD)
    with ctx.db.sessions() as s:
        kinds = [i.kind for i in s.scalars(select(OutboxIntent).order_by(OutboxIntent.id))]
    # the header refresh is delayed, so a burst of ticks costs one header update
    assert kinds == ["incident_started", "refresh_header", "refresh", "announce"]
    service.complete_step(ctx, incident=ref, step_id="brief-core-team", actor=CMD)
    with ctx.db.sessions() as s:
        kinds = [i.kind for i in s.scalars(select(OutboxIntent).order_by(OutboxIntent.id))]
    assert kinds.count("refresh_header") == 1 and kinds.count("refresh") == 2
    _start(ctx)  # no channel: nothing to show in Slack
    with ctx.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(OutboxIntent)) == 5


def test_step_due_times_and_overdue(ctx: service.Context, clock) -> None:  # type: ignore[no-untyped-def]
    ref = _start(ctx)
    capture = next(
        s for s in incident_view.get_incident(ctx, ref).steps if s.step.id == "capture-evidence"
    )
    assert capture.due_at == clock.now + dt.timedelta(minutes=capture.step.due_minutes or 0)
    assert not capture.overdue(clock.now)
    assert capture.overdue(clock.now + dt.timedelta(hours=2))


def test_discovery_time_moves_the_hipaa_clock(ctx: service.Context, clock) -> None:  # type: ignore[no-untyped-def]
    ref = _start(ctx, "phi-leak")
    breach.set_discovered(
        ctx, incident=ref, discovered_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), actor=CMD
    )
    view = incident_view.get_incident(ctx, ref)
    due = {d.deadline.id: d.due_at for d in view.deadlines}
    assert due["notify-individuals"].date() == dt.date(2027, 1, 19)
    assert due["report-hhs-annual"].date() == dt.date(2027, 3, 1)  # 60 days after 31 Dec 2026
    with pytest.raises(InvalidInput, match="future"):
        breach.set_discovered(
            ctx, incident=ref, discovered_at=clock.now + dt.timedelta(days=1), actor=CMD
        )


def test_concurrent_writers_never_fork_the_chain(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                service.add_note(ctx, incident=ref, text=f"writer {n} note {i}", actor=COMMS)
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = incident_view.verify_log(ctx, ref)
    assert result.ok, result.problem
    assert [e.seq for e in incident_view.log_entries(ctx, ref)] == list(
        range(1, result.entries + 1)
    )
    assert sum(e.kind == "note" for e in incident_view.log_entries(ctx, ref)) == 40


def test_close_sees_a_step_reopened_in_an_earlier_phase(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    phases = incident_view.get_incident(ctx, ref).playbook.phase_ids
    for _ in phases[:-1]:
        _finish_phase(ctx, ref)
        service.advance_phase(ctx, incident=ref, actor=CMD)
    _finish_phase(ctx, ref)
    playbook = incident_view.get_incident(ctx, ref).playbook
    leaf = next(  # a required step of an earlier phase that nothing depends on
        s.id
        for s in playbook.steps
        if s.required
        and s.phase != phases[-1]
        and not any(s.id in o.depends_on for o in playbook.steps)
    )
    service.reopen_step(ctx, incident=ref, step_id=leaf, actor=CMD)
    with pytest.raises(PhaseIncomplete, match=re.escape(playbook.step(leaf).title)):
        service.close_incident(ctx, incident=ref, actor=CMD)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, r: service.add_note(c, incident=r, text="caf\udce9", actor=CMD), "not UTF-8"),
        (lambda c, r: service.add_note(c, incident=r, text="x", actor="U" * 70), "not a user id"),
        (
            lambda c, r: service.complete_step(
                c, incident="  " * 20 + r, step_id="capture-evidence", actor="U999"
            ),
            None,
        ),
        (
            lambda c, r: breach.set_discovered(
                c, incident=r, discovered_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC), actor=CMD
            ),
            "before 2000",
        ),
        (
            lambda c, r: service.start_incident(
                c, playbook_id="phi-leak", title="t", actor=CMD, channel_id="#crisis"
            ),
            "not a Slack channel id",
        ),
    ],
)
def test_malformed_input_is_a_clear_refusal_on_every_database(
    ctx: service.Context, call, message
) -> None:  # type: ignore[no-untyped-def]
    ref = _staffed(ctx)
    before = _entries(ctx)
    with pytest.raises((InvalidInput, NotAllowed)) as err:
        call(ctx, ref)
    if message:
        assert message in str(err.value)
    assert _entries(ctx) == before


def test_refusal_with_a_padded_ref_is_recorded_under_the_real_ref(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    with pytest.raises(NotAllowed):
        service.complete_step(
            ctx, incident=f"  {ref.lower()}  ", step_id="capture-evidence", actor="U999"
        )
    with ctx.db.sessions() as s:
        assert s.scalars(select(Refusal.incident_ref)).all() == [ref]


def test_acting_for_someone_records_who_typed_it(ctx: service.Context) -> None:
    import dataclasses

    ref = _staffed(ctx)
    service.complete_step(
        dataclasses.replace(ctx, via="cli:alice"),
        incident=ref,
        step_id="capture-evidence",
        actor=COMMS,
    )
    assert incident_view.log_entries(ctx, ref)[-1].data["via"] == "cli:alice"


def test_concurrent_starts_all_get_their_own_number(ctx: service.Context) -> None:
    refs: list[str] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            refs.append(_start(ctx))
        except BaseException as err:  # reported below
            errors.append(err)

    threads = [threading.Thread(target=start) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(refs) == [f"INC-2026-{n:04d}" for n in range(1, 13)]


def test_roles_saved_together_are_all_or_nothing(ctx: service.Context) -> None:
    ref = _staffed(ctx)
    before = _entries(ctx)
    # comms changes hands, then the commander role would be left empty: refused whole.
    with pytest.raises(InvalidInput, match="cannot be left empty") as refused:
        service.assign_roles(
            ctx, incident=ref, changes={"comms": "UNEWCOMMS", "commander": None}, actor=CMD
        )
    assert refused.value.field == "roles.commander"
    roles = {r.id: h for r, h in incident_view.get_incident(ctx, ref).roles}
    assert roles["comms"] == COMMS and roles["commander"] == CMD
    assert _entries(ctx) == before
    # The same form without the mistake saves both, command handed over last.
    outcome = service.assign_roles(
        ctx, incident=ref, changes={"commander": LEGAL, "comms": "UNEWCOMMS"}, actor=CMD
    )
    roles = {r.id: h for r, h in incident_view.get_incident(ctx, ref).roles}
    assert outcome.changed and roles["comms"] == "UNEWCOMMS" and roles["commander"] == LEGAL


def test_a_refusal_names_the_argument_it_is_about(ctx: service.Context) -> None:
    """Forms place errors by this field, never by the wording of the message."""
    ref = _staffed(ctx)
    cases = [
        (lambda: service.skip_step(ctx, incident=ref, step_id="capture-evidence", actor=CMD, reason=" "), "reason"),
        (lambda: service.skip_step(ctx, incident=ref, step_id="no-such-step", actor=CMD, reason="r"), "step_id"),
        (lambda: service.add_note(ctx, incident=ref, text="", actor=CMD), "text"),
        (lambda: service.close_incident(ctx, incident=ref, actor=CMD, override_reason="r", lessons="\x00"), "lessons"),
        (lambda: service.assign_role(ctx, incident=ref, role_id="legal", user_id="not a user", actor=CMD), "roles.legal"),
        (lambda: service.assign_role(ctx, incident=ref, role_id="legal", user_id="UX", actor=OUTSIDER), "roles.legal"),
        (lambda: service.start_incident(ctx, playbook_id="no-such-playbook", title="t", actor=CMD), "playbook_id"),
        (lambda: service.start_incident(ctx, playbook_id="phi-leak", title="t", actor=CMD, severity="dire"), "severity"),
    ]  # fmt: skip
    for call, field in cases:
        with pytest.raises(CrisisError) as refused:
            call()
        assert refused.value.field == field, (field, str(refused.value))


@pytest.mark.parametrize(
    "title",
    [
        "Nurse posted John Smith's chart (MRN 4471823)",
        "Video of Rosa Delacruz (born 3/4/1951) in our lobby",
        "Reply thread: your aunt was moved out of intensive care",
    ],
)
def test_a_title_that_identifies_a_patient_is_refused_and_writes_nothing(
    ctx: service.Context, title: str
) -> None:
    before = _entries(ctx)
    with pytest.raises(InvalidInput, match="identifies a patient") as refused:
        service.start_incident(ctx, playbook_id="phi-leak", title=title, actor=CMD)
    assert refused.value.field == "title"
    assert _entries(ctx) == before and incident_view.list_incidents(ctx) == []


def test_a_title_may_carry_the_link_to_the_post_being_handled(ctx: service.Context) -> None:
    title = "TikTok post https://www.tiktok.com/@someone/video/7301 filmed in our ER lobby"
    assert service.start_incident(ctx, playbook_id="viral-patient-video", title=title, actor=CMD)


def test_refused_actions_of_every_kind_are_kept_in_the_audit_table(ctx: service.Context) -> None:
    """The README's promise: a tick of a step that waits, an advance with steps open and a
    change to a closed incident are kept with their reasons, like an access refusal."""
    ref = _staffed(ctx)
    with pytest.raises(StepBlocked):
        service.complete_step(ctx, incident=ref, step_id="start-monitoring", actor=COMMS)
    with pytest.raises(PhaseIncomplete):
        service.advance_phase(ctx, incident=ref, actor=CMD)
    service.close_incident(ctx, incident=ref, actor=CMD, override_reason="drill over")
    with pytest.raises(IncidentClosed):
        service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=CMD)
    with ctx.db.sessions() as s:
        kept = s.execute(select(Refusal.action, Refusal.reason).order_by(Refusal.id)).all()
    assert [action for action, _ in kept] == ["complete_step", "advance", "complete_step"], kept
    assert "waits for" in kept[0][1] and "required step(s) open" in kept[1][1]
    assert "is closed" in kept[2][1]
