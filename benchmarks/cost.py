"""What each action costs: Web API calls (counted by the fake Slack) and SQL statements
(counted with SQLAlchemy events), measured after the deliverer has gone quiet."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.workload import CHANNELS, COMMANDER, add_channels, tick_order
from bot.config import load_settings
from bot.incidents import service
from bot.incidents.view import get_incident
from bot.phi import scan
from bot.phi.model import Org
from bot.render.statements import draft_modal
from bot.sandbox import requests as sr
from bot.sandbox.local import LocalSlack, local_slack
from bot.slack import ids
from bot.statements.screening import templates_of
from bot.statements.view import get_statement

APPROVERS = ("U0BENCHCOMMS", "U0BENCHPRIV")
ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    website="https://www.riversidegeneral.org",
)


@dataclass
class Cost:
    action: str
    count: int  # how many actions were measured together
    api_calls: int
    sql: int
    methods: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "actions": self.count,
            "api_calls": self.api_calls,
            "api_calls_per_action": round(self.api_calls / self.count, 2),
            "sql_statements": self.sql,
            "sql_per_action": round(self.sql / self.count, 1),
            "methods": self.methods,
        }


class _Counter:
    """SQL statements run by the bot's threads (not the benchmark's own polling)."""

    def __init__(self) -> None:
        self.n = 0
        self.ignore = threading.get_ident()

    def __call__(self, *_args: Any, **_kwargs: Any) -> None:
        if threading.get_ident() != self.ignore:
            self.n += 1


def _measure(
    slack: LocalSlack, counter: _Counter, action: str, count: int, run: Callable[[], None]
) -> Cost:
    assert slack.settle(30)
    slack.fake.reset_calls()
    counter.n = 0
    run()
    assert slack.settle(30), f"{action}: the deliverer did not go quiet"
    calls = slack.fake.calls
    methods: dict[str, int] = {}
    for call in calls:
        methods[call.method] = methods.get(call.method, 0) + 1
    return Cost(action, count, len(calls), counter.n, methods)


def measure(
    database_url: str, *, header_delay: float = 1.5, playbooks_dir: Path | None = None
) -> list[Cost]:
    """Costs on the production code path, with the production header delay."""
    env = {"CRISISBOT_PLAYBOOKS": str(playbooks_dir)} if playbooks_dir else {}
    # Statements need the organisation's contacts (fictional here).
    env |= {"ORG_NAME": ORG.name, "ORG_PHONE": ORG.phone, "ORG_WEBSITE": ORG.website}
    base = load_settings(env, env_file=None)
    with local_slack(database_url, base=base, header_delay=header_delay) as slack:
        add_channels(slack.fake)
        channel = CHANNELS[0]
        # The approvers are in the (private) channel from the start, as its people are.
        for role, user in (("comms", APPROVERS[0]), ("privacy", APPROVERS[1])):
            slack.fake.add_user(user, role, role.title())
            slack.fake.set_member(channel, user)
        counter = _Counter()
        event.listen(slack.runtime.db.engine, "before_cursor_execute", counter)

        def command(text: str) -> None:
            slack.sender.send(
                sr.slash_command(
                    text,
                    user_id=COMMANDER,
                    channel_id=channel,
                    trigger_id=slack.fake.new_trigger_id(COMMANDER),
                )
            )

        def newest() -> tuple[str, str]:
            from bot.incidents.view import list_incidents

            line = list_incidents(slack.runtime.ctx)[0]
            return line.ref, line.thread_ts or ""

        costs = [
            _measure(
                slack,
                counter,
                "incident start (first in a channel)",
                1,
                lambda: command("start phi-leak Bench start one"),
            )
        ]
        costs.append(
            _measure(
                slack,
                counter,
                "incident start",
                1,
                lambda: command("start phi-leak Bench start two"),
            )
        )
        ref, thread_ts = newest()
        order = tick_order(get_incident(slack.runtime.ctx, ref).playbook)
        steps = iter(order)
        checklist = {
            "type": "message",
            "ts": thread_ts + "1",
            "thread_ts": thread_ts,
            "text": "",
            "blocks": [],
        }

        def tick() -> None:
            step = next(steps)
            action = sr.button_action(ids.Action.STEP_DONE, f"step|{step}", f"{ref}|{step}")
            slack.sender.send(
                sr.block_actions([action], user_id=COMMANDER, channel_id=channel, message=checklist)
            )

        # The PHI leak is confidential: the first action in a minute also reads the
        # channel's members (conversations.members) to know who may act.
        costs.append(_measure(slack, counter, "first tick in a minute (confidential)", 1, tick))
        costs.append(_measure(slack, counter, "step tick", 1, tick))

        def burst() -> None:
            for _ in range(10):
                tick()
                time.sleep(0.02)

        costs.append(_measure(slack, counter, "step tick, burst of 10", 10, burst))

        def reply() -> None:
            ts = slack.fake.post_user_message(
                channel, COMMANDER, "Platform ticket 4471 opened", thread_ts=thread_ts
            )
            slack.event(
                sr.message_event(
                    channel=channel,
                    user=COMMANDER,
                    text="Platform ticket 4471 opened",
                    ts=ts,
                    thread_ts=thread_ts,
                )
            )

        costs.append(_measure(slack, counter, "thread reply captured", 1, reply))
        costs.append(_measure(slack, counter, "/crisis list", 1, lambda: command("list")))
        costs += _statement_costs(slack, counter, ref, channel, checklist)
        event.remove(slack.runtime.db.engine, "before_cursor_execute", counter)
        return costs


def _statement_costs(
    slack: LocalSlack, counter: _Counter, ref: str, channel: str, message: dict[str, Any]
) -> list[Cost]:
    """A holding statement sent for approval from its form, then approved by two people."""
    ctx = slack.runtime.ctx
    for role, user in (("comms", APPROVERS[0]), ("privacy", APPROVERS[1])):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=COMMANDER)
    # The bot asks Slack for a person's name the first time it meets them (users.info),
    # once a day at most: met here, so the figures are per action, not per new person.
    slack.runtime.side.people.meet(APPROVERS)
    slack.settle()
    playbook = get_incident(ctx, ref).playbook
    form = draft_modal(ref, templates_of(ctx, playbook), chosen="initial-holding")
    values = {
        "template": {"value": ("static_select", "initial-holding")},
        "var|platform": {"value": "Facebook"},
    }

    def draft() -> None:
        reply = slack.sender.send(sr.view_submission(form, user_id=APPROVERS[0], values=values))
        assert reply.status == 200 and not reply.body.strip(), reply.body

    costs = [_measure(slack, counter, "statement sent for approval", 1, draft)]

    def approve() -> None:
        for user in APPROVERS:
            action = sr.button_action(ids.Action.STATEMENT_APPROVE, "statement|1", f"{ref}|1|1")
            slack.sender.send(
                sr.block_actions([action], user_id=user, channel_id=channel, message=message)
            )
            assert slack.settle(30)

    costs.append(_measure(slack, counter, "statement approval (2 approvers)", 2, approve))
    assert get_statement(ctx, ref, 1).status == "approved", "the benchmark statement was approved"
    return costs


def phi_speed(repeat: int = 200) -> dict[str, Any]:
    """Time the privacy check on a 2,000-character draft (its own process, no server)."""
    paragraph = (
        "We are aware of a video circulating on TikTok that shows our emergency department. "
        "The privacy and dignity of everyone who comes to us matter deeply, and we are "
        "looking into this with the platform. Please don't share it further. We can't comment "
        "on any individual. Thanks, Tom, for flagging it on 3/14. Questions: (617) 555-0100. "
    )
    text = (paragraph * (2000 // len(paragraph) + 1))[:2000]
    scan(text, ORG)  # the first call loads the name and place lists
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        found = scan(text, ORG)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "chars": len(text),
        "findings": len(found),
        "median_ms": round(times[len(times) // 2], 2),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 2),
    }


# Text a person could paste into a note (up to 4,000 characters) that is hard on the
# check's patterns: the worst of these bounds how long a form submission may wait.
HOSTILE_TEXTS = {
    "capitalised words": "Ana " * 1000,
    "digit groups": "12 " * 1300,
    "digits and dashes": "1-" * 2000,
    "initials": "A." * 2000,
    "names and ages": "Ana, 45, " * 440,
    "one long word": "a" * 4000,
    "repeated pronoun and verb": "she is " * 570,
    "brackets": "(" * 4000,
    "addresses": "12 Elm St " * 400,
}


def phi_worst_case() -> dict[str, Any]:
    """The slowest scan among `HOSTILE_TEXTS` (each up to 4,000 characters)."""
    scan("warm up", ORG)
    times = {}
    for name, text in HOSTILE_TEXTS.items():
        began = time.perf_counter()
        scan(text[:4000], ORG)
        times[name] = round((time.perf_counter() - began) * 1000, 1)
    worst = max(times, key=lambda k: times[k])
    return {"worst": worst, "worst_ms": times[worst], "each_ms": times}


def phi_check_command(runs: int = 7) -> dict[str, Any]:
    """Wall-clock time of `crisisbot phi-check` on one line, from process start to answer
    (a new interpreter each run, as a person or a script runs it)."""
    line = "Our spokesperson Maria Delgado will speak at 3 p.m.; call (617) 555-0100.\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL"))}
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "bot", "phi-check"],
            input=line,
            capture_output=True,
            text=True,
            env=env,
            cwd=tempfile.gettempdir(),  # no .env of a checkout
            timeout=30,
            check=False,
        )
        times.append(time.perf_counter() - began)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"phi-check failed: {done.stderr.strip()[-300:]}")
    times.sort()
    return {
        "runs": runs,
        "median_s": round(times[len(times) // 2], 3),
        "max_s": round(times[-1], 3),
    }
