"""How crisisbot is started: `crisisbot serve` (gunicorn, as the Procfile runs it),
`crisisbot run` choosing the mode, and the Slack app manifest matching the code."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from bot.incidents.context import Context
from bot.incidents.view import list_incidents
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.slack import listeners
from bot.store import connect
from tests.conftest import MESSAGES, PLAYBOOKS, PROJECT_ROOT
from tests.crisisbot_process import crisisbot_command, crisisbot_in, no_slack_env

SECRET = "serve-test-signing-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_runs_gunicorn_with_healthz_and_signed_slack_requests(tmp_path: Path) -> None:
    with FakeSlack() as fake:
        fake.start()
        port = _free_port()
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS"))
            },
            "DATABASE_URL": f"sqlite:///{tmp_path / 'web.db'}",
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
            "WEB_CONCURRENCY": "1",
        }
        process = subprocess.Popen(
            [*crisisbot_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                        health = answer.read()
                        # backlog: acked requests whose work is not finished (idle: none)
                        assert answer.status == 200 and b'"ok": true' in health
                        assert b'"backlog": 0' in health
                        break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("crisisbot serve did not answer /healthz")
            sender = sr.SlackSender(base, SECRET)
            usage = sender.send(sr.slash_command("help", user_id="U0DANA"))
            assert usage.status == 200 and "Usage:" in usage.json()["text"]
            assert sender.send(sr.slash_command("help"), bad_signature=True).status == 401
            sender.send(
                sr.slash_command("start phi-leak Staff post shows a chart", user_id="U0DANA")
            )
            assert fake.wait_for(
                lambda: any(m.metadata for m in fake.messages("C0CRISIS")), timeout=10
            )
            # Acked, then stopped at once: every acked start is still carried out.
            for i in range(5):
                answer = sender.send(
                    sr.slash_command(f"start phi-leak Burst {i}", user_id="U0DANA")
                )
                assert answer.status == 200 and "Starting" in answer.json()["text"]
        finally:
            process.terminate()
            output = process.communicate(timeout=15)[0]
        assert process.returncode == 0, output
        assert "Traceback" not in output, output
        db = connect(env["DATABASE_URL"])
        try:
            titles = {row.title for row in list_incidents(Context(db, PLAYBOOKS, MESSAGES))}
        finally:
            db.dispose()
        assert {f"Burst {i}" for i in range(5)} <= titles


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET: missing"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN: missing"),
    ],
)
def test_run_with_some_slack_variables_names_what_is_missing(
    cli, env: dict[str, str], words: str
) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", env=env)
    assert result.code == 2
    assert words in result.err


@pytest.mark.parametrize("flag", ["--reset", "--open"])
def test_run_with_slack_variables_refuses_the_sandbox_only_options(cli, flag: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", flag, env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert result.code == 2 and "for the sandbox" in result.err


def test_socket_command_without_app_token_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("socket", env={"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert result.code == 2 and "SLACK_APP_TOKEN" in result.err


# -- the manifest matches what the code registers and calls -----------------------------

SCOPES_FOR_METHOD = {
    "chat.postMessage": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.delete": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "conversations.history": {"channels:history", "groups:history"},
    "conversations.replies": {"channels:history", "groups:history"},
    "conversations.info": {"channels:read", "groups:read"},
    "conversations.members": {"channels:read", "groups:read"},
    "conversations.open": {"im:write"},  # a confidential incident's report, in a DM
    "views.open": set(),
    "views.update": set(),
    "views.push": set(),
    "views.publish": set(),
    "auth.test": set(),
    "files.uploadV2": {"files:write"},
    "users.info": {"users:read"},
}
SCOPES_FOR_EVENT = {
    "message.channels": {"channels:history"},
    "message.groups": {"groups:history"},
    "reaction_added": {"reactions:read"},
    "reaction_removed": {"reactions:read"},
    "app_home_opened": set(),
    "user_change": {"users:read"},
}


def _code() -> str:
    return "\n".join(p.read_text() for p in (PROJECT_ROOT / "bot" / "slack").rglob("*.py"))


def test_manifest_matches_the_code() -> None:
    manifest = yaml.safe_load((PROJECT_ROOT / "slack-app-manifest.yaml").read_text())
    code = _code()
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    tables = listeners.SURFACES
    assert commands == {c for t in tables for c in getattr(t, "COMMANDS", {})}

    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    registered = {e for t in tables for e in getattr(t, "EVENTS", {})}
    assert {e.split(".")[0] for e in events} == registered  # message.channels/groups -> message

    families = r"((?:chat|conversations|views|auth|files|users)_[a-zA-Z0-9_]+)"
    called = re.findall(r"(?:client|quick)\." + families + r"\(", code)
    called += re.findall(r"_api\(\s*\"" + families + '"', code)  # the deliverer's calls
    methods = {m.replace("_", ".", 1) for m in called}
    methods = {re.sub(r"_([a-z])", lambda x: x.group(1).upper(), m) for m in methods}
    assert methods <= set(SCOPES_FOR_METHOD), (
        f"add the scopes for {methods - set(SCOPES_FOR_METHOD)}"
    )
    needed = (
        {"commands"}
        | set().union(*(SCOPES_FOR_METHOD[m] for m in methods))
        | set().union(*(SCOPES_FOR_EVENT[e] for e in events))
    )
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == needed
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


@pytest.mark.slow
def test_run_without_tokens_serves_the_sandbox_page_until_ctrl_c(tmp_path: Path) -> None:
    (tmp_path / "crisisbot-sandbox.db").write_text("not a database")  # --reset must clear it
    process = subprocess.Popen(
        [*crisisbot_command(), "run", "--reset", "--port", "0"],
        cwd=tmp_path,
        env=no_slack_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        printed: list[str] = []
        deadline = time.monotonic() + 90
        while not any(line.startswith("Open http://") for line in printed):
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, "".join(printed)
            printed.append(line)
        url = printed[-1].split()[1]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url), url
        assert "SANDBOX" in "".join(printed) and "crisisbot-sandbox.db" in "".join(printed)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(url, timeout=10) as page:
            assert page.status == 200 and b"crisis-room" in page.read()
        with opener.open(f"{url}api/state?user=U0ALEX", timeout=10) as state:
            assert b'"messages": []' in state.read(), "--reset started from a clean database"
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=30)[0]
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, "".join(printed) + rest
    assert "Stopping the sandbox" in rest and "Traceback" not in rest, rest
    assert not (tmp_path / "crisisbot.db").exists()  # never the production default


@pytest.mark.slow
def test_run_on_a_port_in_use_says_so_and_touches_nothing(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = crisisbot_in(tmp_path, "run", "--port", str(port))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "no database made for a sandbox that did not start"


@pytest.mark.slow
def test_drill_drives_a_scripted_incident_through_the_local_slack(tmp_path: Path) -> None:
    result = crisisbot_in(tmp_path, "drill", "--reset", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SANDBOX" in result.stdout and "127.0.0.1" in result.stdout
    assert "waits for “Capture" in result.stdout  # a refused tick, shown as an ephemeral
    assert "Hash chain: intact" in result.stdout
    assert (tmp_path / "crisisbot-sandbox.db").exists()
    assert not (tmp_path / "crisisbot.db").exists()  # never the production default
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["socket", "serve"])
def test_slack_unreachable_or_a_wrong_token_stops_the_start_in_one_sentence(
    tmp_path: Path, mode: str
) -> None:
    """Not 90 lines and two tracebacks: one line saying what to fix, exit 1."""
    closed = f"http://127.0.0.1:{_free_port()}/api/"  # nothing listens there
    base = {
        **no_slack_env(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'start.db'}",
        "SLACK_APP_TOKEN": "xapp-1-A0CRISIS-1-test",
        "SLACK_SIGNING_SECRET": SECRET,
    }
    command = [*crisisbot_command(), mode, *(["--port", "0"] if mode == "serve" else [])]
    with FakeSlack() as fake:
        fake.start()
        for env, said in (
            (
                {"SLACK_BOT_TOKEN": fake.bot_token, "SLACK_API_URL": closed},
                f"error: cannot reach Slack at {closed} (",
            ),
            (
                {"SLACK_BOT_TOKEN": "xoxb-not-the-token", "SLACK_API_URL": fake.url},
                "error: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth",
            ),
        ):
            done = subprocess.run(
                command,
                cwd=tmp_path,
                env={**base, **env},
                capture_output=True,
                text=True,
                timeout=120,
            )
            printed = done.stdout + done.stderr
            assert done.returncode == 1, printed
            assert done.stderr.strip().splitlines()[-1].startswith(said), printed
            assert "Traceback" not in printed and "alembic.runtime.plugins" not in printed
            assert len(printed.strip().splitlines()) <= 20, printed
