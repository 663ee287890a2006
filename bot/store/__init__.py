"""Storage: typed models, engine and sessions, migrations."""

from bot.store.db import Database, connect, upgrade
from bot.store.models import (
    Base,
    Incident,
    LogEntry,
    OutboxIntent,
    Refusal,
    RoleAssignment,
    StepState,
)

__all__ = [
    "Base",
    "Database",
    "Incident",
    "LogEntry",
    "OutboxIntent",
    "Refusal",
    "RoleAssignment",
    "StepState",
    "connect",
    "upgrade",
]
