"""SlackRequest: a body as Slack POSTs it to an app, signed with the app's signing secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

Json = dict[str, Any]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
VERIFICATION_TOKEN = "sandbox-verification-token"


def sign(
    secret: str, body: bytes, timestamp: int, *, content_type: str | None = None
) -> dict[str, str]:
    """Headers Slack sends with `body`: v0 HMAC-SHA256 signature, timestamp, content type."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type or (JSON if body.startswith(b"{") else FORM),
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


@dataclass(frozen=True)
class SlackRequest:
    """A request body as Slack would POST it; signed when sent, so it can be re-sent."""

    body: bytes
    content_type: str

    @property
    def text(self) -> str:
        """The body as a string (what BoltRequest takes)."""
        return self.body.decode()

    @property
    def payload(self) -> Json:
        """The decoded content: the JSON, the interaction payload, or the form fields."""
        if self.content_type == JSON:
            content: Json = json.loads(self.body)
            return content
        form = dict(parse_qsl(self.text, keep_blank_values=True))
        return json.loads(form["payload"]) if "payload" in form else dict(form)

    def headers(
        self, signing_secret: str, *, timestamp: int | None = None, retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> dict[str, str]:  # fmt: skip
        """Signed headers, plus Slack's retry headers when `retry_num` is given."""
        when = int(time.time()) if timestamp is None else timestamp
        headers = sign(signing_secret, self.body, when, content_type=self.content_type)
        if retry_num is not None:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return headers


def form_request(fields: Mapping[str, str]) -> SlackRequest:
    """A form-encoded request, as slash commands come."""
    return SlackRequest(urlencode(fields).encode(), FORM)


def interaction_request(payload: Json) -> SlackRequest:
    """An interaction: the payload as JSON in a form's `payload` field."""
    return form_request({"payload": json.dumps(payload)})


def json_request(content: Json) -> SlackRequest:
    """A JSON request, as the Events API sends them."""
    return SlackRequest(json.dumps(content).encode(), JSON)


def now_ts() -> str:
    """The current time as a Slack ts (seconds with six decimals)."""
    return f"{time.time():.6f}"
