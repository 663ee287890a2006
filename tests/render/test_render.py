"""What Slack shows stays within Block Kit's limits and never pings anyone by accident."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.incidents import service
from bot.incidents import view as incident_view
from bot.incidents.view import IncidentView, StepView
from bot.playbooks.model import Phase, Playbook, Role, Step
from bot.render import blocks, incident, modals, notices

TZ = ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
HOSTILE = "<!channel> <@U123> & <https://evil.example|click> *bold* "


def _valid_message(message_blocks: list[dict[str, Any]]) -> None:
    assert len(message_blocks) <= 50
    for block in message_blocks:
        Block.parse(block).validate_json()  # raises on any limit


def _mrkdwn(value: Any) -> list[str]:
    """Every string Slack parses as mrkdwn (plain_text shows `<!channel>` as typed)."""
    if isinstance(value, list):
        return [t for v in value for t in _mrkdwn(v)]
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            return [value["text"]]
        return [t for v in value.values() for t in _mrkdwn(v)]
    return []


def _valid_modal(view: dict[str, Any]) -> None:
    assert len(view["blocks"]) <= 100
    View(**view).validate_json()


def _big_playbook(steps: int = 60, phases: int = 1) -> Playbook:
    return Playbook(
        id="big",
        title="A very large drill " * 8,
        summary="s",
        commander_role="commander",
        roles=(
            Role("commander", "Incident commander", True),
            Role("comms", "Communications lead " * 3, True),
        ),
        phases=tuple(Phase(f"p{i}", f"Phase {i} " * 10) for i in range(phases)),
        steps=tuple(
            Step(
                id=f"step-{i}",
                phase=f"p{i % phases}",
                role="comms",
                title=("Do the thing carefully " * 10)[:150],
                guidance=HOSTILE * 40,
                due_minutes=30,
            )
            for i in range(steps)
        ),
    )


def _view(playbook: Playbook, title: str = "Video", description: str = "") -> IncidentView:
    steps = tuple(
        StepView(
            step=s,
            status="open",
            changed_by=None,
            changed_at=None,
            reason=None,
            due_at=NOW,
            waiting_for=(),
            owner=None,
        )
        for s in playbook.steps
    )
    return IncidentView(
        ref="INC-2026-0001", title=title, description=description, playbook=playbook, playbook_hash="a" * 64,
        severity="high", phase=playbook.phases[0].id, phase_entered_at=NOW, drill=False, channel_id="C1",
        thread_ts="1.1", opened_by="U1", opened_at=NOW - dt.timedelta(hours=1), discovered_at=NOW, closed_at=None,
        roles=tuple((r, None) for r in playbook.roles), steps=steps, deadlines=(), head_seq=3, head_hash="b" * 64,
    )  # fmt: skip


def test_escape_defuses_mentions_and_links() -> None:
    assert (
        blocks.esc(HOSTILE)
        == "&lt;!channel&gt; &lt;@U123&gt; &amp; &lt;https://evil.example|click&gt; *bold* "
    )


def test_cut_never_leaves_half_an_entity() -> None:
    text = blocks.cut_escaped("a" * 8 + "&&&&", 12)
    assert text.endswith("…") and "&am…" not in text and "&amp" not in text[-5:-1]


@pytest.mark.parametrize(("steps", "phases"), [(100, 1), (60, 4), (3, 1)])
def test_a_long_checklist_is_split_over_messages_and_every_step_keeps_its_button(
    steps: int, phases: int
) -> None:
    view = _view(_big_playbook(steps, phases), title=HOSTILE * 100)
    pages = incident.checklist(view, TZ, NOW)
    buttons = []
    for text, message in pages:
        _valid_message(message)
        assert blocks.text_size(message) <= incident.PAGE_TEXT + 200
        assert len(text) < 4000
        for rendered in [text, *_mrkdwn(message)]:
            assert "<!channel>" not in rendered and "<@U123>" not in rendered
        buttons += [
            b["accessory"]["value"]
            for b in message
            if b.get("block_id", "").startswith("step|") and "accessory" in b
        ]
    in_phase = steps // phases
    assert buttons == [f"INC-2026-0001|step-{i * phases}" for i in range(in_phase)]
    assert (len(pages) > 1) == (in_phase > 8)
    controls = [b for _, m in pages for b in m if b.get("block_id") == "incident_controls"]
    assert len(controls) == 1 and controls[0] in pages[0][1]


def test_header_with_3000_character_hostile_title_is_valid_and_pings_nobody() -> None:
    view = _view(_big_playbook(5), title=(HOSTILE * 100)[:3000], description=HOSTILE * 200)
    text, message = incident.header(view, TZ, NOW)
    _valid_message(message)
    for rendered in [text, *_mrkdwn(message)]:
        assert (
            "<!channel>" not in rendered
            and "<@U123>" not in rendered
            and "<https://evil" not in rendered
        )
    assert message[0]["type"] == "header" and len(message[0]["text"]["text"]) <= 150


def test_unfilled_required_role_is_flagged_in_header_and_checklist() -> None:
    view = _view(_big_playbook(3))
    _, header = incident.header(view, TZ, NOW)
    assert ":warning: _required_" in str(header)
    [(_, checklist)] = incident.checklist(view, TZ, NOW)
    assert "_unassigned_ :warning:" in str(checklist)


def test_every_modal_is_valid_for_every_real_playbook(ctx: service.Context) -> None:
    from bot.playbooks.load import load_dir
    from tests.conftest import MESSAGES, PLAYBOOKS

    playbooks = sorted(load_dir(PLAYBOOKS, MESSAGES).values(), key=lambda p: p.id)
    _valid_modal(modals.start_modal(playbooks, channel_id="C1"))
    for playbook in playbooks:
        _valid_modal(modals.start_modal(playbooks, channel_id="C1", selected=playbook))
        ref = service.start_incident(
            ctx, playbook_id=playbook.id, title=HOSTILE, actor="U1"
        ).incident
        view = incident_view.get_incident(ctx, ref)
        for modal in (
            modals.roles_modal(view),
            modals.note_modal(ref),
            modals.skip_modal(view),
            modals.close_modal(view, (HOSTILE * 20,) * 8),
            modals.advance_modal(view, may_override=True),
            modals.advance_modal(view, may_override=False),
        ):
            _valid_modal(modal)
        for _, page in incident.checklist(view, TZ, NOW):
            _valid_message(page)
        _valid_message(incident.header(view, TZ, NOW)[1])
    _valid_modal(modals.notice_modal(HOSTILE * 200))


def test_incident_list_of_200_fits_in_one_message() -> None:
    rows = [
        incident_view.IncidentLine(
            f"INC-2026-{i:04d}",
            HOSTILE * 5,
            "phi-leak",
            "high",
            "assess",
            NOW,
            None,
            False,
            "C1",
            f"{i}.000100",
        )
        for i in range(200)
    ]
    _text, message = notices.incident_list(
        rows, TZ, NOW, lambda c, t: f"https://x.slack.com/archives/{c}/p{t.replace('.', '')}"
    )
    _valid_message(message)
    assert all("<!channel>" not in t for t in _mrkdwn(message))
    assert "INC-2026-0000" in str(message)


def test_closed_checklist_has_no_controls() -> None:
    view = dataclasses.replace(_view(_big_playbook(3)), phase="closed", closed_at=NOW)
    [(_, message)] = incident.checklist(view, TZ, NOW)
    assert not [b for b in message if b["type"] == "actions"]


def test_a_closed_confidential_incident_offers_to_send_its_report_not_post_it() -> None:
    playbook = _big_playbook(3)
    for confidential, label in ((False, "Post the report"), (True, "Send the report")):
        book = dataclasses.replace(playbook, confidential=confidential)
        view = dataclasses.replace(_view(book), phase="closed", closed_at=NOW)
        [(_, message)] = incident.checklist(view, TZ, NOW)
        assert message[0]["accessory"]["text"]["text"] == label
