"""Settings from the environment (and an optional .env), validated once."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from bot.clock import Clock, ExerciseClock, rehearsal, utc_now
from bot.reminders.policy import Policy, PolicyError
from bot.reminders.policy import from_settings as reminder_policy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///crisisbot.db"
SANDBOX_DATABASE_URL = "sqlite:///crisisbot-sandbox.db"

_SLACK_ID = re.compile(r"^[A-Z0-9]{2,}$")
_USER = re.compile(r"^(cli:[^\s,]+|U[A-Z0-9]+|W[A-Z0-9]+)$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting has a wrong value; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    playbooks_dir: Path
    messages_dir: Path
    org_name: str
    org_phone: str  # one or several public numbers, comma-separated (the first is the main one)
    org_email: str
    org_website: str
    org_timezone: str
    slack_bot_token: str | None
    slack_signing_secret: str | None
    slack_app_token: str | None
    slack_api_url: str | None
    crisis_channel: str | None
    admins: frozenset[str]
    allowed_team_ids: frozenset[str]
    allowed_channels: frozenset[str]
    alert_webhook_secret: str | None
    port: int
    log_level: str
    org_addresses: tuple[str, ...] = ()  # the organisation's own street addresses
    org_staff: tuple[str, ...] = ()  # people who may be named publicly (ORG_STAFF_FILE)
    delivery_retry_hours: float = 6.0  # transient Slack failures are retried this long
    delivery_backoff_cap: float = 30.0  # seconds; the longest wait between two tries
    max_backlog: int = 2000  # acked requests waiting in memory; beyond it: 503, Retry-After
    work_threads: int = 4  # threads doing acked work (captures, ticks) in each process
    stop_grace: float = 6.0  # seconds a stopping process finishes acked work, then gives it back
    reminders: Policy = field(default_factory=Policy)  # REMINDER_*, QUIET_HOURS, ...
    escalation_url: str | None = None  # ESCALATION_WEBHOOK_URL: called when a step is paged
    escalation_secret: str | None = None  # signs what is sent there
    escalation_format: str = "json"  # json | pagerduty (Events API v2)
    pagerduty_routing_key: str | None = None
    log_format: str = "json"  # json | text
    # A rehearsal: time runs this much faster since time_from, in every process alike.
    time_speed: float | None = None
    time_from: dt.datetime | None = None
    # An exercise: how far ahead of the wall clock to run, read from this file by every
    # process and moved by `crisisbot clock`.
    time_file: Path | None = None

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """What must never reach a log line."""
        from sqlalchemy.engine import make_url

        password = make_url(self.database_url).password if "@" in self.database_url else None
        return (
            self.slack_bot_token, self.slack_signing_secret, self.slack_app_token,
            self.alert_webhook_secret, self.escalation_secret, self.pagerduty_routing_key,
            str(password) if password else None,
        )  # fmt: skip

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.org_timezone)

    def clock(self) -> Clock:
        """An exercise's time, a rehearsal's sped-up time, or the wall clock: the same
        in every process given the same settings."""
        if self.time_file is not None:
            return ExerciseClock(self.time_file)
        if self.time_speed and self.time_from:
            return rehearsal(self.time_from, self.time_speed)
        return utc_now

    @property
    def slack_mode(self) -> str:
        """'socket', 'http' or 'sandbox' (no Slack variable set)."""
        if self.slack_app_token:
            return "socket"
        if self.slack_bot_token:
            return "http"
        return "sandbox"


def normalise_database_url(url: str) -> str:
    """Read postgres:// and postgresql:// as the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _default_dir(name: str) -> Path:
    beside_package = PROJECT_ROOT / name
    return beside_package if beside_package.is_dir() else Path.cwd() / name


