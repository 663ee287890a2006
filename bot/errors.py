"""Domain errors; each message is a sentence a responder can read and act on."""


class CrisisError(Exception):
    """Base of every refusal the service layer raises."""


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
