"""Domain errors; each message is a sentence a responder can read and act on."""

from __future__ import annotations


class CrisisError(Exception):
    """Base of every refusal the service layer raises.

    `field` names the argument the refusal is about (a use case's parameter name, e.g.
    "title", "reason", "variables.patient_name"), so a form shows it next to the right
    input without reading the message; None when it is about no one argument."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(CrisisError):
    """No such incident, step or role."""


class NotAllowed(CrisisError):
    """The actor may not do this; the message says who may."""


class StepBlocked(CrisisError):
    """A step cannot change yet (open dependencies, or a done step depends on it)."""


class PhaseIncomplete(CrisisError):
    """The phase still has open required steps."""


class IncidentClosed(CrisisError):
    """The incident is closed; nothing in it changes any more."""


class InvalidInput(CrisisError):
    """An argument is missing or malformed (empty title, unknown severity, ...)."""


class SlackUnavailable(CrisisError):
    """Slack cannot be reached, or refuses the bot's token, so the bot cannot start."""


class PrivacyWarning(CrisisError):
    """Typed text may identify a patient. Shown only to the person who typed it; sending
    the same text again keeps it, and the log records that it was kept."""
