"""Figures across incidents (crisisbot stats and the App Home): open incidents with their
overdue steps, counts per playbook, time to the first approved holding statement, time
per phase, and the share of steps done late, checked against scripted incidents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator

import pytest

from bot.clock import FixedClock
from bot.incidents import service
from bot.phi.model import Org
from bot.report.stats import incident_stats, open_incidents
from bot.sandbox import requests as sr
from bot.statements import review
from bot.statements import service as statements
from tests.conftest import START
from tests.slack.harness import CHANNEL, Bot, running_bot

CMD, COMMS, PRIV = "UCMD", "UCOMMS", "UPRIV"
ORG = Org(name="Riverside General Hospital", phone="(617) 555-0100")


def _start(ctx: service.Context, playbook: str, title: str, **kw: object) -> str:
    ref = service.start_incident(ctx, playbook_id=playbook, title=title, actor=CMD, **kw).incident  # type: ignore[arg-type]
    for role, user in (("comms", COMMS), ("privacy", PRIV)):
        service.assign_role(ctx, incident=ref, role_id=role, user_id=user, actor=CMD)
    return ref


@pytest.fixture
def scripted(ctx: service.Context, clock: FixedClock) -> service.Context:
    """Three incidents: a video (holding statement approved after 25 minutes, its first
    phase's four steps done at 20 minutes: two of them due at 15), an ER storm (first
    phase left by override after 2 hours) and a drill (not counted)."""
    ctx = dataclasses.replace(ctx, org=ORG)
    video = _start(ctx, "viral-patient-video", "Video on TikTok")
    clock.advance(minutes=20)
    for step in (
        "capture-evidence",
        "brief-core-team",
        "start-monitoring",
        "identify-location-and-staff",
    ):
        service.complete_step(ctx, incident=video, step_id=step, actor=CMD)
    clock.advance(minutes=5)
    statements.draft_statement(
        ctx,
        incident=video,
        template_id="initial-holding",
        actor=COMMS,
        variables={"media": "video", "platform": "TikTok"},
    )
    for who in (COMMS, PRIV):
        review.approve_statement(ctx, incident=video, statement=1, version=1, actor=who)
    clock.advance(minutes=5)  # the video's first phase lasted 30 minutes
    service.advance_phase(ctx, incident=video, actor=CMD)

    storm = _start(ctx, "er-complaint-storm", "Complaints about ER waits")
    clock.advance(hours=2)
    service.advance_phase(ctx, incident=storm, actor=CMD, override_reason="posts died down")
    drill = _start(ctx, "phi-leak", "Drill: chart photo", drill=True)
    service.close_incident(ctx, incident=drill, actor=CMD, override_reason="tabletop over")
    return ctx


def test_period_figures_match_the_scripted_incidents(
    scripted: service.Context, clock: FixedClock
) -> None:
    now = clock()
    stats = incident_stats(scripted, since=START - dt.timedelta(days=1), until=now, now=now)
    assert stats.incidents == 2  # the drill is not counted
    assert stats.per_playbook == {
        "Complaint storm about emergency department staff": 1,
        "Viral video or photo of a patient": 1,
    }
    assert stats.first_holding_median == dt.timedelta(minutes=25)
    assert stats.first_holding_incidents == 1
    phases = {(p.playbook_title, p.phase_title): p.median for p in stats.phases}
    assert phases == {  # only phases that ended
        ("Viral video or photo of a patient", "Assess (first 30 minutes)"): dt.timedelta(
            minutes=30
        ),
        ("Complaint storm about emergency department staff", "Assess and listen"): dt.timedelta(
            hours=2
        ),
    }
    assert (stats.steps_done_late, stats.steps_done_with_due) == (2, 4)
    assert stats.late_share == 0.5

    with_drills = incident_stats(
        scripted, since=START - dt.timedelta(days=1), until=now, now=now, include_drills=True
    )
    assert with_drills.incidents == 3


def test_a_revised_holding_statement_keeps_its_first_approval_time(
    scripted: service.Context, clock: FixedClock
) -> None:
    video = next(
        r.ref for r in open_incidents(scripted, now=clock()) if r.title == "Video on TikTok"
    )
    clock.advance(hours=5)
    statements.draft_statement(
        scripted,
        incident=video,
        template_id="initial-holding",
        actor=COMMS,
        statement=1,
        variables={"media": "photo", "platform": "TikTok"},
    )
    for who in (COMMS, PRIV):
        review.approve_statement(scripted, incident=video, statement=1, version=2, actor=who)
    now = clock()
    stats = incident_stats(scripted, since=START - dt.timedelta(days=1), until=now, now=now)
    assert stats.first_holding_median == dt.timedelta(minutes=25)


def test_a_period_without_incidents_says_so(scripted: service.Context, clock: FixedClock) -> None:
    later = clock() + dt.timedelta(days=400)
    stats = incident_stats(scripted, since=later - dt.timedelta(days=30), until=later, now=later)
    assert stats.incidents == 0 and stats.late_share is None and stats.first_holding_median is None


def test_open_incidents_show_their_phase_age_and_overdue_steps(
    scripted: service.Context, clock: FixedClock
) -> None:
    clock.advance(hours=10)
    rows = {r.title: r for r in open_incidents(scripted, now=clock())}
    assert set(rows) == {"Video on TikTok", "Complaints about ER waits"}  # the drill is closed
    storm = rows["Complaints about ER waits"]
    assert storm.age == dt.timedelta(hours=12)
    assert storm.overdue_steps >= 5  # every step of its first phase was due within 90 minutes


def test_stats_command_prints_text_and_json(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'stats.db'}"}
    assert cli("incident", "start", "phi-leak", "Chart photo", env=env).code == 0
    text = cli("stats", env=env)
    assert text.code == 0 and "Open incidents: 1" in text.out
    assert "Incidents opened" in text.out and "drills not counted" in text.out
    out = cli("stats", "--format", "json", "--days", "7", env=env)
    data = json.loads(out.out)
    assert data["open"][0]["title"] == "Chart photo" and data["period"]["incidents"] == 1
    assert cli("stats", "--since", "2030-01-02", "--until", "2030-01-01", env=env).code == 2


# -- the App Home, through a signed event and the fake Web API ------------------------------


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        running.fake.add_user("U0CMD", "cmd", "Commander")
        running.fake.set_member(CHANNEL, "U0CMD")
        yield running


def test_the_app_home_lists_open_incidents_and_the_last_30_days(bot: Bot) -> None:
    assert bot.command("start er-complaint-storm Complaints <b>& waits</b>", "U0CMD").status == 200
    bot.settle()
    assert bot.event(sr.app_home_opened_event("U0CMD")).status == 200
    bot.settle()
    home = bot.fake.home("U0CMD")
    assert home is not None and home["type"] == "home"
    shown = json.dumps(home["blocks"])
    assert "Open now (1)" in shown and "INC-" in shown
    assert "Complaints &lt;b&gt;&amp; waits&lt;/b&gt;" in shown  # typed text is escaped
    assert "Last 30 days" in shown and "Time to the first approved holding statement" in shown
    # Someone outside the incident's channel sees the figures, not the incident.
    bot.fake.add_user("U0OUTSIDE", "outside", "Outside")
    bot.event(sr.app_home_opened_event("U0OUTSIDE"))
    bot.settle()
    outside = json.dumps((bot.fake.home("U0OUTSIDE") or {})["blocks"])
    assert "No open incidents you can see" in outside and "1 more open in channels" in outside
    assert "INC-" not in outside and "Last 30 days" in outside
    # Opening the messages tab draws nothing.
    calls = len(bot.fake.calls)
    bot.event(sr.app_home_opened_event("U0CMD", tab="messages"))
    bot.settle()
    assert not [c for c in bot.fake.calls[calls:] if c.method == "views.publish"]


def test_phase_medians_are_listed_in_the_playbooks_order_not_alphabetically(
    ctx: service.Context, clock: FixedClock
) -> None:
    ref = _start(ctx, "phi-leak", "Chart photo")
    for reason in ("contained", "assessed", "notified"):  # Remove…, Assess…, Notify
        clock.advance(minutes=10)
        service.advance_phase(ctx, incident=ref, actor=CMD, override_reason=reason)
    now = clock()
    stats = incident_stats(ctx, since=START - dt.timedelta(days=1), until=now, now=now)
    assert [p.phase_title for p in stats.phases] == [
        "Remove and contain (first hours)", "Assess breach risk", "Notify",
    ]  # fmt: skip
