"""The PHI leak's breach risk assessment, the notification deadlines it decides, whether
each deadline was met, and the lessons learned recorded at close."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed
from bot.incidents import breach as breach_clock
from bot.incidents import deadlines, service
from bot.incidents import view as incident_view

CMD, PRIV, COMMS, LEGAL = "UCMD", "UPRIV", "UCOMMS", "ULEGAL"


def _leak(ctx: service.Context) -> str:
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Staff post shows a chart", actor=CMD
    ).incident
    for role, user in (("privacy", PRIV), ("comms", COMMS), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _assessment(affected: int, state_max: int, breach: bool = True) -> breach_clock.Assessment:
    return breach_clock.Assessment(
        nature="Name and diagnosis of patients on a whiteboard in a photo",
        recipient="Public Instagram followers of a staff member",
        acquired="About 300 views before removal; no known downloads",
        mitigation="Removed within 3 hours; staff member attested deletion",
        affected=affected,
        state_residents_max=state_max,
        breach=breach,
        reason="Identifiers were visible to the public; not a low probability",
    )


def _deadlines(ctx: service.Context, ref: str) -> dict[str, deadlines.DeadlineView]:
    return {d.deadline.id: d for d in incident_view.get_incident(ctx, ref).deadlines}


def test_without_an_assessment_every_deadline_is_presumed_to_apply(ctx: service.Context) -> None:
    ref = _leak(ctx)
    rows = _deadlines(ctx, ref)
    assert {d.status for d in rows.values()} == {"open"}
    assert rows["notify-hhs-500"].applies is None
    assert "unless the risk assessment" in rows["notify-hhs-500"].note
    assert rows["notify-individuals"].applies is True


@pytest.mark.parametrize(
    ("affected", "state_max", "required"),
    [
        (12, 12, {"notify-individuals", "report-hhs-annual"}),
        (500, 500, {"notify-individuals", "notify-hhs-500"}),  # exactly 500 residents: no media
        (800, 501, {"notify-individuals", "notify-hhs-500", "notify-media"}),
    ],
)
def test_the_assessment_decides_which_notifications_are_required(
    ctx: service.Context, affected: int, state_max: int, required: set[str]
) -> None:
    ref = _leak(ctx)
    breach_clock.record_assessment(
        ctx, incident=ref, assessment=_assessment(affected, state_max), actor=PRIV
    )
    rows = _deadlines(ctx, ref)
    assert {i for i, d in rows.items() if d.status != "not-required"} == required


def test_a_low_probability_of_compromise_means_no_notification(ctx: service.Context) -> None:
    ref = _leak(ctx)
    breach_clock.record_assessment(
        ctx, incident=ref, assessment=_assessment(40, 40, breach=False), actor=PRIV
    )
    assert {d.status for d in _deadlines(ctx, ref).values()} == {"not-required"}
    view = incident_view.get_incident(ctx, ref)
    assert view.assessment is not None and view.assessment["affected"] == 40


def test_a_deadline_is_met_or_late_by_when_its_step_was_done(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _leak(ctx)
    breach_clock.record_assessment(ctx, incident=ref, assessment=_assessment(800, 600), actor=PRIV)
    for sv in incident_view.get_incident(ctx, ref).steps:  # in playbook (dependency) order
        if sv.step.id == "notify-hhs":
            clock.advance(days=61)
        if sv.step.id == "notify-media":
            service.skip_step(ctx, incident=ref, step_id=sv.step.id, actor=CMD, reason="Legal hold")
            break
        service.complete_step(ctx, incident=ref, step_id=sv.step.id, actor=CMD)
    rows = _deadlines(ctx, ref)
    assert rows["notify-individuals"].status == "met"
    assert rows["notify-individuals"].done_at is not None
    assert rows["notify-hhs-500"].status == "late"
    assert rows["notify-media"].status == "skipped" and "Legal hold" in rows["notify-media"].note


def test_an_open_deadline_past_its_day_is_overdue(ctx: service.Context, clock: FixedClock) -> None:
    ref = _leak(ctx)
    clock.advance(days=61)
    assert _deadlines(ctx, ref)["notify-individuals"].status == "overdue"


def test_only_privacy_commander_or_admin_record_the_assessment(ctx: service.Context) -> None:
    ref = _leak(ctx)
    with pytest.raises(NotAllowed, match="breach risk assessment"):
        breach_clock.record_assessment(ctx, incident=ref, assessment=_assessment(1, 1), actor=COMMS)
    for who in (PRIV, CMD, "UADMIN"):
        assert breach_clock.record_assessment(
            ctx, incident=ref, assessment=_assessment(1, 1), actor=who
        ).changed
    kinds = [e.kind for e in incident_view.log_entries(ctx, ref)]
    assert kinds.count("risk_assessment") == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"affected": -1}, "0 or more"),
        ({"affected": 10, "state_residents_max": 11}, "one state"),
        ({"nature": "  "}, "nature and extent"),
        ({"reason": ""}, "determination"),
    ],
)
def test_an_incomplete_assessment_is_refused_and_records_nothing(
    ctx: service.Context, change: dict[str, object], message: str
) -> None:
    ref = _leak(ctx)
    fields = {**_assessment(10, 10).__dict__, **change}
    with pytest.raises(InvalidInput, match=message):
        breach_clock.record_assessment(
            ctx,
            incident=ref,
            assessment=breach_clock.Assessment(**fields),  # type: ignore[arg-type]
            actor=PRIV,
        )
    assert incident_view.get_incident(ctx, ref).assessment is None


def test_lessons_learned_are_recorded_with_the_close(ctx: service.Context) -> None:
    ref = _leak(ctx)
    service.close_incident(
        ctx,
        incident=ref,
        actor=CMD,
        override_reason="tabletop ends here",
        lessons="Platform report forms took 40 minutes; keep the links in the playbook.",
    )
    closed = next(e for e in incident_view.log_entries(ctx, ref) if e.kind == "closed")
    assert closed.data["lessons"].startswith("Platform report forms")


def test_the_annual_hhs_report_is_recorded_after_close_and_counts_as_met(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _leak(ctx)
    breach_clock.record_assessment(ctx, incident=ref, assessment=_assessment(3, 3), actor=PRIV)
    service.close_incident(ctx, incident=ref, actor=CMD, override_reason="done")
    clock.advance(days=90)  # into the next year, before the end of February
    assert _deadlines(ctx, ref)["report-hhs-annual"].status == "open"
    with pytest.raises(InvalidInput, match="future"):
        breach_clock.record_deadline_met(
            ctx,
            incident=ref,
            deadline_id="report-hhs-annual",
            actor=PRIV,
            done_at=clock() + dt.timedelta(days=1),
        )
    with pytest.raises(NotAllowed):
        breach_clock.record_deadline_met(
            ctx, incident=ref, deadline_id="report-hhs-annual", actor=COMMS, done_at=clock()
        )
    breach_clock.record_deadline_met(
        ctx,
        incident=ref,
        deadline_id="report-hhs-annual",
        actor=PRIV,
        done_at=clock(),
        note="HHS portal confirmation 2027-0042",
    )
    row = _deadlines(ctx, ref)["report-hhs-annual"]
    assert row.status == "met" and row.done_at == clock()


def test_a_skipped_notification_that_applies_is_reported_as_missed(ctx: service.Context) -> None:
    from bot.report import build_report

    ref = _leak(ctx)
    breach_clock.record_assessment(ctx, incident=ref, assessment=_assessment(800, 600), actor=PRIV)
    for sv in incident_view.get_incident(ctx, ref).steps:
        if sv.step.id == "notify-media":
            service.skip_step(ctx, incident=ref, step_id=sv.step.id, actor=CMD, reason="Legal hold")
            break
        service.complete_step(ctx, incident=ref, step_id=sv.step.id, actor=CMD)
    report = build_report(ctx, ref, tz=ZoneInfo("UTC"), now=ctx.clock())
    assert [d.deadline_id for d in report.deadlines_missed] == ["notify-media"]
