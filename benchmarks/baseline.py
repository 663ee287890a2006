"""The fastest the bot could be: a Bolt app that checks Slack's signature and only acks."""

# `python -m benchmarks.baseline --host 127.0.0.1 --port P` serves it through the same WSGI
# routes and gunicorn settings as `crisisbot serve`, so any gap between them is the bot's work.

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.config import ConfigError, load_settings
from bot.slack.app import BOLT_OPTIONS
from bot.slack.server import WebServer, gunicorn_options

StartResponse = Callable[..., Any]
Wsgi = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Nothing listens on the discard port, so a stray Web API call fails here instead of going out.
_NOWHERE = "http://127.0.0.1:9/api/"


def build_app(environ: Mapping[str, str]) -> App:
    """A Bolt app with ack-only listeners for everything crisisbot listens to."""
    secret = environ.get("SLACK_SIGNING_SECRET", "")
    if not secret:
        raise ConfigError("SLACK_SIGNING_SECRET: missing (the baseline verifies signatures)")
    token = environ.get("SLACK_BOT_TOKEN") or None
    api_url = environ.get("SLACK_API_URL") or None
    # The bot's own Bolt settings, so any gap between the two is the bot's work.
    common: dict[str, Any] = {"signing_secret": secret, **BOLT_OPTIONS}
    if token and api_url:
        # As the bot does: single-workspace authorization, one auth.test per worker, which the
        # local fake Slack answers.
        app = App(client=WebClient(token=token, base_url=api_url), **common)
    else:
        # Without a local Slack to ask, authorization is answered in-process; passing a client
        # also stops Bolt picking a token from the environment and calling slack.com.
        def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
            return AuthorizeResult(
                enterprise_id=enterprise_id,
                team_id=team_id,
                bot_token=token or "xoxb-baseline",
                bot_user_id="UBASELINE",
                bot_id="BBASELINE",
            )

        app = App(client=WebClient(base_url=api_url or _NOWHERE), authorize=authorize, **common)

    def just_ack(ack: Ack) -> None:
        ack()

    app.command("/crisis")(just_ack)
    app.action(re.compile(".*"))(just_ack)
    app.view(re.compile(".*"))(just_ack)
    app.event("message")(just_ack)
    app.event("reaction_added")(just_ack)
    return app


def wsgi_app(app: App) -> Wsgi:
    """POST /slack/events to Bolt and GET /healthz to 200, routed like bot.slack.web."""
    slack = SlackRequestHandler(app, path="/slack/events")

    def serve(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method in ("GET", "HEAD"):
            return _reply(start_response, "200 OK", {"ok": True})
        if path == "/slack/events":
            if method != "POST":
                return _reply(start_response, "405 Method Not Allowed", {"error": "POST only"})
            return slack(environ, start_response)
        return _reply(start_response, "404 Not Found", {"error": "not found"})

    return serve


def _reply(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]


def load() -> Wsgi:
    """Build the app in each gunicorn worker after the fork, as the bot does."""
    return wsgi_app(build_app(os.environ))


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the baseline with the gunicorn settings `crisisbot serve` uses."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.baseline", description="Serve the ack-only Bolt baseline."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(os.environ, env_file=None)
        build_app(os.environ)  # fails here, once, rather than in every worker
    except ConfigError as err:
        print(f"baseline: {err}", file=sys.stderr)
        return 2
    # The same logging setup as `crisisbot serve`, so both pay the same per-request cost.
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    options = gunicorn_options(settings, host=args.host, port=args.port, name="baseline-bolt")
    WebServer(options, load=load).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
