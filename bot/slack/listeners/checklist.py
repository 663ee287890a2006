"""Buttons in the incident thread: tick, reopen, advance, and the controls that open a
form (the forms' submissions are in `forms`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.errors import PhaseIncomplete
from bot.incidents import service
from bot.incidents.view import IncidentView, get_incident
from bot.render import modals, notices
from bot.slack import ids, parse
from bot.slack.lanes import Lane, Listener, on_lane

if TYPE_CHECKING:
    from bot.slack.app import Slackside


def tick(side: Slackside, where: parse.Where, value: str) -> None:
    ref, step = parse.ref_and(value)
    if step:
        service.complete_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)


def reopen(side: Slackside, where: parse.Where, value: str) -> None:
    ref, step = parse.ref_and(value)
    service.reopen_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)


def advance(side: Slackside, where: parse.Where, value: str) -> None:
    ref, phase = parse.ref_and(value)
    try:
        service.advance_phase(side.ctx, incident=ref, actor=where.user_id, expected_phase=phase)
    except PhaseIncomplete as err:
        offer_override(side, where, ref, phase, str(err))


def offer_override(side: Slackside, where: parse.Where, ref: str, phase: str, reason: str) -> None:
    """Explain what is open; the commander also gets a button to override."""
    if not where.channel_id:
        return
    text, blocks = notices.ephemeral_refusal(reason)
    if side.may(where.user_id, "override", ref):
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Advance anyway…"},
                        "action_id": ids.Action.ADVANCE_OVERRIDE_OPEN,
                        "value": f"{ref}|{phase}",
                        "style": "danger",
                    }
                ],
            }
        )
    side.client.chat_postEphemeral(
        channel=where.channel_id,
        user=where.user_id,
        text=text,
        blocks=blocks,
        thread_ts=where.thread_ts,
    )


def post_report(side: Slackside, where: parse.Where, value: str) -> None:
    service.request_report(side.ctx, incident=parse.ref_only(value), actor=where.user_id)


def opens(build: Callable[[Slackside, str], dict[str, Any]]) -> Listener:
    """A button that opens a form: drawn and opened on the `now` lane (3-s trigger)."""

    def open_form(side: Slackside, where: parse.Where, value: str) -> None:
        if where.trigger_id:
            side.client.views_open(trigger_id=where.trigger_id, view=build(side, value))

    open_form.__name__ = f"open_{getattr(build, '__name__', 'form')}"
    return on_lane(open_form, Lane.NOW)


def view_of(side: Slackside, value: str) -> IncidentView:
    return get_incident(side.ctx, parse.ref_only(value))


def roles_form(side: Slackside, value: str) -> dict[str, Any]:
    return modals.roles_modal(view_of(side, value))


def note_form(side: Slackside, value: str) -> dict[str, Any]:
    return modals.note_modal(parse.ref_only(value))


def skip_form(side: Slackside, value: str) -> dict[str, Any]:
    return modals.skip_modal(view_of(side, value))


def close_form(side: Slackside, value: str) -> dict[str, Any]:
    return modals.close_modal(view_of(side, value))


def assessment_form(side: Slackside, value: str) -> dict[str, Any]:
    return modals.assessment_modal(view_of(side, value))


def override_form(side: Slackside, value: str) -> dict[str, Any]:
    ref, phase = parse.ref_and(value)
    view = view_of(side, ref)
    open_steps = ", ".join(
        sv.step.id
        for sv in view.steps
        if sv.step.phase == phase and sv.step.required and not sv.finished
    )
    return modals.override_modal(ref, phase, open_steps or "none")


ACTIONS: dict[str, Listener] = {
    ids.Action.STEP_DONE: on_lane(tick),
    ids.Action.STEP_PICK: on_lane(tick),
    ids.Action.STEP_REOPEN: on_lane(reopen),
    ids.Action.PHASE_ADVANCE: on_lane(advance),
    ids.Action.REPORT_POST: on_lane(post_report),
    ids.Action.ROLES_OPEN: opens(roles_form),
    ids.Action.NOTE_OPEN: opens(note_form),
    ids.Action.SKIP_OPEN: opens(skip_form),
    ids.Action.CLOSE_OPEN: opens(close_form),
    ids.Action.ASSESS_OPEN: opens(assessment_form),
    ids.Action.ADVANCE_OVERRIDE_OPEN: opens(override_form),
}
