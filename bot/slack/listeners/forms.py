"""Forms of the incident thread and the start form: their submissions run the service
before the ack, so a refusal shows next to the field it is about (`CrisisError.field`,
never the wording of the message)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.errors import CrisisError
from bot.incidents import breach, service
from bot.incidents.view import get_incident
from bot.playbooks.load import load_one
from bot.playbooks.model import PlaybookError, UnknownPlaybook
from bot.render import modals
from bot.slack import ids, parse
from bot.slack.lanes import Errors, Listener, form, side_of

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)
Json = dict[str, Any]


def shown_at(err: CrisisError, blocks: dict[str, str], default: str) -> Errors:
    """The refusal, on the block showing the argument it is about (or on `default`)."""
    field = err.field or ""
    if field.startswith("roles."):
        block = f"role|{field.removeprefix('roles.')}"
    else:
        block = blocks.get(field, default)
    return {block: str(err)[:2000]}


def on_playbook_chosen(ack: Ack, body: Json, context: Json) -> None:
    """The start form grows one user picker per role of the chosen playbook."""
    ack()
    side = side_of(context)
    side.pool.now(lambda: update_start_form(side, body))


def update_start_form(side: Slackside, body: Json) -> None:
    view = body.get("view") or {}
    try:
        playbook = load_one(
            side.settings.playbooks_dir, side.settings.messages_dir, parse.action_value(body)
        )
    except (UnknownPlaybook, PlaybookError, parse.BadPayload):
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


def start(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    if not values.get("playbook"):
        return {"playbook": "Choose a playbook."}
    facts = side.channel(meta["channel"]) if meta.get("channel") else None
    if facts is not None and facts.problem:
        return {"title": facts.problem}
    try:
        service.start_incident(
            side.ctx,
            playbook_id=values["playbook"],
            title=values.get("title") or "",
            actor=where.user_id,
            severity=values.get("severity"),
            description=values.get("description") or "",
            channel_id=meta.get("channel") or None,
            assignments=parse.role_choices(values),
            start_key=f"view:{view.get('id')}",
            channel_shared=facts is not None and facts.shared,
            channel_private=facts.private if facts is not None else None,
        )
    except (UnknownPlaybook, PlaybookError) as err:
        return {"playbook": str(err)[:2000]}
    except CrisisError as err:
        blocks = {"playbook_id": "playbook", "severity": "severity", "description": "description"}
        return shown_at(err, blocks, "title")
    return None


def assign(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    """Every role on the form in one go: a refused role leaves them all as they were."""
    ref = parse.ref_only(meta.get("ref", ""))
    incident = get_incident(side.ctx, ref)
    current = {r.id: h for r, h in incident.roles}
    commander = incident.playbook.commander_role
    changes: dict[str, str | None] = {}
    for role, user in parse.role_choices(values, keep_empty=True).items():
        holder = current.get(role)
        if user and user != holder:
            changes[role] = user
        elif not user and holder and holder[:1] in "UW" and role != commander:
            # The picker shows only Slack people: a CLI holder it cannot show stays.
            changes[role] = None
    if not changes:
        return None
    try:
        service.assign_roles(side.ctx, incident=ref, changes=changes, actor=where.user_id)
    except CrisisError as err:
        return shown_at(err, {}, f"role|{next(iter(changes))}")
    return None


def note(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    try:
        service.add_note(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            text=values.get("note") or "",
            actor=where.user_id,
        )
    except CrisisError as err:
        return shown_at(err, {}, "note")
    return None


def skip(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    try:
        service.skip_step(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            step_id=values.get("step") or "",
            actor=where.user_id,
            reason=values.get("reason") or "",
        )
    except CrisisError as err:
        return shown_at(err, {"reason": "reason"}, "step")
    return None


def close(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    try:
        service.close_incident(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            actor=where.user_id,
            override_reason=(values.get("reason") or "").strip() or None,
            lessons=values.get("lessons") or "",
        )
    except CrisisError as err:
        return shown_at(err, {"lessons": "lessons"}, "reason")
    return None


ASSESSMENT_BLOCKS = {
    name: name
    for name in (
        "nature", "recipient", "acquired", "mitigation", "affected", "state_residents_max",
    )
}  # fmt: skip


def assess(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    counts: dict[str, int] = {}
    for block in ("affected", "state_residents_max"):
        try:
            counts[block] = int(str(values.get(block) or "").strip())
        except ValueError:
            return {block: "A whole number, 0 or more."}
    try:
        breach.record_assessment(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            actor=where.user_id,
            assessment=breach.Assessment(
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
        return shown_at(err, ASSESSMENT_BLOCKS, "reason")
    return None


def override(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    try:
        service.advance_phase(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            actor=where.user_id,
            expected_phase=str(meta.get("phase") or ""),
            override_reason=(values.get("reason") or "").strip() or None,
        )
    except CrisisError as err:
        return shown_at(err, {}, "reason")
    return None


def discovered(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    picked = values.get("discovered_at")
    if not isinstance(picked, int | float) or isinstance(picked, bool):
        return {"discovered_at": "Pick the date and time it was discovered."}
    try:
        when = dt.datetime.fromtimestamp(picked, dt.UTC)
    except (OverflowError, OSError, ValueError):
        return {"discovered_at": "That date cannot be used; pick another."}
    try:
        breach.set_discovered(
            side.ctx,
            incident=parse.ref_only(meta.get("ref", "")),
            discovered_at=when,
            actor=where.user_id,
        )
    except CrisisError as err:
        return shown_at(err, {"discovered_at": "discovered_at"}, "discovered_at")
    return None


BLOCK_ACTIONS: list[tuple[dict[str, str], Listener]] = [
    ({"block_id": ids.Block.PLAYBOOK, "action_id": ids.VALUE}, on_playbook_chosen),
]
VIEWS: dict[str, Listener] = {
    ids.Form.START_INCIDENT: form(start),
    ids.Form.ASSIGN_ROLES: form(assign),
    ids.Form.ADD_NOTE: form(note),
    ids.Form.SKIP_STEP: form(skip),
    ids.Form.CLOSE_INCIDENT: form(close),
    ids.Form.RISK_ASSESSMENT: form(assess),
    ids.Form.ADVANCE_OVERRIDE: form(override),
    ids.Form.SET_DISCOVERED: form(discovered),
}