def _csv(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def load_settings(
    environ: Mapping[str, str] | None = None, *, env_file: str | Path | None = ".env"
) -> Settings:
    """Build settings from `environ` (default os.environ) over an optional .env file.

    Variables already in the environment win over the .env file, as with python-dotenv.
    """
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str, default: str = "") -> str:
        return values.get(name, default).strip()

    database_url = normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    try:
        # A malformed port raises here (the database layer is not imported for this:
        # `crisisbot phi-check` reads settings and must start fast).
        urlsplit(database_url).port  # noqa: B018
    except ValueError:
        raise ConfigError(
            f"DATABASE_URL: cannot be read as a database URL ({database_url.split('://')[0]}://...)"
        ) from None
    if not re.match(r"^(sqlite|postgresql\+psycopg)://", database_url):
        raise ConfigError(
            "DATABASE_URL: expected sqlite:///PATH or postgresql://USER@HOST/DB, "
            f"got {database_url.split('://')[0]}://..."
        )

    dirs: dict[str, Path] = {}
    for var, name in (("CRISISBOT_PLAYBOOKS", "playbooks"), ("CRISISBOT_MESSAGES", "messages")):
        path = Path(get(var)) if get(var) else _default_dir(name)
        if not path.is_dir():
            raise ConfigError(f"{var}: folder {path} does not exist")
        dirs[name] = path

    tz = get("ORG_TIMEZONE") or "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"ORG_TIMEZONE: {tz!r} is not an IANA time zone (e.g. America/Chicago)"
        ) from None

    website = get("ORG_WEBSITE")
    if website and not re.match(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", website, re.I):
        raise ConfigError(f"ORG_WEBSITE: {website!r} is not a web address")
    email = get("ORG_EMAIL")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", email, re.I):
        raise ConfigError(f"ORG_EMAIL: {email!r} is not an email address")

    phones = org_phones(get("ORG_PHONE"))
    addresses = tuple(a.strip() for a in get("ORG_ADDRESS").split(";") if a.strip())
    for address in addresses:
        if len(address) > 200 or not re.search(r"\d", address):
            raise ConfigError(
                f"ORG_ADDRESS: {address[:60]!r} is not a street address (like 1200 Harbor Street, "
                "Boston, MA 02110; separate several with ;)"
            )
    staff = staff_names(get("ORG_STAFF_FILE"))

    bot_token = get("SLACK_BOT_TOKEN") or None
    signing_secret = get("SLACK_SIGNING_SECRET") or None
    app_token = get("SLACK_APP_TOKEN") or None
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN: a bot token starts with xoxb-")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN: an app-level token starts with xapp-")
    if app_token and not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN: missing (Socket Mode needs it beside SLACK_APP_TOKEN)")
    if bot_token and not app_token and not signing_secret:
        raise ConfigError(
            "SLACK_SIGNING_SECRET: missing (HTTP mode needs it beside SLACK_BOT_TOKEN; "
            "or set SLACK_APP_TOKEN for Socket Mode)"
        )
    if signing_secret and not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN: missing (SLACK_SIGNING_SECRET is set)")

    api_url = get("SLACK_API_URL") or None
    if api_url and not re.match(r"^https?://", api_url):
        raise ConfigError(f"SLACK_API_URL: {api_url!r} is not an http(s) URL")
    if api_url and not api_url.endswith("/"):
        api_url += "/"

    channel = get("CRISIS_CHANNEL") or None
    if channel and not _SLACK_ID.match(channel):
        raise ConfigError(
            f"CRISIS_CHANNEL: {channel!r} is not a channel id (like C0123ABCD); "
            "copy it from the channel's details in Slack"
        )

    admins = _csv(get("CRISISBOT_ADMINS"))
    for admin in admins:
        if not _USER.match(admin):
            raise ConfigError(
                f"CRISISBOT_ADMINS: {admin!r} is not a Slack user id (U...) or cli:NAME"
            )
    teams = _csv(get("ALLOWED_TEAM_IDS"))
    channels = _csv(get("ALLOWED_CHANNELS"))
    for var, ids in (("ALLOWED_TEAM_IDS", teams), ("ALLOWED_CHANNELS", channels)):
        for item in ids:
            if not _SLACK_ID.match(item):
                raise ConfigError(f"{var}: {item!r} is not a Slack id")

    port_text = get("PORT") or "3000"
    if not (port_text.isascii() and port_text.isdigit()) or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT: {port_text!r} is not a port number (1-65535)")

    level = (get("LOG_LEVEL") or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL: {level!r} is not one of {', '.join(_LOG_LEVELS)}")
    time_speed = time_from = None
    if get("CRISISBOT_TIME_SPEED"):
        time_speed = _positive_number(get, "CRISISBOT_TIME_SPEED", 1.0, most=3600)
        try:
            time_from = dt.datetime.fromisoformat(get("CRISISBOT_TIME_FROM").replace("Z", "+00:00"))
        except ValueError:
            time_from = None
        if time_from is None or time_from.tzinfo is None:
            raise ConfigError(
                "CRISISBOT_TIME_FROM: a moment like 2026-12-05T09:00:00Z is needed with "
                "CRISISBOT_TIME_SPEED (the same in every process)"
            )
    time_file = Path(get("CRISISBOT_TIME_FILE")) if get("CRISISBOT_TIME_FILE") else None
    if time_file is not None and time_speed is not None:
        raise ConfigError(
            "CRISISBOT_TIME_FILE and CRISISBOT_TIME_SPEED: one or the other (an exercise "
            "whose facilitator moves time, or time run faster), not both"
        )
    log_format = (get("LOG_FORMAT") or "json").lower()
    if log_format not in ("json", "text"):
        raise ConfigError(f"LOG_FORMAT: {log_format!r} is not json or text")

    retry_hours = _positive_number(get, "DELIVERY_RETRY_HOURS", 6.0, most=24 * 7)
    backoff_cap = _positive_number(get, "DELIVERY_BACKOFF_CAP_SECONDS", 30.0, most=3600)
    max_backlog = _positive_number(get, "MAX_BACKLOG", 2000, most=1_000_000)
    work_threads = _positive_number(get, "WORK_THREADS", 4, most=64)
    stop_grace = _positive_number(get, "STOP_GRACE_SECONDS", 6.0, most=300)
    for var, number in (("MAX_BACKLOG", max_backlog), ("WORK_THREADS", work_threads)):
        if number != int(number):
            raise ConfigError(f"{var}: {get(var)!r} is not a whole number")

    try:
        reminders = reminder_policy(values)
    except PolicyError as err:
        raise ConfigError(str(err)) from None
    escalation_url = get("ESCALATION_WEBHOOK_URL") or None
    if escalation_url and not re.match(r"^https?://[^\s]+$", escalation_url):
        raise ConfigError(f"ESCALATION_WEBHOOK_URL: {escalation_url!r} is not an http(s) URL")
    escalation_format = (get("ESCALATION_FORMAT") or "json").lower()
    if escalation_format not in ("json", "pagerduty"):
        raise ConfigError(f"ESCALATION_FORMAT: {escalation_format!r} is not json or pagerduty")
    routing_key = get("PAGERDUTY_ROUTING_KEY") or None
    if escalation_format == "pagerduty" and not routing_key:
        raise ConfigError(
            "PAGERDUTY_ROUTING_KEY: missing (ESCALATION_FORMAT=pagerduty needs the "
            "integration key of a PagerDuty service)"
        )

    return Settings(
        database_url=database_url,
        playbooks_dir=dirs["playbooks"],
        messages_dir=dirs["messages"],
        org_name=get("ORG_NAME") or "Our hospital",
        org_phone=", ".join(phones),
        org_email=email,
        org_website=website,
        org_timezone=tz,
        slack_bot_token=bot_token,
        slack_signing_secret=signing_secret,
        slack_app_token=app_token,
        slack_api_url=api_url,
        crisis_channel=channel,
        admins=admins,
        allowed_team_ids=teams,
        allowed_channels=channels,
        alert_webhook_secret=get("ALERT_WEBHOOK_SECRET") or None,
        port=int(port_text),
        log_level=level,
        org_addresses=addresses,
        org_staff=staff,
        delivery_retry_hours=retry_hours,
        delivery_backoff_cap=backoff_cap,
        max_backlog=int(max_backlog),
        work_threads=int(work_threads),
        stop_grace=stop_grace,
        reminders=reminders,
        escalation_url=escalation_url,
        escalation_secret=get("ESCALATION_WEBHOOK_SECRET") or None,
        escalation_format=escalation_format,
        pagerduty_routing_key=routing_key,
        log_format=log_format,
        time_speed=time_speed,
        time_from=time_from,
        time_file=time_file,
    )


def _positive_number(get: Callable[[str], str], var: str, default: float, *, most: float) -> float:
    """A positive number of at most `most`, or `default` when unset."""
    text = (get(var) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= most or value != value:
        raise ConfigError(f"{var}: {text!r} is not a number above 0 and at most {most:g}")
    return value


def org_phones(value: str) -> list[str]:
    """ORG_PHONE: the organisation's public numbers, comma-separated, each one a number
    libphonenumber reads (extensions allowed)."""
    import phonenumbers

    numbers = [n.strip() for n in value.split(",") if n.strip()]
    for number in numbers:
        try:
            ok = phonenumbers.is_possible_number(phonenumbers.parse(number, "US"))
        except phonenumbers.NumberParseException:
            ok = False
        if not ok:
            raise ConfigError(
                f"ORG_PHONE: {number[:40]!r} is not a phone number (separate several with commas)"
            )
    return numbers


def staff_names(path_text: str) -> tuple[str, ...]:
    """ORG_STAFF_FILE: one name a line of the people who may be named publicly (blank
    lines and lines starting with # skipped)."""
    if not path_text:
        return ()
    path = Path(path_text)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(
            f"ORG_STAFF_FILE: cannot read {path} ({err.__class__.__name__})"
        ) from None
    names = tuple(
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
    )
    for name in names:
        if len(name) > 100 or not re.search(r"[^\W\d_]", name):
            raise ConfigError(f"ORG_STAFF_FILE: {path}: {name[:40]!r} is not a name")
    return names
