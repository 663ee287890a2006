"""`crisisbot sandbox`: the fake Slack, the real bot and the Slack-like page in one process,
on 127.0.0.1 only, with the bot on its own database, crisisbot-sandbox.db."""

from __future__ import annotations

import contextlib
import errno
import signal
import threading
import time
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from bot.clock import ScaledClock
from bot.config import Settings
from bot.sandbox.cast import with_sample_org
from bot.sandbox.client import SlackClient
from bot.sandbox.fake_slack import saved
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.folder import DATABASE_FILE, WORKSPACE_FILE, reset_database
from bot.sandbox.local import LocalSlack, QuietHandler, ThreadingServer, local_slack
from bot.sandbox.web import sandbox_app

SAVE_EVERY = 2.0  # seconds; and once more on the way out


class PortInUse(Exception):
    """Another program listens on the port asked for."""


@dataclass
class Sandbox:
    """A running sandbox: the page's URL, the person-facing client and the bot behind it."""

    url: str
    client: SlackClient
    slack: LocalSlack
    database: Path
    notices: list[str] = field(default_factory=list)  # for the person who started it


def _set_aside(path: Path, why: str, kind: str) -> str:
    """Move a saved workspace that cannot be used out of the way (never delete it)."""
    kept = path.with_name(f"{path.name}.{kind}-{time.strftime('%Y%m%d-%H%M%S')}")
    path.replace(kept)
    return f"{why}; it is kept as {kept.name} and the channel starts empty."


@contextmanager
def _kept(
    fake: FakeSlack, path: Path, *, fresh_database: bool, notices: list[str]
) -> Iterator[None]:
    """Restore the workspace from `path`, save it while running and once more at the end.
    A saved channel without its database (deleted by hand, or reset by another command)
    would show incidents the database no longer has, so it is set aside, as is one that
    cannot be read back."""
    last: list[str | None] = [None]
    if path.exists() and fresh_database:
        notices.append(_set_aside(path, f"{path.name} belongs to a deleted database", "old"))
    try:
        last[0] = saved.load(fake, path)
    except saved.SavedWorkspaceError as err:
        notices.append(_set_aside(path, str(err), "bad"))
    stop = threading.Event()

    def keep() -> None:
        seen = fake.changes
        while not stop.wait(SAVE_EVERY):
            if fake.changes != seen:  # nothing to write while nobody does anything
                seen = fake.changes
                last[0] = saved.save(fake, path, last[0])

    thread = threading.Thread(target=keep, name="crisisbot-sandbox-save", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)
        saved.save(fake, path, last[0])


@contextmanager
def running_sandbox(
    settings: Settings, *, folder: Path | None = None, port: int = 0, reset: bool = False
) -> Iterator[Sandbox]:
    """Start every part on 127.0.0.1 (`port` 0 picks a free one); stop them all on exit."""
    folder = (folder or Path.cwd()).resolve()
    database = folder / DATABASE_FILE
    with contextlib.ExitStack() as stack:
        # The page's port first: a second sandbox on the same port stops before touching anything.
        try:
            server = ThreadingServer(("127.0.0.1", port), QuietHandler)
        except OSError as err:
            if err.errno != errno.EADDRINUSE:
                raise
            raise PortInUse(
                f"port {port} on 127.0.0.1 is in use (another sandbox?); pick one with --port N"
            ) from None
        stack.callback(server.server_close)
        if reset:
            reset_database(folder)
        clock = ScaledClock()  # the page's speed control (×60) sets its speed
        fake = stack.enter_context(FakeSlack())
        fake.start()
        notices: list[str] = []
        fresh = not database.exists()
        stack.enter_context(  # before the bot starts
            _kept(fake, folder / WORKSPACE_FILE, fresh_database=fresh, notices=notices)
        )
        slack = stack.enter_context(
            local_slack(
                f"sqlite:///{database}",
                base=with_sample_org(settings),
                header_delay=0.2,
                fake=fake,
                clock=clock,
                remind_every=1.0,  # at ×60 a look every simulated minute
            )
        )
        client = SlackClient(slack.fake, slack.sender)
        server.set_app(sandbox_app(client, clock))
        thread = threading.Thread(
            target=server.serve_forever, args=(0.1,), name="crisisbot-sandbox-page", daemon=True
        )
        thread.start()
        stack.callback(thread.join, 5)
        stack.callback(server.shutdown)
        url = f"http://127.0.0.1:{server.server_port}/"
        yield Sandbox(url=url, client=client, slack=slack, database=database, notices=notices)


def run(settings: Settings, *, port: int = 0, reset: bool = False, open_page: bool = False) -> int:
    """Serve until Ctrl-C (SIGINT) or SIGTERM, then stop every part."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with running_sandbox(settings, port=port, reset=reset) as sandbox:
            print("=" * 76, flush=True)
            for line in (
                "crisisbot SANDBOX: no Slack tokens are set, so a fake Slack and the real bot",
                "run here, on 127.0.0.1 only. Every click in the page reaches the bot as a",
                "signed request, as from Slack; nothing leaves this machine.",
                f"Database: {sandbox.database}",
                "  (never the production database; --reset deletes it and the saved channel).",
                "For real Slack set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN.",
                *(
                    []
                    if settings.org_phone and settings.org_email and settings.org_website
                    else [
                        "Statements use sample contact details until ORG_PHONE, ORG_EMAIL and",
                        "ORG_WEBSITE are set.",
                    ]
                ),
                *(f"Note: {notice}" for notice in sandbox.notices),
                "",
                f"Open {sandbox.url} and act as any of the sample staff.",
                "Ctrl-C stops it.",
            ):
                print(line, flush=True)
            print("=" * 76, flush=True)
            if open_page:
                webbrowser.open(sandbox.url)
            while not stop.wait(0.5):
                pass
            print("Stopping the sandbox…", flush=True)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0
