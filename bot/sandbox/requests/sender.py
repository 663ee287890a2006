"""SlackSender: POSTs signed requests to the app under test, as Slack does."""

from __future__ import annotations

import json
import urllib.request
from typing import Any, NamedTuple
from urllib.error import HTTPError

from bot.sandbox.requests.signed import SlackRequest


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
