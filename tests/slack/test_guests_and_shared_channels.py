"""Guests and Slack Connect through Slack and the command line: a guest or someone from
another organisation who clicks Done is told why not, in words and by name, and nothing
changes; they cannot be given a role in the roles form; an incident is not started in a
channel shared with another organisation; when Slack says a guest became a member, they
may act. Their replies in the thread are still kept."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.slack import ids
from tests.conftest import Result
from tests.slack.harness import CHANNEL, HOSPITAL, Bot, find_button, running_bot

COMMANDER, GUEST, SINGLE, PARTNER = "U0DANA", "U0GUEST", "U0SINGLE", "U0PARTNER"
SHARED = "C0AGENCY"


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url, **HOSPITAL) as running:
        fake = running.fake
        fake.add_user(GUEST, "gus", "Gus Guest", guest="multi")
        fake.add_user(SINGLE, "sid", "Sid Single", guest="single")
        fake.add_user(PARTNER, "pat", "Pat Partner", team="T0AGENCY")
        for user in (GUEST, SINGLE, PARTNER):
            fake.set_member(CHANNEL, user)
        fake.add_channel(SHARED, "with-our-agency", {COMMANDER, PARTNER}, ext_shared=True)
        yield running


def _tick_as(bot: Bot, ref: str, user: str) -> str:
    checklist = bot.checklist(ref)
    button = find_button(checklist, ids.Action.STEP_DONE, f"{ref}|capture-evidence")
    bot.click(ids.Action.STEP_DONE, button["value"], user, message=checklist)
    bot.settle()
    return " ".join(bot.ephemerals(user))


def _status(bot: Bot, ref: str) -> str:
    view = incident_view.get_incident(bot.runtime.ctx, ref)
    return next(s.status for s in view.steps if s.step.id == "capture-evidence")


@pytest.mark.parametrize(
    ("user", "said"),
    [
        (GUEST, "Gus Guest is a guest in this workspace; guests can add to the thread"),
        (SINGLE, "Sid Single is a guest in this workspace; guests can add to the thread"),
        (PARTNER, "Pat Partner is from another organisation (a channel shared through Slack"),
    ],
)
def test_a_guest_or_partner_clicking_done_is_told_why_and_nothing_changes(
    bot: Bot, user: str, said: str
) -> None:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    told = _tick_as(bot, ref, user)
    assert said in told and "cannot tick" in told, told
    assert _status(bot, ref) == "open"
    # Their reply in the thread is still kept.
    root = bot.root(ref)
    bot.event(sr.message_event(CHANNEL, user, "The post has 2,000 shares now", thread_ts=root.ts))
    bot.settle()
    texts = [e.text for e in incident_view.log_entries(bot.runtime.ctx, ref)]
    assert any("2,000 shares" in t for t in texts), texts
    # The commander, a member, may.
    _tick_as(bot, ref, COMMANDER)
    assert _status(bot, ref) == "done"


def test_the_roles_form_refuses_a_guest_by_name_next_to_the_role(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    bot.click(ids.Action.ROLES_OPEN, ref, COMMANDER, message=bot.checklist(ref))
    view = bot.last_view(COMMANDER)
    answer = bot.submit(view, COMMANDER, {"role|comms": {"value": ("users_select", GUEST)}})
    errors = answer.json()["errors"]
    assert "Gus Guest is a guest in this workspace" in errors["role|comms"], errors
    assert "cannot hold a role" in errors["role|comms"]
    holders = dict(incident_view.get_incident(bot.runtime.ctx, ref).roles)
    assert GUEST not in holders.values()


def test_no_incident_starts_in_a_channel_shared_with_another_organisation(bot: Bot) -> None:
    bot.command("start er-complaint-storm Reviews about waits", COMMANDER, channel=SHARED)
    bot.settle()
    said = " ".join(bot.ephemerals(COMMANDER))
    assert "shared with another organisation (Slack Connect)" in said, said
    assert incident_view.list_incidents(bot.runtime.ctx, include_closed=True) == []


def test_a_guest_made_a_member_may_hold_a_role_and_act(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    assert "cannot tick" in _tick_as(bot, ref, GUEST)
    promoted = bot.fake.add_user(GUEST, "gus", "Gus Guest").to_api(bot.fake.team_id)
    bot.event({"type": "user_change", "user": promoted, "event_ts": "1795000000.000300"})
    bot.settle()
    bot.assign_roles(ref, COMMANDER, {"comms": GUEST})  # a member now: given the role
    _tick_as(bot, ref, GUEST)
    assert _status(bot, ref) == "done"


def test_the_command_line_refuses_a_guest_too(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bot import people
    from bot.clock import utc_now
    from bot.store import connect, upgrade

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DATABASE_URL": url}
    started: Result = cli(
        "incident", "start", "viral-patient-video", "Video", "--as", COMMANDER, env=env
    )
    assert started.code == 0, started.err
    ref = started.out.split(":")[0]
    db = connect(url)
    upgrade(db)
    people.remember_standing(db, GUEST, people.GUEST, now=utc_now())
    people.remember_standing(db, PARTNER, people.OUTSIDER, now=utc_now())
    db.dispose()
    refused = cli("incident", "assign", ref, "comms", GUEST, "--as", COMMANDER, env=env)
    assert refused.code != 0 and "cannot hold a role" in refused.err, refused.err
    shown = cli("incident", "show", ref, env=env)
    assert GUEST not in shown.out

    # Every command that acts, by hand: a member without the role, a guest and someone
    # from another organisation are refused and told why; the one who may, does.
    def by_hand(*args: str, allowed: str = COMMANDER) -> None:
        for who, said in (
            ("cli:nobody", "only"),
            (GUEST, "is a guest in this workspace"),
            (PARTNER, "is from another organisation"),
        ):
            tried = cli("incident", *args, "--as", who, env=env)
            assert tried.code == 1 and said in tried.err, (args, who, tried)
        done = cli("incident", *args, "--as", allowed, env=env)
        assert done.code == 0 and "nothing changed" not in done.out, (args, done)

    by_hand("done", ref, "capture-evidence")
    by_hand("reopen", ref, "capture-evidence")
    by_hand("skip", ref, "brief-core-team", "--reason", "Briefed by phone")
    by_hand("assign", ref, "hr", "U0HR")
    by_hand("unassign", ref, "hr")
    by_hand("evidence", ref, "--url", "https://x.com/a/status/1", "--sha256", "ab" * 32)
    by_hand("advance", ref, "--override", "Spreading")
    for _ in range(3):  # to the last phase
        cli("incident", "advance", ref, "--override", "On", "--as", COMMANDER, env=env)
    by_hand("close", ref, "--override", "Handled")

    # A PHI leak's own: the discovery time, the assessment, a deadline met, a legal hold
    # (the privacy officer's, or an admin's).
    leak = cli("incident", "start", "phi-leak", "Chart photo", "--as", COMMANDER, env=env)
    assert leak.code == 0, leak.err
    ref = leak.out.split(":")[0]
    assert cli("incident", "assign", ref, "privacy", "U0PRIV", "--as", COMMANDER, env=env).code == 0
    by_hand("discovered", ref, "2026-12-01T09:00")
    by_hand(
        "assess", ref, "--nature", "First names", "--recipient", "Followers",
        "--acquired", "Viewed", "--mitigation", "Removed", "--affected", "3",
        "--state-max", "3", "--breach", "yes", "--reason", "Identifiers were public",
    )  # fmt: skip
    by_hand("deadline-met", ref, "notify-individuals")
    by_hand("hold", ref, "--reason", "Litigation expected", allowed="U0PRIV")
    by_hand("release", ref, "--reason", "Settled", allowed="U0PRIV")


def test_a_guest_in_the_channel_is_not_shown_a_confidential_incident(bot: Bot) -> None:
    leak = bot.start("phi-leak Chart photo on a staff account", COMMANDER)
    storm = bot.start("er-complaint-storm Reviews about waits", COMMANDER)
    bot.runtime.side.people.meet([GUEST])  # as on their first action: Slack says guest
    listed = bot.command("list", GUEST).body.decode()
    assert storm in listed and leak not in listed and "Chart photo" not in listed
    bot.event({"type": "app_home_opened", "user": GUEST, "tab": "home"})
    bot.settle()
    home = json.dumps(bot.fake.home(GUEST))
    assert storm in home and leak not in home
    assert leak in bot.command("list", COMMANDER).body.decode()


# Every action a person takes in Slack, spelled out by hand: how to try it, and what the
# form is given. The commander may; a member without the role, a guest and someone from
# another organisation are refused, told why, and nothing changes.
NOBODY = "U0NOBODY"
FORMS = {
    "tick": (ids.Action.STEP_DONE, None),
    "skip": (ids.Action.SKIP_OPEN, {"step": {"value": ("static_select", "capture-evidence")},
                                     "reason": {"value": "Captured by security"}}),
    "advance": (ids.Action.PHASE_ADVANCE, {"reason": {"value": "The post is spreading"}}),
    "close": (ids.Action.CLOSE_OPEN, {"reason": {"value": "Handled"}}),
    "assign": (ids.Action.ROLES_OPEN, {"role|hr": {"value": ("users_select", COMMANDER)}}),
    "report": ("/crisis report", None),
    "evidence": ("/crisis evidence", None),
}  # fmt: skip
SAID = {
    NOBODY: "only",
    GUEST: "is a guest in this workspace",
    PARTNER: "is from another organisation",
}


def _try(bot: Bot, ref: str, action: str, user: str) -> str:
    """`user` tries `action` in Slack; everything they were told."""
    control, values = FORMS[action]
    before = len(bot.ephemerals(user))
    answer = ""
    if action == "report":
        bot.command(f"report {ref}", user)
    elif action == "evidence":
        sha = "ab" * 32
        bot.command(f"evidence {ref} https://x.com/a/status/1 {sha}", user)
    else:
        checklist = bot.checklist(ref)
        value = f"{ref}|capture-evidence" if action == "tick" else ""
        button = find_button(checklist, control, value)
        bot.fake.close_views(user)
        bot.click(control, button["value"], user, message=checklist)
        bot.settle()
        form = bot.fake.open_view(user)
        if form is not None and values is not None:
            answer = bot.submit(form, user, values).body.decode()
    bot.settle()
    return answer + " ".join(bot.ephemerals(user)[before:])


def _state(bot: Bot, ref: str) -> tuple[int, int]:
    from sqlalchemy import func, select

    from bot.store.models import OutboxIntent

    with bot.runtime.ctx.db.readers() as session:
        reports = session.scalar(
            select(func.count()).select_from(OutboxIntent).where(OutboxIntent.kind == "report")
        )
    return len(incident_view.log_entries(bot.runtime.ctx, ref)), int(reports or 0)


@pytest.mark.parametrize("action", FORMS)
def test_every_action_in_slack_by_the_commander_and_by_three_who_may_not(
    bot: Bot, action: str
) -> None:
    bot.fake.add_user(NOBODY, "nobody", "Noa Body")
    bot.fake.set_member(CHANNEL, NOBODY)
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    # Any member may ask for the report (leadership reads it): no wrong role for it.
    for user in (GUEST, PARTNER) if action == "report" else (NOBODY, GUEST, PARTNER):
        before = _state(bot, ref)
        told = _try(bot, ref, action, user)
        assert SAID[user] in told, (action, user, told)
        assert _state(bot, ref) == before, (action, user)
    before = _state(bot, ref)
    told = _try(bot, ref, action, COMMANDER)
    assert _state(bot, ref) != before, (action, told)


# The rest of the actions in Slack, each with what it needs first and who may do it (the
# communications lead and privacy officer approve statements; the commander does the
# rest). A member without the role, a guest and someone from another organisation are
# refused, told why, and nothing changes; the one who may, does.
COMMS, PRIV = "U0COMMS", "U0PRIV"
CLEAN = "We have asked the platform to remove it and reminded our teams of the policy."


def _statement_values() -> dict[str, Any]:
    return {
        "template": {"value": ("static_select", "update")},
        "var|media": {"value": "video"},
        "var|platform": {"value": "TikTok"},
        "var|action_summary": {"value": CLEAN},
    }


def _click_and_fill(
    bot: Bot, control: str, value: str, user: str, fill: dict[str, Any], *, on: Any = None
) -> str:
    """`user` clicks `control` (on the checklist, or `on` another message) and, if a form
    opens, submits `fill`; what the form answered."""
    bot.fake.close_views(user)
    bot.click(control, value, user, message=on if on is not None else None)
    bot.settle()
    form = bot.fake.open_view(user)
    if form is None:
        return ""
    if form.get("callback_id") == ids.Form.DRAFT_STATEMENT:  # the template redraws the form
        chosen = sr.static_select_action("value", "template", "update")
        bot.select(chosen, user, view=form)
        bot.settle()
        form = bot.fake.open_view(user)
    return bot.submit(form, user, fill).body.decode()


def _drafted(bot: Bot, ref: str, approvers: tuple[str, ...] = ()) -> None:
    from bot.statements import review
    from bot.statements import service as statements

    ctx = bot.runtime.ctx
    statements.draft_statement(
        ctx, incident=ref, template_id="update", actor=COMMANDER,
        variables={"media": "video", "platform": "TikTok", "action_summary": CLEAN},
    )  # fmt: skip
    for user in approvers:
        review.approve_statement(ctx, incident=ref, statement=1, version=1, actor=user)
    bot.settle()


def _ticked(bot: Bot, ref: str) -> None:
    from bot.incidents import service

    service.complete_step(
        bot.runtime.ctx, incident=ref, step_id="capture-evidence", actor=COMMANDER
    )
    bot.settle()


def _assessment() -> dict[str, Any]:
    return {
        "nature": {"value": "First names on a whiteboard"},
        "recipient": {"value": "Public followers of a staff account"},
        "acquired": {"value": "About 300 views before removal"},
        "mitigation": {"value": "Removed in 3 hours"},
        "affected": {"value": ("number_input", "3")},
        "state_residents_max": {"value": ("number_input", "3")},
        "breach": {"value": ("radio_buttons", "yes")},
        "reason": {"value": "Identifiers were public"},
    }


def _discovered(bot: Bot) -> dict[str, Any]:
    when = bot.runtime.ctx.clock() - dt.timedelta(hours=5)
    return {"discovered_at": {"value": ("datetimepicker", int(when.timestamp()))}}


@dataclass(frozen=True)
class Act:
    playbook: str
    allowed: str
    attempt: Callable[[Bot, str, str], str]
    before: Callable[[Bot, str], None] = lambda bot, ref: None


STEP = "capture-evidence"
ACTS = {
    "reopen": Act(
        "viral-patient-video", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.STEP_REOPEN,
            find_button(bot.checklist(ref), ids.Action.STEP_REOPEN, f"{ref}|{STEP}")["value"],
            u, {}, on=bot.checklist(ref),
        ),
        _ticked,
    ),
    "on it": Act(
        "viral-patient-video", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.ON_IT, f"{ref}|{STEP}", u, {}, on=bot.checklist(ref)
        ),
    ),
    "draft": Act(
        "viral-patient-video", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.STATEMENT_OPEN, ref, u, _statement_values(), on=bot.checklist(ref)
        ),
    ),
    "approve": Act(
        "viral-patient-video", COMMS,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.STATEMENT_APPROVE,
            find_button(bot.card(ref), ids.Action.STATEMENT_APPROVE)["value"],
            u, {}, on=bot.card(ref),
        ),
        _drafted,
    ),
    "publish": Act(
        "viral-patient-video", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.STATEMENT_PUBLISH_OPEN,
            find_button(bot.card(ref), ids.Action.STATEMENT_PUBLISH_OPEN)["value"],
            u, {"platform": {"value": "X"}, "url": {"value": "https://x.com/rgh/status/1"}},
            on=bot.card(ref),
        ),
        lambda bot, ref: _drafted(bot, ref, (COMMS, PRIV)),
    ),
    "set discovery": Act(
        "phi-leak", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.DISCOVERY_OPEN, ref, u, _discovered(bot), on=bot.checklist(ref)
        ),
    ),
    "assess": Act(
        "phi-leak", COMMANDER,
        lambda bot, ref, u: _click_and_fill(
            bot, ids.Action.ASSESS_OPEN, ref, u, _assessment(), on=bot.checklist(ref)
        ),
    ),
}  # fmt: skip


@pytest.mark.parametrize("action", ACTS)
def test_the_rest_of_the_actions_in_slack_by_one_who_may_and_three_who_may_not(
    bot: Bot, action: str
) -> None:
    act = ACTS[action]
    for user, name in ((NOBODY, "Noa Body"), (COMMS, "Cam Comms"), (PRIV, "Pri Vacy")):
        bot.fake.add_user(user, name.split()[0].lower(), name)
        bot.fake.set_member(CHANNEL, user)
    ref = bot.start(f"{act.playbook} Something to handle", COMMANDER)
    bot.assign_roles(ref, COMMANDER, {"comms": COMMS, "privacy": PRIV})
    act.before(bot, ref)
    for user in (NOBODY, GUEST, PARTNER):
        before = _state(bot, ref)
        start = len(bot.ephemerals(user))
        answer = act.attempt(bot, ref, user)
        told = answer + " ".join(bot.ephemerals(user)[start:])
        assert SAID[user] in told, (action, user, told)
        assert _state(bot, ref) == before, (action, user)
    before = _state(bot, ref)
    start = len(bot.ephemerals(act.allowed))
    answer = act.attempt(bot, ref, act.allowed)
    assert _state(bot, ref) != before, (action, answer, bot.ephemerals(act.allowed)[start:])
