"""Steps that the work itself ticks: publishing a statement, recording the breach
assessment and setting the discovery time mark the playbook's matching step done, by the
person who did it, with the event in the log; nothing else is ticked, and nothing after
close."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FixedClock
from bot.incidents import breach as breach_clock
from bot.incidents import service
from bot.incidents import view as incident_view
from bot.incidents.log import format_ts
from bot.phi.model import Org
from bot.render.incident import checklist
from bot.statements import review
from bot.statements import service as statements
from bot.statements.view import list_statements

CMD, COMMS, PRIV, LEGAL = "UCMD", "UCOMMS", "UPRIV", "ULEGAL"
ORG = Org(name="Riverside General Hospital", phone="(617) 555-0100")


@pytest.fixture
def sctx(ctx: service.Context) -> service.Context:
    return dataclasses.replace(ctx, org=ORG)


def _start(ctx: service.Context, playbook: str) -> str:
    ref = service.start_incident(ctx, playbook_id=playbook, title="Post online", actor=CMD).incident
    for role, user in (("comms", COMMS), ("privacy", PRIV), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _status(ctx: service.Context, ref: str) -> dict[str, tuple[str, str | None]]:
    return {
        sv.step.id: (sv.status, sv.changed_by) for sv in incident_view.get_incident(ctx, ref).steps
    }


HOLDING = {"media": "video", "platform": "TikTok"}


def _approved(ctx: service.Context, ref: str, template: str, variables: dict[str, str]) -> int:
    """A statement drafted and approved by both approvers (not published); its number."""
    statements.draft_statement(
        ctx, incident=ref, template_id=template, variables=variables, actor=COMMS
    )
    number = max(s.number for s in list_statements(ctx, ref))
    for who in (COMMS, PRIV):
        review.approve_statement(ctx, incident=ref, statement=number, version=1, actor=who)
    return number


def _publish(ctx: service.Context, ref: str, template: str, variables: dict[str, str]) -> int:
    number = _approved(ctx, ref, template, variables)
    statements.publish_statement(ctx, incident=ref, statement=number, actor=COMMS, platform="X")
    return number


def test_publishing_the_holding_statement_ticks_its_step_and_nothing_else(
    sctx: service.Context,
) -> None:
    ref = _start(sctx, "viral-patient-video")
    before = _status(sctx, ref)
    assert before["post-holding-statement"] == ("open", None)

    # A drafted or approved statement is not yet published: the step stays open.
    assert _approved(sctx, ref, "initial-holding", HOLDING) == 1
    assert _status(sctx, ref)["post-holding-statement"] == ("open", None)

    statements.publish_statement(sctx, incident=ref, statement=1, actor=COMMS, platform="X")
    after = _status(sctx, ref)
    assert after["post-holding-statement"] == ("done", COMMS)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"post-holding-statement"}, "only the step the event completes"
    done = incident_view.log_entries(sctx, ref)[-1]
    assert done.kind == "step_done" and done.actor == COMMS
    assert done.text == (
        "Done: Approve and publish the holding statement within the first hour "
        "(statement 1 published on X)"
    )
    assert done.data["completed_by"] == "statement-published:initial-holding"

    # Publishing it somewhere else too records the place and ticks nothing twice.
    statements.publish_statement(sctx, incident=ref, statement=1, actor=COMMS, platform="Facebook")
    kinds = [e.kind for e in incident_view.log_entries(sctx, ref)]
    assert kinds.count("step_done") == 1
    assert incident_view.verify_log(sctx, ref).ok


def test_the_update_statement_ticks_the_follow_up_step_not_the_holding_one(
    sctx: service.Context,
) -> None:
    ref = _start(sctx, "viral-patient-video")
    _publish(
        sctx,
        ref,
        "update",
        {"media": "video", "action_summary": "We have asked the platform to remove it."},
    )
    status = _status(sctx, ref)
    assert status["post-follow-up-statement"] == ("done", COMMS)
    assert status["post-holding-statement"] == ("open", None)


def test_a_skipped_step_stays_skipped_when_its_event_happens(sctx: service.Context) -> None:
    ref = _start(sctx, "viral-patient-video")
    service.skip_step(
        sctx,
        incident=ref,
        step_id="post-holding-statement",
        actor=CMD,
        reason="Not spreading; no public statement needed",
    )
    _publish(sctx, ref, "initial-holding", HOLDING)
    assert _status(sctx, ref)["post-holding-statement"] == ("skipped", CMD)


def test_the_assessment_and_the_discovery_time_tick_their_steps(
    sctx: service.Context, clock: FixedClock
) -> None:
    ref = _start(sctx, "phi-leak")
    clock.advance(hours=2)
    breach_clock.set_discovered(
        sctx, incident=ref, discovered_at=clock() - dt.timedelta(days=1), actor=PRIV
    )
    status = _status(sctx, ref)
    assert status["record-discovery"] == ("done", PRIV)
    assert status["four-factor-assessment"] == ("open", None)
    breach_clock.record_assessment(
        sctx,
        incident=ref,
        assessment=breach_clock.Assessment(
            nature="Names and a diagnosis on a whiteboard in a photo",
            recipient="Public followers of a staff member",
            acquired="About 300 views before removal",
            mitigation="Removed within 3 hours; deletion attested",
            affected=3,
            state_residents_max=3,
            breach=True,
            reason="Identifiers were visible to the public",
        ),
        actor=PRIV,
    )
    assert _status(sctx, ref)["four-factor-assessment"] == ("done", PRIV)
    texts = [e.text for e in incident_view.log_entries(sctx, ref) if e.kind == "step_done"]
    assert texts[0].endswith(f"(discovery time set to {_stamp(clock() - dt.timedelta(days=1))})")
    assert texts[1].endswith("(assessment recorded)")


def test_the_checklist_says_which_steps_tick_themselves(sctx: service.Context) -> None:
    ref = _start(sctx, "phi-leak")
    view = incident_view.get_incident(sctx, ref)
    shown = str(checklist(view, ZoneInfo("UTC"), view.opened_at))
    assert "ticks itself when the discovery time is set" in shown
    # Later phases' steps are counted, with no pointer to a command line nobody has open.
    assert "step(s) of later phases come into this list when their phase does" in shown
    assert "CLI" not in shown


def test_nothing_is_ticked_after_close(sctx: service.Context) -> None:
    ref = _start(sctx, "viral-patient-video")
    assert _approved(sctx, ref, "initial-holding", HOLDING) == 1
    while not incident_view.get_incident(sctx, ref).closed:
        view = incident_view.get_incident(sctx, ref)
        last = view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1
        (service.close_incident if last else service.advance_phase)(
            sctx, incident=ref, actor=CMD, override_reason="The video was taken down at once"
        )
    statements.publish_statement(sctx, incident=ref, statement=1, actor=COMMS, platform="X")
    assert _status(sctx, ref)["post-holding-statement"] == ("open", None)
    assert incident_view.verify_log(sctx, ref).ok


def _stamp(when: dt.datetime) -> str:
    return format_ts(when)
