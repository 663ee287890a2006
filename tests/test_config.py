"""Settings: sensible defaults, and a wrong value is one line naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, ConfigError, load_settings
from bot.phi.model import Org


def test_defaults_need_nothing_set(tmp_path: Path) -> None:
    settings = load_settings({}, env_file=None)
    assert settings.database_url == "sqlite:///crisisbot.db"
    assert settings.playbooks_dir == PROJECT_ROOT / "playbooks"
    assert settings.messages_dir == PROJECT_ROOT / "messages"
    assert settings.org_timezone == "UTC"
    assert settings.slack_mode == "sandbox"


@pytest.mark.parametrize(
    "url", ["postgres://u@db.example/crisis", "postgresql://u@db.example/crisis"]
)
def test_postgres_urls_use_psycopg_3(url: str) -> None:
    settings = load_settings({"DATABASE_URL": url}, env_file=None)
    assert settings.database_url == "postgresql+psycopg://u@db.example/crisis"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"ORG_TIMEZONE": "Mars/Olympus"}, "ORG_TIMEZONE"),
        ({"CRISISBOT_PLAYBOOKS": "/no/such/folder"}, "CRISISBOT_PLAYBOOKS"),
        ({"CRISISBOT_MESSAGES": "/no/such/folder"}, "CRISISBOT_MESSAGES"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_API_URL": "localhost:9000"}, "SLACK_API_URL"),
        ({"CRISIS_CHANNEL": "#crisis-room"}, "CRISIS_CHANNEL"),
        ({"CRISISBOT_ADMINS": "U123, alice smith"}, "CRISISBOT_ADMINS"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"ORG_EMAIL": "press-at-hospital"}, "ORG_EMAIL"),
        ({"ORG_PHONE": "(617) 555-0100, call us"}, "ORG_PHONE"),
        ({"ORG_PHONE": "12"}, "ORG_PHONE"),
        ({"ORG_ADDRESS": "Harbor Street"}, "ORG_ADDRESS"),
        ({"ORG_STAFF_FILE": "/no/such/staff.txt"}, "ORG_STAFF_FILE"),
        ({"MAX_BACKLOG": "lots"}, "MAX_BACKLOG"),
        ({"MAX_BACKLOG": "0"}, "MAX_BACKLOG"),
        ({"MAX_BACKLOG": "10.5"}, "MAX_BACKLOG"),
        ({"WORK_THREADS": "-2"}, "WORK_THREADS"),
        ({"DELIVERY_RETRY_HOURS": "nan"}, "DELIVERY_RETRY_HOURS"),
        ({"DELIVERY_RETRY_HOURS": "9999"}, "DELIVERY_RETRY_HOURS"),
        ({"DELIVERY_BACKOFF_CAP_SECONDS": "soon"}, "DELIVERY_BACKOFF_CAP_SECONDS"),
    ],
)
def test_wrong_value_names_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env, env_file=None)
    message = str(err.value)
    assert message.startswith(f"{variable}:")
    assert "\n" not in message


def test_slack_modes() -> None:
    http = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, env_file=None)
    socket = load_settings(
        {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}, env_file=None
    )
    assert (http.slack_mode, socket.slack_mode) == ("http", "socket")


def test_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "ORG_NAME=Mercy General\nORG_TIMEZONE=America/Chicago\nCRISISBOT_ADMINS=U1,U2\n"
    )
    settings = load_settings({"ORG_TIMEZONE": "America/New_York"}, env_file=env_file)
    assert settings.org_name == "Mercy General"
    assert settings.org_timezone == "America/New_York"
    assert settings.admins == frozenset({"U1", "U2"})


def test_cli_prints_config_error_as_one_line_and_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("incident", "list", env={"ORG_TIMEZONE": "Nowhere/Atlantis"})
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "error: ORG_TIMEZONE: 'Nowhere/Atlantis' is not an IANA time zone (e.g. America/Chicago)"
    ]


def test_env_example_is_a_valid_configuration() -> None:
    settings = load_settings({}, env_file=PROJECT_ROOT / ".env.example")
    assert settings.org_timezone == "America/Chicago"
    assert settings.org_phone == "(555) 010-0100"
    assert settings.slack_mode == "sandbox"


@pytest.mark.parametrize(
    ("env", "variable"),
    [({"PORT": "²"}, "PORT"), ({"DATABASE_URL": "postgresql://u@h:notaport/db"}, "DATABASE_URL")],
)
def test_odd_values_are_config_errors_not_crashes(env: dict[str, str], variable: str) -> None:
    with pytest.raises(ConfigError, match=f"^{variable}:"):
        load_settings(env, env_file=None)


def test_the_organisation_may_list_several_numbers_addresses_and_named_staff(
    tmp_path: Path,
) -> None:
    staff = tmp_path / "staff.txt"
    staff.write_text("# people who may be named\nMaria Delgado\n\nDr. Anita Rao\n", "utf-8")
    settings = load_settings(
        {
            "ORG_PHONE": "(617) 555-0100, 617.555.0142 ext. 3 ,555-0199",
            "ORG_ADDRESS": "1200 Harbor Street, Boston, MA 02110; 45 Elm Avenue, Quincy, MA",
            "ORG_STAFF_FILE": str(staff),
        },
        env_file=None,
    )
    org = Org.from_settings(settings)
    assert org.phone == "(617) 555-0100"  # the main number fills {{ org_phone }}
    assert org.phones == ("617.555.0142 ext. 3", "555-0199")  # its other lines
    assert org.addresses == ("1200 Harbor Street, Boston, MA 02110", "45 Elm Avenue, Quincy, MA")
    assert org.staff == ("Maria Delgado", "Dr. Anita Rao")


def test_a_staff_file_that_is_not_text_is_refused_naming_the_variable(tmp_path: Path) -> None:
    staff = tmp_path / "staff.txt"
    staff.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match=r"^ORG_STAFF_FILE: cannot read"):
        load_settings({"ORG_STAFF_FILE": str(staff)}, env_file=None)
