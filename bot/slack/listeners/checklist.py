"""Buttons in the incident thread: tick, reopen, advance, and the controls that open a
form (the forms' submissions are in `forms`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk.webhook import WebhookClient

from bot.incidents import service
from bot.incidents.view import IncidentView, get_incident
from bot.reminders import service as reminders
from bot.render import modals
from bot.slack import ids, parse
from bot.slack.lanes import Lane, Listener, on_lane, side_of
from bot.statements.view import list_statements

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)


def tick(side: Slackside, where: parse.Where, value: str) -> None:
    ref, step = parse.ref_and(value)
    if step:
        service.complete_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)


def reopen(side: Slackside, where: parse.Where, value: str) -> None:
    ref, step = parse.ref_and(value)
    service.reopen_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)


def post_report(side: Slackside, where: parse.Where, value: str) -> None:
    service.request_report(side.ctx, incident=parse.ref_only(value), actor=where.user_id)


def opens(build: Callable[[Slackside, parse.Where, str], dict[str, Any]]) -> Listener:
    """A button that opens a form: drawn and opened on the `now` lane (3-s trigger)."""

    def open_form(side: Slackside, where: parse.Where, value: str) -> None:
        if where.trigger_id:
            side.client.views_open(trigger_id=where.trigger_id, view=build(side, where, value))

    open_form.__name__ = f"open_{getattr(build, '__name__', 'form')}"
    return on_lane(open_form, Lane.NOW)


def view_of(side: Slackside, value: str) -> IncidentView:
    return get_incident(side.ctx, parse.ref_only(value))


def roles_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    return modals.roles_modal(view_of(side, value))


def note_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    return modals.note_modal(parse.ref_only(value))


def skip_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    ref, step = parse.ref_and(value) if "|" in value else (parse.ref_only(value), "")
    return modals.skip_modal(view_of(side, ref), chosen=step or None)


def on_it(side: Slackside, where: parse.Where, value: str) -> None:
    ref, step = parse.ref_and(value)
    reminders.on_it(side.ctx, incident=ref, step_id=step, actor=where.user_id, org=side.reminders)


def close_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    view = view_of(side, value)
    return modals.close_modal(view, _unapproved(side, view.ref))


def _unapproved(side: Slackside, ref: str) -> tuple[str, ...]:
    return tuple(
        st.title for st in list_statements(side.ctx, ref) if st.status in ("awaiting", "changes")
    )


def discovery_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    return modals.discovery_modal(view_of(side, value), side.tz)


def assessment_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    return modals.assessment_modal(view_of(side, value))


def advance_form(side: Slackside, where: parse.Where, value: str) -> dict[str, Any]:
    """Advance, checked before it asks (see modals.advance_modal)."""
    ref, _phase = parse.ref_and(value)
    view = view_of(side, ref)
    if view.closed or view.playbook.phase_index(view.phase) == len(view.playbook.phases) - 1:
        return modals.close_modal(view, _unapproved(side, ref))  # what is left is closing
    return modals.advance_modal(view, may_override=side.may(where.user_id, "override", ref))


def dismiss(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
    """Take away a message only this person sees (a refusal they have read)."""
    ack()
    url = body.get("response_url")
    if isinstance(url, str) and url:
        side = side_of(context)
        side.pool.now(lambda: _delete_original(url))


def _delete_original(url: str) -> None:
    try:
        WebhookClient(url, timeout=5).send_dict({"delete_original": True})
    except OSError as err:
        log.warning("could not dismiss a message: %s", err)


ACTIONS: dict[str, Listener] = {
    ids.Action.DISMISS: dismiss,
    ids.Action.STEP_DONE: on_lane(tick),
    ids.Action.STEP_PICK: on_lane(tick),
    ids.Action.STEP_REOPEN: on_lane(reopen),
    ids.Action.PHASE_ADVANCE: opens(advance_form),
    ids.Action.REPORT_POST: on_lane(post_report),
    ids.Action.ROLES_OPEN: opens(roles_form),
    ids.Action.NOTE_OPEN: opens(note_form),
    ids.Action.SKIP_OPEN: opens(skip_form),
    ids.Action.ON_IT: on_lane(on_it),
    ids.Action.CLOSE_OPEN: opens(close_form),
    ids.Action.ASSESS_OPEN: opens(assessment_form),
    ids.Action.DISCOVERY_OPEN: opens(discovery_form),
    ids.Action.ADVANCE_OVERRIDE_OPEN: opens(advance_form),  # kept for older messages
}
