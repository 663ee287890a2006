"""Playbook files: the real ones are complete; every kind of mistake is reported with
file, line and field, all at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.playbooks.checks import check_dir, check_file
from bot.playbooks.load import load_dir, load_file
from bot.playbooks.model import Playbook, PlaybookError
from tests.conftest import MESSAGES, PLAYBOOKS

REAL = ("viral-patient-video", "er-complaint-storm", "phi-leak")

VALID = """\
id: drill
title: Tabletop drill
summary: A small playbook used to test the loader.
owner: Director of Communications
reviewed: 2026-10-01
severity: high
commander_role: commander
privacy_role: privacy
roles:
  - {id: commander, title: Incident commander, required: true}
  - {id: comms, title: Communications lead, required: true}
  - {id: privacy, title: Privacy officer}
phases:
  - {id: assess, title: Assess}
  - {id: contain, title: Contain}
steps:
  - id: capture
    phase: assess
    role: comms
    title: Capture the post
    due_minutes: 15
  - id: takedown
    phase: contain
    role: comms
    title: Request takedown
    depends_on: [capture]
statements: [holding]
approvers: [comms, privacy]
triggers: [video]
deadlines:
  - {id: notify, title: Notify individuals, role: privacy, days: 60}
"""

TEMPLATE = """\
---
title: Holding statement
audience: public-post
max_length: 280
variables:
  platform: {help: Where it is circulating, required: false}
