"""Who may take part in an incident: only the workspace's members act. A guest (single-
or multi-channel) or someone from another organisation (a channel shared through Slack
Connect) may add to the thread and nothing more, even holding a role; they cannot be
given one; and an incident is not started in a channel shared with another organisation
unless its playbook allows it. Every refusal says why, in words, changes nothing, and is
recorded. The table below is spelled out by hand, action by action (not generated from
the access table), with a member allowed, a member in the wrong role refused, and the
allowed person refused once Slack says they are a guest or from outside."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import people
from bot.errors import NotAllowed
from bot.incidents import breach, service
from bot.incidents import view as incident_view
from bot.phi.model import Org
from bot.reminders import service as reminders
from bot.reminders.policy import Policy
from bot.statements import review
from bot.statements import service as statements
from bot.store.models import LogEntry, Refusal
from tests.conftest import PLAYBOOKS, START

CMD, COMMS, PRIV, LEGAL, NURSE, NEW = "UCMD", "UCOMMS", "UPRIV", "ULEGAL", "UNURSE", "UNEW"
SUMMARY = "We removed the post and are reviewing how it was recorded."
ORG = Org(
    name="Riverside General Hospital", phone="(617) 555-0100",
    email="media@riversidegeneral.org", website="https://www.riversidegeneral.org",
)  # fmt: skip


@pytest.fixture
def ctx(ctx: service.Context) -> service.Context:
    """The statements' templates sign with the hospital's name and contacts."""
    return dataclasses.replace(ctx, org=ORG)


def _staffed(ctx: service.Context) -> str:
    ref = service.start_incident(
        ctx,
        playbook_id="viral-patient-video",
        title="Video of our lobby",
        actor=CMD,
        channel_id="C0CRISIS",
    ).incident
    for role, user in (("comms", COMMS), ("privacy", PRIV), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _drafted(ctx: service.Context, ref: str) -> int:
    statements.draft_statement(
        ctx, incident=ref, template_id="update", actor=COMMS,
        variables={"media": "video", "platform": "TikTok", "action_summary": SUMMARY},
    )  # fmt: skip
    return 1


def _approved(ctx: service.Context, ref: str) -> int:
    number = _drafted(ctx, ref)
    for approver in (PRIV, COMMS):  # both approver roles, two different people
        review.approve_statement(ctx, incident=ref, statement=number, version=1, actor=approver)
    return number


def _ticked(ctx: service.Context, ref: str) -> None:
    service.complete_step(ctx, incident=ref, step_id="capture-evidence", actor=COMMS)


def _last_phase(ctx: service.Context, ref: str) -> None:
    phases = incident_view.get_incident(ctx, ref).playbook.phase_ids
    for _ in phases[:-1]:
        service.advance_phase(ctx, incident=ref, actor=CMD, override_reason="exercise")


@dataclasses.dataclass(frozen=True)
class Case:
    """One action: how to do it as someone, the member allowed to, a member in the
    wrong role (None: any member may), and what must be done first."""

    run: Callable[[service.Context, str, str], object]
    allowed: str
    wrong_role: str | None
    before: Callable[[service.Context, str], object] = lambda ctx, ref: None


CASES = {
    "start": Case(
        lambda ctx, ref, a: service.start_incident(
            ctx, playbook_id="viral-patient-video", title="Another video", actor=a
        ),
        CMD, None,
    ),
    "tick": Case(
        lambda ctx, ref, a: service.complete_step(
            ctx, incident=ref, step_id="capture-evidence", actor=a
        ),
        COMMS, PRIV,
    ),
    "reopen": Case(
        lambda ctx, ref, a: service.reopen_step(
            ctx, incident=ref, step_id="capture-evidence", actor=a
        ),
        COMMS, PRIV, _ticked,
    ),
    "skip": Case(
        lambda ctx, ref, a: service.skip_step(
            ctx, incident=ref, step_id="capture-evidence", actor=a, reason="already captured"
        ),
        COMMS, PRIV,
    ),
    "on it": Case(
        lambda ctx, ref, a: reminders.on_it(
            ctx, incident=ref, step_id="capture-evidence", actor=a, org=Policy()
        ),
        COMMS, PRIV,
    ),
    "assign": Case(
        lambda ctx, ref, a: service.assign_role(
            ctx, incident=ref, role_id="hr", user_id=NURSE, actor=a
        ),
        CMD, COMMS,
    ),
    "set discovery": Case(
        lambda ctx, ref, a: breach.set_discovered(
            ctx, incident=ref, discovered_at=START, actor=a
        ),
        PRIV, COMMS,
    ),
    "advance": Case(
        lambda ctx, ref, a: service.advance_phase(
            ctx, incident=ref, actor=a, override_reason="exercise"
        ),
        CMD, COMMS,
    ),
    "close": Case(
        lambda ctx, ref, a: service.close_incident(
            ctx, incident=ref, actor=a, override_reason="exercise over"
        ),
        CMD, COMMS, _last_phase,
    ),
    "draft": Case(
        lambda ctx, ref, a: statements.draft_statement(
            ctx, incident=ref, template_id="update", actor=a,
            variables={"media": "video", "platform": "TikTok", "action_summary": SUMMARY},
        ),
        COMMS, NURSE,
    ),
    "approve": Case(
        lambda ctx, ref, a: review.approve_statement(
            ctx, incident=ref, statement=1, version=1, actor=a
        ),
        PRIV, CMD, _drafted,
    ),
    "publish": Case(
        lambda ctx, ref, a: statements.publish_statement(
            ctx, incident=ref, statement=1, actor=a, platform="x"
        ),
        CMD, NURSE, _approved,
    ),
    "report": Case(
        lambda ctx, ref, a: service.request_report(ctx, incident=ref, actor=a), NURSE, None
    ),
}  # fmt: skip


def _log(ctx: service.Context) -> int:
    with ctx.db.readers() as session:
        return session.scalar(select(func.count()).select_from(LogEntry)) or 0


def _refused(ctx: service.Context, case: Case, ref: str, actor: str) -> str:
    before = _log(ctx)
    with pytest.raises(NotAllowed) as refusal:
        case.run(ctx, ref, actor)
    assert _log(ctx) == before, "a refusal changes nothing"
    with ctx.db.readers() as session:
        kept = session.scalars(select(Refusal.actor).order_by(Refusal.id.desc())).first()
    assert kept == actor, "and is recorded"
    return str(refusal.value)


@pytest.mark.parametrize("action", CASES)
def test_a_member_in_the_right_role_may_and_one_in_the_wrong_role_may_not(
    ctx: service.Context, action: str
) -> None:
    case = CASES[action]
    if case.wrong_role is not None:
        ref = _staffed(ctx)
        case.before(ctx, ref)
        said = _refused(ctx, case, ref, case.wrong_role)
        assert "only" in said and "can" in said, said
    ref = _staffed(ctx)
    case.before(ctx, ref)
    case.run(ctx, ref, case.allowed)


@pytest.mark.parametrize("action", CASES)
@pytest.mark.parametrize(
    ("standing", "said"),
    [
        (people.GUEST, "is a guest in this workspace; guests can add to the thread but cannot"),
        (people.OUTSIDER, "is from another organisation (a channel shared through Slack Connect)"),
    ],
)
def test_a_guest_or_someone_from_outside_may_not_even_holding_the_role(
    ctx: service.Context, action: str, standing: str, said: str
) -> None:
    case = CASES[action]
    ref = _staffed(ctx)
    case.before(ctx, ref)
    people.remember(ctx.db, case.allowed, "Sam Rivera", now=ctx.clock())
    people.remember_standing(ctx.db, case.allowed, standing, now=ctx.clock())
    reason = _refused(ctx, case, ref, case.allowed)
    assert f"Sam Rivera {said}" in reason, reason


@pytest.mark.parametrize("standing", [people.GUEST, people.OUTSIDER])
def test_guests_and_outsiders_may_add_to_the_thread(ctx: service.Context, standing: str) -> None:
    ref = _staffed(ctx)
    people.remember_standing(ctx.db, NURSE, standing, now=ctx.clock())
    assert service.add_note(ctx, incident=ref, text="The post is down", actor=NURSE).changed


@pytest.mark.parametrize("standing", [people.GUEST, people.OUTSIDER])
def test_a_guest_or_outsider_is_never_given_a_role(ctx: service.Context, standing: str) -> None:
    ref = _staffed(ctx)
    people.remember(ctx.db, NEW, "Pat Lee", now=ctx.clock())
    people.remember_standing(ctx.db, NEW, standing, now=ctx.clock())
    before = _log(ctx)
    with pytest.raises(NotAllowed, match=r"^Pat Lee .* cannot hold a role") as refusal:
        service.assign_role(ctx, incident=ref, role_id="hr", user_id=NEW, actor=CMD)
    assert refusal.value.field == "roles.hr"
    with pytest.raises(NotAllowed, match="cannot hold a role"):
        service.start_incident(
            ctx, playbook_id="viral-patient-video", title="Another", actor=CMD,
            assignments={"comms": NEW},
        )  # fmt: skip
    assert _log(ctx) == before
    # A member again (Slack says so), they may.
    people.remember_standing(ctx.db, NEW, people.MEMBER, now=ctx.clock())
    assert service.assign_role(ctx, incident=ref, role_id="hr", user_id=NEW, actor=CMD).changed


def test_no_incident_starts_in_a_channel_shared_with_another_organisation_unless_allowed(
    ctx: service.Context, tmp_path: Path
) -> None:
    with pytest.raises(NotAllowed, match="shared with another organisation") as refusal:
        service.start_incident(
            ctx, playbook_id="er-complaint-storm", title="Reviews", actor=CMD,
            channel_id="C0SHARED", channel_shared=True,
        )  # fmt: skip
    assert "<#C0SHARED>" in str(refusal.value) and refusal.value.field == "channel_id"
    assert incident_view.list_incidents(ctx) == []

    books = tmp_path / "playbooks"
    shutil.copytree(PLAYBOOKS, books)
    path = books / "er-complaint-storm.yaml"
    path.write_text(path.read_text() + "shared_channels: true\n")
    allowed = dataclasses.replace(ctx, playbooks_dir=books)
    started = service.start_incident(
        allowed, playbook_id="er-complaint-storm", title="Reviews", actor=CMD,
        channel_id="C0SHARED", channel_shared=True,
    )  # fmt: skip
    assert started.changed


def test_without_a_word_from_slack_a_person_is_taken_for_a_member() -> None:
    assert people.standing_from({"id": "U1", "team_id": "T1"}, "T1") == people.MEMBER
    assert people.standing_from({"id": "U1", "is_restricted": True}, "T1") == people.GUEST
    single = {"id": "U1", "is_restricted": True, "is_ultra_restricted": True}
    assert people.standing_from(single, "T1") == people.GUEST
    assert people.standing_from({"id": "U1", "team_id": "T2"}, "T1") == people.OUTSIDER
    assert people.standing_from({"id": "U1", "is_stranger": True}, "T1") == people.OUTSIDER
    grid = {"id": "U1", "team_id": "T2", "enterprise_user": {"enterprise_id": "E1"}}
    assert people.standing_from(grid, "T1", "E1") == people.MEMBER, "same organisation"
    assert people.standing_from(grid, "T1", "E9") == people.OUTSIDER


@pytest.mark.parametrize("action", [a for a in CASES if a != "start"])
def test_a_confidential_incident_is_acted_on_only_by_its_channels_members(
    ctx: service.Context, tmp_path: Path, action: str
) -> None:
    """The same table on a confidential incident: the person allowed is refused once they
    are not in its channel, or while Slack cannot say whether they are; back in the
    channel, they may. (Starting one is Slack's own: /crisis is typed in the channel.)"""
    books = tmp_path / "playbooks"
    shutil.copytree(PLAYBOOKS, books)
    path = books / "viral-patient-video.yaml"
    path.write_text(path.read_text() + "confidential: true\n")
    inside = {CMD, COMMS, PRIV, LEGAL, NURSE}
    slack = {"answers": True}

    def member(channel: str, user: str) -> bool | None:
        assert channel == "C0CRISIS"
        return user in inside if slack["answers"] else None

    ctx = dataclasses.replace(ctx, playbooks_dir=books, channel_member=member)
    case = CASES[action]
    ref = _staffed(ctx)
    case.before(ctx, ref)
    people.remember(ctx.db, case.allowed, "Sam Rivera", now=ctx.clock())
    inside.discard(case.allowed)
    said = _refused(ctx, case, ref, case.allowed)
    assert f"{ref} is confidential: only members of its channel and admins can" in said, said
    inside.add(case.allowed)
    slack["answers"] = False
    said = _refused(ctx, case, ref, case.allowed)
    assert "Slack could not say whether you are a member of its channel" in said, said
    slack["answers"] = True
    case.run(ctx, ref, case.allowed)


def test_a_confidential_incidents_roles_go_only_to_its_channels_members(
    ctx: service.Context, tmp_path: Path
) -> None:
    inside = {CMD}
    ctx = dataclasses.replace(ctx, channel_member=lambda channel, user: user in inside)
    people.remember(ctx.db, NEW, "Pat Lee", now=ctx.clock())
    with pytest.raises(NotAllowed, match="Pat Lee is not a member of this confidential") as no:
        service.start_incident(
            ctx, playbook_id="phi-leak", title="Chart photo", actor=CMD, channel_id="C0LEAK",
            channel_private=True, assignments={"privacy": NEW},
        )  # fmt: skip
    assert no.value.field == "roles.privacy"
    assert incident_view.list_incidents(ctx) == []
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Chart photo", actor=CMD, channel_id="C0LEAK",
        channel_private=True,
    ).incident  # fmt: skip
    with pytest.raises(NotAllowed, match="add them to the channel first"):
        service.assign_role(ctx, incident=ref, role_id="privacy", user_id=NEW, actor=CMD)
    inside.add(NEW)
    assert service.assign_role(ctx, incident=ref, role_id="privacy", user_id=NEW, actor=CMD).changed
