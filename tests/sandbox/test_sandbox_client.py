"""How the sandbox page's Slack client behaves where Slack's own behaviour matters: the view
stack, acks that come late, reactions and shared files. The app on the other end is a
small recording HTTP app here (it answers as told), or the real bot where noted."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.sandbox.client import BadRequest, SlackClient
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.folder import WORKSPACE_FILE
from bot.sandbox.site import Sandbox, running_sandbox
from bot.sandbox.web import sandbox_app
from bot.slack import ids
from tests.conftest import sandbox_settings
from tests.crisisbot_process import crisisbot_in

USER = "U0DANA"  # one of the fake's seeded staff, a member of #crisis-room


@dataclass
class App:
    """An app that records what Slack sent it and answers with `answer` after `delay`."""

    url: str = ""
    answer: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    delay: float = 0.0
    received: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)

    def payloads(self) -> list[dict[str, Any]]:
        return [body for _, body in self.received]


@pytest.fixture
def app() -> Iterator[App]:
    recorded = App()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                body = json.loads(raw)
            else:
                fields = dict(urllib.parse.parse_qsl(raw))
                body = json.loads(fields["payload"]) if "payload" in fields else fields
            recorded.received.append((dict(self.headers.items()), body))
            time.sleep(recorded.delay)
            data = json.dumps(recorded.answer).encode() if recorded.answer else b""
            try:
                self.send_response(recorded.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up waiting, as Slack does

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    recorded.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield recorded
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def slack(app: App) -> Iterator[tuple[FakeSlack, SlackClient]]:
    with FakeSlack() as fake:
        yield fake, SlackClient(fake, sr.SlackSender(app.url, "sandbox-secret"))


def _modal(title: str, callback: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Next"},
        "blocks": [
            {
                "type": "input",
                "block_id": "b",
                "label": {"type": "plain_text", "text": "Anything"},
                "element": {"type": "plain_text_input", "action_id": "a"},
            }
        ],
    }


def _open_first(fake: FakeSlack) -> Any:
    """The bot opens a form for USER, as after a click (views.open with a fresh trigger)."""
    web = WebClient(token=fake.bot_token, base_url=fake.url)
    return web.views_open(trigger_id=fake.new_trigger_id(USER), view=_modal("First", "one"))


def test_views_stack_as_in_slack_push_then_back_then_clear(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    fake, client = slack
    first = _open_first(fake)
    first_id = first["view"]["id"]

    app.answer = {"response_action": "push", "view": _modal("Second", "two")}
    assert client.submit(USER, first_id, {"b": {"a": "x"}})["response_action"] == "push"
    second = client.state(USER)["modal"]
    assert second["callback_id"] == "two" and second["previous_view_id"] == first_id
    assert fake.view_stack(USER) == [first_id, second["id"]]

    app.answer = {}  # an empty ack closes the pushed view and shows the one under it
    client.submit(USER, second["id"], {"b": {"a": "y"}})
    assert client.state(USER)["modal"]["id"] == first_id

    app.answer = {"response_action": "push", "view": _modal("Third", "three")}
    client.submit(USER, first_id, {})
    third = client.state(USER)["modal"]["id"]
    client.close(USER, third)  # the person goes back
    assert client.state(USER)["modal"]["id"] == first_id
    app.answer = {"response_action": "push", "view": _modal("Fourth", "four")}
    client.submit(USER, first_id, {})
    app.answer = {"response_action": "clear"}
    client.submit(USER, client.state(USER)["modal"]["id"], {})
    assert client.state(USER)["modal"] is None and fake.view_stack(USER) == []
    with pytest.raises(BadRequest):
        client.submit(USER, first_id, {})  # closed views cannot be submitted


def test_a_form_answer_slack_would_refuse_is_shown_in_the_form(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    fake, client = slack
    view = _open_first(fake)
    view_id = view["view"]["id"]
    for answer in ({"response_action": "push"}, {"response_action": "update", "view": {}}):
        app.answer = answer
        assert client.submit(USER, view_id, {})["status"] == 200
        state = client.state(USER)
        assert state["modal"]["id"] == view_id, "the form stays open"
        assert "The app's answer was refused" in state["modal_errors"][""]


def test_closing_a_view_with_clear_on_close_closes_the_stack_and_says_so(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    fake, client = slack
    first = _open_first(fake)
    top = _modal("Second", "two") | {"clear_on_close": True, "notify_on_close": True}
    app.answer = {"response_action": "push", "view": top}
    client.submit(USER, first["view"]["id"], {})
    app.answer = {}
    client.close(USER, client.state(USER)["modal"]["id"])
    assert client.state(USER)["modal"] is None
    closed = app.payloads()[-1]
    assert closed["type"] == "view_closed" and closed["is_cleared"] is True


def test_an_event_not_acked_in_time_is_sent_again_up_to_three_times(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    _, client = slack
    client.ack_seconds, app.delay = 0.3, 0.6
    sent = client.message(USER, "anyone there?")
    assert sent["status"] == 0 and "(operation_timeout)" in sent["problem"]
    deadline = time.monotonic() + 5
    while len(app.received) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    retries = [headers.get("X-Slack-Retry-Num") for headers, _ in app.received]
    assert retries == [None, "1", "2", "3"]
    assert {headers.get("X-Slack-Retry-Reason") for headers, _ in app.received[1:]} == {
        "http_timeout"
    }
    ids = {body["event_id"] for body in app.payloads()}
    assert len(ids) == 1, "a retry is the same event, so the app can tell"
    assert client.state(USER)["ephemerals"] == [], "Slack tells nobody about an event"
    assert [m["text"] for m in client.state(USER)["messages"]] == ["anyone there?"], "kept"


def test_an_event_answered_with_a_server_error_is_sent_again(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    _, client = slack
    app.status = 500
    assert "(dispatch_failed)" in client.message(USER, "hello")["problem"]
    assert [h.get("X-Slack-Retry-Reason") for h, _ in app.received] == [
        None,
        "http_error",
        "http_error",
        "http_error",
    ]
    app.status = 200
    assert "problem" not in client.message(USER, "again")


def test_a_command_not_acked_in_time_is_reported_to_the_person_and_not_resent(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    _, client = slack
    client.ack_seconds, app.delay = 0.3, 0.6
    assert client.command(USER, "/crisis list")["status"] == 0
    time.sleep(0.7)
    assert len(app.received) == 1
    [notice] = client.state(USER)["ephemerals"]
    assert notice["text"] == '/crisis failed with the error "operation_timeout"', "Slack's words"
    assert client.state("U0JO")["ephemerals"] == [], "only the person who typed it"


def test_a_form_submitted_to_an_app_that_is_down_stays_open_with_slacks_message(
    slack: tuple[FakeSlack, SlackClient],
) -> None:
    fake, _ = slack
    down = SlackClient(fake, sr.SlackSender("http://127.0.0.1:9", "sandbox-secret"))
    view = _open_first(fake)
    assert down.submit(USER, view["view"]["id"], {})["status"] == 0
    state = down.state(USER)
    assert state["modal"]["id"] == view["view"]["id"], "what was typed is not lost"
    assert state["modal_errors"] == {"": "We had some trouble connecting. Try again?"}


def _post(url: str, body: Any) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data, {"Content-Type": "application/json"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_a_commands_in_channel_answer_is_posted_for_everyone(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    _, client = slack
    app.answer = {"response_type": "in_channel", "text": "Incident list for everyone"}
    assert "problem" not in client.command(USER, "/crisis list")
    assert [m["text"] for m in client.state("U0JO")["messages"]] == ["Incident list for everyone"]
    app.answer = {"response_type": "in_channel", "blocks": "not blocks"}
    assert "invalid_blocks" in client.command(USER, "/crisis list")["problem"]
    [told] = client.state(USER)["ephemerals"]
    assert told["text"].startswith('/crisis failed with the error "invalid_blocks')


def test_response_urls_answer_the_person_on_this_machine_as_slack_does(
    slack: tuple[FakeSlack, SlackClient], app: App
) -> None:
    fake, client = slack
    client.command(USER, "/crisis list")
    hook = app.payloads()[-1]["response_url"]
    assert hook.startswith(fake.url.removesuffix("/api/") + "/hooks/commands/"), "not slack.com"
    assert _post(hook, {"text": "Only you see this"}) == (200, {"ok": True})
    assert [e["text"] for e in client.state(USER)["ephemerals"]] == ["Only you see this"]
    assert client.state("U0JO")["ephemerals"] == []
    assert _post(hook, {"text": "Posted for all", "response_type": "in_channel"})[0] == 200
    [posted] = client.state("U0JO")["messages"]
    assert posted["text"] == "Posted for all" and posted["is_bot"]

    # A click on that message: its response_url may replace it, then delete it.
    web = WebClient(token=fake.bot_token, base_url=fake.url)
    button = {"type": "button", "action_id": "go", "text": {"type": "plain_text", "text": "Go"}}
    sent = web.chat_postMessage(
        channel=client.channel,
        text="Pick",
        blocks=[{"type": "actions", "block_id": "b", "elements": [button]}],
    )
    fake.post_user_message(client.channel, USER, "a reply", thread_ts=sent["ts"])
    client.action(USER, {"kind": "message", "ts": sent["ts"]}, "b", "go", None)
    hook = app.payloads()[-1]["response_url"]
    assert _post(hook, {"text": "Seen"})[0] == 200  # to the person, beside the thread's root
    assert [e["thread_ts"] for e in client.state(USER)["ephemerals"] if e["text"] == "Seen"] == [
        None
    ]
    assert _post(hook, {"text": "Picked", "replace_original": True})[0] == 200
    assert fake.message(client.channel, sent["ts"]).text == "Picked"  # type: ignore[union-attr]
    assert _post(hook, {"delete_original": True})[0] == 200
    kept = fake.message(client.channel, sent["ts"])
    assert kept is not None and kept.text == "This message was deleted." and kept.reply_count == 1
    with pytest.raises(SlackApiError, match="cant_update_message"):  # not the app's any more
        web.chat_update(channel=client.channel, ts=sent["ts"], text="back to life")

    # A click on an ephemeral message replaces that ephemeral, for that person only.
    note = web.chat_postEphemeral(
        channel=client.channel,
        user=USER,
        text="Choose",
        blocks=[{"type": "actions", "block_id": "b", "elements": [button]}],
    )["message_ts"]
    client.action(USER, {"kind": "ephemeral", "ts": note}, "b", "go", None)
    hook = app.payloads()[-1]["response_url"]
    assert _post(hook, {"text": "Done", "replace_original": "true"})[0] == 200
    shown = {e["ts"]: e["text"] for e in client.state(USER)["ephemerals"]}
    assert shown[note] == "Done"

    assert _post(hook, b"not json")[0] == 400
    assert _post(hook, {"blocks": "not a list"})[0] == 400  # nothing to show: refused
    for _ in range(4):  # five answers in all
        _post(hook, {"text": "again"})
    assert _post(hook, {"text": "one too many"}) == (404, {"ok": False, "error": "expired_url"})
    assert _post(hook.rsplit("/", 1)[0] + "/nope", {"text": "x"})[0] == 404


# -- with the real bot -----------------------------------------------------------------------


@pytest.mark.slow
def test_reactions_toggle_in_the_page_and_reach_the_bot_as_events(sandbox: Sandbox) -> None:
    client, slack = sandbox.client, sandbox.slack
    client.command("U0ALEX", "/crisis start viral-patient-video Video of our ER on TikTok")
    slack.settle()
    root = client.state("U0DANA")["messages"][0]
    reply = client.message("U0DANA", "Platform report filed", root["ts"])["ts"]
    slack.settle()

    assert client.react("U0PRIYA", reply, "eyes")["added"] is True
    assert client.react("U0DANA", reply, "eyes")["added"] is True
    slack.settle()
    shown = client.state("U0DANA", root["ts"])["thread"]
    [reactions] = [m["reactions"] for m in shown if m["ts"] == reply]
    assert reactions == [{"name": "eyes", "users": ["U0PRIYA", "U0DANA"], "count": 2}]
    assert client.react("U0PRIYA", reply, "eyes")["added"] is False  # clicked again: taken back
    slack.settle()
    kinds = [e.kind for e in incident_view.log_entries(slack.runtime.ctx, "INC-2026-0001")]
    assert kinds.count("reaction_added") == 2 and kinds.count("reaction_removed") == 1

    for bad in ("not an emoji!", ""):
        with pytest.raises(BadRequest):
            client.react("U0DANA", reply, bad)
    with pytest.raises(BadRequest):
        client.react("U0DANA", "1.000001", "eyes")


@pytest.mark.slow
def test_a_file_the_bot_shares_opens_from_the_page_and_may_run_nothing(sandbox: Sandbox) -> None:
    client, slack = sandbox.client, sandbox.slack
    web = WebClient(token=slack.fake.bot_token, base_url=slack.fake.url)
    shared = web.files_upload_v2(
        channel=client.channel, filename="INC-1-report.html", content="<h1>Report</h1>"
    )
    file_id = shared["file"]["id"]
    page = sandbox_app(client)
    got: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = status, dict(headers)

    environ = {
        "PATH_INFO": f"/files/{file_id}/INC-1-report.html",
        "REQUEST_METHOD": "GET",
        "HTTP_HOST": "127.0.0.1:8400",
        "SERVER_PORT": "8400",
    }
    body = b"".join(page(environ, start_response))
    assert got["status"] == "200 OK" and body == b"<h1>Report</h1>"
    assert got["headers"]["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in got["headers"]["Content-Security-Policy"]
    assert "sandbox" in got["headers"]["Content-Security-Policy"]
    messages = client.state("U0ALEX")["messages"]
    assert any(f["id"] == file_id for m in messages for f in m.get("files", []))

    environ["PATH_INFO"] = "/files/FNOTHERE/x.html"
    b"".join(page(environ, start_response))
    assert got["status"].startswith("404")


@pytest.mark.slow
def test_the_channel_survives_a_restart_and_the_incident_goes_on(tmp_path: Path) -> None:
    settings = sandbox_settings()
    with running_sandbox(settings, folder=tmp_path) as first:
        first.client.command("U0ALEX", "/crisis start viral-patient-video Video of our ER")
        first.slack.settle()
        root = first.client.state("U0ALEX")["messages"][0]
        reply = first.client.message("U0DANA", "Report filed", root["ts"])["ts"]
        first.client.react("U0PRIYA", reply, "eyes")
        first.client.open_home("U0LEE")
        first.slack.settle()
        first.slack.fake.wait_for(lambda: first.client.state("U0LEE")["home"], timeout=15)
        before = first.client.state("U0ALEX", root["ts"])
    assert (tmp_path / WORKSPACE_FILE).exists()

    with running_sandbox(settings, folder=tmp_path) as second:
        after = second.client.state("U0ALEX", root["ts"])
        assert after["messages"] == before["messages"] and after["thread"] == before["thread"]
        assert "INC-2026-0001" in json.dumps(second.client.state("U0LEE")["home"])
        checklist = next(m for m in after["thread"] if "Phase 1 of 5" in json.dumps(m))
        second.client.action(  # a button drawn before the restart still works
            "U0ALEX",
            {"kind": "message", "ts": checklist["ts"]},
            "step|brief-core-team",
            ids.Action.STEP_DONE,
            None,
        )
        second.slack.settle()
        header = json.dumps(second.client.state("U0ALEX")["messages"][0])
        assert "1/19 steps" in header, "the bot updated the header it posted before the restart"
        second.client.command("U0ALEX", "/crisis start phi-leak Patient list posted")
        second.slack.settle()
        refs = [m["text"] for m in second.client.state("U0ALEX")["messages"]]
        assert len(refs) == 2 and "INC-2026-0002" in json.dumps(refs)

    with running_sandbox(settings, folder=tmp_path, reset=True) as clean:
        assert clean.client.state("U0ALEX")["messages"] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [b"{not json", b"\xff\xfe", b'{"format": 1, "messages": []}', b'{"format": 99}'],
)
def test_a_saved_workspace_that_cannot_be_read_is_set_aside_not_lost(
    tmp_path: Path, damage: bytes
) -> None:
    (tmp_path / WORKSPACE_FILE).write_bytes(damage)
    (tmp_path / "crisisbot-sandbox.db").touch()  # its database is there
    with running_sandbox(sandbox_settings(), folder=tmp_path) as running:
        [notice] = running.notices
        assert "the channel starts empty" in notice
        assert running.client.state("U0ALEX")["messages"] == []
    [aside] = tmp_path.glob(WORKSPACE_FILE + ".bad-*")
    assert aside.read_bytes() == damage, "kept as it was, for a person to look at"


@pytest.mark.slow
def test_a_saved_channel_without_its_database_is_set_aside(tmp_path: Path) -> None:
    with running_sandbox(sandbox_settings(), folder=tmp_path) as first:
        first.client.command("U0ALEX", "/crisis start viral-patient-video Video of our ER")
        first.slack.settle()
    for suffix in ("", "-wal", "-shm"):  # deleted by hand
        (tmp_path / f"crisisbot-sandbox.db{suffix}").unlink(missing_ok=True)
    with running_sandbox(sandbox_settings(), folder=tmp_path) as second:
        assert "belongs to a deleted database" in second.notices[0]
        assert second.client.state("U0ALEX")["messages"] == [], "no header of a lost incident"
        second.client.command("U0ALEX", "/crisis start phi-leak Patient list posted")
        second.slack.settle()
        [header] = second.client.state("U0ALEX")["messages"]
        assert "INC-2026-0001" in json.dumps(header) and "Patient list posted" in json.dumps(header)
    assert list(tmp_path.glob(WORKSPACE_FILE + ".old-*"))


@pytest.mark.slow
def test_drill_reset_clears_the_saved_channel_too(tmp_path: Path) -> None:
    (tmp_path / WORKSPACE_FILE).write_text("{}")
    result = crisisbot_in(tmp_path, "drill", "--reset", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / WORKSPACE_FILE).exists()


@pytest.mark.slow
def test_the_workspace_is_saved_while_running_not_only_at_the_end(tmp_path: Path) -> None:
    with running_sandbox(sandbox_settings(), folder=tmp_path) as running:
        running.client.message("U0DANA", "Anyone on the ER video?")
        deadline = time.monotonic() + 10
        path = tmp_path / WORKSPACE_FILE
        while "Anyone on the ER video?" not in (path.read_text() if path.exists() else ""):
            assert time.monotonic() < deadline, "not saved within 10 s"
            time.sleep(0.2)


@pytest.mark.slow
def test_only_the_page_itself_may_act_in_the_sandbox(sandbox: Sandbox) -> None:
    port = sandbox.url.rsplit(":", 1)[1].strip("/")
    command = json.dumps({"user": "U0ALEX", "text": "/crisis start"}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def status(path: str, data: bytes | None, **headers: str) -> int:
        request = urllib.request.Request(sandbox.url + path, data, headers)
        try:
            with opener.open(request, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as err:
            return err.code

    json_type = {"Content-Type": "application/json"}
    assert status("api/state?user=U0ALEX", None, Host=f"attacker.example:{port}") == 403
    assert status("api/command", command, **{"Content-Type": "text/plain"}) == 403
    assert status("api/command", command, Origin="http://attacker.example", **json_type) == 403
    assert status("api/command", command, Origin="null", **json_type) == 403
    sandbox.slack.runtime.side.pool.wait_idle(15)
    assert sandbox.slack.fake.calls_to("views.open") == [], "nothing reached the bot"
    assert status("api/command", command, Origin=f"http://localhost:{port}", **json_type) == 200
    sandbox.slack.fake.wait_for(lambda: sandbox.slack.fake.calls_to("views.open"), timeout=15)
    assert status("api/state?user=U0ALEX", None, Host=f"localhost:{port}") == 200
