"""Statement controls: the drafting form, the card's approve / request changes / edit /
mark as published, and their forms. Listeners parse and call `bot.statements.service`."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.errors import CrisisError, InvalidInput
from bot.incidents.view import get_incident
from bot.render import statements as render
from bot.slack import ids, parse
from bot.slack.lanes import Errors, Lane, Listener, form, on_lane, side_of
from bot.statements import platforms, review, screening
from bot.statements import service as statements
from bot.statements.templates import TemplateError
from bot.statements.view import get_statement

if TYPE_CHECKING:
    from bot.slack.app import Slackside

log = logging.getLogger(__name__)
Json = dict[str, Any]


def may_override(side: Slackside, ref: str, user: str) -> bool:
    return side.may(user, "override_phi", ref)


def draft_form(
    side: Slackside,
    ref: str,
    user: str,
    *,
    chosen: str | None,
    values: dict[str, str],
    statement: int | None,
    check: bool,
    version: int | None = None,
    platform: str | None = None,
) -> Json:
    """The drafting form; with `check`, rendered and screened as it would be sent."""
    options = screening.templates_of(side.ctx, get_incident(side.ctx, ref).playbook)
    preview, findings, problem = None, [], None
    template = dict(options).get(chosen or "")
    if check and template is not None:
        try:
            where = platforms.platform(platform, template)
            screened = screening.screen(side.ctx, template, values, where)
            preview, findings = screened.text, list(screened.findings)
        except CrisisError as err:
            problem = str(err)
    return render.draft_modal(
        ref,
        options,
        chosen=chosen,
        values=values,
        statement=statement,
        version=version,
        preview=preview,
        platform=platform if platform in platforms.PLATFORMS else None,
        findings=findings,
        problem=problem,
        may_override=bool(findings) and may_override(side, ref, user),
    )


# -- clicks ------------------------------------------------------------------------------


def open_draft(side: Slackside, where: parse.Where, value: str) -> None:
    ref = parse.ref_only(value)
    if where.trigger_id:
        view = draft_form(
            side, ref, where.user_id, chosen=None, values={}, statement=None, check=False
        )
        side.client.views_open(trigger_id=where.trigger_id, view=view)


def open_edit(side: Slackside, where: parse.Where, value: str) -> None:
    ref, number = ref_number(value)
    st = get_statement(side.ctx, ref, number)
    if st.status == "published":
        raise InvalidInput(f"Statement {number} is published; draft a new one instead")
    if where.trigger_id:
        view = draft_form(
            side,
            ref,
            where.user_id,
            chosen=st.template_id,
            values={k: str(v) for k, v in st.variables.items()},
            statement=number,
            check=True,
            version=st.version,
            platform=st.platform,
        )
        side.client.views_open(trigger_id=where.trigger_id, view=view)


def approve(side: Slackside, where: parse.Where, value: str) -> None:
    ref, number, version = ref_number_version(value)
    review.approve_statement(
        side.ctx, incident=ref, statement=number, version=version, actor=where.user_id
    )


def open_changes(side: Slackside, where: parse.Where, value: str) -> None:
    ref, number, version = ref_number_version(value)
    if where.trigger_id:
        side.client.views_open(
            trigger_id=where.trigger_id, view=render.changes_modal(ref, number, version)
        )


def open_publish(side: Slackside, where: parse.Where, value: str) -> None:
    ref, number = ref_number(value)
    st = get_statement(side.ctx, ref, number)
    if st.status not in ("approved", "published"):
        raise InvalidInput(f"Statement {number} is not approved yet")
    if where.trigger_id:
        side.client.views_open(trigger_id=where.trigger_id, view=render.publish_modal(st))


def redraw(
    side: Slackside,
    body: Json,
    *,
    check: bool,
    chosen: str | None = None,
    platform: str | None = None,
) -> None:
    """Redraw the open drafting form from what is typed in it."""
    view = body.get("view") or {}
    try:
        meta = parse.view_metadata(view)
        ref = parse.ref_only(str(meta.get("ref", "")))
        values = parse.view_values(view)
    except parse.BadPayload:
        return
    chosen = chosen or values.get("template") or meta.get("template")
    user = str((body.get("user") or {}).get("id", ""))
    statement = meta.get("statement") if isinstance(meta.get("statement"), int) else None
    version = meta.get("version") if isinstance(meta.get("version"), int) else None
    try:
        update = draft_form(
            side,
            ref,
            user,
            chosen=chosen,
            values=variables_of(values),
            statement=statement,
            check=check,
            version=version,
            platform=platform or values.get(ids.Block.PLATFORM) or meta.get("platform"),
        )
        side.client.views_update(view_id=view["id"], hash=view.get("hash"), view=update)
    except CrisisError as err:
        log.info("draft form not updated: %s", err)
    except (SlackApiError, OSError) as err:  # hash_conflict: a newer form is already shown
        log.warning("draft form not updated: %s", err)


def on_template_chosen(ack: Ack, body: Json, context: Json) -> None:
    ack()
    side = side_of(context)
    try:
        chosen: str | None = parse.action_value(body)  # the choice itself, whatever the state says
    except parse.BadPayload:
        chosen = None
    side.pool.now(lambda: redraw(side, body, check=False, chosen=chosen))


def on_platform_chosen(ack: Ack, body: Json, context: Json) -> None:
    ack()
    side = side_of(context)
    try:
        platform: str | None = parse.action_value(body)
    except parse.BadPayload:
        platform = None
    side.pool.now(lambda: redraw(side, body, check=False, platform=platform))


def on_preview(ack: Ack, body: Json, context: Json) -> None:
    ack()
    side = side_of(context)
    side.pool.now(lambda: redraw(side, body, check=True))


# -- submissions: checked before the ack, so problems show next to their fields ----------


def draft(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    ref = parse.ref_only(str(meta.get("ref", "")))
    chosen = values.get("template") or meta.get("template")
    if not chosen:
        return {"template": "Choose a template."}
    number = meta.get("statement") if isinstance(meta.get("statement"), int) else None
    picked = [str(v) for v in values.get("override") or []]
    reason = (values.get("override_reason") or "").strip()
    if picked and not reason:
        return {"override_reason": "Say why these findings are safe to publish."}
    try:
        statements.draft_statement(
            side.ctx,
            incident=ref,
            template_id=str(chosen),
            variables=variables_of(values),
            actor=where.user_id,
            statement=number,
            version=meta.get("version") if isinstance(meta.get("version"), int) else None,
            overrides=dict.fromkeys(picked, reason) or None,
            checked=str(meta.get("checked") or "") or None,
            draft_key=None if number is not None else f"view:{view.get('id')}",
            platform=str(values.get(ids.Block.PLATFORM) or meta.get("platform") or "") or None,
        )
    except screening.PrivacyFindings as err:
        return privacy_errors(side, ref, where.user_id, err)
    except CrisisError as err:
        field = err.field or ""
        if field.startswith("variables."):
            return {f"var|{field.removeprefix('variables.')}": str(err)}
        if field == "platform":
            return {ids.Block.PLATFORM: str(err)}
        return {"override" if field == "overrides" else "": str(err)}
    except TemplateError as err:
        return {"": str(err)}
    return None


def privacy_errors(side: Slackside, ref: str, user: str, err: screening.PrivacyFindings) -> Errors:
    """Each finding next to the field it came from, and who may override it."""
    try:
        officer = may_override(side, ref, user)
    except CrisisError:
        officer = False
    return {
        (f"var|{name}" if name else ""): "Looks like patient information: "
        + "; ".join(render.finding_line(f) for f in found)
        + (
            ". Press “Check and preview” to override with a reason."
            if officer
            else ". Remove it; only the privacy officer can override a finding."
        )
        for name, found in err.by_field.items()
    }


def changes(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    try:
        review.request_changes(
            side.ctx,
            incident=parse.ref_only(str(meta.get("ref", ""))),
            statement=int(meta.get("statement", 0)),
            version=int(meta.get("version", 0)),
            actor=where.user_id,
            comment=values.get("comment") or "",
        )
    except CrisisError as err:
        return {"comment": str(err)}
    return None


def publish(
    side: Slackside, where: parse.Where, view: Json, meta: Json, values: Json
) -> Errors | None:
    when = values.get("when")
    try:
        statements.publish_statement(
            side.ctx,
            incident=parse.ref_only(str(meta.get("ref", ""))),
            statement=int(meta.get("statement", 0)),
            actor=where.user_id,
            platform=values.get("platform") or "",
            url=values.get("url") or "",
            version=meta.get("version") if isinstance(meta.get("version"), int) else None,
            published_at=dt.datetime.fromtimestamp(int(when), dt.UTC) if when else None,
        )
    except CrisisError as err:
        block = {"url": "url", "published_at": "when"}.get(err.field or "", "platform")
        return {block: str(err)}
    return None


# -- values on the controls --------------------------------------------------------------


def variables_of(values: Json) -> dict[str, str]:
    return {
        block.split("|", 1)[1]: str(value or "")
        for block, value in values.items()
        if block.startswith("var|")
    }


def ref_number(value: str) -> tuple[str, int]:
    ref, rest = parse.ref_and(value)
    number = rest.split("|", 1)[0]
    if not number.isdigit():
        raise parse.BadPayload(f"unexpected value {value[:60]!r}")
    return ref, int(number)


def ref_number_version(value: str) -> tuple[str, int, int]:
    ref, rest = parse.ref_and(value)
    number, _, version = rest.partition("|")
    if not (number.isdigit() and version.isdigit()):
        raise parse.BadPayload(f"unexpected value {value[:60]!r}")
    return ref, int(number), int(version)


ACTIONS: dict[str, Listener] = {
    ids.Action.STATEMENT_OPEN: on_lane(open_draft, Lane.NOW),
    ids.Action.STATEMENT_EDIT: on_lane(open_edit, Lane.NOW),
    ids.Action.STATEMENT_APPROVE: on_lane(approve),
    ids.Action.STATEMENT_CHANGES_OPEN: on_lane(open_changes, Lane.NOW),
    ids.Action.STATEMENT_PUBLISH_OPEN: on_lane(open_publish, Lane.NOW),
    ids.Action.STATEMENT_PREVIEW: on_preview,
}
BLOCK_ACTIONS: list[tuple[dict[str, str], Listener]] = [
    ({"block_id": ids.Block.TEMPLATE, "action_id": ids.VALUE}, on_template_chosen),
    ({"block_id": ids.Block.PLATFORM, "action_id": ids.VALUE}, on_platform_chosen),
]
VIEWS: dict[str, Listener] = {
    ids.Form.DRAFT_STATEMENT: form(draft),
    ids.Form.STATEMENT_CHANGES: form(changes),
    ids.Form.STATEMENT_PUBLISH: form(publish),
}
