"""What the post-incident report says, as plain values (times in UTC; shown in `tz`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.incidents.log import LogKind


@dataclass(frozen=True)
class RoleLine:
    role_id: str
    title: str
    holder: str | None
    required: bool


@dataclass(frozen=True)
class Summary:
    ref: str
    title: str
    description: str
    playbook_id: str
    playbook_title: str
    playbook_hash: str
    severity: str
    drill: bool
    phase_title: str  # where it is now ("Closed" once closed)
    opened_at: dt.datetime
    opened_by: str
    discovered_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: str | None
    duration: dt.timedelta  # to the close, or to `now` while open
    commander: str | None
    roles: tuple[RoleLine, ...]

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Override:
    """A phase left (or the incident closed) with required steps still open."""

    at: dt.datetime
    actor: str
    from_title: str
    to_title: str  # "Closed" for a close
    reason: str
    open_steps: tuple[str, ...]


@dataclass(frozen=True)
class PhaseSpan:
    phase_id: str
    title: str
    entered_at: dt.datetime | None  # None: the incident never reached it
    left_at: dt.datetime | None  # None: still in it, or never reached
    entered_by: str | None
    left_by_override: Override | None

    def duration(self, now: dt.datetime) -> dt.timedelta | None:
        if self.entered_at is None:
            return None
        return (self.left_at or now) - self.entered_at


@dataclass(frozen=True)
class StepRow:
    step_id: str
    title: str
    phase_id: str
    phase_title: str
    role_title: str
    owner: str | None  # who holds the step's role now
    required: bool
    status: str  # open | done | skipped
    finished_by: str | None
    finished_at: dt.datetime | None
    via: str | None  # who typed it, when acting for the person named
    reason: str | None  # why it was skipped
    due_at: dt.datetime | None
    late: bool  # finished after its due time, or still open past it at close (or now)
    left_open_by: Override | None  # its phase was left (or closed) while it was open
    reopened: int  # times it was reopened

    @property
    def outcome(self) -> str:
        if self.status == "open":
            return "open, overdue" if self.late else "open"
        return f"{self.status} late" if self.late else self.status

    @property
    def kind(self) -> str:
        """met | late | missed | skipped | open: how the report marks it (colour and symbol)."""
        if self.status == "skipped":
            return "skipped"
        if self.status == "open":
            return "missed" if self.late else "open"
        return "late" if self.late else "met"


@dataclass(frozen=True)
class StatementVersionLine:
    version: int
    at: dt.datetime
    actor: str
    template_id: str
    text: str


@dataclass(frozen=True)
class Approval:
    version: int
    at: dt.datetime
    actor: str
    roles: tuple[str, ...]  # role titles
    final: bool  # this approval made the version approved for use


@dataclass(frozen=True)
class ChangeRequest:
    version: int
    at: dt.datetime
    actor: str
    comment: str


@dataclass(frozen=True)
class PrivacyOverride:
    version: int
    at: dt.datetime
    actor: str
    kind: str
    finding: str
    reason: str


@dataclass(frozen=True)
class Publication:
    version: int
    platform: str
    url: str
    published_at: dt.datetime
    recorded_at: dt.datetime
    actor: str


@dataclass(frozen=True)
class StatementRecord:
    number: int
    template_id: str
    title: str
    audience: str
    platform: str  # where it was drafted for, by name ("" before platforms were recorded)
    author: str
    status: str  # awaiting | changes | approved | published
    versions: tuple[StatementVersionLine, ...]
    approvals: tuple[Approval, ...]
    changes: tuple[ChangeRequest, ...]
    overrides: tuple[PrivacyOverride, ...]
    publications: tuple[Publication, ...]

    @property
    def approved_at(self) -> dt.datetime | None:
        """When a version first became approved for use."""
        return next((a.at for a in self.approvals if a.final), None)


@dataclass(frozen=True)
class RefusedDraft:
    """A draft the privacy check stopped (the log keeps the kinds, not the identifiers)."""

    at: dt.datetime
    actor: str
    template_id: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class FirstHolding:
    """The first initial holding statement approved for use, counted from the start."""

    number: int
    approved_at: dt.datetime
    elapsed: dt.timedelta


@dataclass(frozen=True)
class DeadlineRow:
    deadline_id: str
    title: str
    role_title: str
    applies_if: str
    applies: bool | None  # None: no risk assessment yet, so presumed to apply
    due_at: dt.datetime
    status: str  # met | late | open | overdue | not-required | skipped
    done_at: dt.datetime | None
    note: str


@dataclass(frozen=True)
class RiskAssessment:
    """The HIPAA four-factor breach risk assessment (the latest one recorded)."""

    at: dt.datetime
    actor: str
    nature: str
    recipient: str
    acquired: str
    mitigation: str
    affected: int
    state_residents_max: int
    breach: bool
    reason: str


@dataclass(frozen=True)
class TimelineItem:
    seq: int
    at: dt.datetime
    actor: str
    kind: str  # note | message | message_edited | message_deleted | reaction_added | ...
    label: str  # the kind in words
    text: str
    previous: str | None  # the text before an edit or a deletion
    after_close: bool
    # A reaction: the emoji, and what it was on (words, whose, and the start of its text).
    reaction: str | None = None
    target: str | None = None  # "reply", "note", "notice", "statement 2", "the checklist"
    target_user: str | None = None
    target_text: str | None = None


@dataclass(frozen=True)
class ChartEvent:
    """A mark on the timeline chart."""

    at: dt.datetime
    lane: str  # step | statement
    kind: str  # done | late | skipped | drafted | approved | published
    label: str


@dataclass(frozen=True)
class LogHead:
    seq: int
    hash: str
    entries: int
    verified: bool
    problem: str | None


@dataclass(frozen=True)
class Report:
    summary: Summary
    phases: tuple[PhaseSpan, ...]
    steps: tuple[StepRow, ...]
    statements: tuple[StatementRecord, ...]
    refused_drafts: tuple[RefusedDraft, ...]
    first_holding: FirstHolding | None
    has_deadlines: bool  # the playbook runs calendar clocks (PHI leak)
    deadlines: tuple[DeadlineRow, ...]
    risk_assessment: RiskAssessment | None
    timeline: tuple[TimelineItem, ...]  # notes and the captured thread, in log order
    chart_events: tuple[ChartEvent, ...]
    lessons: str | None  # as recorded at close; None when nothing was recorded
    log: LogHead
    tz: ZoneInfo
    now: dt.datetime  # when the report was built
    # user id -> the name Slack showed by the incident's end (ids never named stay ids),
    # and the titles of the roles each person held then.
    people: Mapping[str, str] = field(default_factory=dict)
    held: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, actor: str | None) -> str:
        """A person (or the command line, or crisisbot itself) by name."""
        if not actor:
            return "nobody"
        if actor in self.people:
            return self.people[actor]
        if actor.startswith("cli:"):
            return f"{actor.removeprefix('cli:')} (command line)"
        if actor == "system":
            return "crisisbot"
        return actor

    def who(self, actor: str | None) -> str:
        """A person by name and the roles they held: "Dana Okafor (Communications lead)"."""
        roles = self.held.get(actor or "")
        return f"{self.name(actor)} ({', '.join(roles)})" if roles else self.name(actor)

    @property
    def late_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.late)

    @property
    def overrides(self) -> tuple[Override, ...]:
        return tuple(p.left_by_override for p in self.phases if p.left_by_override)

    @property
    def open_required_steps(self) -> tuple[StepRow, ...]:
        return tuple(s for s in self.steps if s.required and s.status == "open")

    @property
    def notes_after_close(self) -> tuple[TimelineItem, ...]:
        return tuple(i for i in self.timeline if i.after_close and i.kind == LogKind.NOTE)

    @property
    def deadlines_missed(self) -> tuple[DeadlineRow, ...]:
        # A skipped notification that still applies was not made: it counts as missed.
        return tuple(d for d in self.deadlines if d.status in ("late", "overdue", "skipped"))

    @property
    def deadlines_open(self) -> tuple[DeadlineRow, ...]:
        """Notifications still owed (a follow-up, often the last one after close)."""
        return tuple(d for d in self.deadlines if d.status in ("open", "overdue"))
