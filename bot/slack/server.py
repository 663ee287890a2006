"""Long-running processes: the web server (gunicorn), Socket Mode, and the worker."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from bot.config import Settings, load_settings

log = logging.getLogger(__name__)


class WebServer(BaseApplication):  # type: ignore[misc]
    """gunicorn, configured in code so `crisisbot serve` is the whole command."""

    def __init__(self, options: dict[str, Any], load: Callable[[], Any] | None = None) -> None:
        self.options = options
        self._load = load
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        if self._load is None:
            self.cfg.set("worker_exit", self._worker_exit)

    def load(self) -> Any:
        # Runs in each worker after the fork: its own database pool and deliverer thread.
        if self._load is not None:
            return self._load()
        from bot.slack.runtime import build_runtime
        from bot.slack.web import wsgi_app

        self._runtime = build_runtime(load_settings())
        return wsgi_app(self._runtime)

    def _worker_exit(self, server: Any, worker: Any) -> None:
        # In the worker, after its last request: finish acked work within graceful_timeout.
        runtime = getattr(self, "_runtime", None)
        if runtime is not None:
            runtime.close()


def gunicorn_options(
    settings: Settings, *, host: str, port: int, name: str = "crisisbot-web"
) -> dict[str, Any]:
    """The server settings; the benchmark's bare Bolt app runs with these too."""
    return {
        "bind": f"{host}:{port}",
        "workers": int(os.environ.get("WEB_CONCURRENCY", "1")),
        "worker_class": "gthread",
        "threads": int(os.environ.get("WEB_THREADS", "8")),
        "timeout": 30,
        # Room for the acked work a stopping process finishes (STOP_GRACE_SECONDS).
        "graceful_timeout": int(settings.stop_grace) + 4,
        "keepalive": 5,
        "backlog": 2048,
        "loglevel": settings.log_level.lower(),
        "accesslog": "-" if settings.log_level == "DEBUG" else None,
        "proc_name": name,
    }


def serve(settings: Settings, *, host: str, port: int) -> int:
    from bot.slack.app import check_slack
    from bot.slack.runtime import web_client

    # Once here, so a wrong token or no network is one sentence, not every worker failing.
    check_slack(web_client(settings, for_listeners=True))
    log.info("crisisbot web on http://%s:%s (POST /slack/events, GET /healthz)", host, port)
    WebServer(gunicorn_options(settings, host=host, port=port)).run()
    return 0


def _until_stopped() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def socket_mode(settings: Settings) -> int:
    """Socket Mode: no public URL; this one process also delivers to Slack."""
    from bot.slack.runtime import build_runtime

    runtime = build_runtime(settings, socket_mode=True)
    stop = _until_stopped()
    handler = connect_socket_mode(runtime)
    log.info("crisisbot connected to Slack over Socket Mode")
    stop.wait()
    handler.close()
    runtime.close()
    return 0


def connect_socket_mode(runtime: Any) -> Any:
    """Open the Socket Mode connection for a runtime built with socket_mode=True."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk import WebClient
    from slack_sdk.socket_mode.response import SocketModeResponse

    from bot.slack import guard

    class Guarded(SocketModeHandler):
        """Envelopes whose payload Slack would not send are acknowledged (so they are not
        sent again) and logged; they never reach Bolt."""

        def handle(self, client: Any, req: Any) -> None:
            try:
                guard.check_shape(req.payload)
            except guard.Malformed as err:
                log.warning("ignored a Socket Mode envelope Slack would not send: %s", err)
                client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
                return
            try:
                super().handle(client, req)
            except Exception as err:
                log.error("a Socket Mode request failed inside Bolt: %r", err, exc_info=err)

    settings = runtime.settings
    handler = Guarded(
        runtime.app,
        app_token=settings.slack_app_token,
        web_client=WebClient(base_url=settings.slack_api_url or WebClient.BASE_URL),
    )
    handler.connect()
    return handler


def worker(settings: Settings) -> int:
    """Delivers what any process wrote to the outbox (CLI changes, retries)."""
    from bot.slack.runtime import build_runtime

    runtime = build_runtime(settings)
    stop = _until_stopped()
    log.info("crisisbot worker delivering to Slack")
    stop.wait()
    runtime.close()
    return 0
