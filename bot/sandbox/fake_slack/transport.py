"""How the fake Slack is reached: an HTTP server on 127.0.0.1 for the Web API, the upload
URLs and the response URLs, which records every request and applies the faults scheduled."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import parse_qsl, urlsplit

from bot.sandbox.fake_slack.api import WebApi
from bot.sandbox.fake_slack.files import UPLOAD_METHOD, UPLOAD_PATH
from bot.sandbox.fake_slack.hooks import HOOK_METHOD, HOOK_PATH
from bot.sandbox.fake_slack.scopes import missing
from bot.sandbox.fake_slack.state import Call, Fault, FaultKind, Json, SlackError

_JSON_FIELDS = ("blocks", "attachments", "metadata", "view", "files")
_Work = Callable[[], tuple[int, Json | str]]  # a request's work: its HTTP status and body


def _decode_args(content_type: str, body: bytes, query: str) -> Json:
    args: Json = dict(parse_qsl(query, keep_blank_values=True))
    if content_type.startswith("application/json") and body:
        decoded = json.loads(body)
        if not isinstance(decoded, dict):
            raise ValueError("a JSON body must be an object")
        args |= decoded
    elif body:
        args |= dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=True))
    for name in _JSON_FIELDS:
        # Form posts carry these as JSON strings; an undecodable one is left for validation.
        if isinstance(args.get(name), str):
            with contextlib.suppress(ValueError):
                args[name] = json.loads(args[name])
    return args


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, fake: HttpTransport) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.fake = fake

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout, dropped answer) is expected; anything else is a bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass  # every call is recorded in FakeSlack.calls; stderr lines would only be noise


class HttpTransport(WebApi):
    """start(), stop(), url and fault(); FakeSlack holds `_lock` around all state."""

    bot_token: str
    app_token: str
    socket_mode_url: str | None
    scopes: frozenset[str] | None
    _lock: threading.RLock
    _calls: list[Call]
    _changes: int
    _faults: dict[str, deque[Fault]]
    _server: _Server | None

    if TYPE_CHECKING:  # FilesApi and HooksApi answer these

        def _receive_upload(self, ticket: str, body: bytes) -> tuple[int, Json | str]: ...

        def _receive_hook(self, path: str, body: bytes) -> tuple[int, Json]: ...

    def start(self, port: int = 0) -> Self:
        """Bind 127.0.0.1:`port` (0 picks a free one) and serve in a daemon thread."""
        if self._server is None:
            self._server = _Server(port, self)
            server = self._server
            # A short poll keeps stop() quick; the default half second adds up across tests.
            thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base_url for WebClient: http://127.0.0.1:PORT/api/."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def fault(
        self, method: str, kind: FaultKind, times: int = 1, retry_after: int = 1,
        delay: float = 0.0, status: int = 500, error: str = "invalid_blocks",
        channel: str | None = None,
    ) -> None:  # fmt: skip
        """Make the next `times` calls to `method` fail; faults apply in order.

        `method` is a Web API method, UPLOAD_METHOD (the upload URLs) or "*" (any request);
        `channel` limits the fault to calls about that channel; a "refused" call answers
        Slack's `error` and does nothing."""
        with self._lock:
            fault = Fault(method, kind, times, retry_after, delay, status, error, channel)
            self._faults.setdefault(method, deque()).append(fault)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        if url.path.startswith(UPLOAD_PATH):  # raw bytes in, as files_upload_v2 sends them
            ticket = url.path.removeprefix(UPLOAD_PATH)
            call = Call(UPLOAD_METHOD, {"upload_id": ticket, "length": len(body)}, self._now())
            return self._answer(handler, call, lambda: self._receive_upload(ticket, body))
        if url.path.startswith(HOOK_PATH):  # an app answering through a response_url
            call = Call(HOOK_METHOD, {"path": url.path, "length": len(body)}, self._now())
            return self._answer(handler, call, lambda: self._receive_hook(url.path, body))
        if not url.path.startswith("/api/"):
            return self._send(handler, 404, {"ok": False, "error": "not_found"})
        method = url.path.removeprefix("/api/")
        try:
            args = _decode_args(handler.headers.get("Content-Type", ""), body, url.query)
        except ValueError:
            return self._send(handler, 200, {"ok": False, "error": "invalid_form_data"})
        bearer = handler.headers.get("Authorization", "").partition("Bearer ")[2]
        token = bearer or args.get("token")
        args.pop("token", None)
        call = Call(method, args, self._now())
        return self._answer(handler, call, lambda: (200, self._dispatch(method, token, args)))

    def _answer(self, handler: BaseHTTPRequestHandler, call: Call, work: _Work) -> None:
        with self._lock:
            self._calls.append(call)
            self._changes += 1
            fault = self._next_fault(call.method, call.args)
        # Ratelimited, server_error and refused calls do no work; the others do it, then wait.
        if fault is not None and fault.kind == "refused":
            call.error = fault.error
            time.sleep(fault.delay)
            return self._send(handler, 200, {"ok": False, "error": fault.error})
        if fault is not None and fault.kind in ("ratelimited", "server_error"):
            call.error = fault.kind
            time.sleep(fault.delay)
            if fault.kind == "ratelimited":
                headers = {"Retry-After": str(fault.retry_after)}
                return self._send(handler, 429, {"ok": False, "error": "ratelimited"}, headers)
            code = "service_unavailable" if fault.status == 503 else "fatal_error"
            return self._send(handler, fault.status, {"ok": False, "error": code})
        status, answer = work()
        call.error = answer.get("error") if isinstance(answer, dict) else None
        if fault is not None:
            time.sleep(fault.delay)
            if fault.kind == "lost_answer":
                # The work stands but no answer arrives, as when a connection drops mid-reply.
                call.error = fault.kind
                handler.close_connection = True
                return None
        return self._send(handler, status, answer)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, answer: Json | str,
        headers: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        kind = "text/plain" if isinstance(answer, str) else "application/json"
        data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", f"{kind}; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _next_fault(self, method: str, args: Json) -> Fault | None:
        for key in (method, "*"):
            for fault in self._faults.get(key) or ():
                if fault.channel is not None and fault.channel != args.get("channel"):
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self._faults[key].remove(fault)
                return fault
        return None

    def _dispatch(self, method: str, token: Any, args: Json) -> Json:
        handler = getattr(self, "_api_" + method.replace(".", "_"), None)
        if handler is None or not method.replace(".", "").isalpha():
            return {"ok": False, "error": "unknown_method", "req_method": method}
        if not token:
            return {"ok": False, "error": "not_authed"}
        if method == "apps.connections.open":  # the one method called with the app token
            if token != self.app_token:
                return {"ok": False, "error": "invalid_auth"}
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_mode_url}
        if token != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        refused = missing(method, self.scopes)
        if refused is not None:
            return refused
        try:
            with self._lock:
                return {"ok": True, **handler(args)}
        except SlackError as err:
            return err.answer
