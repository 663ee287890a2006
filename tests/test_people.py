"""People are shown by the names Slack showed for them at the time; the log keeps ids."""

from __future__ import annotations

import datetime as dt

from bot import people
from bot.store import connect, upgrade

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_a_report_rebuilt_later_names_people_as_they_were_called_then(database_url: str) -> None:
    db = connect(database_url)
    upgrade(db)
    assert people.remember(db, "U0DANA", "Dana Okafor", now=T0)
    assert not people.remember(db, "U0DANA", "Dana  Okafor ", now=T0 + dt.timedelta(days=1))
    assert people.remember(db, "U0DANA", "Dana Okafor-Reyes", now=T0 + dt.timedelta(days=400))

    assert people.names(db, ["U0DANA"]) == {"U0DANA": "Dana Okafor-Reyes"}
    at_the_time = T0 + dt.timedelta(days=30)
    assert people.names(db, ["U0DANA", "U0NOBODY"], at=at_the_time) == {"U0DANA": "Dana Okafor"}
    # Learnt only after the incident: the first name seen stands in.
    assert people.names(db, ["U0DANA"], at=T0 - dt.timedelta(days=1)) == {"U0DANA": "Dana Okafor"}


def test_the_name_shown_is_the_full_name_else_the_display_name_else_the_handle() -> None:
    full = {
        "id": "U1",
        "name": "dana",
        "profile": {"real_name": "Dana Okafor", "display_name": "Dee"},
    }
    assert people.shown_name(full) == "Dana Okafor"
    assert people.shown_name({"name": "dana", "profile": {"display_name": "Dee"}}) == "Dee"
    assert people.shown_name({"name": "dana", "profile": {"real_name": "  "}}) == "dana"
    assert people.shown_name({"profile": {}}) is None
    assert len(people.shown_name({"name": "x" * 500}) or "") == people.MAX_NAME


def test_a_person_is_labelled_by_name_and_role_and_unknown_ids_stay_readable() -> None:
    known = {"U0DANA": "Dana Okafor"}
    assert (
        people.label("U0DANA", known, "Communications lead") == "Dana Okafor (Communications lead)"
    )
    assert people.label("U0LEE", known) == "U0LEE"
    assert people.label(None, known) == "nobody"
