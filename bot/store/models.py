"""SQLAlchemy 2.0 typed models. Times are stored as UTC and come back timezone-aware."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Naive UTC in the database (same on SQLite and PostgreSQL), aware UTC in Python."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing a naive datetime; use an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_incidents_year_number"),
        UniqueConstraint("start_key", name="uq_incidents_start_key"),
        Index("ix_incidents_thread", "channel_id", "thread_ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(20), unique=True)  # INC-2026-0001
    year: Mapped[int]
    number: Mapped[int]
    playbook_id: Mapped[str] = mapped_column(String(64))
    playbook_hash: Mapped[str] = mapped_column(String(64))
    playbook_snapshot: Mapped[dict[str, Any]] = mapped_column(deferred=True)  # read on a cache miss
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(64))
    phase_entered_at: Mapped[dt.datetime]
    drill: Mapped[bool] = mapped_column(Boolean, default=False)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[dt.datetime]
    discovered_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    # The organisation's date the header's "days left" was last drawn for (deadlines only).
    header_day: Mapped[str | None] = mapped_column(String(10))
    # When reminders next need a look (None: at once; every change to the log clears it).
    remind_at: Mapped[dt.datetime | None]
    head_seq: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))
    # A legal hold: while set, nothing purges the incident's record.
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set by a Slack modal submission, so a double submit starts one incident.
    start_key: Mapped[str | None] = mapped_column(String(128))


class RoleAssignment(Base):
    """One holder per role per incident."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("incident_id", "role_id", name="uq_role_assignments"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    role_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    assigned_by: Mapped[str] = mapped_column(String(64))
    assigned_at: Mapped[dt.datetime]


class StepState(Base):
    """Status of one playbook step in one incident: open, done or skipped."""

    __tablename__ = "step_states"
    __table_args__ = (UniqueConstraint("incident_id", "step_id", name="uq_step_states"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    changed_by: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[dt.datetime | None]
    reason: Mapped[str | None] = mapped_column(Text)


class LogEntry(Base):
    """Append-only, hash-chained record of everything that happened in an incident."""

    __tablename__ = "log_entries"
    __table_args__ = (
        UniqueConstraint("incident_id", "seq", name="uq_log_entries_seq"),
        Index("ix_log_entries_kind", "incident_id", "kind"),  # phase history, statements, report
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="RESTRICT"))
    seq: Mapped[int]
    ts: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]]
    link: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class OutboxIntent(Base):
    """Something to show in Slack, written in the same transaction as the change."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_pending", "done_at", "parked", "available_at"),
        Index("ix_outbox_incident", "incident_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime]
    available_at: Mapped[dt.datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]
    parked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[dt.datetime | None]  # the first failure of the current run of them


class InboxItem(Base):
    """Work a Slack request was acked for, kept until it is done: a crash or a restart
    loses none of it. Leased by the process doing it, like the outbox. `key` names the
    request (an event id, a click) so one sent again is not done twice; done items are
    kept a while for that, then deleted."""

    __tablename__ = "inbox"
    __table_args__ = (
        Index("ix_inbox_lease", "lease_until"),
        UniqueConstraint("key", name="uq_inbox_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(32))
    args: Mapped[dict[str, Any]]
    received_at: Mapped[dt.datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    key: Mapped[str | None] = mapped_column(String(64))
    done_at: Mapped[dt.datetime | None]


class SlackPause(Base):
    """Slack answered 429 for `method`: no process calls it again before `until`."""

    __tablename__ = "slack_pauses"

    method: Mapped[str] = mapped_column(String(64), primary_key=True)
    until: Mapped[dt.datetime]


class SlackBudget(Base):
    """A Slack rate budget every process draws on (a token bucket): `tokens` left when
    last counted at `filled_at`."""

    __tablename__ = "slack_budgets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    filled_at: Mapped[dt.datetime]


class PersonName(Base):
    """The name Slack showed for a user from `seen_at` on (a new row when it changes)."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_user", "user_id", "seen_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    seen_at: Mapped[dt.datetime]


class Standing(Base):
    """A member of the workspace, a guest, or someone from another organisation, as Slack
    said at `seen_at` (users.info, user_change)."""

    __tablename__ = "standings"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    standing: Mapped[str] = mapped_column(String(16))
    seen_at: Mapped[dt.datetime]


class Refusal(Base):
    """A refused action, kept outside the hash chain (written in its own transaction)."""

    __tablename__ = "refusals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    incident_ref: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)


class ProcessedEvent(Base):
    """Slack event ids already handled: Slack retries events it thinks were not acked."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[dt.datetime]


class BotMessage(Base):
    """A message the bot owns in an incident's channel (header, checklist, notices).

    Its ts is stored so later changes update it in place, and `intent_id` names the
    post in the message metadata, so an unknown outcome can be checked before retrying.
    """

    __tablename__ = "bot_messages"
    __table_args__ = (UniqueConstraint("incident_id", "key", name="uq_bot_messages_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  # header | checklist | announce:<seq>
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    posted_at: Mapped[dt.datetime | None]


class ThreadMessage(Base):
    """A person's reply in an incident thread, as last seen (the log keeps every version)."""

    __tablename__ = "thread_messages"
    __table_args__ = (UniqueConstraint("channel_id", "ts", name="uq_thread_messages_ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    channel_id: Mapped[str] = mapped_column(String(32))
    ts: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Statement(Base):
    """A statement drafted from a template; its text lives in its versions."""

    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("incident_id", "number", name="uq_statements_number"),
        UniqueConstraint("draft_key", name="uq_statements_draft_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    number: Mapped[int]  # 1, 2, ... within the incident
    template_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(16))
    # Where it goes (bot.statements.platforms), which sets its length limit; None before 0010.
    platform: Mapped[str | None] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    version: Mapped[int]  # the current version
    # awaiting (approval) | changes (requested) | approved | published
    status: Mapped[str] = mapped_column(String(16))
    approved_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None]
    # Set by a Slack modal submission, so a double submit drafts one statement.
    draft_key: Mapped[str | None] = mapped_column(String(128))


class StatementVersion(Base):
    """One version of a statement's text, as screened when it was drafted."""

    __tablename__ = "statement_versions"
    __table_args__ = (UniqueConstraint("statement_id", "version", name="uq_statement_versions"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    version: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    variables: Mapped[dict[str, Any]]
    # Findings the privacy officer overrode for this version: [{kind, text, reason, by}].
    overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]


class StatementReview(Base):
    """An approver's decision on one version: approved, or changes requested."""

    __tablename__ = "statement_reviews"
    __table_args__ = (
        UniqueConstraint("statement_id", "version", "role_id", name="uq_statement_reviews"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    version: Mapped[int]
    role_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16))  # approved | changes
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime]


class PendingWarning(Base):
    """A privacy warning shown to a person about text they typed, awaiting their second,
    identical submission (which keeps the text). Only a salted digest of the text is
    kept, never the text: the findings are recorded by kind and position."""

    __tablename__ = "pending_warnings"
    __table_args__ = (Index("ix_pending_warnings_actor", "actor", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    incident_ref: Mapped[str | None] = mapped_column(String(20))
    findings: Mapped[list[Any]] = mapped_column(JSON)  # [{field, kind, start, end}, ...]
    salt: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))


class Reminder(Base):
    """A reminder or escalation sent, once: its key is unique within the incident."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("incident_id", "key", name="uq_reminders_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(160))  # step:<id>:owner:<n>, deadline:<id>:7d, ...
    kind: Mapped[str] = mapped_column(String(20))
    to_user: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime]
