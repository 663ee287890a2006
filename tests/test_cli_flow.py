"""Whole incidents run through the command line only, on SQLite and PostgreSQL: every
playbook from start to close, the refusals on the way, and bad usage."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.playbooks.load import load_file
from bot.playbooks.model import Playbook, Step
from tests.conftest import MESSAGES, PLAYBOOKS, Result

REAL = ("viral-patient-video", "er-complaint-storm", "phi-leak")
COMMANDER = "cli:commander"
REF_IN_OUTPUT = re.compile(r"^(INC-\d{4}-\d{4}):", re.M)

Run = Callable[..., Result]


# -- helpers -----------------------------------------------------------------------------


@pytest.fixture
def crisisbot(cli: Run, database_url: str) -> Run:
    """`crisisbot ARGS` against the parametrized database (SQLite, then PostgreSQL)."""
    return lambda *args: cli(*args, env={"DATABASE_URL": database_url})


@pytest.fixture
def crisisbot_sqlite(cli: Run, tmp_path: Path) -> Run:
    """`crisisbot ARGS` against a fresh SQLite file, for the checks that need one database."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    return lambda *args: cli(*args, env={"DATABASE_URL": url})


def load(playbook_id: str) -> Playbook:
    return load_file(PLAYBOOKS / f"{playbook_id}.yaml", MESSAGES)


def holders(playbook: Playbook) -> dict[str, str]:
    """role id -> the user who holds it: the starter commands, everyone else is distinct."""
    return {
        role.id: COMMANDER if role.id == playbook.commander_role else f"cli:{role.id}-holder"
        for role in playbook.roles
    }


def start(run: Run, playbook_id: str, title: str = "Video of a patient in the ED") -> str:
    result = run("incident", "start", playbook_id, title, "--as", COMMANDER)
    assert result.code == 0, result.err
    match = REF_IN_OUTPUT.search(result.out)
    assert match, result.out
    ref = match.group(1)
    assert re.fullmatch(r"INC-\d{4}-\d{4}", ref)
    assert ref.startswith(f"INC-{dt.datetime.now(dt.UTC).year}-")
    return ref


def assign_everyone(run: Run, ref: str, playbook: Playbook) -> dict[str, str]:
    users = holders(playbook)
    for role_id, user in users.items():
        if role_id == playbook.commander_role:
            continue
        result = run("incident", "assign", ref, role_id, user, "--as", COMMANDER)
        assert result.code == 0, result.err
    return users


def log_lines(run: Run, ref: str) -> list[str]:
    result = run("log", "show", ref)
    assert result.code == 0, result.err
    return result.out.strip().splitlines()


def step_mark(run: Run, ref: str, step_id: str) -> str:
    """'[ ]', '[x]' or '[-]' as `incident show` prints it for the step."""
    shown = run("incident", "show", ref)
    assert shown.code == 0, shown.err
    match = re.search(rf"^\s+(\[.\]) {re.escape(step_id)}:", shown.out, re.M)
    assert match, f"{step_id} not in:\n{shown.out}"
    return match.group(1)


def tick_order(playbook: Playbook) -> list[list[Step]]:
    """The steps of each phase in playbook order, checking that this order respects
    depends_on: every dependency is in an earlier phase or listed earlier in the phase."""
    finished: set[str] = set()
    phases = []
    for phase in playbook.phases:
        order = []
        for step in playbook.steps_in(phase.id):
            late = [dep for dep in step.depends_on if dep not in finished]
            assert not late, f"{playbook.id}: {step.id} is listed before {late} it depends on"
            order.append(step)
            finished.add(step.id)
        phases.append(order)
    return phases


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    return lines[0]


# -- a whole incident per playbook, on both databases ------------------------------------


