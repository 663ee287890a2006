"""A scripted drill on the sandbox database: what `crisisbot run` shows without Slack.

It runs a whole incident through the same service functions Slack and the CLI use,
including the refusals a real team meets (a step before its dependency, an early
advance, someone ticking another role's step), then verifies the log.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import make_url

from bot import incident_view, service
from bot.config import SANDBOX_DATABASE_URL, Settings
from bot.errors import CrisisError
from bot.playbook import load_one
from bot.render import text
from bot.store import connect, upgrade

PLAYBOOK = "viral-patient-video"
# Sample staff; in the sandbox one person plays every role.
PEOPLE = {
    "commander": "cli:alex.rivera",
    "comms": "cli:dana.okafor",
    "privacy": "cli:priya.shah",
    "legal": "cli:lee.morgan",
}
OTHER = "cli:sam.nurse-manager"


def _say(line: str = "") -> None:
    print(line, flush=True)


def _try(label: str, call: object) -> None:
    try:
        outcome = call()  # type: ignore[operator]
        _say(f"  ok       {label}: {outcome.message}")
    except CrisisError as err:
        _say(f"  refused  {label}: {err}")


def run(settings: Settings, *, reset: bool = False) -> int:
    path = Path(make_url(SANDBOX_DATABASE_URL).database or "crisisbot-sandbox.db")
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    _say("=" * 72)
    _say("crisisbot SANDBOX: no Slack tokens are set, so nothing reaches Slack.")
    _say(f"A scripted drill runs on {path.resolve()} (never the production database).")
    _say("Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) for Slack.")
    _say("=" * 72)
    db = connect(SANDBOX_DATABASE_URL)
    upgrade(db)
    ctx = service.Context(
        db=db, playbooks_dir=settings.playbooks_dir, messages_dir=settings.messages_dir
    )
    playbook = load_one(settings.playbooks_dir, settings.messages_dir, PLAYBOOK)
    holder = {role.id: PEOPLE.get(role.id, f"cli:{role.id}-lead") for role in playbook.roles}
    commander = holder[playbook.commander_role]

    started = service.start_incident(
        ctx,
        playbook_id=PLAYBOOK,
        title="Drill: video filmed in the ER waiting room is spreading on TikTok",
        actor=commander,
        drill=True,
    )
    ref = started.incident
    _say(f"\n{ref} started by {commander} from playbook '{playbook.title}'.\n")
    _say("Assigning roles:")
    for role in playbook.roles:
        if role.id != playbook.commander_role:
            _try(
                role.id,
                lambda r=role: service.assign_role(
                    ctx, incident=ref, role_id=r.id, user_id=holder[r.id], actor=commander
                ),
            )

    first = playbook.steps[0]
    blocked = next((s for s in playbook.steps if s.depends_on), None)
    _say("\nWhat the bot refuses:")
    if blocked is not None:
        _try(
            f"tick {blocked.id} before {', '.join(blocked.depends_on)}",
            lambda: service.complete_step(
                ctx, incident=ref, step_id=blocked.id, actor=holder[blocked.role]
            ),
        )
    _try(
        f"{OTHER} ticks {first.id}",
        lambda: service.complete_step(ctx, incident=ref, step_id=first.id, actor=OTHER),
    )
    _try(
        "advance with open steps", lambda: service.advance_phase(ctx, incident=ref, actor=commander)
    )

    for index, phase in enumerate(playbook.phases):
        _say(f"\nPhase {phase.title}:")
        for step in playbook.steps_in(phase.id):
            _try(
                f"{holder[step.role]} ticks {step.id}",
                lambda s=step: service.complete_step(
                    ctx, incident=ref, step_id=s.id, actor=holder[s.role]
                ),
            )
        if index < len(playbook.phases) - 1:
            _try("advance", lambda: service.advance_phase(ctx, incident=ref, actor=commander))
    _try(
        "add a note",
        lambda: service.add_note(
            ctx, incident=ref, text="Drill debrief booked for Friday.", actor=commander
        ),
    )
    _try("close", lambda: service.close_incident(ctx, incident=ref, actor=commander))

    now = dt.datetime.now(dt.UTC)
    _say(
        "\n"
        + text.incident_text(incident_view.get_incident(ctx, ref, tz=settings.tz), settings.tz, now)
    )
    result = incident_view.verify_log(ctx, ref)
    _say(
        f"\nLog: {result.entries} entries, chain {'intact' if result.ok else 'BROKEN: ' + str(result.problem)}."
    )
    _say("\nTry it yourself against the sandbox database (after `. .venv/bin/activate`):")
    _say(f"  DATABASE_URL={SANDBOX_DATABASE_URL} crisisbot log show {ref}")
    _say(
        f"  DATABASE_URL={SANDBOX_DATABASE_URL} crisisbot incident start phi-leak 'Staff post shows a chart'"
    )
    _say("  crisisbot --help")
    db.dispose()
    return 0 if result.ok else 1
