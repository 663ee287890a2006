"""Slack payloads -> plain values. Raises BadPayload for anything malformed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_REF = re.compile(r"^INC-\d{4}-\d{4,}$")


class BadPayload(ValueError):
    """A payload is not what the bot sent or expects."""


class BadCommand(ValueError):
    """The /crisis text is not a known command; the message says what was wrong."""


@dataclass(frozen=True)
class Command:
    kind: str  # help | start_modal | start | list | playbooks | report
    playbook_id: str = ""
    title: str = ""
    ref: str = ""
    drill: bool = False  # `/crisis drill …`: an exercise, left out of the figures
    url: str = ""  # `/crisis evidence INC URL SHA256 [CAPTURED]`
    sha256: str = ""
    captured: str = ""


def crisis_command(text: str) -> Command:
    words = (text or "").split()
    if not words or words[0].lower() == "help":
        if len(words) > 1:
            raise BadCommand("`help` takes no arguments")
        return Command("help")
    verb, rest = words[0].lower(), words[1:]
    if verb == "start":
        if not rest:
            return Command("start_modal")
        if len(rest) == 1:
            raise BadCommand(f"`start {rest[0]}` needs a title after the playbook id")
        return Command("start", playbook_id=rest[0].lower(), title=" ".join(rest[1:]))
    if verb == "drill":
        if len(rest) < 2:
            raise BadCommand(
                "`drill` needs a playbook id and a title, e.g. `/crisis drill phi-leak Tabletop`"
            )
        return Command("start", playbook_id=rest[0].lower(), title=" ".join(rest[1:]), drill=True)
    if verb == "report":
        if len(rest) != 1 or not _REF.match(rest[0].upper()):
            raise BadCommand("`report` needs one incident id, e.g. `/crisis report INC-2026-0001`")
        return Command("report", ref=rest[0].upper())
    if verb == "evidence":
        if len(rest) not in (3, 4) or not _REF.match(rest[0].upper()):
            raise BadCommand(
                "`evidence` needs an incident id, the web address and the saved capture's "
                "SHA-256, e.g. `/crisis evidence INC-2026-0001 https://… 5891b5b5…` "
                "(and, if not now, when it was captured: 2026-12-05T14:02)"
            )
        url = rest[1].strip("<>").split("|", 1)[0]  # Slack may send a link as <url|label>
        captured = rest[3] if len(rest) == 4 else ""
        return Command("evidence", ref=rest[0].upper(), url=url, sha256=rest[2], captured=captured)
    if verb in ("list", "playbooks"):
        if rest:
            raise BadCommand(f"`{verb}` takes no arguments")
        return Command(verb)
    raise BadCommand(f"unknown command `{words[0][:40]}`")


def ref_and(value: str) -> tuple[str, str]:
    """'INC-2026-0001|capture-evidence' -> (ref, second part)."""
    ref, sep, rest = (value or "").partition("|")
    if not sep or not _REF.match(ref):
        raise BadPayload(f"unexpected value {value[:60]!r}")
    return ref, rest


def ref_only(value: str) -> str:
    if not _REF.match(value or ""):
        raise BadPayload(f"unexpected value {str(value)[:60]!r}")
    return value


def action_value(body: dict[str, Any]) -> str:
    action = (body.get("actions") or [{}])[0]
    if "selected_option" in action:
        return str((action.get("selected_option") or {}).get("value", ""))
    return str(action.get("value", ""))


@dataclass(frozen=True)
class Where:
    """Who clicked, and where to answer them."""

    user_id: str
    channel_id: str | None
    thread_ts: str | None
    trigger_id: str | None


def where(body: dict[str, Any]) -> Where:
    user = (body.get("user") or {}).get("id") or body.get("user_id")
    if not user:
        raise BadPayload("no user in payload")
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = (
        (body.get("channel") or {}).get("id")
        or container.get("channel_id")
        or body.get("channel_id")
    )
    thread = message.get("thread_ts") or container.get("thread_ts") or message.get("ts")
    return Where(str(user), channel, thread, body.get("trigger_id"))


def view_metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        raise BadPayload("private_metadata is not JSON") from None
    if not isinstance(data, dict):
        raise BadPayload("private_metadata is not an object")
    return data


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """block_id -> the plain value of its single element ('value' action id)."""
    out: dict[str, Any] = {}
    for block_id, elements in ((view.get("state") or {}).get("values") or {}).items():
        element = elements.get("value") or next(iter(elements.values()), {})
        kind = element.get("type")
        if kind == "plain_text_input":
            out[block_id] = element.get("value") or ""
        elif kind in ("static_select", "external_select", "radio_buttons"):
            out[block_id] = (element.get("selected_option") or {}).get("value")
        elif kind == "users_select":
            out[block_id] = element.get("selected_user")
        elif kind == "multi_users_select":
            out[block_id] = element.get("selected_users") or []
        elif kind == "datetimepicker":
            out[block_id] = element.get("selected_date_time")
        elif kind == "checkboxes":
            out[block_id] = [o.get("value") for o in element.get("selected_options") or []]
        else:
            out[block_id] = element.get("value")
    return out


def role_choices(values: dict[str, Any], *, keep_empty: bool = False) -> dict[str, str]:
    """The role pickers of a form (blocks `role|<role id>`): role id -> user id; a
    cleared picker is "" with `keep_empty`, left out without."""
    return {
        block.split("|", 1)[1]: str(user or "")
        for block, user in values.items()
        if block.startswith("role|") and (user or keep_empty)
    }
