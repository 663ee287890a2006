"""SlackSender: POSTs signed requests to the app under test, as Slack does, retries included."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, NamedTuple
from urllib.error import HTTPError

from bot.sandbox.requests.signed import JSON, SlackRequest

ACK_SECONDS = 3.0  # Slack's limit for an app to acknowledge a request


class Reply(NamedTuple):
    """What the app answered."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body decoded as JSON."""
        return json.loads(self.body)


class SlackSender:
    """POSTs signed requests to an app the way Slack does, over plain urllib."""

    def __init__(
        self, base_url: str, signing_secret: str, path: str = "/slack/events", timeout: float = 10.0
    ) -> None:
        self.base_url, self.signing_secret = base_url.rstrip("/"), signing_secret
        self.path, self.timeout = path, timeout
        # No proxies: the app under test is on this machine, whatever the environment says.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def send(
        self, request: SlackRequest, *, retry_num: int | None = None,
        retry_reason: str = "http_timeout", timestamp: int | None = None,
        bad_signature: bool = False, path: str | None = None, timeout: float | None = None,
    ) -> Reply:  # fmt: skip
        """Sign and POST `request`; HTTP error statuses come back as a Reply, not raised."""
        secret = self.signing_secret + ("-tampered" if bad_signature else "")
        headers = request.headers(
            secret, timestamp=timestamp, retry_num=retry_num, retry_reason=retry_reason
        )
        url = self.base_url + (path or self.path)
        http_request = urllib.request.Request(url, request.body, headers, method="POST")
        try:
            with self._opener.open(http_request, timeout=timeout or self.timeout) as answer:
                return Reply(answer.status, dict(answer.headers.items()), answer.read())
        except HTTPError as err:
            return Reply(err.code, dict(err.headers.items()), err.read())

    def deliver(
        self, request: SlackRequest, *, ack_seconds: float = ACK_SECONDS
    ) -> tuple[Reply, str]:
        """Send as Slack does: the app has `ack_seconds` to answer. An event not acked in time,
        or answered with a server error, is sent again up to three times (X-Slack-Retry-Num;
        at once here, where Slack waits a minute, then five). A person's command, click or
        form is sent once. Returns the reply and, when there was none, Slack's error code."""
        retries = 3 if request.content_type == JSON else 0  # events come as JSON
        reason, problem = "", ""
        reply = Reply(0, {}, b"")
        for attempt in range(retries + 1):
            try:
                reply = self.send(
                    request,
                    retry_num=attempt or None,
                    retry_reason=reason or "http_timeout",
                    timeout=ack_seconds,
                )
            except OSError as err:  # TimeoutError and URLError are OSErrors
                timed_out = _timed_out(err)
                problem = "operation_timeout" if timed_out else "dispatch_failed"
                reason = "http_timeout" if timed_out else "connection_failed"
                reply = Reply(0, {}, b"")
                continue
            if reply.status < 500:
                return reply, ""
            problem, reason = "dispatch_failed", "http_error"
        return reply, problem


def _timed_out(err: BaseException) -> bool:
    reason = getattr(err, "reason", err)
    return isinstance(reason, TimeoutError) or "timed out" in str(reason)