@pytest.mark.slow  # every playbook start to close, on both databases
@pytest.mark.parametrize("playbook_id", REAL)
def test_playbook_runs_from_start_to_close_through_the_cli(
    crisisbot: Run, playbook_id: str
) -> None:
    playbook = load(playbook_id)
    run = crisisbot
    ref = start(run, playbook_id)
    users = assign_everyone(run, ref, playbook)

    # A step whose dependency is still open cannot be ticked, and nothing is logged.
    blocked = next(s for s in playbook.steps if s.depends_on)
    before = log_lines(run, ref)
    result = run("incident", "done", ref, blocked.id, "--as", users[blocked.role])
    assert result.code == 1
    assert "waits for" in result.err
    assert playbook.step(blocked.depends_on[0]).title[:40] in result.err
    assert step_mark(run, ref, blocked.id) == "[ ]"
    assert log_lines(run, ref) == before

    # Someone holding another role may not tick it; the refusal says who may.
    first_phase = playbook.steps_in(playbook.phases[0].id)
    owned = next(s for s in first_phase if s.role != playbook.commander_role)
    outsider = next(
        user for role, user in users.items() if role not in (owned.role, playbook.commander_role)
    )
    result = run("incident", "done", ref, owned.id, "--as", outsider)
    assert result.code == 1
    owner_title = playbook.role(owned.role).title
    assert (
        f"only {users[owned.role]} ({owner_title}), {COMMANDER} (Incident commander)" in result.err
    )
    assert f"can tick “{owned.title}”" in result.err
    assert step_mark(run, ref, owned.id) == "[ ]"
    assert log_lines(run, ref) == before

    # The phase guard lists the open required steps.
    result = run("incident", "advance", ref, "--as", COMMANDER)
    assert result.code == 1
    required = [step for step in first_phase if step.required]
    assert f"has {len(required)} required step(s) open" in result.err
    assert required[0].title[:30] in result.err  # by title, the first few, then a count
    assert log_lines(run, ref) == before

    # Phase by phase: every step ticked by its role holder, then advance.
    phases = tick_order(playbook)
    for index, (phase, steps) in enumerate(zip(playbook.phases, phases, strict=True)):
        for step in steps:
            result = run("incident", "done", ref, step.id, "--as", users[step.role])
            assert result.code == 0, f"{step.id}: {result.err}"
            assert "(nothing changed)" not in result.out
        if index < len(playbook.phases) - 1:
            result = run("incident", "advance", ref, "--as", COMMANDER)
            assert result.code == 0, f"{phase.id}: {result.err}"
            following = playbook.phases[index + 1]
            shown = run("incident", "show", ref).out
            assert f"Phase {following.title}." in shown
            assert f"{following.title}  (current):" in shown
    result = run("incident", "advance", ref, "--as", COMMANDER)
    assert result.code == 1
    assert "last phase" in result.err
    result = run("incident", "close", ref, "--as", COMMANDER)
    assert result.code == 0, result.err

    # Closed: nothing changes any more, and it leaves the open list.
    result = run("incident", "done", ref, playbook.steps[0].id, "--as", COMMANDER)
    assert result.code == 1
    assert "closed" in result.err
    shown = run("incident", "show", ref)
    assert shown.code == 0
    total = len(playbook.steps)
    assert "Phase Closed." in shown.out
    assert f"Progress {total}/{total} steps." in shown.out
    assert ref not in run("incident", "list").out
    assert ref in run("incident", "list", "--all").out

    # The log is intact and tells the whole story, in order.
    verified = run("log", "verify", ref)
    assert verified.code == 0, verified.err
    assert "log intact" in verified.out
    exported = run("log", "show", ref, "--format", "json")
    assert exported.code == 0, exported.err
    entries = [json.loads(line) for line in exported.out.strip().splitlines()]
    expected = 1 + len(playbook.roles) + total + (len(playbook.phases) - 1) + 1
    assert [e["seq"] for e in entries] == list(range(1, expected + 1))
    kinds = [e["kind"] for e in entries]
    assert {"started", "role_assigned", "step_done", "phase_changed", "closed"} <= set(kinds)
    assert kinds[0] == "started" and kinds[-1] == "closed"
    assert kinds.count("step_done") == total
    assert kinds.count("phase_changed") == len(playbook.phases) - 1
    assert {e["data"]["step"] for e in entries if e["kind"] == "step_done"} == {
        s.id for s in playbook.steps
    }
    assert f"{expected} entries, head {entries[-1]['hash']}" in verified.out


# -- single behaviours (SQLite) ----------------------------------------------------------


def test_ticking_a_step_twice_changes_nothing_the_second_time(crisisbot_sqlite: Run) -> None:
    run = crisisbot_sqlite
    ref = start(run, "viral-patient-video")
    run("incident", "assign", ref, "comms", "cli:comms-holder", "--as", COMMANDER)
    first = run("incident", "done", ref, "capture-evidence", "--as", "cli:comms-holder")
    assert first.code == 0, first.err
    before = log_lines(run, ref)
    again = run("incident", "done", ref, "capture-evidence", "--as", "cli:comms-holder")
    assert again.code == 0, again.err
    assert "(nothing changed)" in again.out
    assert log_lines(run, ref) == before


