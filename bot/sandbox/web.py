"""The sandbox page's web server: the page's files, a JSON snapshot of what one person sees,
and POST endpoints for what they do; each POST becomes a signed request to the bot."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote

from bot.clock import ScaledClock
from bot.sandbox.client import BadRequest, SlackClient

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
_PAGE_FILES = ("index.html", "app.js", "blocks.js", "mrkdwn.js", "style.css")
_MAX_BODY = 1_000_000


def page_file(name: str) -> bytes:
    """One of the page's files, shipped inside the package (no build step, no CDN)."""
    return resources.files("bot.sandbox").joinpath("page", name).read_bytes()


def sandbox_app(client: SlackClient, clock: ScaledClock | None = None) -> WsgiApp:
    """GET / and its files, GET /api/state, POST /api/<command|message|action|submit|...>."""

    def speed(body: dict[str, Any]) -> dict[str, Any]:
        if clock is None:
            raise BadRequest("this sandbox runs on the wall clock")
        value = body.get("speed")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise BadRequest("speed: a number from 1 to 3600")
        try:
            clock.set_speed(float(value))
        except ValueError as err:
            raise BadRequest(str(err)) from None
        return {"speed": clock.speed, "now": clock().isoformat()}

    posts: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
        "speed": speed,
        "command": lambda b: client.command(_text(b, "user"), _text(b, "text")),
        "message": lambda b: client.message(
            _text(b, "user"), _text(b, "text"), b.get("thread_ts") or None
        ),
        "action": lambda b: client.action(
            _text(b, "user"),
            dict(b.get("where") or {}),
            _text(b, "block_id"),
            _text(b, "action_id"),
            b.get("value"),
        ),
        "submit": lambda b: client.submit(
            _text(b, "user"), _text(b, "view_id"), dict(b.get("values") or {})
        ),
        "close": lambda b: client.close(_text(b, "user"), _text(b, "view_id")),
        "home": lambda b: client.open_home(_text(b, "user")),
        "react": lambda b: client.react(_text(b, "user"), _text(b, "ts"), _text(b, "name")),
    }

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        refused = _foreign(environ)
        if refused:
            return _reply(start_response, "403 Forbidden", {"error": refused})
        name = "index.html" if path == "/" else path.removeprefix("/static/")
        if method == "GET" and name in _PAGE_FILES and (path == "/" or path.startswith("/static/")):
            return _file(start_response, name)
        try:
            if path.startswith("/files/") and method == "GET":
                try:
                    user = (parse_qs(environ.get("QUERY_STRING", "")).get("user") or [""])[0]
                    return _shared_file(start_response, client, path.removeprefix("/files/"), user)
                except BadRequest as err:
                    return _reply(start_response, "404 Not Found", {"error": str(err)})
            if path == "/api/state" and method == "GET":
                query = parse_qs(environ.get("QUERY_STRING", ""))
                user = (query.get("user") or [""])[0]
                thread = (query.get("thread") or [""])[0] or None
                state = client.state(user, thread)
                if clock is not None:
                    state["clock"] = {"speed": clock.speed, "now": clock().isoformat()}
                return _reply(start_response, "200 OK", state)
            if path.startswith("/api/") and path.removeprefix("/api/") in posts:
                if method != "POST":
                    return _reply(start_response, "405 Method Not Allowed", {"error": "POST only"})
                body = _body(environ)
                return _reply(start_response, "200 OK", posts[path.removeprefix("/api/")](body))
        except BadRequest as err:
            return _reply(start_response, "400 Bad Request", {"error": str(err)})
        return _reply(start_response, "404 Not Found", {"error": f"no page at {path}"})

    return app


def _foreign(environ: dict[str, Any]) -> str | None:
    """Why a request did not come from the page itself, or None. Another website open in the
    same browser could otherwise act as any of the sample staff (a form posted across sites,
    or a name that resolves to 127.0.0.1 reading the state)."""
    port = environ.get("SERVER_PORT", "")
    ours = {f"127.0.0.1:{port}", f"localhost:{port}"}
    if port == "80":  # browsers leave the default port out
        ours |= {"127.0.0.1", "localhost"}
    if environ.get("HTTP_HOST", "") not in ours:
        return "the sandbox answers only at its own address (127.0.0.1)"
    if environ.get("REQUEST_METHOD") == "POST":
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin.removeprefix("http://") not in ours:
            return "requests from other pages are refused"
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            return "the body must be JSON (Content-Type: application/json)"
    return None


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise BadRequest(f"{key} is required")
    return value


def _body(environ: dict[str, Any]) -> dict[str, Any]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("bad Content-Length") from None
    if length > _MAX_BODY:
        raise BadRequest("request too large")
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except ValueError:
        raise BadRequest("the body must be JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def _file(start_response: StartResponse, name: str) -> Iterable[bytes]:
    data = page_file(name)
    kind = _TYPES["." + name.rpartition(".")[2]]
    start_response(
        "200 OK",
        [("Content-Type", kind), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")],
    )
    return [data]


def _shared_file(
    start_response: StartResponse, client: SlackClient, file_id: str, user: str
) -> Iterable[bytes]:
    """A file the bot shared (in the channel, or with `user` directly), opened from its
    message as from Slack. It comes from the page's own address, so it may run nothing and
    load nothing: the report needs neither."""
    name, mimetype, content = client.file(file_id.split("/")[0], user)
    start_response(
        "200 OK",
        [
            (
                "Content-Type",
                mimetype + ("; charset=utf-8" if mimetype.startswith("text/") else ""),
            ),
            ("Content-Length", str(len(content))),
            ("Content-Disposition", f"inline; filename*=UTF-8''{quote(name)}"),
            (
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; "
                "form-action 'none'; base-uri 'none'",
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
        ],
    )
    return [content]


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            ("Cache-Control", "no-store"),
        ],
    )
    return [payload]