---
We are aware of a post{% if platform %} on {{ platform }}{% endif %}. Questions: {{ org_phone }}.
"""


def _write(tmp_path: Path, text: str, name: str = "drill") -> Path:
    folder = tmp_path / "playbooks"
    folder.mkdir(exist_ok=True)
    messages = tmp_path / "messages"
    (messages / "statements" / name).mkdir(parents=True, exist_ok=True)
    (messages / "statements" / name / "holding.j2").write_text(TEMPLATE)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("playbook_id", REAL)
def test_real_playbook_is_complete(playbook_id: str) -> None:
    playbook = load_file(PLAYBOOKS / f"{playbook_id}.yaml", MESSAGES)
    assert len(playbook.steps) >= 12
    assert len(playbook.phases) >= 4
    assert playbook.has_role(playbook.commander_role)
    assert playbook.privacy_role and playbook.has_role(playbook.privacy_role)
    # Every phase has work in it and every role in the steps is a named role.
    for phase in playbook.phases:
        assert playbook.steps_in(phase.id), f"phase {phase.id} has no steps"
    for step in playbook.steps:
        assert playbook.has_role(step.role)
        assert len(step.title) >= 15, f"{step.id} title looks like a placeholder"
        assert "todo" not in (step.title + step.guidance).lower()
        assert "tbd" not in (step.title + step.guidance).lower()
    # Time-critical work has a clock on it.
    assert any(s.due_minutes for s in playbook.steps)
    assert {"initial-holding", "update", "reply-to-commenter", "staff-reminder"} <= set(
        playbook.statements
    )


def test_phi_leak_carries_the_hipaa_clocks() -> None:
    playbook = load_file(PLAYBOOKS / "phi-leak.yaml", MESSAGES)
    clocks = {d.id: d for d in playbook.deadlines}
    assert clocks["notify-individuals"].days == 60
    assert clocks["notify-individuals"].after == "discovered"
    assert clocks["notify-hhs-500"].applies_if == "affected-500-or-more"
    assert clocks["notify-media"].applies_if == "more-than-500-residents-of-a-state"
    annual = clocks["report-hhs-annual"]
    assert (annual.after, annual.applies_if) == ("year-end", "affected-under-500")


def test_all_real_playbooks_load_and_snapshot_round_trips() -> None:
    playbooks = load_dir(PLAYBOOKS, MESSAGES)
    assert set(REAL) <= set(playbooks)
    for playbook in playbooks.values():
        again = Playbook.from_dict(playbook.to_dict())
        assert again == playbook
        assert again.hash == playbook.hash


def test_valid_minimal_playbook_loads(tmp_path: Path) -> None:
    playbook = load_file(_write(tmp_path, VALID), tmp_path / "messages")
    assert playbook.phase_ids == ("assess", "contain")
    assert playbook.step("takedown").depends_on == ("capture",)
    assert playbook.step("capture").required is True
    assert playbook.reviewed == "2026-10-01"


# (description, replace this, with this, expected field, words in the reason, line)
BROKEN = [
    ("yaml syntax", "  - {id: comms, title: Communications lead, required: true}",
     "  - {id: comms, title: Communications lead, required: true", "yaml", "YAML syntax error", 12),
    ("typo in a key", "    due_minutes: 15", "    due_minutes: 15\n    requried: false",
     "steps.capture.requried", "unknown key (did you mean 'required'?)", 22),
    ("unknown top-level key", "triggers: [video]", "triggers: [video]\nescalate_to: ceo",
     "escalate_to", "unknown key", 30),
    ("unknown role in a step", "    role: comms\n    title: Request", "    role: pr\n    title: Request",
     "steps.takedown.role", "unknown role 'pr'", 24),
    ("unknown phase", "    phase: contain", "    phase: recover", "steps.takedown.phase", "unknown phase 'recover'", 23),
    ("unknown dependency", "depends_on: [capture]", "depends_on: [capture, legal-hold]",
     "steps.takedown.depends_on", "unknown step 'legal-hold'", 26),
    ("duplicate step id", "  - id: takedown", "  - id: capture", "steps.capture.id", "duplicate step id 'capture'", 22),
    ("duplicate role id", "{id: privacy, title: Privacy officer}", "{id: comms, title: Privacy officer}",
     "roles.comms.id", "duplicate role id 'comms'", 12),
    ("duplicate key", "severity: high", "severity: high\nseverity: low", "yaml", "key 'severity' appears twice", 7),
    ("dependency on a later phase", "    title: Capture the post\n",
     "    title: Capture the post\n    depends_on: [takedown]\n",
     "steps.capture.depends_on", "'takedown' is in a later phase (contain)", 21),
    ("self dependency", "depends_on: [capture]", "depends_on: [takedown]", "steps.takedown.depends_on",
     "cannot depend on itself", 26),
    ("missing template", "statements: [holding]", "statements: [holding, press]", "statements",
     "template 'press' not found", 27),
    ("unknown approver", "approvers: [comms, privacy]", "approvers: [comms, ceo]", "approvers",
     "unknown role 'ceo'", 28),
    ("bad severity", "severity: high", "severity: urgent", "severity", "must be one of", 6),
    ("negative due time", "due_minutes: 15", "due_minutes: -5", "steps.capture.due_minutes",
     "positive whole number", 21),
    ("required not a flag", "required: true}\n  - {id: comms", "required: yes please}\n  - {id: comms",
     "roles.commander.required", "true or false", 10),
    ("id not matching file", "id: drill", "id: drills", "id", "must match the file name 'drill'", 1),
    ("missing title", "title: Tabletop drill\n", "", "title", "missing (required)", 1),
    ("closed listed as a phase", "  - {id: contain, title: Contain}", "  - {id: contain, title: Contain}\n  - {id: closed, title: Closed}",
     "phases.closed.id", "'closed' is built in", 16),
    ("unknown commander role", "commander_role: commander", "commander_role: boss", "commander_role",
     "unknown role 'boss'", 7),
    ("bad deadline", "role: privacy, days: 60}", "role: privacy, days: 60, after: admission}",
     "deadlines.notify.after", "must be one of discovered, started, year-end", 31),
    ("deadline names an unknown step", "role: privacy, days: 60}", "role: privacy, days: 60, step: nowhere}",
     "deadlines.notify.step", "unknown step 'nowhere'", 31),
    ("bad id", "  - id: capture\n", "  - id: Capture Evidence\n", "steps.[0].id", "is not an id", 17),
    ("unknown completing event", "    depends_on: [capture]\n", "    depends_on: [capture]\n    completed_by: tweeted\n",
     "steps.takedown.completed_by", "unknown event 'tweeted' (events: statement-published, assessment-recorded, discovery-set)", 27),
    ("statement event without a template", "    depends_on: [capture]\n", "    depends_on: [capture]\n    completed_by: statement-published\n",
     "steps.takedown.completed_by", "needs one of this playbook's statements, like statement-published:holding", 27),
    ("statement event naming another template", "    depends_on: [capture]\n", "    depends_on: [capture]\n    completed_by: statement-published:update\n",
     "steps.takedown.completed_by", "(statements: holding)", 27),
    ("assessment event with a template", "    depends_on: [capture]\n", "    depends_on: [capture]\n    completed_by: assessment-recorded:holding\n",
     "steps.takedown.completed_by", "assessment-recorded takes no ':holding'", 27),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "field", "reason", "line"),
    [pytest.param(*case[1:], id=case[0]) for case in BROKEN],
)
def test_broken_playbook_names_file_field_and_reason(
    tmp_path: Path, old: str, new: str, field: str, reason: str, line: int | None
) -> None:
    assert old in VALID, "test case no longer matches the base playbook"
    path = _write(tmp_path, VALID.replace(old, new, 1))
    playbook, problems = check_file(path, tmp_path / "messages")
    assert playbook is None
    matching = [p for p in problems if p.field == field and reason in p.reason]
    assert matching, f"expected {field}: {reason}; got {[str(p) for p in problems]}"
    assert matching[0].file == str(path)
    if line is not None:
        assert matching[0].line == line, str(matching[0])


def test_dependency_cycle_is_reported_once_with_its_path(tmp_path: Path) -> None:
    text = VALID.replace(
        "    title: Capture the post\n",
        "    title: Capture the post\n    depends_on: [verify]\n",
    ).replace(
        "statements:",
        "  - {id: verify, phase: assess, role: comms, title: Verify it, depends_on: [capture]}\nstatements:",
    )
    _, problems = check_file(_write(tmp_path, text), tmp_path / "messages")
    cycles = [p for p in problems if "cycle" in p.reason]
    assert len(cycles) == 1
    assert "capture -> verify -> capture" in cycles[0].reason


def test_every_problem_in_a_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = (
        VALID.replace("role: comms\n    title: Request", "role: pr\n    title: Request")
        .replace("due_minutes: 15", "due_minutes: 15\n    requried: false")
        .replace("approvers: [comms, privacy]", "approvers: [ceo]")
    )
    with pytest.raises(PlaybookError) as err:
        load_file(_write(tmp_path, text), tmp_path / "messages")
    fields = {p.field for p in err.value.problems}
    assert {"steps.takedown.role", "steps.capture.requried", "approvers"} <= fields


def test_broken_template_front_matter_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID)
    (tmp_path / "messages/statements/drill/holding.j2").write_text(
        "---\ntitle: Holding\naudience: tweet\nmax_length: 280\n---\nHello {{ org_name }\n"
    )
    _, problems = check_file(path, tmp_path / "messages")
    reasons = " | ".join(p.reason for p in problems)
    assert "audience: must be one of" in reasons
    assert "template syntax" in reasons


def test_check_dir_reports_every_file_and_ignores_subfolders(tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    _write(
        tmp_path,
        VALID.replace("id: drill", "id: other").replace("severity: high", "severity: x"),
        "other",
    )
    (tmp_path / "playbooks" / "drills").mkdir()
    (tmp_path / "playbooks" / "drills" / "scenario.yaml").write_text("not: a playbook")
    (tmp_path / "playbooks" / "old.yml").write_text("id: old")
    playbooks, problems = check_dir(tmp_path / "playbooks", tmp_path / "messages")
    assert set(playbooks) == {"drill"}
    assert {Path(p.file).name for p in problems} == {"other.yaml", "old.yml"}


def test_empty_and_non_mapping_files_are_clear_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "")
    _, problems = check_file(path, tmp_path / "messages")
    assert [str(p) for p in problems] == [f"{path}: file: is empty"]
    path.write_text("- just\n- a list\n")
    _, problems = check_file(path, tmp_path / "messages")
    assert "must be a mapping" in problems[0].reason


def test_cli_check_passes_on_the_real_playbooks(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("playbooks", "check")
    assert result.code == 0, result.out + result.err
    assert sorted(line.split(": ")[0].rsplit("/", 1)[-1] for line in result.out.splitlines()) == [
        f"{p}.yaml" for p in sorted(REAL)
    ]
    assert all(line.endswith("roles)") and ": ok (" in line for line in result.out.splitlines())


def test_cli_check_lists_every_error_as_file_line_field_reason(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _write(
        tmp_path, VALID.replace("role: comms\n    title: Request", "role: pr\n    title: Request")
    )
    _write(
        tmp_path,
        VALID.replace("id: drill", "id: other").replace("due_minutes: 15", "due_minutes: soon"),
        "other",
    )
    result = cli(
        "playbooks", "check", "--dir", str(tmp_path / "playbooks"),
        env={"CRISISBOT_MESSAGES": str(tmp_path / "messages")},
    )  # fmt: skip
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        f"{tmp_path}/playbooks/drill.yaml:24: steps.takedown.role: unknown role 'pr' (roles: commander, comms, privacy)"
        in lines
    )
    assert (
        f"{tmp_path}/playbooks/other.yaml:21: steps.capture.due_minutes: must be a positive whole number"
        in lines
    )
    assert "2 problem(s) in 2 file(s)" in result.err


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            "reviewed: 2026-10-01",
            "reviewed: 2026-02-30",
            "yaml",
            "'2026-02-30' is not a valid date",
        ),
        (
            "due_minutes: 15",
            "due_minutes: 100000000000000000000",
            "steps.capture.due_minutes",
            "is more than",
        ),
        (
            "role: privacy, days: 60}",
            "role: privacy, days: 100000000}",
            "deadlines.notify.days",
            "is more than 3650",
        ),
    ],
)
def test_impossible_values_are_problems_not_crashes(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    _, problems = check_file(_write(tmp_path, VALID.replace(old, new)), tmp_path / "messages")
    assert any(p.field == field and reason in p.reason for p in problems), [
        str(p) for p in problems
    ]


def test_a_playbook_without_roles_is_refused_not_loaded(tmp_path: Path) -> None:
    start, end = VALID.index("roles:"), VALID.index("phases:")
    _, problems = check_file(
        _write(tmp_path, VALID[:start] + "roles: []\n" + VALID[end:]), tmp_path / "messages"
    )
    fields = {p.field for p in problems}
    assert "roles" in fields and "commander_role" in fields


def test_yaml_merge_keys_may_be_overridden_without_a_duplicate_error(tmp_path: Path) -> None:
    text = VALID.replace(
        "steps:\n  - id: capture\n",
        "x-step: &comms_step {role: comms, phase: assess, title: Shared title}\nsteps:\n  - <<: *comms_step\n    id: capture\n",
    ).replace(
        "    phase: assess\n    role: comms\n    title: Capture the post\n",
        "    title: Capture the post\n",
        1,
    )
    _, problems = check_file(_write(tmp_path, text), tmp_path / "messages")
    # the anchor's own key is reported as unknown, but the merge override is not a duplicate
    assert not [p for p in problems if "appears twice" in p.reason], [str(p) for p in problems]


def test_more_roles_than_slack_forms_hold_is_reported(tmp_path: Path) -> None:
    extra = "".join(f"  - {{id: role-{i}, title: Role {i}}}\n" for i in range(40))
    text = VALID.replace("phases:\n", extra + "phases:\n", 1)
    _, problems = check_file(_write(tmp_path, text), tmp_path / "messages")
    assert any(p.field == "roles" and "at most 40" in p.reason for p in problems)


def test_a_step_completed_by_an_event_loads_and_clock_events_need_deadlines(
    tmp_path: Path,
) -> None:
    text = VALID.replace(
        "    depends_on: [capture]\n",
        "    depends_on: [capture]\n    completed_by: statement-published:holding\n",
    ).replace("    due_minutes: 15\n", "    due_minutes: 15\n    completed_by: discovery-set\n")
    playbook, problems = check_file(_write(tmp_path, text), tmp_path / "messages")
    assert problems == [] and playbook is not None
    assert playbook.step("takedown").completed_by == "statement-published:holding"
    assert playbook.step("capture").completed_by == "discovery-set"
    without = text.replace(
        "deadlines:\n  - {id: notify, title: Notify individuals, role: privacy, days: 60}\n", ""
    )
    _, problems = check_file(_write(tmp_path, without), tmp_path / "messages")
    assert [str(p).split(": ", 1)[1] for p in problems] == [
        "steps.capture.completed_by: discovery-set happens only in a playbook with deadlines"
        " (the HIPAA clock)"
    ]


def test_a_playbooks_reminders_block_is_checked_and_kept(tmp_path: Path) -> None:
    text = VALID + "reminders:\n  grace_minutes: 15\n  repeat_minutes: [30, 60]\n"
    playbook, problems = check_file(_write(tmp_path, text), tmp_path / "messages")
    assert problems == [] and playbook is not None
    assert dict(playbook.reminders) == {"grace_minutes": 15, "repeat_minutes": (30, 60)}
    assert Playbook.from_dict(json.loads(json.dumps(playbook.to_dict()))) == playbook
    bad = VALID + "reminders:\n  grace_minutes: soon\n  nag_minutes: 5\n"
    _, problems = check_file(_write(tmp_path, bad), tmp_path / "messages")
    assert sorted(str(p).split(": ", 1)[1] for p in problems) == [
        "reminders.grace_minutes: 'soon' is not a whole number of minutes from 1 to 43200",
        "reminders.nag_minutes: unknown key (allowed: grace_minutes, repeat_minutes, "
        "on_it_minutes, unfilled_role_minutes, page_minutes, deadline_days)",
    ]
