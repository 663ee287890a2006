"""A playbook as validated, immutable objects: roles, phases, steps and deadlines.

A playbook is data reviewed by communications and privacy staff; `checks` builds these
from a file, reporting every problem at once with file, line, field and a reason a
comms manager can act on, and `load` refuses a file with any.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

SEVERITIES = ("low", "medium", "high", "critical")
DUE_FROM = ("start", "phase")
DEADLINE_AFTER = ("discovered", "started", "year-end")
APPLIES_IF = (
    "always",
    "affected-500-or-more",
    "affected-under-500",
    "more-than-500-residents-of-a-state",
)
CLOSED = "closed"
# Events a step can be `completed_by` (bot.incidents.events records them).
STATEMENT_PUBLISHED = "statement-published"  # statement-published:<template id>
ASSESSMENT_RECORDED = "assessment-recorded"
DISCOVERY_SET = "discovery-set"
EVENTS = (STATEMENT_PUBLISHED, ASSESSMENT_RECORDED, DISCOVERY_SET)
SLUG = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.reason}"


class PlaybookError(ValueError):
    """One or more playbook files are invalid; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class UnknownPlaybook(LookupError):
    """No playbook with that id."""


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Phase:
    id: str
    title: str


@dataclass(frozen=True)
class Step:
    id: str
    phase: str
    role: str
    title: str
    guidance: str = ""
    due_minutes: int | None = None
    due_from: str = "start"
    required: bool = True
    depends_on: tuple[str, ...] = ()
    # An event that marks the step done when it is recorded (bot.incidents.events).
    completed_by: str | None = None


@dataclass(frozen=True)
class Deadline:
    id: str
    title: str
    role: str
    days: int
    after: str = "discovered"
    applies_if: str = "always"
    step: str | None = None  # the step whose completion meets the deadline


@dataclass(frozen=True)
class Playbook:
    id: str
    title: str
    summary: str
    commander_role: str
    roles: tuple[Role, ...]
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    owner: str = ""
    reviewed: str | None = None
    severity: str = "medium"
    privacy_role: str | None = None
    statements: tuple[str, ...] = ()
    approvers: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    # Reminder settings for its incidents, over the organisation's (bot.reminders.policy).
    reminders: tuple[tuple[str, Any], ...] = ()
    # May its incidents run in a channel shared with another organisation (Slack Connect)?
    shared_channels: bool = False
    # Confidential: its incidents run in a private channel, and the report goes to the
    # commander and the privacy role directly, never to a channel.
    confidential: bool = False
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update(
            roles={r.id: r for r in self.roles},
            steps={s.id: s for s in self.steps},
            phase_order={p.id: i for i, p in enumerate(self.phases)},
        )

    @property
    def phase_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.phases)

    def role(self, role_id: str) -> Role:
        return self._index["roles"][role_id]  # type: ignore[no-any-return]

    def has_role(self, role_id: str) -> bool:
        return role_id in self._index["roles"]

    def role_title(self, role_id: str) -> str:
        """The role's title, or its id when this playbook has no such role (a record made
        under another version of it)."""
        return self.role(role_id).title if self.has_role(role_id) else role_id

    def step(self, step_id: str) -> Step:
        return self._index["steps"][step_id]  # type: ignore[no-any-return]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._index["steps"]

    def phase(self, phase_id: str) -> Phase:
        index: int = self._index["phase_order"][phase_id]
        return self.phases[index]

    def phase_index(self, phase_id: str) -> int:
        """Position of a phase; 'closed' comes after every phase."""
        if phase_id == CLOSED:
            return len(self.phases)
        return self._index["phase_order"][phase_id]  # type: ignore[no-any-return]

    def steps_in(self, phase_id: str) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.phase == phase_id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot that `from_dict` turns back into an equal playbook."""
        data = asdict(self)
        data.pop("_index")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Playbook:
        return cls(
            **{
                **data,
                "roles": tuple(Role(**r) for r in data["roles"]),
                "phases": tuple(Phase(**p) for p in data["phases"]),
                "steps": tuple(
                    Step(**{**s, "depends_on": tuple(s["depends_on"])}) for s in data["steps"]
                ),
                "deadlines": tuple(Deadline(**d) for d in data.get("deadlines", ())),
                "statements": tuple(data.get("statements", ())),
                "approvers": tuple(data.get("approvers", ())),
                "triggers": tuple(data.get("triggers", ())),
                "reminders": tuple(
                    (str(k), tuple(v) if isinstance(v, list) else v)
                    for k, v in data.get("reminders", ())
                ),
            }
        )

    @property
    def hash(self) -> str:
        """sha256 of the canonical snapshot: which exact version an incident ran on."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def split_event(completed_by: str) -> tuple[str, str | None]:
    """ "statement-published:update" -> ("statement-published", "update")."""
    event, _, template = completed_by.partition(":")
    return event, template or None


def event_words(completed_by: str) -> str:
    """What completes a step, as the checklist says it."""
    event, template = split_event(completed_by)
    if event == STATEMENT_PUBLISHED:
        return f"ticks itself when the {(template or '').replace('-', ' ')} statement is marked published"
    if event == ASSESSMENT_RECORDED:
        return "ticks itself when the breach assessment is recorded"
    return "ticks itself when the discovery time is set"


def reviewed_date(playbook: Playbook) -> dt.date | None:
    return dt.date.fromisoformat(playbook.reviewed) if playbook.reviewed else None
