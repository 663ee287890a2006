"""Hostile and broken input, generated (hypothesis, a fixed seed, a bounded number of
examples): slash commands, clicks, form submissions and events with unicode edge cases,
control and bidirectional characters, huge and missing values, unknown and closed
incidents, each request sent twice. Whatever arrives: the answer is never a 500, no
listener fails, nothing in Slack shows a traceback, a refused request changes nothing,
and every incident's log still verifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.incidents import service
from bot.incidents import view as incident_view
from bot.sandbox import requests as sr
from bot.slack import ids
from bot.store.models import LogEntry
from tests.slack.harness import CHANNEL, Bot, running_bot

CMD, NOBODY = "U0CMD", "U0NOBODY"  # the commander; a member of the channel with no role
FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that has broken programs before: control, bidirectional, zero-width and combining
# characters, surrogate-free astral symbols, Slack's own markup, and very long runs.
PIECES = [
    *"\x00\x1b\x7f\x85\u202e\u2066\u200b\ufeff\u0301\U0001f600<>&*_~`|@#!",
    "<!channel>", "<@U0CMD>", "INC-2026-0001", "start phi-leak", "\n", " ",
]  # fmt: skip
NASTY = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "é", "\U0001f525", "|"]), st.integers(3000, 6000)),
)  # fmt: skip


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'crisisbot.db'}"
    with running_bot(url) as running:
        running.fake.add_user(NOBODY, "nobody", "No Body")
        running.fake.set_member(CHANNEL, NOBODY)
        open_ref = running.start("viral-patient-video Video of our lobby", CMD)
        closed_ref = running.start("er-complaint-storm Reviews about waits", CMD)
        ctx = running.runtime.ctx
        phases = incident_view.get_incident(ctx, closed_ref).playbook.phase_ids
        for _ in phases[:-1]:
            service.advance_phase(ctx, incident=closed_ref, actor=CMD, override_reason="t")
        service.close_incident(ctx, incident=closed_ref, actor=CMD, override_reason="t")
        running.settle()
        running.refs = (open_ref, closed_ref)  # type: ignore[attr-defined]
        yield running


def _entries(bot: Bot) -> int:
    with bot.runtime.ctx.db.readers() as session:
        return session.scalar(select(func.count()).select_from(LogEntry)) or 0


def _invariants(bot: Bot, *replies: sr.Reply) -> None:
    for reply in replies:
        assert reply.status < 500, reply
        assert b"Traceback" not in reply.body
    assert bot.runtime.side.errors == [], bot.runtime.side.errors
    shown = json.dumps(
        [m.text for c in (CHANNEL,) for m in bot.fake.messages(c, include_replies=True)]
    )
    shown += json.dumps(bot.ephemerals(CMD) + bot.ephemerals(NOBODY))
    assert "Traceback" not in shown and 'File "' not in shown
    for line in incident_view.list_incidents(bot.runtime.ctx, include_closed=True):
        assert incident_view.verify_log(bot.runtime.ctx, line.ref).ok, line.ref


def _twice(bot: Bot, request: sr.SlackRequest) -> list[sr.Reply]:
    """Slack sends some requests again (a retry, a replay): the same request twice."""
    return [bot.sender.send(request), bot.sender.send(request)]


@seed(20261205)
@FUZZ
@given(text=NASTY, user=st.sampled_from([CMD, NOBODY]))
def test_any_slash_command_text(bot: Bot, text: str, user: str) -> None:
    replies = _twice(bot, sr.slash_command(text, user_id=user, channel_id=CHANNEL))
    bot.settle()
    _invariants(bot, *replies)


REFS = st.sampled_from(["INC-2026-0001", "INC-2026-0002", "INC-2026-9999", "INC-1-1", ""])
VALUES = st.one_of(
    st.builds(lambda r, s: f"{r}|{s}", REFS, st.sampled_from(["capture-evidence", "nope", ""])),
    REFS,
    NASTY,
)


@seed(20261205)
@FUZZ
@given(
    action=st.one_of(st.sampled_from(list(ids.Action)), st.text(max_size=30)),
    value=VALUES,
    with_message=st.booleans(),
)
def test_any_click_by_someone_without_a_role_changes_nothing(
    bot: Bot, action: str, value: str, with_message: bool
) -> None:
    ref = bot.refs[0]  # type: ignore[attr-defined]
    before = _entries(bot)
    where: dict[str, Any] = (  # on the checklist, or on a message only they saw
        {"message": bot.checklist(ref)} if with_message else {"message_ts": "1700000000.000100"}
    )
    request = sr.block_actions(
        [sr.button_action(str(action), "b", value)], user_id=NOBODY, channel_id=CHANNEL,
        **where,
    )  # fmt: skip
    replies = _twice(bot, request)
    bot.settle()
    _invariants(bot, *replies)
    assert _entries(bot) == before, (action, value)


FORM_BLOCKS = ["title", "note", "reason", "lessons", "step", "playbook", "severity", "comment"]


@seed(20261205)
@FUZZ
@given(
    form=st.one_of(st.sampled_from(list(ids.Form)), st.text(max_size=20)),
    metadata=st.one_of(
        st.builds(lambda r: json.dumps({"ref": r, "channel": CHANNEL}), REFS),
        st.builds(json.dumps, st.dictionaries(st.text(max_size=8), st.text(max_size=8))),
        NASTY,
    ),
    values=st.dictionaries(st.sampled_from(FORM_BLOCKS), NASTY, max_size=4),
    user=st.sampled_from([CMD, NOBODY]),
)
def test_any_form_submission(
    bot: Bot, form: str, metadata: str, values: dict[str, str], user: str
) -> None:
    blocks = [
        {"type": "input", "block_id": b, "label": {"type": "plain_text", "text": b},
         "element": {"type": "plain_text_input", "action_id": ids.VALUE}}
        for b in values
    ]  # fmt: skip
    view = {"id": "V0FUZZ", "callback_id": str(form), "private_metadata": metadata,
            "type": "modal", "blocks": blocks}  # fmt: skip
    before = _entries(bot)
    request = sr.view_submission(
        view, user_id=user, values={b: {ids.VALUE: v} for b, v in values.items()}
    )
    replies = _twice(bot, request)
    bot.settle()
    _invariants(bot, *replies)
    if user == NOBODY and str(form) != ids.Form.ADD_NOTE:
        assert _entries(bot) == before, (form, values)


@seed(20261205)
@FUZZ
@given(
    text=NASTY,
    subtype=st.sampled_from([None, "message_changed", "message_deleted", "bot_message",
                             "channel_join", "thread_broadcast", "file_share"]),
    thread=st.sampled_from(["root", "unknown", "none"]),
    reaction=st.one_of(st.none(), st.text(max_size=30)),
    event_id=st.sampled_from(["Ev0FUZZ0001", "Ev0FUZZ0002", None]),
)  # fmt: skip
def test_any_event(
    bot: Bot,
    text: str,
    subtype: str | None,
    thread: str,
    reaction: str | None,
    event_id: str | None,
) -> None:
    ref = bot.refs[0]  # type: ignore[attr-defined]
    root = bot.root(ref).ts
    thread_ts = {"root": root, "unknown": "1700000000.000100", "none": None}[thread]
    event: dict[str, Any]
    if reaction is not None:
        event = sr.reaction_added_event(NOBODY, reaction, CHANNEL, thread_ts or root)
    else:
        event = sr.message_event(CHANNEL, NOBODY, text, thread_ts=thread_ts)
        if subtype is not None:
            event["subtype"] = subtype
    replies = [bot.event(event, event_id=event_id), bot.event(event, event_id=event_id)]
    bot.settle()
    _invariants(bot, *replies)
