"""Statements without Slack: templates, the privacy check on every draft, approval by the
right people, versions, publication, and what the log keeps of each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.incidents import service
from bot.incidents import view as incident_view
from bot.phi import scan
from bot.phi.model import Org
from bot.playbooks.load import load_dir
from bot.render.statements import card
from bot.statements import platforms, review, screening
from bot.statements import service as statements
from bot.statements.templates import TemplateError, load_template, render, statement_path
from bot.statements.view import get_statement, list_statements
from bot.store.models import Refusal, Statement
from tests.conftest import MESSAGES, PLAYBOOKS

CMD, COMMS, PRIV, LEGAL, NURSE = "UCMD", "UCOMMS", "UPRIV", "ULEGAL", "UNURSE"
ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    email="media@riversidegeneral.org",
    website="https://www.riversidegeneral.org",
)
ORG_VALUES = screening.org_values(ORG)
PHI_SUMMARY = "We have spoken with Mr. Alvarez and his daughter about the video."
CLEAN_SUMMARY = "We have asked the platform to remove it and reminded our teams of the policy."

TEMPLATES = [
    (playbook.id, sid)
    for playbook in load_dir(PLAYBOOKS, MESSAGES).values()
    for sid in playbook.statements
]


@pytest.fixture
def sctx(ctx: service.Context) -> service.Context:
    return dataclasses.replace(ctx, org=ORG)


def _staffed(ctx: service.Context, playbook: str = "viral-patient-video") -> str:
    ref = service.start_incident(
        ctx, playbook_id=playbook, title="Video on TikTok", actor=CMD
    ).incident
    for role, user in (("comms", COMMS), ("privacy", PRIV), ("legal", LEGAL)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


def _kinds(ctx: service.Context, ref: str) -> list[str]:
    return [e.kind for e in incident_view.log_entries(ctx, ref)]


def _draft(ctx: service.Context, ref: str, summary: str = CLEAN_SUMMARY, **kw: object) -> int:
    statements.draft_statement(
        ctx,
        incident=ref,
        template_id="update",
        variables={"media": "video", "platform": "TikTok", "action_summary": summary},
        actor=kw.pop("actor", COMMS),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    return list_statements(ctx, ref)[-1].number


# -- templates ---------------------------------------------------------------------------


@pytest.mark.parametrize(("playbook_id", "statement_id"), TEMPLATES)
def test_every_template_renders_with_its_examples_and_passes_the_privacy_check(
    playbook_id: str, statement_id: str
) -> None:
    template = load_template(statement_path(MESSAGES, playbook_id, statement_id))
    values = {v.name: v.example for v in template.variables}
    assert all(values.values()), "every variable has a realistic example"
    text = render(template, values, ORG_VALUES)
    most = platforms.limit(template, platforms.platform(None, template))
    assert most is None or len(text) <= most, f"{len(text)} > {most}"
    assert scan(text, ORG) == [], [f.to_dict() for f in scan(text, ORG)]
    assert "{{" not in text and "{%" not in text
    # The optional variables left empty still read as a whole statement.
    required = {v.name: v.example for v in template.variables if v.required}
    assert scan(render(template, required, ORG_VALUES), ORG) == []


def test_each_playbook_has_holding_update_reply_and_staff_templates() -> None:
    for playbook in load_dir(PLAYBOOKS, MESSAGES).values():
        audiences = {
            load_template(statement_path(MESSAGES, playbook.id, sid)).audience
            for sid in playbook.statements
        }
        assert {"initial-holding", "update", "reply-to-commenter", "staff-reminder"} <= set(
            playbook.statements
        )
        assert {"public-post", "reply", "internal"} <= audiences


def test_rendering_without_a_required_variable_names_it() -> None:
    template = load_template(statement_path(MESSAGES, "viral-patient-video", "update"))
    with pytest.raises(InvalidInput, match="needs media"):
        render(template, {"platform": "TikTok"}, ORG_VALUES)
    with pytest.raises(InvalidInput, match="no variable patient"):
        render(template, {"media": "video", "patient": "x"}, ORG_VALUES)


# -- drafting and the privacy check --------------------------------------------------------


def test_a_clean_draft_awaits_approval_and_is_logged_with_its_text(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    st = get_statement(sctx, ref, number)
    assert (st.status, st.version, st.author) == ("awaiting", 1, COMMS)
    assert CLEAN_SUMMARY in st.text and ORG.phone in st.text
    drafted = [e for e in incident_view.log_entries(sctx, ref) if e.kind == "statement_drafted"]
    assert drafted[-1].data["statement_text"] == st.text
    assert [r.decision for r in st.reviews] == [None, None]


def test_a_draft_with_a_patient_name_is_refused_saved_nowhere_and_the_refusal_logged(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    with pytest.raises(screening.PrivacyFindings) as caught:
        _draft(sctx, ref, PHI_SUMMARY)
    assert "action_summary" in caught.value.by_field
    assert {f.kind for f in caught.value.findings} == {"name"}
    assert list_statements(sctx, ref) == []
    screened = [e for e in incident_view.log_entries(sctx, ref) if e.kind == "statement_screened"]
    assert len(screened) == 1 and screened[0].data["blocked"] is True
    assert "Alvarez" not in json.dumps(screened[0].data) + screened[0].text  # not copied


def test_patient_status_language_is_refused(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    with pytest.raises(screening.PrivacyFindings) as caught:
        _draft(sctx, ref, "Our nurses cared for her and she was discharged the same evening.")
    assert "patient_status" in {f.kind for f in caught.value.findings}


def test_only_the_privacy_officer_may_override_a_finding_and_the_override_is_logged(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    with pytest.raises(screening.PrivacyFindings) as caught:
        _draft(sctx, ref, PHI_SUMMARY)
    keys = {
        f.key: "The family asked us to name him and signed an authorization"
        for f in caught.value.findings
    }
    with pytest.raises(NotAllowed, match=r"only \S+ \(Privacy officer\) can override"):
        _draft(sctx, ref, PHI_SUMMARY, overrides=keys)
    number = _draft(sctx, ref, PHI_SUMMARY, overrides=keys, actor=PRIV)
    st = get_statement(sctx, ref, number)
    assert st.status == "awaiting" and st.overrides[0]["by"] == PRIV
    overrides = [e for e in incident_view.log_entries(sctx, ref) if e.kind == "phi_overridden"]
    assert len(overrides) == 1 and "authorization" in overrides[0].data["reason"]


def test_too_long_for_where_it_goes_is_refused(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    with pytest.raises(InvalidInput, match="at most 280 characters for X"):
        _draft(sctx, ref, "We are reviewing this. " * 12)
    assert list_statements(sctx, ref) == []


def test_the_length_limit_follows_the_platform_it_is_drafted_for(sctx: service.Context) -> None:
    """The same update: too long for X (280), Bluesky (300) and Threads (500), fine as an
    Instagram caption (2,200) or for the press (no limit)."""
    ref = _staffed(sctx)
    summary = "We have asked the platform to remove it and are reviewing our policy. " * 6
    for where, most in (("x", "280"), ("bluesky", "300"), ("threads", "500")):
        with pytest.raises(InvalidInput, match=f"at most {most} characters for "):
            _draft(sctx, ref, summary, platform=where)
    assert list_statements(sctx, ref) == []
    _draft(sctx, ref, summary, platform="instagram")
    _draft(sctx, ref, summary, platform="press")
    drafted = list_statements(sctx, ref)
    assert [(s.number, s.platform) for s in drafted] == [(1, "instagram"), (2, "press")]
    assert len(drafted[0].text) > 500
    with pytest.raises(InvalidInput, match="Unknown platform 'myspace'") as unknown:
        _draft(sctx, ref, summary, platform="myspace")
    assert unknown.value.field == "platform"
    # A new version keeps the statement's platform unless told otherwise.
    statements.draft_statement(
        sctx,
        incident=ref,
        template_id="update",
        variables={"media": "video", "action_summary": summary * 2},
        actor=COMMS,
        statement=1,
    )
    assert get_statement(sctx, ref, 1).platform == "instagram"
    assert "for Instagram" in incident_view.log_entries(sctx, ref)[-1].text


def test_an_instagram_caption_over_2200_characters_is_refused(
    sctx: service.Context, tmp_path: Path
) -> None:
    path = tmp_path / "caption.j2"
    path.write_text("---\ntitle: Caption\naudience: public-post\n---\n" + "Thank you. " * 210)
    template = load_template(path)
    with pytest.raises(InvalidInput, match="2,309 characters; at most 2,200 characters for Inst"):
        screening.screen(sctx, template, {}, platforms.PLATFORMS["instagram"])
    assert len(screening.screen(sctx, template, {}, platforms.PLATFORMS["tiktok"]).text) == 2309


def test_a_template_can_cap_its_own_length_below_the_platforms(tmp_path: Path) -> None:
    path = tmp_path / "note.j2"
    path.write_text("---\ntitle: Note\naudience: press\nmax_length: 50\n---\nHello\n")
    template = load_template(path)
    press = platforms.PLATFORMS["press"]
    assert platforms.limit(template, press) == 50
    assert (
        platforms.describe(template, press) == "at most 50 characters (this template's own limit)"
    )
    assert platforms.limit(template, platforms.PLATFORMS["x"]) == 50
    path.write_text("---\ntitle: Note\naudience: press\nplatform: fax\n---\nHello\n")
    with pytest.raises(TemplateError, match="platform: must be one of x, bluesky"):
        load_template(path)


def test_a_draft_too_long_also_shows_its_privacy_findings(sctx: service.Context) -> None:
    """Shortening the text should not be the first time the name shows up."""
    ref = _staffed(sctx)
    with pytest.raises(InvalidInput) as refused:
        _draft(sctx, ref, PHI_SUMMARY + " We are reviewing this." * 12)
    message = str(refused.value)
    assert "at most 280 characters for X" in message
    assert "The privacy check also found" in message
    assert "Alvarez" in message
    assert list_statements(sctx, ref) == []


def test_someone_holding_no_role_cannot_draft(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    with pytest.raises(NotAllowed, match="holding a role"):
        _draft(sctx, ref, actor=NURSE)
    with sctx.db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Statement)) == 0
        assert (
            s.scalar(select(func.count()).select_from(Refusal).where(Refusal.action == "draft"))
            == 1
        )


def test_a_double_submitted_form_drafts_one_statement(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    _draft(sctx, ref, draft_key="view:V1")
    _draft(sctx, ref, draft_key="view:V1")
    assert len(list_statements(sctx, ref)) == 1


def test_unknown_template_names_the_ones_there_are(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    with pytest.raises(NotFound, match="initial-holding"):
        statements.draft_statement(
            sctx, incident=ref, template_id="apology", variables={}, actor=COMMS
        )


# -- approval ------------------------------------------------------------------------------


def test_every_approver_role_approves_and_then_it_is_ready(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    st = get_statement(sctx, ref, number)
    assert st.status == "awaiting" and "Privacy officer" in st.missing
    again = review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    assert not again.changed
    review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=PRIV)
    st = get_statement(sctx, ref, number)
    assert st.status == "approved" and st.approved_at is not None and st.missing == ""
    finals = [
        e.data["final"]
        for e in incident_view.log_entries(sctx, ref)
        if e.kind == "statement_approved"
    ]
    assert finals == [False, True]


@pytest.mark.parametrize("who", [LEGAL, CMD, NURSE])
def test_people_without_an_approver_role_cannot_approve(sctx: service.Context, who: str) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    # The refusal says who the approvers are.
    approvers = rf"only {COMMS} \(Communications lead\) or {PRIV} \(Privacy officer\) can approve"
    with pytest.raises(NotAllowed, match=approvers):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=who)
    assert get_statement(sctx, ref, number).reviews[0].decision is None


def test_one_person_holding_every_approver_role_cannot_approve_alone(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    service.assign_role(sctx, incident=ref, role_id="privacy", user_id=COMMS, actor=CMD)
    number = _draft(sctx, ref)
    review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    st = get_statement(sctx, ref, number)
    assert st.status == "awaiting" and "second person" in st.missing
    with pytest.raises(InvalidInput, match="not approved yet"):
        statements.publish_statement(
            sctx, incident=ref, statement=number, actor=COMMS, platform="X"
        )


def test_an_edit_makes_a_new_version_and_resets_approvals(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    review.request_changes(
        sctx,
        incident=ref,
        statement=number,
        version=1,
        actor=PRIV,
        comment="Say less about the policy.",
    )
    st = get_statement(sctx, ref, number)
    assert st.status == "changes" and st.reviews[1].comment == "Say less about the policy."
    unchanged = statements.draft_statement(
        sctx,
        incident=ref,
        template_id="update",
        actor=COMMS,
        statement=number,
        variables={"media": "video", "platform": "TikTok", "action_summary": CLEAN_SUMMARY},
    )
    assert not unchanged.changed
    _draft(sctx, ref, "We have asked the platform to remove it.", statement=number)
    st = get_statement(sctx, ref, number)
    assert (st.version, st.status) == (2, "awaiting")
    assert [r.decision for r in st.reviews] == [None, None]
    with pytest.raises(InvalidInput, match="newer version"):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=PRIV)
    assert len(list_statements(sctx, ref)) == 1


# -- publication -------------------------------------------------------------------------


def test_an_approved_statement_is_published_where_and_when(
    sctx: service.Context, clock: FixedClock
) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    with pytest.raises(InvalidInput, match="not approved yet"):
        statements.publish_statement(
            sctx, incident=ref, statement=number, actor=COMMS, platform="X"
        )
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=who)
    clock.advance(minutes=5)
    with pytest.raises(InvalidInput, match="web address"):
        statements.publish_statement(
            sctx,
            incident=ref,
            statement=number,
            actor=COMMS,
            platform="X",
            url="javascript:alert(1)",
        )
    with pytest.raises(InvalidInput, match="future"):
        statements.publish_statement(
            sctx,
            incident=ref,
            statement=number,
            actor=COMMS,
            platform="X",
            published_at=clock() + dt.timedelta(hours=1),
        )
    with pytest.raises(NotAllowed):
        statements.publish_statement(
            sctx, incident=ref, statement=number, actor=NURSE, platform="X"
        )
    statements.publish_statement(
        sctx,
        incident=ref,
        statement=number,
        actor=COMMS,
        platform="X",
        url="https://x.com/riverside/status/1",
    )
    statements.publish_statement(
        sctx, incident=ref, statement=number, actor=CMD, platform="Facebook"
    )
    st = get_statement(sctx, ref, number)
    assert st.status == "published" and st.published_at == clock()
    assert [p.platform for p in st.publications] == ["X", "Facebook"]
    with pytest.raises(InvalidInput, match="published"):
        _draft(sctx, ref, statement=number)
    kinds = _kinds(sctx, ref)
    assert kinds.count("statement_published") == 2
    assert incident_view.verify_log(sctx, ref).ok


def test_a_finding_that_appears_later_stops_approval(sctx: service.Context) -> None:
    """The guard runs again at approval: a stored text the check now flags is refused."""
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    with sctx.db.begin() as s:  # as if the check learned a new pattern since the draft
        from bot.store.models import StatementVersion

        row = s.scalars(select(StatementVersion)).one()
        row.text += " Call Maria Lopez at 617-555-0199."
    with pytest.raises(screening.PrivacyFindings):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    assert get_statement(sctx, ref, number).reviews[0].decision is None


def test_a_template_using_an_unset_org_contact_names_the_setting(ctx: service.Context) -> None:
    ref = _staffed(ctx)  # ctx has no ORG_* values
    with pytest.raises(InvalidInput, match="ORG_PHONE, which is not set"):
        _draft(ctx, ref)
    assert list_statements(ctx, ref) == []


# Who may do what with statements, spelled out by hand (not generated from the policy).
# actor -> may they: draft, approve, mark as published, override a privacy finding
STATEMENT_MATRIX = [
    (CMD, True, False, True, False),
    (COMMS, True, True, True, False),
    (PRIV, True, True, True, True),
    (LEGAL, True, False, False, False),
    (NURSE, False, False, False, False),
    ("UADMIN", True, False, True, False),
]


@pytest.mark.parametrize(("actor", "draft", "approve", "publish", "override"), STATEMENT_MATRIX)
def test_statement_access_matrix(
    sctx: service.Context, actor: str, draft: bool, approve: bool, publish: bool, override: bool
) -> None:
    ref = _staffed(sctx)
    to_review = _draft(sctx, ref)
    to_publish = _draft(sctx, ref, "We have asked the platform to remove it.")
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=to_publish, version=1, actor=who)
    with pytest.raises(screening.PrivacyFindings) as caught:
        _draft(sctx, ref, PHI_SUMMARY)
    keys = {f.key: "signed authorization on file" for f in caught.value.findings}

    def allowed(call) -> bool:  # type: ignore[no-untyped-def]
        try:
            call()
            return True
        except NotAllowed:
            return False

    assert allowed(lambda: _draft(sctx, ref, actor=actor)) is draft
    assert (
        allowed(
            lambda: review.approve_statement(
                sctx, incident=ref, statement=to_review, version=1, actor=actor
            )
        )
        is approve
    )
    assert (
        allowed(
            lambda: statements.publish_statement(
                sctx, incident=ref, statement=to_publish, actor=actor, platform="X"
            )
        )
        is publish
    )
    assert allowed(lambda: _draft(sctx, ref, PHI_SUMMARY, overrides=keys, actor=actor)) is override


# -- what a review of the first version found ------------------------------------------------


@pytest.mark.parametrize(
    "summary",
    [
        "We have spoken with Mr. \uff21lvarez about the video.",  # full-width A
        "It was a pleasure car\u200bing for her.",  # zero-width space
        "Write to tom\u200b@gmail.com for the video.",
    ],
)
def test_invisible_or_lookalike_characters_do_not_hide_patient_information(
    sctx: service.Context, summary: str
) -> None:
    ref = _staffed(sctx)
    with pytest.raises(screening.PrivacyFindings):
        _draft(sctx, ref, summary)


def test_the_saved_text_is_the_checked_text_without_invisible_characters(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref, "We have asked the platform\u200b to remove it.")
    assert "\u200b" not in get_statement(sctx, ref, number).text


def test_an_override_holds_only_for_the_text_the_privacy_officer_checked(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    twice = "We spoke with Mr. Alvarez; Mr. Alvarez agreed to be named."
    with pytest.raises(screening.PrivacyFindings) as caught:
        _draft(sctx, ref, twice)
    ids = {f.short_id: "written authorization on file" for f in caught.value.findings}
    assert len(ids) == 1, "the same name twice is one finding to override"
    seen = screening.text_digest("some other text")
    with pytest.raises(InvalidInput, match="changed since"):
        _draft(sctx, ref, twice, overrides=ids, checked=seen, actor=PRIV)
    template = screening.template_of(sctx, incident_view.get_incident(sctx, ref).playbook, "update")
    values = {"media": "video", "platform": "TikTok", "action_summary": twice}
    checked = screening.text_digest(screening.screen(sctx, template, values).text)
    number = _draft(sctx, ref, twice, overrides=ids, checked=checked, actor=PRIV)
    assert len(get_statement(sctx, ref, number).overrides) == 1


@pytest.fixture
def one_approver(sctx: service.Context, tmp_path: Path) -> service.Context:
    """The viral video playbook with communications as its only approver role."""
    folder = tmp_path / "playbooks"
    folder.mkdir()
    text = (PLAYBOOKS / "viral-patient-video.yaml").read_text(encoding="utf-8")
    assert "approvers: [comms, privacy]" in text
    (folder / "viral-patient-video.yaml").write_text(
        text.replace("approvers: [comms, privacy]", "approvers: [comms]"), encoding="utf-8"
    )
    return dataclasses.replace(sctx, playbooks_dir=folder)


def test_with_one_approver_role_the_person_who_wrote_the_version_cannot_approve_it(
    one_approver: service.Context,
) -> None:
    ctx = one_approver
    ref = _staffed(ctx)
    number = _draft(ctx, ref, actor=LEGAL)
    _draft(ctx, ref, "We have asked the platform to remove it.", statement=number)  # comms: v2
    review.approve_statement(ctx, incident=ref, statement=number, version=2, actor=COMMS)
    st = get_statement(ctx, ref, number)
    assert st.status == "awaiting" and "did not write it" in st.missing
    service.assign_role(ctx, incident=ref, role_id="comms", user_id="UCOMMS2", actor=CMD)
    review.approve_statement(ctx, incident=ref, statement=number, version=2, actor="UCOMMS2")
    assert get_statement(ctx, ref, number).status == "approved"


def test_a_role_handed_to_someone_else_is_approved_again_by_its_new_holder(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    service.assign_role(sctx, incident=ref, role_id="privacy", user_id=COMMS, actor=CMD)
    number = _draft(sctx, ref)
    review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=COMMS)
    assert "second person" in get_statement(sctx, ref, number).missing
    service.assign_role(sctx, incident=ref, role_id="privacy", user_id=PRIV, actor=CMD)
    assert "Privacy officer" in get_statement(sctx, ref, number).missing
    outcome = review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=PRIV)
    assert outcome.changed
    assert get_statement(sctx, ref, number).status == "approved"


def test_an_edit_or_publication_of_an_older_version_is_refused(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    _draft(sctx, ref, "We have asked the platform to remove it.", statement=number, version=1)
    with pytest.raises(InvalidInput, match="newer version"):
        _draft(sctx, ref, "We are looking into it.", statement=number, version=1)
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=number, version=2, actor=who)
    with pytest.raises(InvalidInput, match="now at v2"):
        statements.publish_statement(
            sctx, incident=ref, statement=number, actor=COMMS, platform="X", version=1
        )
    assert get_statement(sctx, ref, number).status == "approved"


def test_recording_the_same_publication_twice_records_it_once(sctx: service.Context) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=who)
    for _ in range(2):
        statements.publish_statement(
            sctx,
            incident=ref,
            statement=number,
            actor=COMMS,
            platform="X",
            url="https://x.com/riverside/status/1",
            version=1,
        )
    assert len(get_statement(sctx, ref, number).publications) == 1


@pytest.mark.parametrize(
    "url", ["https://x.com/a><!channel>|b", "https://x.com/a b", 'https://x.com/"a"']
)
def test_a_link_that_could_break_out_of_a_slack_link_is_refused(
    sctx: service.Context, url: str
) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=who)
    with pytest.raises(InvalidInput, match="web address"):
        statements.publish_statement(
            sctx, incident=ref, statement=number, actor=COMMS, platform="X", url=url
        )


def test_the_card_escapes_what_people_typed_and_shows_the_whole_text(
    sctx: service.Context,
) -> None:
    ref = _staffed(sctx)
    number = _draft(sctx, ref)
    review.request_changes(
        sctx,
        incident=ref,
        statement=number,
        version=1,
        actor=PRIV,
        comment="<!channel> & <@U999> please look",
    )
    for who in (COMMS, PRIV):
        review.approve_statement(sctx, incident=ref, statement=number, version=1, actor=who)
    statements.publish_statement(
        sctx,
        incident=ref,
        statement=number,
        actor=COMMS,
        platform="<!here> X|Y",
        url="https://x.com/riverside/status/1?a=1&b=2",
    )
    _text, blocks = card(get_statement(sctx, ref, number), ZoneInfo("America/Chicago"))
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "<!here>" not in shown and "&lt;!here&gt; X¦Y" in shown
    assert "https://x.com/riverside/status/1?a=1&amp;b=2|" in shown
    assert CLEAN_SUMMARY in shown  # the whole text, ready to copy
