"""/crisis: help, start (modal or direct), list, playbooks, report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.clock import parse_moment
from bot.errors import CrisisError, InvalidInput
from bot.incidents import records, service
from bot.incidents.view import list_incidents
from bot.playbooks.model import PlaybookError
from bot.render import modals, notices
from bot.render.blocks import esc
from bot.slack import ids, parse
from bot.slack.jobs import Job
from bot.slack.lanes import Listener, side_of
from bot.slack.listeners.home import visible

if TYPE_CHECKING:
    from bot.slack.app import Slackside


def on_crisis(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
    """Answers within the ack where it can; anything slower goes to a lane."""
    side = side_of(context)
    try:
        command = parse.crisis_command(body.get("text", ""))
    except parse.BadCommand as err:
        ack(response_type="ephemeral", text=f":warning: {esc(str(err))}\n\n{notices.USAGE}")
        return
    if command.kind == "help":
        ack(response_type="ephemeral", text=notices.USAGE)
    elif command.kind == "playbooks":
        ack(response_type="ephemeral", text=notices.playbook_list(side.playbooks()))
    elif command.kind == "list":
        every = list_incidents(side.ctx)
        rows, hidden = visible(side, body.get("user_id", ""), every)
        text, blocks = notices.incident_list(rows, side.tz, side.now(), side.link, hidden=hidden)
        ack(response_type="ephemeral", text=text, blocks=blocks)
    elif command.kind == "report":
        ack(
            response_type="ephemeral",
            text=f"Preparing the report of {command.ref}; it will be posted in its thread.",
        )
        args = {"ref": command.ref, "user": body["user_id"], "channel": body.get("channel_id")}
        side.jobs.submit("report", args)
    elif command.kind == "evidence":
        ack(response_type="ephemeral", text=f"Recording the evidence in {command.ref}…")
        args = {
            "ref": command.ref, "user": body["user_id"], "channel": body.get("channel_id"),
            "url": command.url, "sha256": command.sha256, "captured": command.captured,
        }  # fmt: skip
        side.jobs.submit("evidence", args)
    elif command.kind == "start_modal":
        ack()
        side.pool.now(lambda: open_start_modal(side, body))
    else:
        start_direct(side, ack, body, command)


def report_job(side: Slackside, args: dict[str, Any]) -> None:
    try:
        side.people.meet([args["user"]])
        service.request_report(side.ctx, incident=args["ref"], actor=args["user"])
    except CrisisError as err:
        side.refuse(args.get("channel"), args["user"], None, str(err))


def open_start_modal(side: Slackside, body: dict[str, Any]) -> None:
    view = modals.start_modal(side.playbooks(), channel_id=body["channel_id"])
    try:
        side.client.views_open(trigger_id=body["trigger_id"], view=view)
    except (SlackApiError, OSError) as err:
        side.slack_failed(body.get("channel_id"), body["user_id"], None, err)


def start_direct(side: Slackside, ack: Ack, body: dict[str, Any], command: parse.Command) -> None:
    """`/crisis start <playbook> <title>`: ack at once, start on the work lane, and explain
    a refusal."""
    user, channel = body["user_id"], body["channel_id"]
    facts = side.channel(channel)
    if facts.problem:
        ack(response_type="ephemeral", text=f":warning: {facts.problem}")
        return
    args = {
        "playbook_id": command.playbook_id,
        "title": command.title,
        "user": user,
        "channel": channel,
        # a request replayed within Slack's 5 minutes carries the same trigger_id
        "start_key": f"trigger:{body['trigger_id']}" if body.get("trigger_id") else None,
        "drill": command.drill,
        "shared": facts.shared,
        "private": facts.private,
    }
    side.jobs.submit("start", args)
    kind = "drill" if command.drill else "incident"
    ack(response_type="ephemeral", text=f"Starting a `{esc(command.playbook_id)}` {kind}…")


def start_job(side: Slackside, args: dict[str, Any]) -> None:
    user, channel = args["user"], args["channel"]
    try:
        side.people.meet([user])  # a guest is known as one before starting anything
        service.start_incident(
            side.ctx,
            playbook_id=args["playbook_id"],
            title=args["title"],
            actor=user,
            channel_id=channel,
            start_key=args.get("start_key"),
            drill=bool(args.get("drill")),
            channel_shared=bool(args.get("shared")),
            channel_private=args.get("private"),
        )
    except (CrisisError, PlaybookError) as err:
        side.refuse(channel, user, None, f"{err}\n\nSee `/crisis playbooks` and `/crisis help`.")


def evidence_job(side: Slackside, args: dict[str, Any]) -> None:
    user = args["user"]
    try:
        side.people.meet([user])
        captured = side.now()
        if args.get("captured"):
            try:
                captured = parse_moment(str(args["captured"]), side.tz)
            except ValueError as err:
                raise InvalidInput(str(err), field="captured_at") from None
        outcome = records.record_evidence(
            side.ctx, incident=args["ref"], url=args["url"], sha256=args["sha256"],
            captured_at=captured, actor=user,
        )  # fmt: skip
    except CrisisError as err:
        side.refuse(args.get("channel"), user, None, str(err))
        return
    side.refuse(args.get("channel"), user, None, f":white_check_mark: {outcome.message}")


JOBS: dict[str, Job] = {"report": report_job, "start": start_job, "evidence": evidence_job}
COMMANDS: dict[str, Listener] = {ids.COMMAND: on_crisis}
