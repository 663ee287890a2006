"""Validation of playbook files: every problem, with file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bot.playbooks.fields import FieldReader
from bot.playbooks.model import (
    APPLIES_IF,
    CLOSED,
    DEADLINE_AFTER,
    DUE_FROM,
    EVENTS,
    SEVERITIES,
    STATEMENT_PUBLISHED,
    Deadline,
    Phase,
    Playbook,
    Problem,
    Role,
    Step,
    split_event,
)
from bot.playbooks.yamlfile import LineMap, parse
from bot.reminders import policy
from bot.statements.templates import TemplateError, load_template, statement_path

TOP_KEYS = {
    "id", "title", "summary", "owner", "reviewed", "severity", "commander_role",
    "privacy_role", "roles", "phases", "steps", "statements", "approvers", "triggers",
    "deadlines", "reminders", "shared_channels", "confidential",
}  # fmt: skip
ROLE_KEYS = {"id", "title", "required", "description"}
PHASE_KEYS = {"id", "title"}
STEP_KEYS = {
    "id", "phase", "role", "title", "guidance", "due_minutes", "due_from", "required",
    "depends_on", "completed_by",
}  # fmt: skip
DEADLINE_KEYS = {"id", "title", "role", "days", "after", "applies_if", "step"}
MAX_TITLE = 150
MAX_DUE_MINUTES = 60 * 24 * 90  # a step due more than 90 days out is a deadline, not a step
MAX_DAYS = 3650
MAX_ROLES = 40  # the start form holds a picker per role within Slack's 100 blocks
MAX_STEPS_PER_PHASE = 100  # each with its button, over as many checklist messages as it takes


class Checker(FieldReader):
    """One file's checks, with the ids of its roles, phases and steps as they are read."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.role_ids: set[str] = set()

    def known_role(self, m: LineMap, key: str, where: str, value: str) -> None:
        if value and value not in self.role_ids:
            self.add(
                m.key_lines.get(key),
                f"{where}{key}",
                f"unknown role {value!r} (roles: {', '.join(sorted(self.role_ids))})",
            )


def check_file(path: Path, messages_dir: Path) -> tuple[Playbook | None, list[Problem]]:
    """Validate one playbook file; returns the playbook (None if invalid) and problems."""
    c = Checker(path)
    data = _read(c, path)
    if data is None:
        return None, c.problems
    c.keys(data, TOP_KEYS, "")
    pid = c.slug(data, "id", "")
    if pid and pid != path.stem:
        c.add(data.key_lines.get("id"), "id", f"{pid!r} must match the file name {path.stem!r}")
    title = c.text(data, "title", "", required=True, limit=MAX_TITLE)
    summary = c.text(data, "summary", "", required=True)
    owner = c.text(data, "owner", "", required=False)
    reviewed = data.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, dt.date):
        c.add(data.key_lines.get("reviewed"), "reviewed", "must be a date like 2026-10-01")
        reviewed = None
    severity = c.choice(data, "severity", "", ("medium", *[s for s in SEVERITIES if s != "medium"]))
    roles = _roles(c, data)
    phases = _phases(c, data)
    commander = c.slug(data, "commander_role", "")
    c.known_role(data, "commander_role", "", commander)
    privacy = data.get("privacy_role")
    if privacy is not None:
        privacy = c.slug(data, "privacy_role", "")
        c.known_role(data, "privacy_role", "", privacy)
    statements, approvers = _statements(c, data, pid, messages_dir)
    steps = _steps(c, data, {p.id: i for i, p in enumerate(phases)})
    _completions(c, data, statements)
    triggers = data.get("triggers") or []
    if not isinstance(triggers, list) or not all(
        isinstance(t, str) and t.strip() for t in triggers
    ):
        c.add(data.key_lines.get("triggers"), "triggers", "must be a list of keywords")
        triggers = []
    deadlines = _deadlines(c, data, {s.id for s in steps})
    reminders = _reminders(c, data)
    shared = c.flag(data, "shared_channels", "", False)
    confidential = c.flag(data, "confidential", "", False)
    if c.problems:
        return None, c.problems
    return Playbook(
        id=pid, title=title, summary=summary, owner=owner,
        reviewed=reviewed.isoformat() if reviewed else None, severity=severity,
        commander_role=commander, privacy_role=privacy, roles=roles, phases=phases,
        steps=steps, statements=statements, approvers=approvers,
        triggers=tuple(t.strip().lower() for t in triggers), deadlines=deadlines,
        reminders=reminders, shared_channels=shared, confidential=confidential,
    ), []  # fmt: skip


