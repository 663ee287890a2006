"""`crisisbot drill`: the real bot and a fake Slack on 127.0.0.1, and
a scripted drill that goes through them exactly as clicks in Slack would — signed
requests in, Web API calls out — on its own database, crisisbot-sandbox.db."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bot.config import SANDBOX_DATABASE_URL, Settings
from bot.incidents import view as incident_view
from bot.playbooks.load import load_one
from bot.sandbox import requests as sr
from bot.sandbox.cast import BY_ROLE, COMMANDER, COMMS, NURSE, with_sample_org
from bot.sandbox.folder import reset_database
from bot.sandbox.local import CHANNEL, LocalSlack, local_slack
from bot.slack import ids

PLAYBOOK = "viral-patient-video"
# Who acts in the drill; the commander also holds every role the cast has nobody for.
ACTORS = (*BY_ROLE.values(), NURSE)


def _say(line: str = "") -> None:
    print(line, flush=True)


def _plain(blocks: list[dict[str, Any]]) -> str:
    """Block Kit as a person would read it in a terminal."""
    out: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            out.append(f"== {block['text']['text']} ==")
        elif kind == "section":
            if block.get("text"):
                out.append(block["text"]["text"])
            for f in block.get("fields", []):
                out.append("  " + f["text"].replace("\n", ": ", 1))
            accessory = block.get("accessory") or {}
            if accessory.get("type") == "button":
                out[-1] += f"   [{accessory['text']['text']}]"
        elif kind == "context":
            out.append("  " + " ".join(e.get("text", "") for e in block.get("elements", [])))
        elif kind == "actions":
            out.append(
                "  "
                + "  ".join(
                    f"[{e['text']['text']}]" for e in block.get("elements", []) if "text" in e
                )
            )
    text = "\n".join(out)
    for person in ACTORS:
        text = text.replace(f"<@{person.id}>", f"@{person.name}")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _message(slack: LocalSlack, ref: str, key: str) -> Any:
    for message in slack.fake.messages(CHANNEL, include_replies=True):
        payload = (message.metadata or {}).get("event_payload") or {}
        if payload.get("incident") == ref and payload.get("key") == key:
            return message
    raise LookupError(f"{ref} has no {key} message")


def run(settings: Settings, *, reset: bool = False) -> int:
    path = Path(make_url(SANDBOX_DATABASE_URL).database or "crisisbot-sandbox.db")
    if reset:  # the sandbox page's saved channel too: it would show incidents no longer there
        reset_database(path.resolve().parent)
    _say("=" * 76)
    _say("crisisbot SANDBOX: no Slack tokens are set, so a fake Slack runs on 127.0.0.1.")
    _say("The real bot answers signed requests and calls the fake Web API, as with Slack.")
    _say(f"Database: {path.resolve()} (never the production database; --reset clears it).")
    _say("For real Slack set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN.")
    _say("=" * 76)
    if not (settings.org_phone and settings.org_email and settings.org_website):
        settings = with_sample_org(settings)
        _say("Statements use sample contact details; set ORG_PHONE, ORG_EMAIL and ORG_WEBSITE.")
    with local_slack(SANDBOX_DATABASE_URL, base=settings, header_delay=0.2) as slack:
        for person in ACTORS:
            slack.fake.add_user(person.id, person.name, person.real_name, title=person.title)
            slack.fake.set_member(CHANNEL, person.id)
        ok = _drill(slack, settings)
        calls = len(slack.fake.calls)
    _say(f"\nThe bot made {calls} Web API calls. Run it again to start another drill.")
    _say(
        "Look at the record:  DATABASE_URL=sqlite:///crisisbot-sandbox.db .venv/bin/crisisbot incident list --all"
    )
    return 0 if ok else 1


def _drill(slack: LocalSlack, settings: Settings) -> bool:
    playbook = load_one(settings.playbooks_dir, settings.messages_dir, PLAYBOOK)
    holder = {r.id: BY_ROLE.get(r.id, COMMANDER).id for r in playbook.roles}
    commander = holder[playbook.commander_role]
    title = "Drill: video filmed in the ER waiting room is spreading on TikTok"

    _say(f"\n{COMMANDER.real_name} types:  /crisis drill {PLAYBOOK} {title}")
    answer = slack.command(f"drill {PLAYBOOK} {title}", commander).json()
    _say(f"  (only they see) {answer.get('text')}")
    slack.settle()
    ref = incident_view.list_incidents(slack.runtime.ctx)[0].ref
    _say("\nThe bot posts in #crisis-room:\n")
    _say(_plain(_message(slack, ref, "header").blocks))

    _say("\nRoles are assigned from the thread's [Assign roles] form.")
    slack.click(ids.Action.ROLES_OPEN, ref, commander, message=_message(slack, ref, "checklist"))
    slack.settle()
    view = slack.fake.open_view(commander)
    values = {f"role|{r.id}": {"value": ("users_select", holder[r.id])} for r in playbook.roles}
    slack.submit(view or {}, commander, values)
    slack.settle()

    blocked = next(s for s in playbook.steps_in(playbook.phases[0].id) if s.depends_on)
    _say(
        f"\n{NURSE.real_name} clicks [Done] on '{playbook.steps[0].title}'; {BY_ROLE[blocked.role].real_name if blocked.role in BY_ROLE else blocked.role} clicks [Done] on '{blocked.title}' too early:"
    )
    slack.click(
        ids.Action.STEP_DONE,
        f"{ref}|{playbook.steps[0].id}",
        NURSE.id,
        message=_message(slack, ref, "checklist"),
    )
    slack.click(
        ids.Action.STEP_DONE,
        f"{ref}|{blocked.id}",
        holder[blocked.role],
        message=_message(slack, ref, "checklist"),
    )
    slack.settle()
    for e in slack.fake.ephemerals():
        who = next((person.name for person in ACTORS if person.id == e.user), e.user)
        _say(f"  (only @{who} sees) {_plain(e.blocks)}")

    _statement(slack, ref, holder)

    for index, phase in enumerate(playbook.phases):
        for step in playbook.steps_in(phase.id):
            slack.click(
                ids.Action.STEP_DONE,
                f"{ref}|{step.id}",
                holder[step.role],
                message=_message(slack, ref, "checklist"),
            )
            slack.settle()
        if index < len(playbook.phases) - 1:
            slack.click(
                ids.Action.PHASE_ADVANCE,
                f"{ref}|{phase.id}",
                commander,
                message=_message(slack, ref, "checklist"),
            )
            slack.settle()
            form = slack.fake.open_view(commander)  # the form says nothing is open: submit
            if form is not None:
                slack.submit(form, commander, {})
                slack.settle()
            _say(
                f"  {phase.title}: {len(playbook.steps_in(phase.id))} steps ticked in the thread; advanced."
            )
    root = _message(slack, ref, "header")
    reply = "Called the platform's trust & safety line; report id TS-4471."
    ts = slack.fake.post_user_message(CHANNEL, holder["comms"], reply, thread_ts=root.ts)
    slack.event(
        sr.message_event(
            channel=CHANNEL, user=holder["comms"], text=reply, ts=ts, thread_ts=root.ts
        )
    )
    _say(f'  A reply in the thread is recorded: "{reply}"')
    slack.click(ids.Action.CLOSE_OPEN, ref, commander, message=_message(slack, ref, "checklist"))
    slack.settle()
    slack.submit(slack.fake.open_view(commander) or {}, commander, {})
    slack.settle()

    for message in slack.fake.messages(CHANNEL, include_replies=True):
        if "Post-incident report" in message.text:
            _say("\nOn close the bot posts the report in the thread, with the HTML file:\n")
            _say(_plain([{"type": "section", "text": {"type": "mrkdwn", "text": message.text}}]))
    files = slack.fake.uploaded(channel=CHANNEL)
    if files:
        _say(f"  [file: {files[-1].name}, {len(files[-1].content) // 1024} KB]")
    _say("\nThe header after close:\n")
    _say(_plain(_message(slack, ref, "header").blocks))
    entries = incident_view.log_entries(slack.runtime.ctx, ref)
    result = incident_view.verify_log(slack.runtime.ctx, ref)
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry.kind] = kinds.get(entry.kind, 0) + 1
    _say(f"\nIncident log: {len(entries)} entries {json.dumps(kinds)}")
    _say(
        f"Hash chain: {'intact' if result.ok else 'BROKEN: ' + str(result.problem)}; head {result.head_hash[:16]}"
    )
    errors = slack.runtime.side.errors
    if errors:
        _say(f"Errors in listeners: {errors}")
    return result.ok and not errors


def _statement(slack: LocalSlack, ref: str, holder: dict[str, str]) -> None:
    """The first holding statement: refused with a name in it, fixed, approved, published."""
    comms, privacy = holder["comms"], holder["privacy"]
    _say(f"\n{COMMS.real_name} clicks [Draft statement] and picks the initial holding statement.")
    slack.click(ids.Action.STATEMENT_OPEN, ref, comms, message=_message(slack, ref, "checklist"))
    slack.settle()
    view = slack.fake.open_view(comms) or {}
    choice = sr.static_select_action("value", "template", "initial-holding")
    slack.sender.send(
        sr.block_actions(
            [choice], user_id=comms, view=view, trigger_id=slack.fake.new_trigger_id(comms)
        )
    )
    slack.settle()
    view = slack.fake.open_view(comms) or {}
    values: dict[str, Any] = {
        "template": {"value": ("static_select", "initial-holding")},
        "var|media": {"value": "video of Mr. Alvarez"},
        "var|platform": {"value": "TikTok"},
    }
    refused = slack.submit(view, comms, values).json()
    for message in (refused.get("errors") or {}).values():
        _say(f"  The form refuses it: {message}")
    values["var|media"] = {"value": "video"}
    slack.submit(view, comms, values)
    slack.settle()
    for user in (comms, privacy):
        slack.click(
            ids.Action.STATEMENT_APPROVE,
            f"{ref}|1|1",
            user,
            message=_message(slack, ref, "statement:1"),
        )
        slack.settle()
    slack.click(
        ids.Action.STATEMENT_PUBLISH_OPEN,
        f"{ref}|1",
        comms,
        message=_message(slack, ref, "statement:1"),
    )
    slack.settle()
    published = {
        "platform": {"value": "TikTok"},
        "url": {"value": "https://www.tiktok.com/@riverside"},
    }
    slack.submit(slack.fake.open_view(comms) or {}, comms, published)
    slack.settle()
    _say("  Fixed, approved by the communications lead and the privacy officer, published:\n")
    _say(_plain(_message(slack, ref, "statement:1").blocks))
