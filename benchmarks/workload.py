"""The data and the requests the benchmarks replay: incidents spread over several
channels (Slack paces posts per channel), and a mix of signed slash commands, step
ticks and thread replies."""

from __future__ import annotations

import itertools
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import PROJECT_ROOT, load_settings
from bot.incidents import service
from bot.playbooks.load import load_dir
from bot.playbooks.model import Playbook
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.local import local_slack
from bot.slack import ids

COMMANDER = "U0BENCH"
CHANNELS = [f"C0BENCH{i:02d}" for i in range(8)]
Make = Callable[[int], tuple[bytes, dict[str, str]]]


def tick_order(playbook: Playbook) -> list[str]:
    """Every step, each after the steps it depends on."""
    done: list[str] = []
    pending = list(playbook.steps)
    while pending:
        for step in list(pending):
            if all(dep in done for dep in step.depends_on):
                done.append(step.id)
                pending.remove(step)
    return done


def big_playbook_dir(target: Path, steps: int = 60, phases: int = 4) -> Path:
    """The project's playbooks plus one with `steps` steps, for the scale scenario."""
    shutil.copytree(PROJECT_ROOT / "playbooks", target, dirs_exist_ok=True)
    lines = [
        "id: big-drill",
        "title: Large tabletop drill",
        "summary: A synthetic playbook with many steps, to measure scale.",
        "severity: high",
        "commander_role: commander",
        "roles:",
        "  - {id: commander, title: Incident commander, required: true}",
        "  - {id: comms, title: Communications lead, required: true}",
        "phases:",
        *[f"  - {{id: phase-{p}, title: Phase {p}}}" for p in range(phases)],
        "steps:",
    ]
    for i in range(steps):
        dep = f", depends_on: [step-{i - 1}]" if i % (steps // phases) else ""
        lines.append(
            f"  - {{id: step-{i}, phase: phase-{i * phases // steps}, role: comms, title: Do step {i} of the drill carefully{dep}}}"
        )
    (target / "big-drill.yaml").write_text("\n".join(lines) + "\n")
    return target


@dataclass
class Prepared:
    """Incidents ready in a database, with what the bot posted for them in `fake`."""

    database_url: str
    playbooks_dir: Path
    incidents: list[tuple[str, str, str, list[str]]]  # ref, channel, thread_ts, steps in tick order
    ticks: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # ref, step, channel, thread_ts


def add_channels(fake: FakeSlack) -> None:
    for channel in CHANNELS:
        # Private, as a hospital's crisis rooms are (the PHI leak runs only in one).
        fake.add_channel(channel, channel.lower(), {COMMANDER}, bot_is_member=True, is_private=True)
    fake.add_user(COMMANDER, "bench.commander", "Bench Commander")


def prepare(
    database_url: str,
    playbooks_dir: Path,
    fake: FakeSlack,
    *,
    incidents: int,
    playbook: str = "phi-leak",
) -> Prepared:
    """Start `incidents` incidents through the service, posted by the real deliverer."""
    base = load_settings({"CRISISBOT_PLAYBOOKS": str(playbooks_dir)}, env_file=None)
    order = tick_order(load_dir(playbooks_dir, base.messages_dir)[playbook])
    rows = []
    with local_slack(database_url, base=base, fake=fake) as slack:
        refs = []
        for i in range(incidents):
            channel = CHANNELS[i % len(CHANNELS)]
            refs.append(
                (
                    service.start_incident(
                        slack.runtime.ctx,
                        playbook_id=playbook,
                        title=f"Bench incident {i}",
                        actor=COMMANDER,
                        channel_id=channel,
                    ).incident,
                    channel,
                )
            )
        slack.settle(120)
        from bot.incidents.view import get_incident

        for ref, channel in refs:
            view = get_incident(slack.runtime.ctx, ref)
            assert view.thread_ts, f"{ref} was not posted"
            rows.append((ref, channel, view.thread_ts, order))
    prepared = Prepared(database_url, playbooks_dir, rows)
    # Interleave incidents so consecutive ticks hit different incidents and channels.
    for position in range(len(order)):
        for ref, channel, thread_ts, steps in rows:
            prepared.ticks.append((ref, steps[position], channel, thread_ts))
    return prepared


class Mix:
    """Request i of an open-loop run: a third slash commands, a third step clicks, a third
    thread replies. Thread-safe.

    The clicks walk the prepared steps: every step ticked in dependency order, then every
    one reopened in reverse order, then ticked again, and so on, so each click changes
    something however long the run."""

    def __init__(
        self,
        prepared: Prepared | None,
        secret: str,
        *,
        kinds: tuple[str, ...] = ("command", "tick", "reply"),
    ) -> None:
        self.prepared = prepared
        self.secret = secret
        self.kinds = kinds
        ticks = prepared.ticks if prepared else []
        self._clicks = itertools.cycle(
            [(ids.Action.STEP_DONE, *t) for t in ticks]
            + [(ids.Action.STEP_REOPEN, *t) for t in reversed(ticks)]
        )
        self._counter = itertools.count()
        self._lock = threading.Lock()

    def __call__(self, i: int) -> tuple[bytes, dict[str, str]]:
        kind = self.kinds[i % len(self.kinds)]
        request = self._request(kind, i)
        return request.body, request.headers(self.secret)

    def _request(self, kind: str, i: int) -> sr.SlackRequest:
        if kind == "tick" and self.prepared is not None and self.prepared.ticks:
            with self._lock:
                action, ref, step, channel, thread_ts = next(self._clicks)
            message = {
                "type": "message",
                "ts": f"{thread_ts}1",
                "thread_ts": thread_ts,
                "text": "checklist",
                "blocks": [],
            }
            return sr.block_actions(
                [sr.button_action(action, f"step|{step}", f"{ref}|{step}")],
                user_id=COMMANDER,
                channel_id=channel,
                message=message,
            )
        if kind == "reply" and self.prepared is not None:
            ref, channel, thread_ts, _steps = self.prepared.incidents[
                i % len(self.prepared.incidents)
            ]
            with self._lock:
                n = next(self._counter)
            ts = f"{1900000000 + n}.{i % 1000000:06d}"
            event = sr.message_event(
                channel=channel,
                user=COMMANDER,
                text=f"Update {n} from the platform desk",
                ts=ts,
                thread_ts=thread_ts,
            )
            return sr.event(event, event_id=f"EvBENCH{n:08d}")
        channel = CHANNELS[i % len(CHANNELS)]
        return sr.slash_command("help", user_id=COMMANDER, channel_id=channel)


def signed(request: sr.SlackRequest, secret: str) -> Make:
    return lambda _i: (request.body, request.headers(secret))
