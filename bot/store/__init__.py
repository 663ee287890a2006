"""Storage: typed models, engine and sessions, migrations."""

from bot.store.db import Database, connect, upgrade
from bot.store.models import (
    Base,
    BotMessage,
    Incident,
    LogEntry,
    OutboxIntent,
    ProcessedEvent,
    Refusal,
    RoleAssignment,
    Statement,
    StatementReview,
    StatementVersion,
    StepState,
    ThreadMessage,
)

__all__ = [
    "Base",
    "BotMessage",
    "Database",
    "Incident",
    "LogEntry",
    "OutboxIntent",
    "ProcessedEvent",
    "Refusal",
    "RoleAssignment",
    "Statement",
    "StatementReview",
    "StatementVersion",
    "StepState",
    "ThreadMessage",
    "connect",
    "upgrade",
]
