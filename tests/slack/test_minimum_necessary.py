"""Minimum necessary inside Slack: free text a person types is checked before it is kept.
A note naming a patient warns only its author and is kept only after a second, identical
submission (the log says so, by kind and position); the report masks identifiers that
were quoted in the thread. Through signed requests against the fake Slack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.errors import PrivacyWarning
from bot.incidents import service
from bot.incidents.view import get_incident
from bot.report.entries import read
from bot.sandbox import requests as sr
from bot.slack import ids
from bot.store.models import Incident
from tests.conftest import MESSAGES, PLAYBOOKS
from tests.slack.harness import CHANNEL, Bot, running_bot

AUTHOR, OTHER = "U0NOTEAUTHOR", "U0BYSTANDER"
LEAKY_NOTE = "Spoke with Marisol Quintero's daughter; she is upset about room 412."


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        for user in (AUTHOR, OTHER):
            running.fake.add_user(user, user.lower(), user.title())
            running.fake.set_member(CHANNEL, user)
        yield running


def _entries(bot: Bot, ref: str) -> list[Any]:
    with bot.runtime.ctx.db.readers() as session:
        incident_id = session.query(Incident.id).filter(Incident.ref == ref).scalar()
        return read(session, incident_id)


def _note_form(bot: Bot, ref: str) -> dict[str, Any]:
    assert bot.click(ids.Action.NOTE_OPEN, ref, AUTHOR, message=bot.checklist(ref)).status == 200
    view = bot.last_view(AUTHOR)
    assert view["callback_id"] == ids.Form.ADD_NOTE
    return view


def test_a_note_naming_a_patient_warns_its_author_and_is_kept_only_on_the_second_click(
    bot: Bot,
) -> None:
    ref = bot.start("viral-patient-video Video from our ER on TikTok", AUTHOR)
    view = _note_form(bot, ref)
    thread_before = len(bot.thread(ref))

    first = bot.submit(view, AUTHOR, {"note": {"value": LEAKY_NOTE}})
    assert first.status == 200
    errors = first.json()["errors"]
    assert list(errors) == ["note"]
    assert "Marisol Quintero" in errors["note"] and "room" in errors["note"]
    assert "send the same text again" in errors["note"]
    bot.settle()
    # The warning went back in the author's own form: nothing in the channel, nothing kept.
    assert len(bot.thread(ref)) == thread_before
    assert not any(e.kind == "note" for e in _entries(bot, ref))
    assert bot.ephemerals(OTHER) == []

    second = bot.submit(view, AUTHOR, {"note": {"value": LEAKY_NOTE}})
    assert second.status == 200 and "errors" not in (second.body.decode() or "{}")
    bot.settle()
    notes = [e for e in _entries(bot, ref) if e.kind == "note"]
    assert len(notes) == 1 and notes[0].text == LEAKY_NOTE
    kept = notes[0].data["privacy_kept"]
    assert {k["kind"] for k in kept} >= {"name", "room"}
    # Recorded by kind and position, never by the text it found.
    assert "Marisol" not in json.dumps(kept)
    name = next(k for k in kept if k["kind"] == "name")
    assert LEAKY_NOTE[name["start"] : name["end"]].startswith("Marisol")
    shown = [m.text for m in bot.thread(ref) if "Note from" in m.text]
    assert len(shown) == 1 and "kept after a privacy warning: name, room" in shown[0]


def test_a_changed_note_is_checked_afresh_and_a_clean_one_is_kept_at_once(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video from our ER on TikTok", AUTHOR)
    view = _note_form(bot, ref)
    assert "errors" in bot.submit(view, AUTHOR, {"note": {"value": LEAKY_NOTE}}).json()
    changed = LEAKY_NOTE.replace("412", "415")
    assert "errors" in bot.submit(view, AUTHOR, {"note": {"value": changed}}).json()
    clean = "Spoke with the family; they are upset about the wait."
    assert bot.submit(view, AUTHOR, {"note": {"value": clean}}).status == 200
    bot.settle()
    notes = [e for e in _entries(bot, ref) if e.kind == "note"]
    assert [n.text for n in notes] == [clean] and "privacy_kept" not in notes[0].data


def test_another_person_sending_the_same_text_is_warned_in_turn(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video from our ER on TikTok", AUTHOR)
    ctx = bot.runtime.ctx
    with pytest.raises(PrivacyWarning):
        service.add_note(ctx, incident=ref, text=LEAKY_NOTE, actor=AUTHOR)
    with pytest.raises(PrivacyWarning):
        service.add_note(ctx, incident=ref, text=LEAKY_NOTE, actor=OTHER)


def test_a_skip_reason_naming_a_patient_warns_on_the_reason_field(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video from our ER on TikTok", AUTHOR)
    step = get_incident(bot.runtime.ctx, ref).steps[0].step.id
    with pytest.raises(PrivacyWarning) as warned:
        service.skip_step(
            bot.runtime.ctx, incident=ref, step_id=step, actor=AUTHOR,
            reason="Mrs. Quintero in bed 4 asked us not to",
        )  # fmt: skip
    assert warned.value.field == "reason"
    assert get_incident(bot.runtime.ctx, ref).steps[0].status == "open"


def test_the_report_masks_a_patient_name_quoted_in_the_thread(
    bot: Bot, cli: Any, database_url: str
) -> None:
    ref = bot.start("viral-patient-video Video from our ER on TikTok", AUTHOR)
    root = bot.root(ref)
    said = "The family says Marisol Quintero was in room 412 when it was filmed"
    event = sr.message_event(CHANNEL, OTHER, said, thread_ts=root.ts)
    assert bot.event(event).status == 200
    bot.settle()
    assert any(e.kind == "message" and e.text == said for e in _entries(bot, ref))

    assert bot.command(f"report {ref}", AUTHOR).status == 200
    bot.settle()
    page = next(iter(bot.fake.uploaded(channel=CHANNEL))).content.decode()
    assert "Marisol" not in page and "Quintero" not in page and "room 412" not in page
    assert "The family says [name] was in [room] when it was filmed" in page

    # The privacy officer can build the version with the names in it.
    env = {
        "DATABASE_URL": database_url,
        "CRISISBOT_PLAYBOOKS": str(PLAYBOOKS),
        "CRISISBOT_MESSAGES": str(MESSAGES),
    }
    masked = cli("report", ref, env=env)
    assert masked.code == 0 and said not in masked.out
    assert "says [name] was in [room]" in masked.out.replace("\\", "")  # Markdown escapes
    assert not any(e.kind == "report_unmasked" for e in _entries(bot, ref))
    unmasked = cli("report", ref, "--unmasked", env=env)
    assert unmasked.code == 0 and said in unmasked.out
    # Who saw the identifiers is kept in the log.
    seen = [e for e in _entries(bot, ref) if e.kind == "report_unmasked"]
    assert len(seen) == 1 and seen[0].actor.startswith("cli:")
