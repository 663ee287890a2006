"""The post-incident report from Slack: `/crisis report`, the report posted when an
incident closes, and the button on a closed thread. Signed requests in, the fake Web API
out (the HTML file through the files upload flow)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from bot.slack import ids
from tests.slack.harness import CHANNEL, Bot, running_bot


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        running.fake.add_user("U0CMD", "cmd", "Commander")
        running.fake.set_member(CHANNEL, "U0CMD")
        yield running


def _files(bot: Bot) -> list[object]:
    return list(bot.fake.uploaded(channel=CHANNEL))


def test_crisis_report_posts_a_summary_and_the_html_file_in_the_thread(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video of <b>our ER</b>", "U0CMD")
    reply = bot.command(f"report {ref.lower()}", "U0CMD")
    assert reply.status == 200 and "Preparing the report" in reply.body.decode()
    bot.settle()
    summary = [m for m in bot.thread(ref) if "Post-incident report" in m.text]
    assert len(summary) == 1 and "chain verified" in summary[0].text
    assert "&lt;b&gt;our ER&lt;/b&gt;" in summary[0].text
    files = _files(bot)
    assert len(files) == 1
    page = files[0].content.decode()  # type: ignore[attr-defined]
    assert page.startswith("<!DOCTYPE html>") or page.lstrip().lower().startswith("<!doctype html")
    assert "&lt;b&gt;our ER&lt;/b&gt;" in page and "<b>our ER</b>" not in page
    assert files[0].thread_ts == bot.root(ref).ts  # type: ignore[attr-defined]

    bad = bot.command("report INC-2026", "U0CMD")
    assert "needs one incident id" in bad.body.decode()
    bot.command("report INC-2026-0999", "U0CMD")
    bot.settle()
    assert any("no incident INC-2026-0999" in e for e in bot.ephemerals("U0CMD"))


def test_closing_posts_the_report_and_the_closed_thread_offers_it_again(bot: Bot) -> None:
    ref = bot.start("er-complaint-storm Reviews about waits", "U0CMD")
    bot.click(ids.Action.CLOSE_OPEN, ref, "U0CMD", message=bot.checklist(ref))
    view = bot.last_view("U0CMD")
    values = {
        "reason": {"value": "Tabletop over"},
        "lessons": {"value": "Keep the platform forms bookmarked."},
    }
    assert bot.submit(view, "U0CMD", values).status == 200
    bot.settle()
    assert len(_files(bot)) == 1
    assert "Keep the platform forms bookmarked." in _files(bot)[0].content.decode()  # type: ignore[attr-defined]
    checklist = bot.checklist(ref)
    assert ids.Action.REPORT_POST in json.dumps(checklist.blocks)
    bot.click(ids.Action.REPORT_POST, ref, "U0CMD", message=checklist)
    bot.settle()
    assert len(_files(bot)) == 2


def _incident(bot: Bot, title: str = "Reviews about waits") -> str:
    return bot.start(f"er-complaint-storm {title}", "U0CMD")


def _close(bot: Bot, ref: str) -> None:
    bot.click(ids.Action.CLOSE_OPEN, ref, "U0CMD", message=bot.checklist(ref))
    view = bot.last_view("U0CMD")
    assert bot.submit(view, "U0CMD", {"reason": {"value": "Tabletop over"}}).status == 200


def test_an_upload_whose_answer_was_lost_is_shared_once(bot: Bot) -> None:
    ref = _incident(bot)
    bot.fake.fault("files.completeUploadExternal", "lost_answer")
    bot.command(f"report {ref}", "U0CMD")
    bot.settle(30)
    assert len(_files(bot)) == 1
    assert len([m for m in bot.thread(ref) if "Post-incident report" in m.text]) == 1


def test_a_report_that_cannot_be_uploaded_does_not_hold_back_the_close(bot: Bot) -> None:
    ref = _incident(bot)
    bot.fake.fault("files.getUploadURLExternal", "server_error", times=50)
    _close(bot, ref)
    bot.runtime.side.pool.wait_idle(15)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if any("was *closed*" in m.text for m in bot.thread(ref)):
            break
        time.sleep(0.05)
    assert any("was *closed*" in m.text for m in bot.thread(ref)), "the close is announced"
    assert "is closed" in json.dumps(bot.checklist(ref).blocks)
    assert _files(bot) == []