def _read(c: Checker, path: Path) -> LineMap | None:
    """The file's top-level mapping, or None with the reason among the problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        c.add(None, "file", f"cannot be read: {err}")
        return None
    data, yaml_problems = parse(text)
    for p in yaml_problems:
        c.add(p.line, "yaml", p.reason)
    if data is None and not yaml_problems:
        c.add(None, "file", "is empty")
    if not isinstance(data, LineMap):
        if data is not None:
            c.add(1, "file", "must be a mapping of fields (id:, title:, ...)")
        return None
    return data


def _roles(c: Checker, data: LineMap) -> tuple[Role, ...]:
    roles = []
    for where, m in c.items(data, "roles"):
        c.keys(m, ROLE_KEYS, where)
        roles.append((where, m, Role(
            id=c.slug(m, "id", where),
            title=c.text(m, "title", where, required=True, limit=75),
            required=c.flag(m, "required", where, False),
            description=c.text(m, "description", where, required=False),
        )))  # fmt: skip
    if not roles:
        c.add(data.key_lines.get("roles"), "roles", "missing (at least the commander's role)")
    elif len(roles) > MAX_ROLES:
        c.add(
            data.key_lines.get("roles"),
            "roles",
            f"{len(roles)} roles; at most {MAX_ROLES} fit Slack's forms",
        )
    c.unique(roles, "role")
    c.role_ids = {r.id for _, _, r in roles if r.id}
    return tuple(r for _, _, r in roles)


def _phases(c: Checker, data: LineMap) -> tuple[Phase, ...]:
    phases = []
    for where, m in c.items(data, "phases"):
        c.keys(m, PHASE_KEYS, where)
        phase = Phase(
            id=c.slug(m, "id", where), title=c.text(m, "title", where, required=True, limit=75)
        )
        if phase.id == CLOSED:
            c.add(m.line, f"{where}id", "'closed' is built in; do not list it")
        phases.append((where, m, phase))
    if not phases:
        c.add(data.key_lines.get("phases"), "phases", "missing (at least one phase)")
    c.unique(phases, "phase")
    return tuple(p for _, _, p in phases)


def _steps(c: Checker, data: LineMap, phase_order: dict[str, int]) -> tuple[Step, ...]:
    steps = []
    for where, m in c.items(data, "steps"):
        c.keys(m, STEP_KEYS, where)
        step = Step(
            id=c.slug(m, "id", where),
            phase=c.slug(m, "phase", where),
            role=c.slug(m, "role", where),
            title=c.text(m, "title", where, required=True, limit=MAX_TITLE),
            guidance=c.text(m, "guidance", where, required=False, limit=1500),
            due_minutes=c.positive(m, "due_minutes", where, MAX_DUE_MINUTES),
            due_from=c.choice(m, "due_from", where, DUE_FROM),
            required=c.flag(m, "required", where, True),
            depends_on=c.id_list(m, "depends_on", where),
            completed_by=c.text(m, "completed_by", where, required=False, limit=100) or None,
        )
        if step.phase and phase_order and step.phase not in phase_order:
            c.add(
                m.key_lines.get("phase"),
                f"{where}phase",
                f"unknown phase {step.phase!r} (phases: {', '.join(phase_order)})",
            )
        c.known_role(m, "role", where, step.role)
        steps.append((where, m, step))
    if not steps:
        c.add(data.key_lines.get("steps"), "steps", "missing (at least one step)")
    for phase_id in phase_order:
        count = sum(1 for _, _, st in steps if st.phase == phase_id)
        if count > MAX_STEPS_PER_PHASE:
            c.add(
                data.key_lines.get("steps"),
                "steps",
                f"phase {phase_id!r} has {count} steps; at most {MAX_STEPS_PER_PHASE} fit Slack's checklist",
            )
    c.unique(steps, "step")
    _dependencies(c, steps, phase_order)
    return tuple(s for _, _, s in steps)


def _reminders(c: Checker, data: LineMap) -> tuple[tuple[str, Any], ...]:
    """`reminders:`: the organisation's reminder settings this playbook changes."""
    value = data.get("reminders")
    line = data.key_lines.get("reminders")
    if value is None:
        return ()
    if not isinstance(value, dict):
        c.add(line, "reminders", "must be a mapping (grace_minutes: 20, ...)")
        return ()
    out: list[tuple[str, Any]] = []
    for key, item in value.items():
        if key not in policy.KEYS:
            c.add(line, f"reminders.{key}", f"unknown key (allowed: {', '.join(policy.KEYS)})")
            continue
        try:
            policy.for_playbook(policy.Policy(), {key: item})
        except policy.PolicyError as err:
            c.add(line, f"reminders.{key}", str(err).split(": ", 1)[1])
            continue
        out.append((str(key), tuple(item) if isinstance(item, list) else item))
    return tuple(out)