def test_commander_override_advances_with_open_steps_and_logs_the_reason(
    crisisbot_sqlite: Run,
) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    reason = "post deleted within minutes; containment confirmed by phone"
    result = run("incident", "advance", ref, "--override", reason, "--as", COMMANDER)
    assert result.code == 0, result.err
    assert "Phase Assess breach risk." in run("incident", "show", ref).out
    entries = [
        json.loads(line)
        for line in run("log", "show", ref, "--format", "json").out.strip().splitlines()
    ]
    last = entries[-1]
    assert last["kind"] == "phase_changed"
    assert reason in last["text"]
    assert last["data"]["override"] is True
    assert "capture-evidence" in last["data"]["open_steps"]


def test_override_by_someone_other_than_the_commander_is_refused(crisisbot_sqlite: Run) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    run("incident", "assign", ref, "privacy", "cli:privacy-holder", "--as", COMMANDER)
    before = log_lines(run, ref)
    result = run("incident", "advance", ref, "--override", "urgent", "--as", "cli:privacy-holder")
    assert result.code == 1
    assert "(Incident commander)" in result.err
    assert "Phase Remove and contain" in run("incident", "show", ref).out
    assert log_lines(run, ref) == before


def test_skipping_a_dependency_with_a_reason_lets_the_dependent_step_be_ticked(
    crisisbot_sqlite: Run,
) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    blocked = run("incident", "done", ref, "request-deletion", "--as", COMMANDER)
    assert blocked.code == 1
    skipped = run(
        "incident", "skip", ref, "capture-evidence", "--reason", "post already gone",
        "--as", COMMANDER,
    )  # fmt: skip
    assert skipped.code == 0, skipped.err
    assert step_mark(run, ref, "capture-evidence") == "[-]"
    ticked = run("incident", "done", ref, "request-deletion", "--as", COMMANDER)
    assert ticked.code == 0, ticked.err
    assert step_mark(run, ref, "request-deletion") == "[x]"
    assert "reason: post already gone" in run("incident", "show", ref).out


def test_skip_without_a_reason_is_a_usage_error(crisisbot_sqlite: Run) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    before = log_lines(run, ref)
    result = run("incident", "skip", ref, "capture-evidence", "--as", COMMANDER)
    assert result.code == 2
    assert "--reason" in result.err
    assert step_mark(run, ref, "capture-evidence") == "[ ]"
    assert log_lines(run, ref) == before


BAD_USAGE = [
    pytest.param(("incident", "frobnicate", "{ref}"), 2, "invalid choice", id="unknown-subcommand"),
    pytest.param(("incident", "start", "no-such-playbook", "t"), 1, "no playbook", id="unknown-playbook"),
    pytest.param(("incident", "done", "INC-2026-9999", "capture-evidence"), 1, "no incident", id="unknown-incident"),
    pytest.param(("incident", "done", "INC-X", "capture-evidence"), 2, "INC-X is not an incident id", id="malformed-ref"),
    pytest.param(("incident", "start", "phi-leak", "   "), 2, "title is empty", id="empty-title"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "code", "message"), BAD_USAGE)
def test_bad_usage_prints_one_line_and_changes_nothing(
    crisisbot_sqlite: Run, args: tuple[str, ...], code: int, message: str
) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    listed, logged = run("incident", "list", "--all").out, log_lines(run, ref)
    result = run(*(a.format(ref=ref) for a in args), "--as", COMMANDER)
    assert result.code == code, result.err
    assert message in one_line(result.err)
    assert result.out == ""
    assert run("incident", "list", "--all").out == listed
    assert log_lines(run, ref) == logged


def test_help_exits_zero(cli: Run) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "incident" in result.out


def _without_project_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "CRISISBOT_", "ORG_", "DATABASE_URL", "CRISIS_CHANNEL"))
    }


@pytest.mark.slow
def test_python_dash_m_bot_help_runs_as_a_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--help"],
        cwd=tmp_path,
        env=_without_project_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "incident" in done.stdout


