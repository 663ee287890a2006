"""HTTP transport: a WSGI app with POST /slack/events and GET /healthz, served by
gunicorn exactly as in production."""

from __future__ import annotations

import io
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot import inbox, metrics, outbox
from bot.slack import guard
from bot.slack.runtime import Runtime

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


def wsgi_app(runtime: Runtime) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(runtime.app, path="/slack/events")

    def route(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _health(runtime, start_response)
        if path == "/metrics" and method in ("GET", "HEAD"):
            body, content_type = metrics.exposition()
            start_response(
                "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
            )
            return [body]
        if path == "/slack/events":
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return _slack_request(runtime, slack, environ, start_response)
        return _reply(start_response, "404 Not Found", {"error": "not found"})

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Every request counted and logged once: path, status, duration, what it was."""
        started = time.perf_counter()
        answered: list[str] = []

        def keep(status: str, headers: list[Any], exc_info: Any = None) -> Any:
            answered.append(status)
            return (
                start_response(status, headers, exc_info)
                if exc_info
                else start_response(status, headers)
            )

        body = route(environ, keep)
        took = time.perf_counter() - started
        path = environ.get("PATH_INFO", "")
        known = path if path in ("/slack/events", "/healthz", "/metrics") else "other"
        status = (answered[-1] if answered else "500").split(" ", 1)[0]
        metrics.REQUESTS.labels(known, status).inc()
        if known == "/slack/events":
            metrics.ACK_SECONDS.observe(took)
        if known != "/metrics":
            log.info(
                "request",
                extra={
                    "event": "request",
                    "request_id": environ.get("crisisbot.request_id") or uuid.uuid4().hex[:12],
                    "path": known,
                    "status": int(status) if status.isdigit() else status,
                    "duration_ms": round(took * 1000, 1),
                    "listener": environ.get("crisisbot.listener"),
                    "retry": environ.get("HTTP_X_SLACK_RETRY_NUM"),
                },
            )
        return body

    return app


MAX_BODY = 1 << 20  # Slack's payloads are far smaller; anything bigger is not Slack


def _slack_request(
    runtime: Runtime,
    slack: SlackRequestHandler,
    environ: dict[str, Any],
    start_response: StartResponse,
) -> Iterable[bytes]:
    """Check what Bolt would trip over (signature headers, the payload's shape) and answer
    401 or 400 with the reason; a failure inside Bolt becomes a 400 and a log line."""
    if runtime.side.jobs.full():  # Slack sends the request again after Retry-After
        log.warning("refused a request: %d acked requests are waiting", runtime.side.jobs.limit)
        return _reply(
            start_response,
            "503 Service Unavailable",
            {"error": "busy: try again shortly"},
            [("Retry-After", "1")],
        )
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        return _reply(start_response, "413 Content Too Large", {"error": "body too large"})
    raw = environ["wsgi.input"].read(length) if length else b""
    headers = {
        key[5:].replace("_", "-").lower(): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("refused a request to /slack/events: the body is not UTF-8")
        return _reply(start_response, "400 Bad Request", {"error": "the body is not UTF-8"})
    secret = runtime.settings.slack_signing_secret
    if secret:
        why = guard.check_signature(secret, raw, headers)
        if why:
            log.warning("refused a request to /slack/events: %s", why)
            return _reply(start_response, "401 Unauthorized", {"error": why})
    try:
        payload = guard.parse(raw, str(environ.get("CONTENT_TYPE") or ""))
        guard.check_shape(payload)
        environ["crisisbot.listener"] = _listener(payload)
    except guard.Malformed as err:
        log.warning("refused a signed request that Slack would not send: %s", err)
        return _reply(start_response, "400 Bad Request", {"error": str(err)})
    environ["wsgi.input"] = io.BytesIO(raw)
    answered: list[Any] = []

    def keep(status: str, response_headers: list[Any], exc_info: Any = None) -> Any:
        answered[:] = [status, response_headers]
        return lambda data: None

    try:
        body = b"".join(slack(environ, keep))
    except Exception as err:
        log.error("a Slack request failed inside Bolt: %r", err, exc_info=err)
        return _reply(start_response, "400 Bad Request", {"error": "could not process"})
    status, response_headers = answered or ["500 Internal Server Error", []]
    if status.startswith("500"):  # e.g. the work could not be kept: not acked, sent again
        log.error("a Slack request failed inside Bolt (see the listener error above)")
        return _reply(
            start_response,
            "503 Service Unavailable",
            {"error": "could not process: try again"},
            [("Retry-After", "1")],
        )
    start_response(status, response_headers)
    return [body]


def _listener(payload: Any) -> str | None:
    """What a Slack request is for, for the log: a command, an action id, a form's
    callback id or an event type (never its text)."""
    if not isinstance(payload, dict):
        return None
    if payload.get("command"):
        return f"command {payload.get('command')}"
    kind = str(payload.get("type") or "")
    if kind == "block_actions":
        actions = payload.get("actions") or [{}]
        return f"action {(actions[0] or {}).get('action_id')}"
    if kind in ("view_submission", "view_closed"):
        return f"form {(payload.get('view') or {}).get('callback_id')}"
    if kind == "event_callback":
        return f"event {(payload.get('event') or {}).get('type')}"
    return kind or None


def _health(runtime: Runtime, start_response: StartResponse) -> Iterable[bytes]:
    try:
        with runtime.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # any database failure means: not healthy
        log.error("health check: database unavailable: %s", err)
        return _reply(
            start_response, "503 Service Unavailable", {"ok": False, "database": "unavailable"}
        )
    # backlog: requests acked whose work has not finished (a deep one means overload);
    # parked: what Slack refused for good (`crisisbot outbox list`); retrying: what keeps
    # failing and is still being tried, since when.
    troubles = outbox.troubles(runtime.db)
    full = runtime.side.jobs.full()
    body: dict[str, Any] = {
        "ok": not full,
        "status": "degraded: refusing requests until the backlog drains" if full else "ok",
        "backlog": runtime.side.pool.backlog(),
        "backlog_limit": runtime.side.jobs.limit,
        "inbox": inbox.waiting(runtime.db),
        "parked": troubles.parked,
        "retrying": troubles.retrying,
        "failing_since": troubles.failing_since.isoformat() if troubles.failing_since else None,
        "database": "ok",
        "oldest_overdue_reminder": _stamp(
            outbox.oldest_overdue_reminder(runtime.db, runtime.ctx.clock())
        ),
    }
    return _reply(start_response, "503 Service Unavailable" if full else "200 OK", body)


def _stamp(at: Any) -> str | None:
    return at.isoformat() if at is not None else None


def _reply(
    start_response: StartResponse,
    status: str,
    body: dict[str, Any],
    headers: list[tuple[str, str]] | None = None,
) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
        + (headers or []),
    )
    return [payload]