def _completions(c: Checker, data: LineMap, statements: tuple[str, ...]) -> None:
    """Each `completed_by` names an event that can happen in this playbook."""
    for where, m in c.items(data, "steps") if isinstance(data.get("steps"), list) else ():
        value = m.get("completed_by")
        if not isinstance(value, str) or not value.strip():
            continue
        line = m.key_lines.get("completed_by")
        event, template = split_event(value.strip())
        if event not in EVENTS:
            c.add(
                line,
                f"{where}completed_by",
                f"unknown event {event!r} (events: {', '.join(EVENTS)})",
            )
        elif event == STATEMENT_PUBLISHED:
            if template is None or template not in statements:
                c.add(
                    line,
                    f"{where}completed_by",
                    f"{STATEMENT_PUBLISHED} needs one of this playbook's statements, "
                    f"like {STATEMENT_PUBLISHED}:{statements[0] if statements else 'update'}"
                    f" (statements: {', '.join(statements) or 'none'})",
                )
        elif template is not None:
            c.add(line, f"{where}completed_by", f"{event} takes no ':{template}'")
        elif not data.get("deadlines"):
            c.add(
                line,
                f"{where}completed_by",
                f"{event} happens only in a playbook with deadlines (the HIPAA clock)",
            )


def _dependencies(
    c: Checker, steps: list[tuple[str, LineMap, Step]], phase_order: dict[str, int]
) -> None:
    """Each dependency names a known step of the same or an earlier phase, with no cycle."""
    by_id = {s.id: (where, m, s) for where, m, s in steps if s.id}
    for where, m, step in steps:
        for dep in step.depends_on:
            line = m.key_lines.get("depends_on")
            if dep == step.id:
                c.add(line, f"{where}depends_on", "a step cannot depend on itself")
            elif dep not in by_id:
                c.add(line, f"{where}depends_on", f"unknown step {dep!r}")
            elif phase_order.get(by_id[dep][2].phase, -1) > phase_order.get(step.phase, 1 << 30):
                c.add(
                    line,
                    f"{where}depends_on",
                    f"{dep!r} is in a later phase ({by_id[dep][2].phase}); "
                    "a step can only wait for its own or earlier phases",
                )
    for cycle in _cycles({s.id: s.depends_on for _, _, s in steps if s.id}):
        where, m, _ = by_id[cycle[0]]
        c.add(
            m.key_lines.get("depends_on"),
            f"{where}depends_on",
            "dependency cycle: " + " -> ".join([*cycle, cycle[0]]),
        )


