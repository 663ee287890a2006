"""HTTP transport: a WSGI app with POST /slack/events and GET /healthz, served by
gunicorn exactly as in production."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot import outbox
from bot.slack.runtime import Runtime

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]


def wsgi_app(runtime: Runtime) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(runtime.app, path="/slack/events")

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _health(runtime, start_response)
        if path == "/slack/events":
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return slack(environ, start_response)
        return _reply(start_response, "404 Not Found", {"error": "not found"})

    return app


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
    body: dict[str, Any] = {
        "ok": True,
        "backlog": runtime.side.pool.backlog(),
        "parked": troubles.parked,
        "retrying": troubles.retrying,
        "failing_since": troubles.failing_since.isoformat() if troubles.failing_since else None,
    }
    return _reply(start_response, "200 OK", body)


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
