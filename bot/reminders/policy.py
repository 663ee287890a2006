"""When reminders go out: the organisation's settings (REMINDER_* and QUIET_HOURS), which
a playbook's `reminders:` block may change for its incidents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KEYS = {
    "grace_minutes": "REMINDER_GRACE_MINUTES",
    "repeat_minutes": "REMINDER_REPEAT_MINUTES",
    "on_it_minutes": "REMINDER_ON_IT_MINUTES",
    "unfilled_role_minutes": "REMINDER_UNFILLED_ROLE_MINUTES",
    "page_minutes": "ESCALATION_PAGE_MINUTES",
    "deadline_days": "REMINDER_DEADLINE_DAYS",
}
_QUIET = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class PolicyError(ValueError):
    """A reminder setting has a wrong value; the message names it."""


@dataclass(frozen=True)
class Policy:
    # The owner is reminded when a step's due time passes, and again this many minutes
    # after the due time (a schedule, e.g. 60, 180, 480); nothing after the last.
    repeat_minutes: tuple[int, ...] = (60, 180, 480)
    grace_minutes: int = 30  # after the due time, the commander is told
    page_minutes: int = 60  # after the due time, the pager is called (if a webhook is set)
    on_it_minutes: int = 60  # "On it" holds repeats and escalation this long
    unfilled_role_minutes: int = 15  # a required role still empty: the commander is told
    deadline_days: tuple[int, ...] = (7, 1)  # the privacy role, before each legal deadline
    quiet_hours: tuple[dt.time, dt.time] | None = None  # non-urgent reminders wait
    drills: bool = False  # drills get reminders too

    def quiet(self, local: dt.datetime) -> bool:
        """Whether `local` (the organisation's time) falls in quiet hours."""
        if self.quiet_hours is None:
            return False
        start, end = self.quiet_hours
        now = local.time()
        return start <= now < end if start < end else now >= start or now < end

    def quiet_ends(self, local: dt.datetime) -> dt.datetime:
        """When the quiet hours that hold `local` end (in the same zone)."""
        assert self.quiet_hours is not None
        end = self.quiet_hours[1]
        at = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
        return at if at > local else at + dt.timedelta(days=1)


def _minutes(name: str, value: object, *, most: int = 60 * 24 * 30) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PolicyError(f"{name}: {value!r} is not a number of minutes")
    text = str(value).strip()
    if not text.isdigit() or not 0 < int(text) <= most:
        raise PolicyError(f"{name}: {text!r} is not a whole number of minutes from 1 to {most}")
    return int(text)


def _list(name: str, value: object, unit: str, most: int) -> tuple[int, ...]:
    items = list(value) if isinstance(value, (list, tuple)) else str(value).split(",")
    numbers = []
    for item in items:
        text = str(item).strip()
        if not text.isdigit() or not 0 < int(text) <= most:
            raise PolicyError(
                f"{name}: {text!r} is not a whole number of {unit} from 1 to {most} "
                f"(a comma-separated list, like 60, 180, 480)"
            )
        numbers.append(int(text))
    return tuple(sorted(set(numbers)))


def _value(field: str, name: str, value: object) -> int | tuple[int, ...]:
    """One setting of `field`, read from `value` and named `name` in a refusal."""
    if field == "repeat_minutes":
        return _list(name, value, "minutes", 60 * 24 * 30)
    if field == "deadline_days":
        return _list(name, value, "days", 365)
    return _minutes(name, value)


def quiet_hours(name: str, value: str) -> tuple[dt.time, dt.time] | None:
    text = value.strip().replace(" ", "")
    if not text:
        return None
    m = _QUIET.match(text)
    if m is None:
        raise PolicyError(f"{name}: {value!r} is not a span like 22:00-07:00")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h1, m1) == (h2, m2):
        raise PolicyError(f"{name}: {value!r} is not a span like 22:00-07:00")
    return dt.time(h1, m1), dt.time(h2, m2)


def from_settings(values: Mapping[str, str]) -> Policy:
    """The organisation's policy from its environment; unset values keep the defaults."""
    changes: dict[str, Any] = {}
    for field, var in KEYS.items():
        text = values.get(var, "").strip()
        if text:
            changes[field] = _value(field, var, text)
    changes["quiet_hours"] = quiet_hours("QUIET_HOURS", values.get("QUIET_HOURS", ""))
    drills = values.get("REMIND_DRILLS", "").strip().lower()
    if drills not in ("", "true", "false", "1", "0", "yes", "no"):
        raise PolicyError(f"REMIND_DRILLS: {drills!r} is not true or false")
    changes["drills"] = drills in ("true", "1", "yes")
    return dataclasses.replace(Policy(), **changes)


def for_playbook(org: Policy, overrides: Mapping[str, object]) -> Policy:
    """The organisation's policy with a playbook's `reminders:` values (checked by
    `playbooks check`, so an error here is a bug)."""
    changes: dict[str, Any] = {f: _value(f, f, value) for f, value in overrides.items()}
    return dataclasses.replace(org, **changes)
