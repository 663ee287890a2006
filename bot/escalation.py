"""Escalation beyond Slack: when a step is still not done at the paging stage, an
outgoing webhook (ESCALATION_WEBHOOK_URL) receives a JSON event, signed like the alert
intake, either crisisbot's own shape or PagerDuty's Events API v2 so a paging tool can
call someone. Sent by the deliverer as an outbox intent: a failure is retried (429, 5xx,
timeouts) or parked (other 4xx) like any other, and shows in `crisisbot outbox list`.

Minimum necessary: the event names the incident by reference, the playbook, the step
and the people by Slack id; never the incident's title or anything typed."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from bot.incidents.view import IncidentView
from bot.store.models import Reminder

PAGERDUTY_URL = "https://events.pagerduty.com/v2/enqueue"
SEVERITY = {"low": "info", "medium": "warning", "high": "error", "critical": "critical"}


class WebhookError(Exception):
    """The receiver answered with an error status."""

    def __init__(self, status: int, retry_after: float | None, body: str) -> None:
        self.status = status
        self.retry_after = retry_after
        self.transient = status == 429 or status >= 500
        super().__init__(f"HTTP {status}: {body[:200]}")


def _stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event(row: Reminder, view: IncidentView, *, now: dt.datetime) -> dict[str, Any]:
    """crisisbot's own shape: what is overdue, since when, and who is in charge."""
    step = next((sv for sv in view.steps if sv.step.id == row.subject), None)
    holders = {role.id: holder for role, holder in view.roles}
    return {
        "type": "step_overdue",
        "incident": view.ref,
        "playbook": {"id": view.playbook.id, "title": view.playbook.title},
        "severity": view.severity,
        "drill": view.drill,
        "step": {
            "id": row.subject,
            "title": step.step.title if step else row.subject,
            "role": view.playbook.role_title(step.step.role) if step else "",
            "owner": step.owner if step else None,
        },
        "due_at": _stamp(row.due_at),
        "overdue_minutes": max(0, int((now - row.due_at).total_seconds() // 60)),
        "commander": holders.get(view.playbook.commander_role),
        "sent_at": _stamp(now),
        "key": f"{view.ref}:{row.key}",
    }


def pagerduty(
    row: Reminder, view: IncidentView, *, now: dt.datetime, routing_key: str
) -> dict[str, Any]:
    """The same event as a PagerDuty Events API v2 trigger."""
    ours = event(row, view, now=now)
    summary = (
        f"{view.ref}: “{ours['step']['title']}” is {ours['overdue_minutes']} min overdue "
        f"({view.playbook.title})"
    )
    return {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": f"crisisbot:{view.ref}:{row.subject}",
        "payload": {
            "summary": summary[:1024],
            "source": "crisisbot",
            "severity": SEVERITY.get(view.severity, "error"),
            "timestamp": ours["sent_at"],
            "component": view.playbook.id,
            "group": view.ref,
            "class": "step_overdue",
            "custom_details": ours,
        },
    }


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """As the alert intake: v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))."""
    base = f"v0:{timestamp}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Escalation:
    url: str
    secret: str | None = None
    shape: str = "json"  # json | pagerduty
    routing_key: str | None = None
    timeout: float = 10.0

    def body(self, row: Reminder, view: IncidentView, now: dt.datetime) -> bytes:
        if self.shape == "pagerduty":
            data = pagerduty(row, view, now=now, routing_key=self.routing_key or "")
        else:
            data = event(row, view, now=now)
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode()

    def send(self, row: Reminder, view: IncidentView, now: dt.datetime | None = None) -> None:
        body = self.body(row, view, now or dt.datetime.now(dt.UTC))
        headers = {"Content-Type": "application/json", "User-Agent": "crisisbot"}
        if self.secret:
            stamp = str(int(time.time()))
            headers["X-Crisisbot-Request-Timestamp"] = stamp
            headers["X-Crisisbot-Signature"] = signature(self.secret, stamp, body)
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                answer.read()
        except urllib.error.HTTPError as err:
            after = err.headers.get("Retry-After") if err.headers else None
            retry = float(after) if after and after.replace(".", "", 1).isdigit() else None
            raise WebhookError(err.code, retry, err.read().decode("utf-8", "replace")) from None
