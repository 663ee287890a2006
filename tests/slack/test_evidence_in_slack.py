"""Evidence recorded from Slack: `/crisis evidence INC URL SHA256 [CAPTURED]` keeps the item
in the incident's log (and says so in the thread); a bad address or checksum is explained
to the person alone and records nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from bot.incidents import view as incident_view
from tests.slack.harness import Bot, running_bot

COMMANDER = "U0DANA"
SHA = hashlib.sha256(b"screen recording").hexdigest()


@pytest.fixture
def bot(database_url: str) -> Iterator[Bot]:
    with running_bot(database_url) as running:
        yield running


def test_evidence_from_slack_is_kept_in_the_log(bot: Bot) -> None:
    ref = bot.start("viral-patient-video Video of our lobby", COMMANDER)
    reply = bot.command(
        f"evidence {ref} <https://www.tiktok.com/@x/video/7301> {SHA} 2026-12-05T09:30",
        COMMANDER,
    )
    assert "Recording the evidence" in reply.json()["text"]
    bot.settle()
    entry = incident_view.log_entries(bot.runtime.ctx, ref)[-1]
    assert entry.kind == "evidence" and entry.data["sha256"] == SHA
    assert entry.data["url"] == "https://www.tiktok.com/@x/video/7301"
    assert entry.data["captured_at"].startswith("2026-12-05T15:30"), "09:30 in Chicago"
    assert any("Evidence: https://www.tiktok.com/@x/video/7301" in m.text for m in bot.thread(ref))

    before = len(incident_view.log_entries(bot.runtime.ctx, ref))
    bot.command(f"evidence {ref} https://www.tiktok.com/@x/video/7301 abc123", COMMANDER)
    bot.settle()
    assert any("64 hexadecimal characters" in e for e in bot.ephemerals(COMMANDER))
    wrong = bot.command(f"evidence {ref} https://x.org", COMMANDER)
    assert "`evidence` needs an incident id" in wrong.json()["text"]
    assert len(incident_view.log_entries(bot.runtime.ctx, ref)) == before