def _statements(
    c: Checker, data: LineMap, pid: str, messages_dir: Path
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The statement templates (each must exist and load) and their approver roles."""
    statements = c.id_list(data, "statements", "")
    for sid in statements:
        if not pid:
            break
        template = statement_path(messages_dir, pid, sid)
        if not template.is_file():
            c.add(
                data.key_lines.get("statements"),
                "statements",
                f"template {sid!r} not found (expected {template})",
            )
            continue
        try:
            load_template(template)
        except TemplateError as err:
            for line, fld, reason in err.problems:
                c.add(
                    data.key_lines.get("statements"),
                    "statements",
                    f"template {sid!r}: {template}:{line}: {fld}: {reason}",
                )
    approvers = c.id_list(data, "approvers", "")
    for role in approvers:
        c.known_role(data, "approvers", "", role)
    if statements and not approvers:
        c.add(
            data.key_lines.get("statements"),
            "approvers",
            "statements need at least one approver role",
        )
    return statements, approvers


def _deadlines(c: Checker, data: LineMap, step_ids: set[str]) -> tuple[Deadline, ...]:
    deadlines = []
    for where, m in c.items(data, "deadlines"):
        c.keys(m, DEADLINE_KEYS, where)
        days = c.positive(m, "days", where, MAX_DAYS)
        if days is None and "days" not in m:
            c.add(m.line, f"{where}days", "missing (required)")
        deadline = Deadline(
            id=c.slug(m, "id", where),
            title=c.text(m, "title", where, required=True, limit=MAX_TITLE),
            role=c.slug(m, "role", where),
            days=days or 1,
            after=c.choice(m, "after", where, DEADLINE_AFTER),
            applies_if=c.choice(m, "applies_if", where, APPLIES_IF),
            step=c.slug(m, "step", where) if "step" in m else None,
        )
        c.known_role(m, "role", where, deadline.role)
        if deadline.step and deadline.step not in step_ids:
            c.add(
                m.key_lines.get("step"),
                f"{where}step",
                f"unknown step {deadline.step!r}: the step whose completion meets this deadline",
            )
        deadlines.append((where, m, deadline))
    c.unique(deadlines, "deadline")
    return tuple(d for _, _, d in deadlines)


def _cycles(graph: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Each dependency cycle once, as the list of step ids around it."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found: list[list[str]] = []
    seen_sets: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for dep in graph.get(node, ()):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :]
                if frozenset(cycle) not in seen_sets:
                    seen_sets.add(frozenset(cycle))
                    found.append(cycle)
            elif dep not in state:
                visit(dep, path)
        path.pop()
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])
    return found


def check_dir(playbooks_dir: Path, messages_dir: Path) -> tuple[dict[str, Playbook], list[Problem]]:
    """Validate every playbooks_dir/*.yaml (subfolders hold other kinds of file)."""
    problems: list[Problem] = []
    playbooks: dict[str, Playbook] = {}
    if not playbooks_dir.is_dir():
        return {}, [Problem(str(playbooks_dir), None, "folder", "does not exist")]
    for stray in sorted(playbooks_dir.glob("*.yml")):
        problems.append(
            Problem(str(stray), None, "file", "playbooks end in .yaml; rename it or it is ignored")
        )
    files = sorted(playbooks_dir.glob("*.yaml"))
    if not files:
        problems.append(Problem(str(playbooks_dir), None, "folder", "has no *.yaml playbooks"))
    for path in files:
        playbook, found = check_file(path, messages_dir)
        problems.extend(found)
        if playbook is not None:
            playbooks[playbook.id] = playbook
    return playbooks, problems