@pytest.mark.slow
def test_crisisbot_console_script_runs_as_a_process(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "crisisbot"
    if not script.exists():
        script = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "crisisbot"
    assert script.exists(), "the crisisbot console script is not installed"
    done = subprocess.run(
        [str(script), "--help"],
        cwd=tmp_path,
        env=_without_project_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "incident" in done.stdout


# -- HIPAA clock -------------------------------------------------------------------------

DISCOVERED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _deadline_line(shown: str) -> str:
    return next(line for line in shown.splitlines() if "Notify affected individuals" in line)


@pytest.mark.skipif(
    dt.datetime.now(dt.UTC) < DISCOVERED, reason="the CLI refuses a discovery time in the future"
)
def test_notify_individuals_deadline_is_60_calendar_days_after_discovery(
    crisisbot_sqlite: Run,
) -> None:
    run = crisisbot_sqlite
    result = run("incident", "start", "phi-leak", "t", "--discovered", "2026-11-20T09:00Z")
    assert result.code == 0, result.err
    ref = REF_IN_OUTPUT.search(result.out).group(1)  # type: ignore[union-attr]
    shown = run("incident", "show", ref).out
    assert "discovered 2026-11-20 09:00 UTC" in shown
    # A privacy officer counts 60 calendar days from the day of discovery:
    # 10 days left in November, 31 in December, 19 in January.
    expected = DISCOVERED.date() + dt.timedelta(days=60)
    assert expected == dt.date(2027, 1, 19)
    assert _deadline_line(shown).strip().startswith("2027-01-19 23:59 UTC")


@pytest.mark.skipif(
    dt.datetime.now(dt.UTC) < DISCOVERED + dt.timedelta(days=1),
    reason="the CLI refuses a discovery time in the future",
)
def test_discovery_day_is_the_hospitals_local_day(cli: Run, tmp_path: Path) -> None:
    """23:30 in Chicago on 20 November is already the 21st in UTC; the clock counts from
    the local day of discovery."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'tz.db'}", "ORG_TIMEZONE": "America/Chicago"}
    result = cli("incident", "start", "phi-leak", "t", "--discovered", "2026-11-20T23:30", env=env)
    assert result.code == 0, result.err
    ref = REF_IN_OUTPUT.search(result.out).group(1)  # type: ignore[union-attr]
    shown = cli("incident", "show", ref, env=env).out
    assert "discovered 2026-11-20 23:30 CST" in shown
    assert _deadline_line(shown).strip().startswith("2027-01-19 23:59 CST")


def test_a_skip_reason_naming_a_patient_is_refused_once_then_kept_and_logged(
    crisisbot_sqlite: Run,
) -> None:
    run = crisisbot_sqlite
    ref = start(run, "phi-leak")
    before = log_lines(run, ref)
    args = (
        "incident", "skip", ref, "capture-evidence",
        "--reason", "Mr. Okonkwo in room 508 asked us not to", "--as", COMMANDER,
    )  # fmt: skip
    warned = run(*args)
    assert warned.code == 1 and "may identify a patient" in warned.err
    assert "send the same text again" in warned.err and len(warned.err.splitlines()) == 1
    assert step_mark(run, ref, "capture-evidence") == "[ ]" and log_lines(run, ref) == before
    kept = run(*args)
    assert kept.code == 0, kept.err
    assert step_mark(run, ref, "capture-evidence") == "[-]"
    shown = run("log", "show", ref, "--format", "json")
    entries = [json.loads(line) for line in shown.out.splitlines()]  # one entry per line
    entry = [e for e in entries if e["kind"] == "step_skipped"][-1]
    assert {k["kind"] for k in entry["data"]["privacy_kept"]} >= {"name", "room"}


def test_incident_show_names_people_slack_told_the_bot_about(
    crisisbot: Run, database_url: str
) -> None:
    from bot import people
    from bot.store import connect

    ref = start(crisisbot, "phi-leak")
    assert crisisbot("incident", "assign", ref, "comms", "U0DANA", "--as", COMMANDER).code == 0
    db = connect(database_url)
    people.remember(db, "U0DANA", "Dana Okafor", now=dt.datetime.now(dt.UTC))
    db.dispose()
    shown = crisisbot("incident", "show", ref)
    assert shown.code == 0, shown.err
    assert re.search(r"Communications lead +Dana Okafor \(U0DANA\)", shown.out), shown.out


def test_log_verify_with_a_head_too_short_to_check_is_a_usage_error(crisisbot_sqlite: Run) -> None:
    ref = start(crisisbot_sqlite, "phi-leak")
    result = crisisbot_sqlite("log", "verify", ref, "--head", "93fe")
    assert result.code == 2, (result.code, result.err)
    assert "at least 12 hex characters" in result.err and "TAMPERED" not in result.err + result.out


def test_stats_with_a_negative_number_of_days_says_what_is_wrong(crisisbot_sqlite: Run) -> None:
    result = crisisbot_sqlite("stats", "--days", "-5")
    assert result.code == 2
    assert "--days takes a number of days, 1 or more" in result.err


def test_the_readmes_skip_example_works_for_a_step_that_waits(crisisbot_sqlite: Run) -> None:
    ref = start(crisisbot_sqlite, "viral-patient-video")
    result = crisisbot_sqlite(
        "incident", "skip", ref, "contact-individual-shown", "--reason", "not identifiable",
        "--as", COMMANDER,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert step_mark(crisisbot_sqlite, ref, "contact-individual-shown") != "[ ]"
