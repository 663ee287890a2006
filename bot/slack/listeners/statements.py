"""Statement controls: the drafting modal, the card's approve / request changes / edit /
mark as published, and their forms. Listeners parse and call `bot.statements.service`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot.errors import CrisisError, InvalidInput
from bot.incidents import view as incident_view
from bot.render import statements as render
from bot.slack import parse
from bot.slack.app import Slackside
from bot.statements import service as statements
from bot.statements.templates import TemplateError
from bot.statements.view import get_statement

log = logging.getLogger(__name__)

Clicked = Callable[..., Callable[..., None]]
Handle = Callable[
    [parse.Where, dict[str, Any], dict[str, Any], dict[str, Any]], dict[str, str] | None
]


def register(
    app: App, side: Slackside, *, clicked: Clicked, submitted: Callable[[str, Handle], None]
) -> None:
    def may_override(ref: str, user: str) -> bool:
        return side.may(user, "override_phi", ref)

    def templates(ref: str) -> list[tuple[str, Any]]:
        view = incident_view.get_incident(side.ctx, ref)
        return statements.templates_of(side.ctx, view.playbook)

    def form(
        ref: str,
        user: str,
        *,
        chosen: str | None,
        values: dict[str, str],
        statement: int | None,
        check: bool,
        version: int | None = None,
    ) -> dict[str, Any]:
        """The drafting modal; with `check`, rendered and screened as it would be sent."""
        options = templates(ref)
        preview, findings, problem = None, [], None
        template = dict(options).get(chosen or "")
        if check and template is not None:
            try:
                screened = statements.screen(side.ctx, template, values)
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
            findings=findings,
            problem=problem,
            may_override=bool(findings) and may_override(ref, user),
        )

    def open_draft(where: parse.Where, value: str) -> None:
        ref = parse.ref_only(value)
        if where.trigger_id:
            view = form(ref, where.user_id, chosen=None, values={}, statement=None, check=False)
            side.client.views_open(trigger_id=where.trigger_id, view=view)

    def open_edit(where: parse.Where, value: str) -> None:
        ref, number = _ref_number(value)
        st = get_statement(side.ctx, ref, number)
        if st.status == "published":
            raise InvalidInput(f"Statement {number} is published; draft a new one instead")
        if where.trigger_id:
            view = form(
                ref,
                where.user_id,
                chosen=st.template_id,
                values={k: str(v) for k, v in st.variables.items()},
                statement=number,
                check=True,
                version=st.version,
            )
            side.client.views_open(trigger_id=where.trigger_id, view=view)

    def approve(where: parse.Where, value: str) -> None:
        ref, number, version = _ref_number_version(value)
        statements.approve_statement(
            side.ctx, incident=ref, statement=number, version=version, actor=where.user_id
        )

    def open_changes(where: parse.Where, value: str) -> None:
        ref, number, version = _ref_number_version(value)
        if where.trigger_id:
            side.client.views_open(
                trigger_id=where.trigger_id, view=render.changes_modal(ref, number, version)
            )

    def open_publish(where: parse.Where, value: str) -> None:
        ref, number = _ref_number(value)
        st = get_statement(side.ctx, ref, number)
        if st.status not in ("approved", "published"):
            raise InvalidInput(f"Statement {number} is not approved yet")
        if where.trigger_id:
            side.client.views_open(trigger_id=where.trigger_id, view=render.publish_modal(st))

    app.action("statement_open")(clicked(open_draft, opens_modal=True))
    app.action("statement_edit")(clicked(open_edit, opens_modal=True))
    app.action("statement_approve")(clicked(approve))
    app.action("statement_changes_open")(clicked(open_changes, opens_modal=True))
    app.action("statement_publish_open")(clicked(open_publish, opens_modal=True))

    def refresh(body: dict[str, Any], *, check: bool, chosen: str | None = None) -> None:
        """Redraw the open drafting modal from what is typed in it."""
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
            update = form(
                ref,
                user,
                chosen=chosen,
                values=_variables(values),
                statement=statement,
                check=check,
                version=version,
            )
            side.client.views_update(view_id=view["id"], hash=view.get("hash"), view=update)
        except CrisisError as err:
            log.info("draft form not updated: %s", err)
        except (SlackApiError, OSError) as err:  # hash_conflict: a newer form is already shown
            log.warning("draft form not updated: %s", err)

    @app.action({"block_id": "template", "action_id": "value"})
    def on_template_chosen(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        chosen = parse.action_value(body)  # the choice itself, whatever the state says
        side.pool.now(lambda: refresh(body, check=False, chosen=chosen))

    @app.action("statement_preview")
    def on_preview(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        side.pool.now(lambda: refresh(body, check=True))

    # -- submissions: checked before the ack, so problems show next to their fields ------

    def draft(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        ref = parse.ref_only(str(meta.get("ref", "")))
        chosen = values.get("template") or meta.get("template")
        if not chosen:
            return {"template": "Choose a template."}
        variables = _variables(values)
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
                variables=variables,
                actor=where.user_id,
                statement=number,
                version=meta.get("version") if isinstance(meta.get("version"), int) else None,
                overrides=dict.fromkeys(picked, reason) or None,
                checked=str(meta.get("checked") or "") or None,
                draft_key=None if number is not None else f"view:{view.get('id')}",
            )
        except statements.PrivacyFindings as err:
            try:
                officer = may_override(ref, where.user_id)
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
        except InvalidInput as err:
            field = next((f"var|{n}" for n in variables if n in str(err)), "")
            if "privacy check was shown" in str(err):
                field = "override"
            return {field: str(err)}
        except (CrisisError, TemplateError) as err:
            return {"": str(err)}
        return None

    def changes(
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
        try:
            statements.request_changes(
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
        where: parse.Where, view: dict[str, Any], meta: dict[str, Any], values: dict[str, Any]
    ) -> dict[str, str] | None:
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
        except InvalidInput as err:
            message = str(err)
            field = (
                "url" if "web address" in message else "when" if "time" in message else "platform"
            )
            return {field: message}
        except CrisisError as err:
            return {"platform": str(err)}
        return None

    submitted("draft_statement", draft)
    submitted("statement_changes", changes)
    submitted("statement_publish", publish)


def _variables(values: dict[str, Any]) -> dict[str, str]:
    return {
        block.split("|", 1)[1]: str(value or "")
        for block, value in values.items()
        if block.startswith("var|")
    }


def _ref_number(value: str) -> tuple[str, int]:
    ref, rest = parse.ref_and(value)
    number = rest.split("|", 1)[0]
    if not number.isdigit():
        raise parse.BadPayload(f"unexpected value {value[:60]!r}")
    return ref, int(number)


def _ref_number_version(value: str) -> tuple[str, int, int]:
    ref, rest = parse.ref_and(value)
    number, _, version = rest.partition("|")
    if not (number.isdigit() and version.isdigit()):
        raise parse.BadPayload(f"unexpected value {value[:60]!r}")
    return ref, int(number), int(version)
