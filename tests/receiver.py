"""A paging tool's intake on 127.0.0.1 for the escalation webhook's tests: it answers
with the next queued status and checks each event is signed as the alert intake is."""

from __future__ import annotations

import hashlib
import hmac
import json
import queue
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any


class Receiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.got: queue.Queue[tuple[dict[str, str], bytes]] = queue.Queue()
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.got.put(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.answers.pop(0) if receiver.answers else 202
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b'{"status": "ok"}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next(self, timeout: float = 15) -> tuple[dict[str, str], dict[str, Any]]:
        """The next event, its signature checked."""
        headers, body = self.got.get(timeout=timeout)
        return headers, self.verified(headers, body)

    def verified(self, headers: dict[str, str], body: bytes) -> dict[str, Any]:
        stamp, signed = headers["x-crisisbot-request-timestamp"], headers["x-crisisbot-signature"]
        base = f"v0:{stamp}:".encode() + body
        expected = "v0=" + hmac.new(self.secret.encode(), base, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(signed, expected), "signed as the alert intake is"
        event: dict[str, Any] = json.loads(body)
        return event

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
