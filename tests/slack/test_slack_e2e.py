"""Whole incidents run from Slack: signed requests in, the fake Web API out, the log
checked at the end. Nothing here calls the service layer directly."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.playbooks.load import load_file
from bot.sandbox import requests as sr
from bot.slack import ids
from tests.conftest import MESSAGES, PLAYBOOKS
from tests.slack.harness import CHANNEL, Bot, find_button, running_bot

REAL = ("viral-patient-video", "er-complaint-storm", "phi-leak")
STARTER = "U0DANA"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def _staff(bot: Bot, roles: list[str]) -> dict[str, str]:
    """One Slack user per role, all members of the crisis channel."""
    users = {}
    for i, role in enumerate(roles):
        user = STARTER if i == 0 else f"U0R{i:03d}"
        if user != STARTER:
            bot.fake.add_user(user, f"{role}-lead", f"{role.title()} Lead")
            bot.fake.set_member(CHANNEL, user)
        users[role] = user
    return users


def _blocks_text(message: Any) -> str:
    return json.dumps(message.blocks)


def _start_from_modal(bot: Bot, playbook_id: str, users: dict[str, str], title: str) -> str:
    assert bot.command("start", STARTER).status == 200
    view = bot.last_view(STARTER)
    assert view["callback_id"] == ids.Form.START_INCIDENT
    chosen = sr.static_select_action("value", "playbook", playbook_id)
    assert bot.select(chosen, STARTER, view=view).status == 200
    view = bot.last_view(STARTER)
    role_blocks = [b["block_id"] for b in view["blocks"] if b["block_id"].startswith("role|")]
    assert role_blocks, "choosing a playbook adds a picker per role"
    values: dict[str, Any] = {
        "playbook": {"value": ("static_select", playbook_id)},
        "title": {"value": title},
        "severity": {"value": ("static_select", "high")},
        "description": {"value": "Spotted by the social media desk at 09:10."},
    }
    for block in role_blocks:
        values[block] = {"value": ("users_select", users[block.split("|", 1)[1]])}
    reply = bot.submit(view, STARTER, values)
    assert reply.status == 200 and not reply.body.strip(), reply.body
    bot.settle()
    return bot.newest_ref()


@pytest.mark.slow  # every playbook start to close, on both databases
@pytest.mark.parametrize("playbook_id", REAL)
def test_a_whole_incident_runs_in_the_thread(bot: Bot, playbook_id: str) -> None:
    playbook = load_file(PLAYBOOKS / f"{playbook_id}.yaml", MESSAGES)
    users = _staff(
        bot,
        [
            playbook.commander_role,
            *[r.id for r in playbook.roles if r.id != playbook.commander_role],
        ],
    )
    ref = _start_from_modal(bot, playbook_id, users, "Video of <!channel> & our ER on TikTok")

    root = bot.root(ref)
    header = _blocks_text(root)
    assert ref in header
    assert "Video of &lt;!channel&gt; &amp; our ER" in root.text  # escaped in the mrkdwn fallback
    assert "<!channel>" not in root.text and "<!channel>" not in json.dumps(
        [b for b in root.blocks if b["type"] != "header"]
    )
    assert f"0/{len(playbook.steps)} steps" in header
    for role in playbook.roles:
        assert f"<@{users[role.id]}>" in header, f"{role.id} holder shown in the header"

    # Reassign one role from the thread: the new holder is mentioned once.
    checklist = bot.checklist(ref)
    assert bot.click(ids.Action.ROLES_OPEN, ref, STARTER, message=checklist).status == 200
    roles_view = bot.last_view(STARTER)
    other = next(r for r in playbook.roles if r.id != playbook.commander_role)
    bot.fake.add_user("U0NEWHOLDER", "new-holder", "New Holder")
    bot.fake.set_member(CHANNEL, "U0NEWHOLDER")
    values = {f"role|{r.id}": {"value": ("users_select", users[r.id])} for r in playbook.roles}
    values[f"role|{other.id}"] = {"value": ("users_select", "U0NEWHOLDER")}
    assert bot.submit(roles_view, STARTER, values).status == 200
    bot.settle()
    users[other.id] = "U0NEWHOLDER"
    mentions = [m for m in bot.thread(ref) if "<@U0NEWHOLDER>" in m.text and "is now" in m.text]
    assert len(mentions) == 1

    # A step waiting on another is refused, in an ephemeral to that person only.
    blocked = (
        next(s for s in playbook.steps if s.depends_on and s.phase == playbook.phases[0].id)
        if any(s.depends_on and s.phase == playbook.phases[0].id for s in playbook.steps)
        else None
    )
    if blocked is not None:
        checklist = bot.checklist(ref)
        bot.click(
            ids.Action.STEP_DONE, f"{ref}|{blocked.id}", users[blocked.role], message=checklist
        )
        bot.settle()
        said = " ".join(bot.ephemerals(users[blocked.role]))
        dependency = playbook.step(blocked.depends_on[0])
        assert "waits for" in said and dependency.title[:40] in said

    # Advancing early: the form checks first and lists what is open, by title and owner,
    # with the override reason in the same form; nothing changes until it is submitted.
    checklist = bot.checklist(ref)
    advance = find_button(checklist, ids.Action.PHASE_ADVANCE)
    commander = users[playbook.commander_role]
    bot.click(ids.Action.PHASE_ADVANCE, advance["value"], commander, message=checklist)
    bot.settle()
    form = bot.last_view(commander)
    shown = json.dumps(form["blocks"])
    first_open = playbook.steps_in(playbook.phases[0].id)[0]
    assert "required steps still open" in shown and first_open.title[:40] in shown
    assert any(b.get("block_id") == "reason" for b in form["blocks"])
    assert bot.ephemerals(commander) == []

    for index, phase in enumerate(playbook.phases):
        for step in playbook.steps_in(phase.id):
            checklist = bot.checklist(ref)
            button = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|{step.id}")
            assert (
                bot.click(
                    ids.Action.STEP_DONE, button["value"], users[step.role], message=checklist
                ).status
                == 200
            )
            bot.settle()
        checklist = bot.checklist(ref)
        assert ids.Action.STEP_DONE not in _blocks_text(checklist), (
            f"every step of {phase.id} shows done"
        )
        if index < len(playbook.phases) - 1:
            advance = find_button(checklist, ids.Action.PHASE_ADVANCE)
            forms = []
            for _twice in range(2):  # a double click opens the form twice
                bot.click(ids.Action.PHASE_ADVANCE, advance["value"], commander, message=checklist)
                bot.settle()
                forms.append(bot.last_view(commander))
            assert "Every required step" in json.dumps(forms[0]["blocks"])
            for form in forms:  # both submitted: the phase moves once
                assert bot.submit(form, commander, {}).status == 200
            bot.settle()
            nxt = playbook.phases[index + 1]
            assert f"Phase {index + 2} of {len(playbook.phases)}" in _blocks_text(
                bot.checklist(ref)
            )
            assert nxt.title in _blocks_text(bot.root(ref))

    # A reply in the thread, its edit and a reaction are part of the record.
    root = bot.root(ref)
    reply_ts = bot.fake.post_user_message(
        CHANNEL, STARTER, "Called the platform's trust & safety line", thread_ts=root.ts
    )
    bot.event(
        sr.message_event(
            channel=CHANNEL,
            user=STARTER,
            text="Called the platform's trust & safety line",
            ts=reply_ts,
            thread_ts=root.ts,
        )
    )
    bot.event(
        sr.reaction_added_event(
            user=users[playbook.commander_role],
            reaction="white_check_mark",
            item_channel=CHANNEL,
            item_ts=reply_ts,
            item_user=STARTER,
        )
    )

    # Close from the last phase through the modal.
    checklist = bot.checklist(ref)
    assert (
        bot.click(
            ids.Action.CLOSE_OPEN, ref, users[playbook.commander_role], message=checklist
        ).status
        == 200
    )
    close_view = bot.last_view(users[playbook.commander_role])
    assert close_view["callback_id"] == ids.Form.CLOSE_INCIDENT
    assert bot.submit(close_view, users[playbook.commander_role], {}).status == 200
    bot.settle()

    view = incident_view.get_incident(bot.runtime.ctx, ref)
    assert view.closed and view.progress == (len(playbook.steps), len(playbook.steps))
    assert "Closed" in _blocks_text(bot.root(ref))
    assert f"{len(playbook.steps)}/{len(playbook.steps)} steps" in _blocks_text(bot.root(ref))
    kinds = [e.kind for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert kinds.count("step_done") == len(playbook.steps)
    assert (
        kinds.count("phase_changed") == len(playbook.phases) - 1
    )  # the double click advanced once
    assert {"started", "role_assigned", "message", "reaction_added", "closed"} <= set(kinds)
    assert incident_view.verify_log(bot.runtime.ctx, ref).ok


def test_direct_start_and_list_and_playbooks(bot: Bot) -> None:
    reply = bot.command("start phi-leak Nurse posted a photo with a chart in view", STARTER)
    assert reply.status == 200 and "Starting" in reply.json()["text"]
    bot.settle()
    ref = bot.newest_ref()
    listed = bot.command("list", STARTER).json()
    assert ref in json.dumps(listed["blocks"]) and "/archives/C0CRISIS/p" in json.dumps(
        listed["blocks"]
    )
    assert "phi-leak" in bot.command("playbooks", STARTER).json()["text"]


@pytest.mark.parametrize(
    "text", ["", "help", "frobnicate", "start", "start phi-leak", "list extra", "help me"]
)
def test_help_and_bad_commands_answer_with_usage_and_change_nothing(bot: Bot, text: str) -> None:
    reply = bot.command(text, STARTER)
    assert reply.status == 200
    body = reply.json() if text != "start" else {"text": "Usage:"}
    if text == "start":
        assert bot.last_view(STARTER)["callback_id"] == ids.Form.START_INCIDENT
    else:
        assert "Usage:" in body["text"]
        assert body.get("response_type") == "ephemeral"
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []


def test_unknown_playbook_is_explained_privately(bot: Bot) -> None:
    bot.command("start no-such-playbook Something odd", STARTER)
    bot.settle()
    said = " ".join(bot.ephemerals(STARTER))
    assert "no playbook 'no-such-playbook'" in said
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []


def test_bad_or_stale_signature_is_rejected_and_changes_nothing(bot: Bot) -> None:
    request = sr.slash_command("start phi-leak Should not start", user_id=STARTER)
    assert bot.sender.send(request, bad_signature=True).status == 401
    assert bot.sender.send(request, timestamp=int(time.time()) - 6 * 60).status == 401
    bot.settle()
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []
    assert bot.fake.calls_to("chat.postMessage") == []


def test_an_event_delivered_again_is_recorded_once(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    root = bot.root(ref)
    ts = bot.fake.post_user_message(CHANNEL, STARTER, "Poster has deleted it", thread_ts=root.ts)
    event = sr.message_event(
        channel=CHANNEL, user=STARTER, text="Poster has deleted it", ts=ts, thread_ts=root.ts
    )
    for retry in (None, 1, 2):
        assert bot.event(event, event_id="Ev0SAMEEVENT", retry_num=retry).status == 200
    kinds = [e.kind for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert kinds.count("message") == 1


def test_edits_and_deletes_of_replies_are_kept(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    root = bot.root(ref)
    ts = bot.fake.post_user_message(CHANNEL, STARTER, "first version", thread_ts=root.ts)
    bot.event(
        sr.message_event(
            channel=CHANNEL, user=STARTER, text="first version", ts=ts, thread_ts=root.ts
        )
    )
    bot.event(
        sr.message_changed_event(
            channel=CHANNEL,
            user=STARTER,
            ts=ts,
            text="second version",
            previous_text="first version",
            thread_ts=root.ts,
        )
    )
    bot.event(
        sr.message_deleted_event(
            CHANNEL, ts, previous_text="second version", user=STARTER, thread_ts=root.ts
        )
    )
    entries = [
        e for e in incident_view.log_entries(bot.runtime.ctx, ref) if e.kind.startswith("message")
    ]
    assert [e.kind for e in entries] == ["message", "message_edited", "message_deleted"]
    assert entries[1].data["previous"] == "first version" and entries[1].text == "second version"
    assert "second version" in entries[2].text


def test_bot_messages_and_other_threads_are_not_captured(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    root = bot.root(ref)
    before = len(incident_view.log_entries(bot.runtime.ctx, ref))
    own = sr.message_event(
        channel=CHANNEL,
        user=bot.fake.bot_user_id,
        text="checklist",
        ts="1763906400.999999",
        thread_ts=root.ts,
    )
    own["bot_id"] = bot.fake.bot_id
    bot.event(own)
    other = bot.fake.post_user_message(CHANNEL, STARTER, "unrelated")
    bot.event(
        sr.message_event(
            channel=CHANNEL,
            user=STARTER,
            text="unrelated thread",
            ts=bot.fake.post_user_message(CHANNEL, STARTER, "x", thread_ts=other),
            thread_ts=other,
        )
    )
    assert len(incident_view.log_entries(bot.runtime.ctx, ref)) == before


def test_double_click_on_a_tick_is_harmless(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    checklist = bot.checklist(ref)
    button = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
    for _ in range(2):
        bot.click(ids.Action.STEP_DONE, button["value"], STARTER, message=checklist)
    bot.settle()
    kinds = [e.kind for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert kinds.count("step_done") == 1
    assert bot.ephemerals(STARTER) == []


def test_someone_without_the_role_is_told_who_may(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    checklist = bot.checklist(ref)
    button = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
    bot.click(ids.Action.STEP_DONE, button["value"], "U0JO", message=checklist)
    bot.settle()
    said = " ".join(bot.ephemerals("U0JO"))
    # By name and role title, in one sentence; no user ids.
    assert (
        "only the Communications lead (nobody holds it yet), Dana Okafor (Incident commander)"
        in said
    )
    assert "can tick “Capture the post before it is deleted" in said
    assert "U0" not in said


def test_an_edit_of_a_reply_never_seen_is_recorded_not_dropped(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    root = bot.root(ref)
    ts = bot.fake.post_user_message(CHANNEL, STARTER, "v1", thread_ts=root.ts)
    bot.event(
        sr.message_changed_event(
            channel=CHANNEL, user=STARTER, ts=ts, text="v2", previous_text="v1", thread_ts=root.ts
        )
    )
    entry = [e for e in incident_view.log_entries(bot.runtime.ctx, ref) if e.kind == "message"][-1]
    assert entry.text == "v2" and entry.data["edited"] is True and entry.data["previous"] == "v1"


def test_a_replayed_slash_command_starts_one_incident(bot: Bot) -> None:
    request = sr.slash_command(
        "start phi-leak Photo with a chart",
        user_id=STARTER,
        trigger_id=bot.fake.new_trigger_id(STARTER),
    )
    for _ in range(2):
        assert bot.sender.send(request).status == 200
        bot.settle()
    assert len(incident_view.list_incidents(bot.runtime.ctx, include_closed=True)) == 1


def test_a_3000_character_hostile_title_is_posted_within_limits(bot: Bot) -> None:
    title = ("<!channel> <@U0LEE> & *urgent* " * 100)[:3000].strip()
    bot.command(f"start phi-leak {title}", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    root = bot.root(ref)
    assert "<!channel>" not in root.text and "<@U0LEE>" not in root.text
    assert all(c.error is None for c in bot.fake.calls if c.method.startswith("chat."))
    assert incident_view.get_incident(bot.runtime.ctx, ref).title == " ".join(title.split())


def test_starting_where_the_bot_is_not_a_member_says_how_to_fix_it(bot: Bot) -> None:
    reply = bot.command("start phi-leak Photo with a chart", STARTER, channel="C0GENERAL")
    assert "/invite @crisisbot" in reply.json()["text"]
    assert bot.command("start", STARTER, channel="C0GENERAL").status == 200
    view = bot.last_view(STARTER)
    values = {"playbook": {"value": ("static_select", "phi-leak")}, "title": {"value": "Photo"}}
    answer = bot.submit(view, STARTER, values).json()
    assert (
        answer["response_action"] == "errors" and "/invite @crisisbot" in answer["errors"]["title"]
    )
    bot.settle()
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []


def test_an_expired_trigger_is_explained_not_crashed(bot: Bot) -> None:
    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    checklist = bot.checklist(ref)
    action = sr.button_action(ids.Action.NOTE_OPEN, ids.Block.INCIDENT_CONTROLS, ref)
    request = sr.block_actions(
        [action],
        user_id=STARTER,
        message=checklist,
        trigger_id="1.2.never-issued",
        channel_id=CHANNEL,
    )
    assert bot.sender.send(request).status == 200
    bot.settle()  # fails if anything reached Bolt's error handler
    assert "please try again" in " ".join(bot.ephemerals(STARTER))


def test_saving_the_roles_form_keeps_command_line_holders_and_hands_over_command_last(
    bot: Bot,
) -> None:
    from bot.incidents import service

    bot.command("start phi-leak Photo with a chart", STARTER)
    bot.settle()
    ref = bot.newest_ref()
    service.assign_role(
        bot.runtime.ctx, incident=ref, role_id="legal", user_id="cli:ann", actor=STARTER
    )
    bot.click(ids.Action.ROLES_OPEN, ref, STARTER, message=bot.checklist(ref))
    view = bot.last_view(STARTER)
    legal = next(b for b in view["blocks"] if b.get("block_id") == "role|legal")
    assert "cli:ann" in legal["hint"]["text"]
    values = {
        "role|commander": {"value": ("users_select", "U0LEE")},  # hands over command
        "role|comms": {"value": ("users_select", "U0JO")},  # and, in the same save, assigns comms
    }
    reply = bot.submit(view, STARTER, values)
    assert reply.status == 200 and not reply.body.strip(), reply.body  # no errors in the form
    bot.settle()
    roles = {r.id: h for r, h in incident_view.get_incident(bot.runtime.ctx, ref).roles}
    assert (
        roles["commander"] == "U0LEE" and roles["comms"] == "U0JO" and roles["legal"] == "cli:ann"
    )


def test_a_channel_the_bot_cannot_see_is_refused_with_how_to_fix_it(bot: Bot) -> None:
    reply = bot.command("start phi-leak Photo with a chart", STARTER, channel="C0PRIVATE")
    assert "cannot see" in reply.json()["text"] and "/invite @crisisbot" in reply.json()["text"]
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []
