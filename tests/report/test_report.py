"""The post-incident report: facts checked against a scripted incident of each playbook,
escaping of hostile text in Markdown and HTML, times in the organisation's zone, the
timeline chart at both ends of the scale, and `crisisbot report`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot import people
from bot.clock import FixedClock
from bot.errors import NotFound, PrivacyWarning
from bot.incidents import breach, capture, service
from bot.incidents.view import log_entries
from bot.phi.model import Org
from bot.playbooks.load import load_one
from bot.playbooks.model import Playbook
from bot.report import Report, build_report, render_html, render_markdown
from bot.report.chart import chart
from bot.statements import review
from bot.statements import service as statements
from bot.store import Database, connect, upgrade
from bot.store.models import BotMessage, Incident, LogEntry
from tests.conftest import MESSAGES, PLAYBOOKS, START, Result, database_at

CHICAGO = ZoneInfo("America/Chicago")
CMD = "UCMD"
CHANNEL, THREAD = "C0CRISIS", "1795000000.000100"
ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    email="media@riversidegeneral.org",
    website="https://www.riversidegeneral.org",
)
HOSTILE = "<script>alert(1)</script> *bold* [x](http://evil)"


@dataclass(frozen=True)
class Script:
    """One incident, start to close: every step ticked by its role holder, one skipped,
    one phase left by override with a step still open, a holding statement revised,
    approved and published, notes and thread replies."""

    playbook: str
    skip: str
    override_phase: str
    left_open: str  # required, open when override_phase is left; ticked just after
    holding_v1: dict[str, str]
    holding_v2: dict[str, str]
    minutes: int  # the clock moves this much before each tick and each phase change
    # Checked by hand against the playbook's due_minutes and the clock above:
    on_time: tuple[str, ...]
    late: tuple[str, ...]
    first_phase_minutes: int
    holding_minutes: int  # start -> the holding statement approved for use


SCRIPTS = [
    Script(
        playbook="viral-patient-video",
        skip="identify-location-and-staff",
        override_phase="contain",
        left_open="contact-individual-shown",
        holding_v1={"media": "video", "platform": "TikTok"},
        holding_v2={"media": "video", "platform": ""},
        minutes=8,
        # assess: capture-evidence +8 (due 15), brief-core-team +16 (15), start-monitoring
        # +24 (30), identify-location-and-staff skipped +32 (45); statement until +42;
        # contain from +50: screen-hipaa +58 (60), report-to-platform +66 (60),
        # ask-poster-to-remove +74 (120); post-holding-statement is ticked by the
        # statement's publication at +42 (60)
        on_time=(
            "capture-evidence",
            "start-monitoring",
            "identify-location-and-staff",
            "screen-hipaa",
            "ask-poster-to-remove",
            "post-holding-statement",
        ),
        late=("brief-core-team", "report-to-platform"),
        first_phase_minutes=4 * 8 + 10 + 8,
        holding_minutes=4 * 8 + 9,
    ),
    Script(
        playbook="er-complaint-storm",
        skip="escalate-threats",
        override_phase="assess",
        left_open="quantify-mentions",
        holding_v1={"department": "emergency department"},
        holding_v2={"department": ""},
        minutes=20,
        # assess: capture-posts +20 (due 30), brief-core-team +40 (30),
        # check-existing-complaint +60 (60: on the minute is on time), identify-named-staff
        # +80 (90); statement until +90; override at +110, then quantify-mentions +130 (60);
        # respond: private-outreach +150 (180); post-holding-statement is ticked by the
        # statement's publication at +90 (120)
        on_time=(
            "capture-posts",
            "check-existing-complaint",
            "identify-named-staff",
            "private-outreach",
            "post-holding-statement",
        ),
        late=("brief-core-team", "quantify-mentions"),
        first_phase_minutes=4 * 20 + 10 + 20,
        holding_minutes=4 * 20 + 9,
    ),
    Script(
        playbook="phi-leak",
        skip="report-to-platform",
        override_phase="contain",
        left_open="trace-spread",
        holding_v1={"platform": "Facebook"},
        holding_v2={"platform": ""},
        minutes=30,
        # contain: record-discovery +30 (due 30), capture-evidence +60 (30),
        # request-deletion +90 (60), report-to-platform skipped +120 (120), review-access
        # +150 (240), preserve-evidence +180 (480); statement until +190; override at
        # +220, then trace-spread +250 (240)
        on_time=("record-discovery", "report-to-platform", "review-access", "preserve-evidence"),
        late=("capture-evidence", "request-deletion", "trace-spread"),
        first_phase_minutes=6 * 30 + 10 + 30,
        holding_minutes=6 * 30 + 9,
    ),
]


@dataclass
class Scripted:
    ref: str
    playbook: Playbook
    holders: dict[str, str]
    finished_at: dict[str, dt.datetime] = field(default_factory=dict)
    entered: dict[str, dt.datetime] = field(default_factory=dict)
    closed_at: dt.datetime | None = None
    holding_approved_at: dt.datetime | None = None


@pytest.fixture
def sctx(ctx: service.Context) -> service.Context:
    return dataclasses.replace(ctx, org=ORG)


def tick_order(playbook: Playbook, phase: str) -> list[str]:
    """The phase's steps, each after the steps it depends on."""
    pending = [s for s in playbook.steps if s.phase == phase]
    order: list[str] = []
    while pending:
        ready = next(
            s for s in pending if all(d not in {p.id for p in pending} for d in s.depends_on)
        )
        order.append(ready.id)
        pending.remove(ready)
    return order


def _set_thread(ctx: service.Context, ref: str) -> None:
    """As the deliverer does once the incident's root message is posted."""
    with ctx.db.begin() as session:
        session.execute(update(Incident).where(Incident.ref == ref).values(thread_ts=THREAD))


def run(ctx: service.Context, clock: FixedClock, script: Script) -> Scripted:
    playbook = load_one(PLAYBOOKS, MESSAGES, script.playbook)
    holders = {
        r.id: CMD if r.id == playbook.commander_role else f"U-{r.id}" for r in playbook.roles
    }
    ref = service.start_incident(
        ctx,
        playbook_id=script.playbook,
        title="Video of a patient in the ED lobby",
        actor=CMD,
        channel_id=CHANNEL,
        assignments={r: u for r, u in holders.items() if u != CMD},
    ).incident
    done = Scripted(ref, playbook, holders, entered={playbook.phase_ids[0]: START})
    _set_thread(ctx, ref)
    service.add_note(ctx, incident=ref, text="Administrator on call briefed", actor=CMD)
    reply = "1795000001.000200"
    capture.capture_reply(
        ctx, channel_id=CHANNEL, thread_ts=THREAD, ts=reply, user_id=holders["comms"],
        text=REPLY,
    )  # fmt: skip
    capture.capture_edit(ctx, channel_id=CHANNEL, ts=reply, text=REPLY_EDITED)
    capture.capture_reaction(
        ctx, channel_id=CHANNEL, item_ts=reply, user_id=CMD, reaction="eyes", added=True
    )

    def tick(step_id: str) -> None:
        clock.advance(minutes=script.minutes)
        actor = holders[playbook.step(step_id).role]
        if step_id == script.skip:
            service.skip_step(ctx, incident=ref, step_id=step_id, actor=actor, reason=SKIP_REASON)
        elif not service.complete_step(ctx, incident=ref, step_id=step_id, actor=actor).changed:
            return  # already ticked by what completes it (a statement published)
        done.finished_at[step_id] = clock()

    phases = playbook.phase_ids
    for index, phase in enumerate(phases):
        for step_id in tick_order(playbook, phase):
            if step_id != script.left_open:
                tick(step_id)
        if index == 0:
            done.holding_approved_at = _holding_statement(ctx, clock, ref, holders, script)
            for step in playbook.steps:  # publishing it ticks the step that asks for it
                if step.completed_by == "statement-published:initial-holding":
                    done.finished_at[step.id] = clock()
        clock.advance(minutes=script.minutes)
        if phase == phases[-1]:
            service.close_incident(ctx, incident=ref, actor=CMD, lessons=LESSONS)
            done.closed_at = clock()
            break
        override = OVERRIDE_REASON if phase == script.override_phase else None
        service.advance_phase(ctx, incident=ref, actor=CMD, override_reason=override)
        done.entered[phases[index + 1]] = clock()
        if override:
            tick(script.left_open)
        if index == 0 and playbook.deadlines:  # entering the breach assessment
            assessment = _assessment(affected=3, state_residents_max=3, reason="3 patients shown")
            breach.record_assessment(
                ctx, incident=ref, assessment=assessment, actor=holders["privacy"]
            )
    clock.advance(hours=2)
    service.add_note(ctx, incident=ref, text=FOLLOW_UP, actor=CMD)
    return done


SKIP_REASON = "Not needed: handled on the bridge call"
OVERRIDE_REASON = "Tabletop: moving on while the step finishes"
FOLLOW_UP = "Follow-up: update the playbook's contact list"
REPLY = "Called the platform's trust & safety line"
REPLY_EDITED = "Called the platform's trust & safety line; report id 88412"
LESSONS = "Capture came fast; the holding statement waited on one approver"
CHANGES = "Leave the platform out"
URL = "https://www.facebook.com/riversidegeneral/posts/1"


def _holding_statement(
    ctx: service.Context, clock: FixedClock, ref: str, holders: dict[str, str], script: Script
) -> dt.datetime:
    """Draft, changes requested, revised, approved by both approvers, published."""
    comms, privacy = holders["comms"], holders["privacy"]
    clock.advance(minutes=2)
    statements.draft_statement(
        ctx, incident=ref, template_id="initial-holding", variables=script.holding_v1, actor=comms
    )
    clock.advance(minutes=3)
    review.request_changes(
        ctx, incident=ref, statement=1, version=1, actor=privacy, comment=CHANGES
    )
    clock.advance(minutes=2)
    statements.draft_statement(
        ctx, incident=ref, template_id="initial-holding", variables=script.holding_v2,
        actor=comms, statement=1, version=1,
    )  # fmt: skip
    clock.advance(minutes=2)
    review.approve_statement(ctx, incident=ref, statement=1, version=2, actor=comms)
    review.approve_statement(ctx, incident=ref, statement=1, version=2, actor=privacy)
    approved = clock()
    clock.advance(minutes=1)
    statements.publish_statement(
        ctx, incident=ref, statement=1, actor=comms, platform="Facebook", url=URL
    )
    return approved


# -- facts against the script ------------------------------------------------------------


@pytest.fixture(
    scope="module",
    params=[
        pytest.param((script, kind), id=f"{script.playbook}-{kind}", marks=marks)
        for script in SCRIPTS
        for kind, marks in (("sqlite", ()), ("postgres", pytest.mark.postgres))
    ],
)
def scripted_incident(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Script, Scripted, Report, service.Context]]:
    """Each script run once on each database; the tests below only read what it made."""
    script, kind = request.param
    folder = tmp_path_factory.mktemp(f"{script.playbook}-{kind}")
    with database_at(request, kind, folder) as url:
        database = connect(url)
        upgrade(database)
        clock = FixedClock(START)
        ctx = service.Context(
            db=database,
            playbooks_dir=PLAYBOOKS,
            messages_dir=MESSAGES,
            clock=clock,
            admins=frozenset({"UADMIN"}),
            org=ORG,
        )
        done = run(ctx, clock, script)
        yield script, done, build_report(ctx, done.ref, tz=CHICAGO, now=clock()), ctx
        database.dispose()


@pytest.fixture
def scripted(
    scripted_incident: tuple[Script, Scripted, Report, service.Context],
) -> tuple[Script, Scripted, Report]:
    script, done, report, _ctx = scripted_incident
    return script, done, report


def test_summary_names_the_incident_its_people_and_how_long_it_ran(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    s = report.summary
    assert (s.ref, s.playbook_id, s.playbook_title) == (
        done.ref,
        script.playbook,
        done.playbook.title,
    )
    assert (s.severity, s.drill, s.commander, s.closed_by) == (
        done.playbook.severity,
        False,
        CMD,
        CMD,
    )
    assert (s.opened_at, s.discovered_at, s.closed_at) == (START, START, done.closed_at)
    assert done.closed_at is not None and s.duration == done.closed_at - START
    assert {r.role_id: r.holder for r in s.roles} == done.holders
    assert report.lessons == LESSONS


def test_the_report_names_people_as_slack_called_them_during_the_incident(
    scripted_incident: tuple[Script, Scripted, Report, service.Context],
) -> None:
    """Built again a year later, after a rename, the report names people as they were
    called then, with the roles they held; the log still holds their ids."""
    _script, done, _report, ctx = scripted_incident
    assert done.closed_at is not None
    during = done.closed_at - dt.timedelta(minutes=5)
    people.remember(ctx.db, CMD, "Alex Rivera", now=during)
    people.remember(ctx.db, CMD, "Alex Rivera-Stone", now=done.closed_at + dt.timedelta(days=365))
    later = done.closed_at + dt.timedelta(days=400)
    report = build_report(ctx, done.ref, tz=CHICAGO, now=later)
    html, md = render_html(report), render_markdown(report)
    for text in (html, md):
        assert "Alex Rivera (Incident commander" in text
        assert "Alex Rivera-Stone" not in text
        assert "UCMD" not in text
    assert all(e.actor != "Alex Rivera" for e in log_entries(ctx, done.ref))


def test_the_report_opens_with_a_summary_paragraph_leadership_can_forward(
    scripted_incident: tuple[Script, Scripted, Report, service.Context],
) -> None:
    script, done, report, _ctx = scripted_incident
    html, md = render_html(report), render_markdown(report)
    for text in (html, md):
        top = text.index("Summary")
        assert top < text.index("At a glance")
    summary = md[md.index("## Summary") : md.index("## At a glance")]
    assert "closed" in summary and "after" in summary
    assert f"of {len(done.playbook.steps)} steps were finished" in summary
    assert "1 phase change overrode the playbook" in summary
    if script.playbook == "phi-leak":
        assert "Notification deadlines" in summary or "notification deadline" in summary
    first = report.first_holding
    assert first is not None and "The first holding statement was approved" in summary


def test_step_outcomes_read_by_colour_and_by_symbol(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    """Met, late and skipped each have a colour and a symbol, so a greyscale print of the
    report still tells them apart; table cells no longer break words anywhere."""
    script, _done, report = scripted
    html = render_html(report)
    late = next(s for s in report.steps if s.step_id == script.late[0])
    skipped = next(s for s in report.steps if s.step_id == script.skip)
    assert (late.kind, skipped.kind) == ("late", "skipped")
    assert (
        '<span class="st st-late"><span class="sym" aria-hidden="true">!</span> done late</span>'
        in html
    )
    assert (
        '<span class="st st-skipped"><span class="sym" aria-hidden="true">↷</span> skipped</span>'
        in html
    )
    assert 'class="st st-met"' in html
    assert "overflow-wrap: anywhere; }" not in html.split("th, td {")[1].split("\n")[0]


def test_each_phase_shows_when_it_was_entered_and_how_long_it_lasted(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    assert [p.phase_id for p in report.phases] == list(done.playbook.phase_ids)
    leaves = [*list(done.entered.values())[1:], done.closed_at]
    for span, entered, left in zip(report.phases, done.entered.values(), leaves, strict=True):
        assert (span.entered_at, span.left_at) == (entered, left)
        assert left is not None and span.duration(report.now) == left - entered
    first = report.phases[0].duration(report.now)
    assert first == dt.timedelta(minutes=script.first_phase_minutes)


def test_late_steps_are_those_finished_after_their_due_time(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    due = {
        s.id: START + dt.timedelta(minutes=s.due_minutes)
        for s in done.playbook.steps
        if s.due_minutes
    }
    expected = {step for step, at in done.finished_at.items() if step in due and at > due[step]}
    late = {row.step_id for row in report.steps if row.late}
    assert late == expected
    assert set(script.late) <= late and not set(script.on_time) & late
    assert all(row.status != "open" for row in report.steps)
    rows = {row.step_id: row for row in report.steps}
    for step_id, at in done.finished_at.items():
        role = done.playbook.step(step_id).role
        assert (rows[step_id].finished_at, rows[step_id].finished_by) == (at, done.holders[role])


def test_the_skipped_step_and_the_override_carry_their_reasons(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    rows = {row.step_id: row for row in report.steps}
    assert (rows[script.skip].status, rows[script.skip].reason) == ("skipped", SKIP_REASON)
    assert [r.step_id for r in report.steps if r.reason] == [script.skip]
    [override] = report.overrides
    phase = done.playbook.phase(script.override_phase)
    assert (override.reason, override.open_steps, override.from_title) == (
        OVERRIDE_REASON, (script.left_open,), phase.title,
    )  # fmt: skip
    assert rows[script.left_open].left_open_by == override
    assert rows[script.left_open].status == "done"  # finished later, still flagged
    assert [r.step_id for r in report.steps if r.left_open_by] == [script.left_open]


def test_statement_versions_reviews_and_publication_are_reported(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    [st] = report.statements
    assert (st.number, st.template_id, st.status, st.author) == (
        1,
        "initial-holding",
        "published",
        "U-comms",
    )
    assert [v.version for v in st.versions] == [1, 2]
    assert "(617) 555-0100" in st.versions[1].text and st.versions[0].text != st.versions[1].text
    assert [(c.version, c.actor, c.comment) for c in st.changes] == [(1, "U-privacy", CHANGES)]
    assert [(a.version, a.actor, a.final) for a in st.approvals] == [
        (2, "U-comms", False), (2, "U-privacy", True),
    ]  # fmt: skip
    [pub] = st.publications
    assert (pub.platform, pub.url, pub.version, pub.actor) == ("Facebook", URL, 2, "U-comms")
    assert report.first_holding is not None
    assert report.first_holding.approved_at == done.holding_approved_at
    assert report.first_holding.elapsed == dt.timedelta(minutes=script.holding_minutes)


def test_notes_and_thread_messages_form_one_timeline_in_order(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    _script, _done, report = scripted
    assert [(i.kind, i.actor, i.text, i.previous) for i in report.timeline] == [
        ("note", CMD, "Administrator on call briefed", None),
        ("message", "U-comms", REPLY, None),
        ("message_edited", "U-comms", REPLY_EDITED, REPLY),
        ("reaction_added", CMD, f":eyes: added to the reply by U-comms “{REPLY_EDITED}”", None),
        ("note", CMD, FOLLOW_UP, None),
    ]
    assert [i.at for i in report.timeline] == sorted(i.at for i in report.timeline)
    assert [i.after_close for i in report.timeline] == [False] * 4 + [True]
    md = render_markdown(report)
    assert md.index("Administrator on call briefed") < md.index("Reply edited by U-comms")
    assert md.index("Reply edited by U-comms") < md.index(FOLLOW_UP)
    # A reaction says by whom, which emoji and on what, never a message's timestamp.
    reacted = "👀 (:eyes:) on the reply by U-comms"
    assert reacted in md and "1795000001.000200" not in md
    html = render_html(report)
    assert "👀 (:eyes:) on the reply by U-comms" in html and "1795000001" not in html
    assert [n.text for n in report.notes_after_close] == [FOLLOW_UP]
    assert report.open_required_steps == ()


def test_log_head_is_the_incident_head_and_verifies(
    scripted_incident: tuple[Script, Scripted, Report, service.Context],
) -> None:
    _script, done, report, ctx = scripted_incident
    entries = log_entries(ctx, done.ref)
    assert (report.log.seq, report.log.hash) == (entries[-1].seq, entries[-1].hash)
    assert (report.log.entries, report.log.verified, report.log.problem) == (
        len(entries),
        True,
        None,
    )
    md = render_markdown(report)
    assert f"crisisbot log verify {done.ref} --head {entries[-1].hash}" in md


def test_deadlines_appear_for_the_phi_leak_playbook_only(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    script, done, report = scripted
    if script.playbook != "phi-leak":
        assert (report.has_deadlines, report.deadlines) == (False, ())
        assert "HIPAA breach clock" not in render_markdown(report)
        return
    # 60 days after discovery (Nov 23 in Chicago), to the end of that day there; the
    # assessment (3 affected, a breach) rules out the HHS-now and media notices.
    end_of_day = dt.datetime(2027, 1, 22, 23, 59, 59, 999000, tzinfo=CHICAGO)
    year_end = dt.datetime(2027, 3, 1, 23, 59, 59, 999000, tzinfo=CHICAGO)
    rows = {d.deadline_id: (d.due_at, d.status, d.done_at) for d in report.deadlines}
    assert rows == {
        "notify-individuals": (end_of_day, "met", done.finished_at["notify-individuals"]),
        "notify-hhs-500": (end_of_day, "not-required", None),
        "notify-media": (end_of_day, "not-required", None),
        "report-hhs-annual": (year_end, "open", None),
    }
    ra = report.risk_assessment
    assert ra is not None and (ra.affected, ra.breach, ra.actor) == (3, True, "U-privacy")
    md = render_markdown(report)
    assert "## HIPAA breach clock" in md and "**Deadlines:** none missed (4 tracked)" in md
    assert "| 2027-01-22 23:59 CST | met | " in md
    assert "**Determination:** reportable breach: 3 patients shown" in md


# -- an open incident, the breach risk assessment and lessons learned -----------------------


def test_open_incident_counts_overdue_steps_and_deadlines_up_to_now(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Photo with a chart", actor=CMD
    ).incident
    clock.advance(minutes=20)
    service.complete_step(ctx, incident=ref, step_id="record-discovery", actor=CMD)
    now = START + dt.timedelta(days=70)  # 2027-02-01: past the 60 days, before March 1
    report = build_report(ctx, ref, tz=CHICAGO, now=now)
    rows = {row.step_id: row for row in report.steps}
    assert rows["record-discovery"].outcome == "done"
    assert rows["capture-evidence"].outcome == "open, overdue"  # due 30 min after the start
    assert rows["identify-affected"].outcome == "open"  # no due time
    assert report.summary.duration == dt.timedelta(days=70) and not report.summary.closed
    assert {d.deadline_id: d.status for d in report.deadlines} == {
        "notify-individuals": "overdue",
        "notify-hhs-500": "overdue",  # no assessment yet: presumed to apply
        "notify-media": "overdue",
        "report-hhs-annual": "open",
    }
    assert len(report.deadlines_missed) == 3
    assert report.risk_assessment is None and report.lessons is None
    md = render_markdown(report)
    assert "No risk assessment was recorded" in md and "breach is presumed" in md
    assert "**Deadlines:** 3 missed or overdue" in md
    assert "still open; lessons are recorded when it closes" in md


def _assessment(**changes: object) -> breach.Assessment:
    first = breach.Assessment(
        nature="first name only", recipient="public", acquired="unknown",
        mitigation="none yet", affected=1, state_residents_max=1, breach=True,
        reason="presumed until the spread is known",
    )  # fmt: skip
    return dataclasses.replace(first, **changes)  # type: ignore[arg-type]


def test_latest_risk_assessment_wins_and_its_determination_is_shown(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Photo with a chart", actor=CMD
    ).incident
    breach.record_assessment(ctx, incident=ref, assessment=_assessment(), actor=CMD)
    clock.advance(hours=3)
    revised = _assessment(
        nature="first name and room number", mitigation="post deleted, 2 attestations",
        affected=3, state_residents_max=3, breach=False, reason="low probability of compromise",
    )  # fmt: skip
    breach.record_assessment(ctx, incident=ref, assessment=revised, actor=CMD)
    report = build_report(ctx, ref, tz=CHICAGO, now=clock())
    ra = report.risk_assessment
    assert ra is not None and ra.at == clock()
    assert (ra.nature, ra.mitigation, ra.affected, ra.breach) == (
        "first name and room number", "post deleted, 2 attestations", 3, False,
    )  # fmt: skip
    assert {d.status for d in report.deadlines} == {"not-required"}
    md, html = render_markdown(report), render_html(report)
    assert "not a breach (low probability of compromise)" in md
    assert "How far the risk was mitigated: post deleted, 2 attestations" in md
    assert '<li>Nature and extent of the PHI: <span class="user-text">first name and room' in html


@pytest.mark.parametrize(
    ("lessons", "shown_md", "shown_html"),
    [
        (
            "Whiteboards *face* away\nfrom the door",
            "> Whiteboards \\*face\\* away\n> from the door",
            "Whiteboards *face* away\nfrom the door</p>",
        ),
        ("", "None were recorded at close.", "<p>None were recorded at close.</p>"),
    ],
    ids=["recorded", "none"],
)
def test_lessons_recorded_at_close_are_shown(
    ctx: service.Context, lessons: str, shown_md: str, shown_html: str
) -> None:
    ref = service.start_incident(ctx, playbook_id="phi-leak", title="Photo", actor=CMD).incident
    service.close_incident(
        ctx, incident=ref, actor=CMD, override_reason="tabletop ends", lessons=lessons
    )
    report = build_report(ctx, ref, tz=CHICAGO, now=ctx.clock())
    assert report.lessons == (lessons or None)
    assert shown_md in render_markdown(report)
    assert shown_html in render_html(report)


def test_unknown_incident_is_not_found(ctx: service.Context) -> None:
    with pytest.raises(NotFound, match="no incident INC-2026-0099"):
        build_report(ctx, "INC-2026-0099", tz=CHICAGO, now=START)


def test_a_tampered_log_is_reported_as_failing_verification(
    ctx: service.Context, db: Database
) -> None:
    ref = service.start_incident(ctx, playbook_id="phi-leak", title="Photo", actor=CMD).incident
    service.add_note(ctx, incident=ref, text="Post removed at 14:05", actor=CMD)
    with db.begin() as session:
        session.execute(
            update(LogEntry).where(LogEntry.kind == "note").values(text="Post removed at 15:30")
        )
    report = build_report(ctx, ref, tz=CHICAGO, now=START)
    assert not report.log.verified and "altered" in (report.log.problem or "")
    assert "HASH CHAIN FAILED" in render_markdown(report)
    assert "HASH CHAIN FAILED" in render_html(report)


# -- escaping and time zones ---------------------------------------------------------------


def _hostile(ctx: service.Context) -> Report:
    ref = service.start_incident(
        ctx, playbook_id="viral-patient-video", title=HOSTILE, actor=CMD
    ).incident
    service.add_note(ctx, incident=ref, text=HOSTILE + "\n# heading\n- item", actor=CMD)
    service.skip_step(ctx, incident=ref, step_id="capture-evidence", actor=CMD, reason=HOSTILE)
    return build_report(ctx, ref, tz=CHICAGO, now=START)


_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before punctuation


def test_markdown_shows_hostile_text_as_typed_without_formatting_links_or_html(
    ctx: service.Context,
) -> None:
    md = render_markdown(_hostile(ctx))
    for line in md.splitlines():
        bare = _MD_ESCAPE.sub("", line)  # what is left once every escape is taken out
        assert "<script" not in bare and "*bold*" not in bare and "](" not in bare, line
        assert "http://evil" not in bare
    # Unescaped, the reader sees exactly what was typed, in the title, note and reason.
    shown = _MD_ESCAPE.sub(r"\1", md)
    assert shown.count(HOSTILE) >= 3
    assert "<br>\\# heading<br>\\- item" in md  # a note cannot start a heading or a list


def test_html_escapes_hostile_text_and_has_no_script_or_external_resource(
    ctx: service.Context,
) -> None:
    html = render_html(_hostile(ctx))
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://evil"' not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    assert html.count("<svg") == 1 and "@page" in html


@pytest.mark.parametrize(
    ("zone", "opened"),
    [
        ("America/Chicago", "2026-11-23 08:00 CST"),
        ("UTC", "2026-11-23 14:00 UTC"),
        ("Asia/Kolkata", "2026-11-23 19:30 IST"),
    ],
)
def test_times_are_shown_in_the_organisation_time_zone(
    ctx: service.Context, zone: str, opened: str
) -> None:
    ref = service.start_incident(ctx, playbook_id="phi-leak", title="Photo", actor=CMD).incident
    report = build_report(ctx, ref, tz=ZoneInfo(zone), now=START + dt.timedelta(minutes=5))
    md, html = render_markdown(report), render_html(report)
    assert f"**Opened:** {opened} by {CMD}" in md
    assert f"Opened</dt><dd>{opened} by {CMD}" in html
    assert f"All times are {zone}" in md


# -- the timeline chart --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "label"),
    [
        (dt.timedelta(minutes=5), re.compile(r"^\d\d:\d\d$")),
        (dt.timedelta(hours=30), re.compile(r"^[A-Z][a-z]{2} \d\d \d\d:\d\d$")),
        (dt.timedelta(days=60), re.compile(r"^[A-Z][a-z]{2} \d\d$")),
    ],
    ids=["5 minutes", "30 hours", "60 days"],
)
def test_chart_axis_has_a_few_readable_ticks_at_any_length(
    ctx: service.Context, clock: FixedClock, length: dt.timedelta, label: re.Pattern[str]
) -> None:
    ref = service.start_incident(ctx, playbook_id="phi-leak", title="Photo", actor=CMD).incident
    service.complete_step(ctx, incident=ref, step_id="record-discovery", actor=CMD)
    clock.advance(seconds=length.total_seconds() / 2)
    service.advance_phase(ctx, incident=ref, actor=CMD, override_reason="drill")
    clock.advance(seconds=length.total_seconds() / 2)
    service.close_incident(ctx, incident=ref, actor=CMD, override_reason="drill ends")
    drawn = chart(build_report(ctx, ref, tz=CHICAGO, now=clock()))
    assert 3 <= len(drawn.ticks) <= 8
    assert all(label.match(t.label) for t in drawn.ticks), [t.label for t in drawn.ticks]
    xs = [t.x for t in drawn.ticks]
    assert xs == sorted(xs) and drawn.left <= xs[0] and xs[-1] <= drawn.right
    bars = drawn.bars
    assert [b.number for b in bars] == [1, 2]
    assert bars[0].x == drawn.left and abs(bars[-1].x + bars[-1].width - drawn.right) < 1
    assert [m.kind for m in drawn.marks] == ["done"]


def test_chart_marks_statements_and_late_steps_with_a_legend(
    scripted: tuple[Script, Scripted, Report],
) -> None:
    _script, _done, report = scripted
    drawn = chart(report)
    kinds = [m.kind for m in drawn.marks]
    assert (
        kinds.count("drafted") == 2
        and kinds.count("approved") == 1
        and kinds.count("published") == 1
    )
    assert kinds.count("late") == len([r for r in report.steps if r.late and r.status == "done"])
    assert all(drawn.left <= m.x <= drawn.right for m in drawn.marks)
    html = render_html(report)
    for _kind, text in (("done", "Step done on time"), ("approved", "Statement approved")):
        assert text in html
    assert "S1 v2 approved" in html and "S1 on Facebook" in html


# -- the command line ----------------------------------------------------------------------

Run = Callable[..., Result]


@pytest.fixture
def report_cli(cli: Run, tmp_path: Path) -> Run:
    url = f"sqlite:///{tmp_path / 'report.db'}"
    env = {"DATABASE_URL": url, "ORG_TIMEZONE": "America/Chicago"}
    return lambda *args: cli(*args, env=env)


def _cli_incident(run: Run) -> str:
    started = run("incident", "start", "phi-leak", HOSTILE, "--as", CMD)
    assert started.code == 0, started.err
    ref = started.out.split(":")[0]
    assert run("incident", "note", ref, "Post removed", "--as", CMD).code == 0
    assert run("incident", "done", ref, "record-discovery", "--as", CMD).code == 0
    return ref


def test_cli_prints_markdown_by_default(report_cli: Run) -> None:
    ref = _cli_incident(report_cli)
    result = report_cli("report", ref)
    assert result.code == 0, result.err
    assert result.out.startswith(f"# Post-incident report: {ref}")
    assert "\\<script\\>" in result.out and "Post removed" in result.out
    assert " CST" in result.out or " CDT" in result.out
    # Done --as the commander from someone's login: both are on the record.
    assert re.search(
        r"\| UCMD \(Incident commander\) \(via [^ ]+ \(command line\)\) \| done", result.out
    ), result.out


def test_cli_writes_html_to_a_file(report_cli: Run, tmp_path: Path) -> None:
    ref = _cli_incident(report_cli)
    target = tmp_path / "report.html"
    result = report_cli("report", ref, "--format", "html", "-o", str(target))
    assert (result.code, result.out.strip()) == (0, f"wrote {target}")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")
    assert "&lt;script&gt;" in html and "<svg" in html


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("report", "INC-2026-0404"), 1, "error: no incident INC-2026-0404"),
        (("report", "INC-2026-0001", "--format", "pdf"), 2, "invalid choice: 'pdf'"),
        (("report", "not-an-incident"), 2, "is not an incident id"),
        (("report",), 2, "the following arguments are required: incident"),
    ],
)
def test_cli_refuses_unknown_incidents_and_bad_usage_in_one_line(
    report_cli: Run, args: tuple[str, ...], code: int, message: str
) -> None:
    _cli_incident(report_cli)
    result = report_cli(*args)
    assert result.code == code
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert result.out == ""


def test_reactions_on_the_bots_messages_say_what_they_were_on(ctx: service.Context) -> None:
    """On a note's notice: the note and who wrote it; on a statement card: its number; on
    the checklist: the checklist. Identifiers in the note are masked in the report."""
    ref = service.start_incident(
        ctx, playbook_id="viral-patient-video", title="Video", actor=CMD, channel_id=CHANNEL
    ).incident
    _set_thread(ctx, ref)
    note = "Spoke with John Smith's daughter about the clip"
    with pytest.raises(PrivacyWarning):
        service.add_note(ctx, incident=ref, text=note, actor=CMD)
    seq = service.add_note(ctx, incident=ref, text=note, actor=CMD).seq  # kept as written
    with ctx.db.begin() as session:
        incident_id = session.scalar(select(Incident.id).where(Incident.ref == ref))
        for key, ts in (
            (f"announce:{seq}", "1795000002.000100"),
            ("statement:3", "1795000002.000200"),
            ("checklist", "1795000002.000300"),
        ):
            session.add(BotMessage(incident_id=incident_id, key=key, channel_id=CHANNEL, ts=ts))
    for ts, emoji_name in (
        ("1795000002.000100", "+1::skin-tone-3"),
        ("1795000002.000200", "white_check_mark"),
        ("1795000002.000300", "partyparrot"),
    ):
        capture.capture_reaction(
            ctx, channel_id=CHANNEL, item_ts=ts, user_id="U-comms", reaction=emoji_name, added=True
        )
    logged = [e.text for e in log_entries(ctx, ref) if e.kind == "reaction_added"]
    assert logged == [
        f":+1::skin-tone-3: added to the note by {CMD} “Spoke with John Smith's daughter about the clip”",
        ":white_check_mark: added to statement 3",
        ":partyparrot: added to the checklist",
    ]
    report = build_report(ctx, ref, tz=CHICAGO, now=ctx.clock())
    md, html = render_markdown(report), render_html(report)
    assert f"👍 (:+1::skin-tone-3:) on the note by {CMD}" in md
    assert "“Spoke with \\[name\\]'s daughter about the clip”" in md and "John Smith" not in md
    assert "✅ (:white\\_check\\_mark:) on statement 3" in md
    assert "✅ (:white_check_mark:) on statement 3" in html and "John Smith" not in html
    assert ":partyparrot: on the checklist" in html


def test_a_kept_mask_is_the_same_mask_and_is_kept_per_organisation() -> None:
    """Masks are kept between builds (a report is built again on each request), so a
    second build reads the same text the same way, and a staff directory that names
    someone changes what is masked at once."""
    from bot.report.masking import mask

    note = "Spoke with Anita Rao about the post; Maria Delgado's family called twice"
    plain, staffed = (
        Org(name="Riverside General"),
        Org(name="Riverside General", staff=("Anita Rao",)),
    )
    first = mask(note, plain)
    assert first.count("[name]") == 2, first
    assert mask(note, plain) == first
    again = mask(note, staffed)
    assert "Anita Rao" in again and "Maria Delgado" not in again, again
    assert mask(note, plain) == first
