"""Buttons in the incident thread and the modals they open."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.errors import CrisisError, InvalidInput, NotAllowed, NotFound, PhaseIncomplete
from bot.incidents import service
from bot.incidents import view as incident_view
from bot.playbooks.model import PlaybookError, UnknownPlaybook, load_one
from bot.render import modals
from bot.slack import parse
from bot.slack.app import Slackside
from bot.slack.listeners import statements as statement_listeners

_ANY = re.compile(r".*")
log = logging.getLogger(__name__)


def register(app: App, side: Slackside) -> None:
    def clicked(
        call: Callable[[parse.Where, str], object], *, opens_modal: bool = False
    ) -> Callable[..., None]:
        """Ack first, then one service call on the work lane (a modal opens at once: its
        trigger lasts 3 s); a refusal is told to the person alone."""

        def listener(ack: Ack, body: dict[str, Any]) -> None:
            ack()
            try:
                where = parse.where(body)
            except parse.BadPayload:
                return  # no user to tell: nothing a person did
            # Only what the call needs waits in the queue, not the whole payload.
            try:
                value, stale = parse.action_value(body), None
            except parse.BadPayload as err:
                value, stale = "", err

            def run() -> None:
                try:
                    if stale is not None:
                        raise stale
                    call(where, value)
                except (CrisisError, PlaybookError) as err:
                    side.refuse(where.channel_id, where.user_id, where.thread_ts, str(err))
                except parse.BadPayload as err:
                    side.refuse(
                        where.channel_id,
                        where.user_id,
                        where.thread_ts,
                        f"That control is out of date ({err}); reload the thread.",
                    )
                except (SlackApiError, OSError) as err:  # e.g. views.open after the trigger expired
                    side.slack_failed(where.channel_id, where.user_id, where.thread_ts, err)

            if opens_modal:
                side.pool.now(run)
            else:
                side.pool.later(run)

        return listener

    def tick(where: parse.Where, value: str) -> None:
        ref, step = parse.ref_and(value)
        if step:
            service.complete_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)

    def reopen(where: parse.Where, value: str) -> None:
        ref, step = parse.ref_and(value)
        service.reopen_step(side.ctx, incident=ref, step_id=step, actor=where.user_id)

    def advance(where: parse.Where, value: str) -> None:
        ref, phase = parse.ref_and(value)
        try:
            service.advance_phase(side.ctx, incident=ref, actor=where.user_id, expected_phase=phase)
        except PhaseIncomplete as err:
            offer_override(where, ref, phase, str(err))

    def offer_override(where: parse.Where, ref: str, phase: str, reason: str) -> None:
        """Explain what is open; the commander also gets a button to override."""
        if not where.channel_id:
            return
        text, blocks = modals.ephemeral_refusal(reason)
        if side.may(where.user_id, "override", ref):
            blocks.append(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Advance anyway…"},
                            "action_id": "advance_override_open",
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

    def open_modal(build: Callable[[str], dict[str, Any]]) -> Callable[[parse.Where, str], None]:
        def call(where: parse.Where, value: str) -> None:
            if where.trigger_id:
                side.client.views_open(trigger_id=where.trigger_id, view=build(value))

        return call

    def view_of(value: str) -> incident_view.IncidentView:
        return incident_view.get_incident(side.ctx, parse.ref_only(value))

    app.action("step_done")(clicked(tick))
    app.action("step_pick")(clicked(tick))
    app.action("step_reopen")(clicked(reopen))
    app.action("phase_advance")(clicked(advance))
    app.action("roles_open")(
        clicked(open_modal(lambda v: modals.roles_modal(view_of(v))), opens_modal=True)
    )
    app.action("note_open")(
        clicked(open_modal(lambda v: modals.note_modal(parse.ref_only(v))), opens_modal=True)
    )
    app.action("skip_open")(
        clicked(open_modal(lambda v: modals.skip_modal(view_of(v))), opens_modal=True)
    )
    app.action("close_open")(
        clicked(open_modal(lambda v: modals.close_modal(view_of(v))), opens_modal=True)
    )
    app.action("report_post")(
        clicked(
            lambda where, value: service.request_report(
                side.ctx, incident=parse.ref_only(value), actor=where.user_id
            )
        )
    )
    app.action("assess_open")(
        clicked(open_modal(lambda v: modals.assessment_modal(view_of(v))), opens_modal=True)
    )

    def override_open(where: parse.Where, value: str) -> None:
        ref, phase = parse.ref_and(value)
        view = view_of(ref)
        open_steps = ", ".join(
            sv.step.id
            for sv in view.steps
            if sv.step.phase == phase and sv.step.required and not sv.finished
        )
        if where.trigger_id:
            side.client.views_open(
                trigger_id=where.trigger_id,
                view=modals.override_modal(ref, phase, open_steps or "none"),
            )

    app.action("advance_override_open")(clicked(override_open, opens_modal=True))

    @app.action({"block_id": "playbook", "action_id": "value"})
    def on_playbook_chosen(ack: Ack, body: dict[str, Any]) -> None:
        """The start modal grows one user picker per role of the chosen playbook."""
        ack()
        side.pool.now(lambda: update_start_modal(body))

    def update_start_modal(body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        try:
            playbook = load_one(
                side.settings.playbooks_dir, side.settings.messages_dir, parse.action_value(body)
            )
        except (UnknownPlaybook, PlaybookError):
            return
        channel = parse.view_metadata(view).get("channel", "")
        update = modals.start_modal(side.playbooks(), channel_id=channel, selected=playbook)
        try:
            side.client.views_update(view_id=view["id"], hash=view.get("hash"), view=update)
        except SlackApiError as err:
            if err.response.get("error") != "hash_conflict":
                log.warning("start form not updated: %s", err.response.get("error"))
                return
            # Two quick choices: the newest wins.
            side.client.views_update(view_id=view["id"], view=update)
        except OSError as err:
            log.warning("start form not updated: %s", err)

    # -- modal submissions: the service runs before the ack, so errors show in the modal --

    def submitted(
        callback_id: str,
        handle: Callable[
            [parse.Where, dict[str, Any], dict[str, Any], dict[str, Any]], dict[str, str] | None
        ],
    ) -> None:
        @app.view(callback_id)
        def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
            where = parse.where(body)
            try:
                errors = handle(where, view, parse.view_metadata(view), parse.view_values(view))
            except parse.BadPayload as err:
                errors = {"": f"This form is out of date ({err}); open it again."}
            if not errors:
                ack()
            elif any(b.get("type") == "input" for b in view.get("blocks", [])):
                ack(response_action="errors", errors=_on_inputs(view, errors))
            else:  # nowhere to show an error next to a field: show it instead of the form
                ack(response_action="update", view=modals.notice_modal(" ".join(errors.values())))

    def refused(err: Exception, block: str) -> dict[str, str]:
        return {block: str(err)[:2000]}

    def start(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        if not values.get("playbook"):
            return {"playbook": "Choose a playbook."}
        problem = side.not_in_channel(meta.get("channel") or "") if meta.get("channel") else None
        if problem:
            return {"title": problem}
        roles = {
            block.split("|", 1)[1]: user
            for block, user in values.items()
            if block.startswith("role|") and user
        }
        try:
            service.start_incident(
                side.ctx,
                playbook_id=values["playbook"],
                title=values.get("title") or "",
                actor=where.user_id,
                severity=values.get("severity"),
                description=values.get("description") or "",
                channel_id=meta.get("channel") or None,
                assignments=roles,
                start_key=f"view:{view.get('id')}",
            )
        except (NotFound, UnknownPlaybook, PlaybookError) as err:
            return refused(err, "playbook")
        except CrisisError as err:
            return refused(err, "title")
        return None

    def assign(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        ref = parse.ref_only(meta.get("ref", ""))
        incident = incident_view.get_incident(side.ctx, ref)
        current = {r.id: h for r, h in incident.roles}
        commander = incident.playbook.commander_role
        chosen = {b.split("|", 1)[1]: u for b, u in values.items() if b.startswith("role|")}
        # Handing over command goes last, so the rest is still assigned by the commander.
        order = sorted(chosen, key=lambda role: role == commander)
        errors: dict[str, str] = {}
        for role in order:
            user, block, holder = chosen[role], f"role|{role}", current.get(role)
            try:
                if user and user != holder:
                    service.assign_role(
                        side.ctx, incident=ref, role_id=role, user_id=user, actor=where.user_id
                    )
                elif not user and holder and holder[:1] in "UW" and role != commander:
                    # Only a holder the form could show is taken off; a CLI holder stays.
                    service.unassign_role(side.ctx, incident=ref, role_id=role, actor=where.user_id)
            except NotAllowed as err:
                return refused(err, block)
            except CrisisError as err:
                errors[block] = str(err)[:2000]
        return errors or None

    def note(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        try:
            service.add_note(
                side.ctx,
                incident=parse.ref_only(meta.get("ref", "")),
                text=values.get("note") or "",
                actor=where.user_id,
            )
        except CrisisError as err:
            return refused(err, "note")
        return None

    def skip(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        try:
            service.skip_step(
                side.ctx,
                incident=parse.ref_only(meta.get("ref", "")),
                step_id=values.get("step") or "",
                actor=where.user_id,
                reason=values.get("reason") or "",
            )
        except InvalidInput as err:
            return refused(err, "reason")
        except CrisisError as err:
            return refused(err, "step")
        return None

    def close(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        reason = (values.get("reason") or "").strip() or None
        try:
            service.close_incident(
                side.ctx,
                incident=parse.ref_only(meta.get("ref", "")),
                actor=where.user_id,
                override_reason=reason,
                lessons=values.get("lessons") or "",
            )
        except CrisisError as err:
            return refused(err, "lessons" if "lessons" in str(err) else "reason")
        return None

    def assess(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        counts: dict[str, int] = {}
        for block in ("affected", "state_residents_max"):
            try:
                counts[block] = int(str(values.get(block) or "").strip())
            except ValueError:
                return {block: "A whole number, 0 or more."}
        try:
            service.record_assessment(
                side.ctx,
                incident=parse.ref_only(meta.get("ref", "")),
                actor=where.user_id,
                assessment=service.Assessment(
                    nature=values.get("nature") or "",
                    recipient=values.get("recipient") or "",
                    acquired=values.get("acquired") or "",
                    mitigation=values.get("mitigation") or "",
                    affected=counts["affected"],
                    state_residents_max=counts["state_residents_max"],
                    breach=values.get("breach") != "no",
                    reason=values.get("reason") or "",
                ),
            )
        except CrisisError as err:
            message = str(err)
            field = next(
                (b for b, words in _ASSESSMENT_FIELDS.items() if any(w in message for w in words)),
                "reason",
            )
            return {field: message}
        return None

    def override(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        try:
            service.advance_phase(
                side.ctx, incident=parse.ref_only(meta.get("ref", "")), actor=where.user_id,
                expected_phase=str(meta.get("phase") or ""), override_reason=values.get("reason") or "",
            )  # fmt: skip
        except CrisisError as err:
            return refused(err, "reason")
        return None

    submitted("start_incident", start)
    submitted("assign_roles", assign)
    submitted("add_note", note)
    submitted("skip_step", skip)
    submitted("close_incident", close)
    submitted("risk_assessment", assess)
    submitted("advance_override", override)
    statement_listeners.register(app, side, clicked=clicked, submitted=submitted)


_ASSESSMENT_FIELDS = {
    "nature": ("nature and extent",),
    "recipient": ("received or used",),
    "acquired": ("acquired or viewed",),
    "mitigation": ("mitigated",),
    "state_residents_max": ("one state",),
    "affected": ("people affected",),
}


def _on_inputs(view: dict[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Slack shows errors only next to input blocks: move any other one to the first."""
    inputs = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
    out: dict[str, str] = {}
    for block, message in errors.items():
        target = block if block in inputs else (inputs[0] if inputs else block)
        out[target] = (out.get(target, "") + " " + message).strip()[:2000]
    return out
