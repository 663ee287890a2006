"""Events in time order: the notes-and-thread timeline, and the marks on the chart."""

from __future__ import annotations

from collections.abc import Sequence

from bot.incidents.capture import BOT_MESSAGES
from bot.incidents.log import LogKind, kept_label
from bot.report.entries import Entry
from bot.report.model import ChartEvent, StatementRecord, StepRow, TimelineItem

# Captured from the incident thread (bot/incidents/capture.py), and notes: one timeline.
TIMELINE_KINDS: dict[str, str] = {
    LogKind.NOTE: "Note",
    LogKind.MESSAGE: "Thread reply",
    LogKind.MESSAGE_EDITED: "Reply edited",
    LogKind.MESSAGE_DELETED: "Reply deleted in Slack",
    LogKind.REACTION_ADDED: "Reaction added",
    LogKind.REACTION_REMOVED: "Reaction removed",
}


def timeline(entries: Sequence[Entry], closed_seq: int | None) -> tuple[TimelineItem, ...]:
    items = []
    for e in entries:
        label = TIMELINE_KINDS.get(e.kind)
        if label is None:
            continue
        if e.kind == LogKind.MESSAGE and e.data.get("edited"):
            label = "Thread reply (edited before it was captured)"
        kept = kept_label(e.data)
        if kept:
            label = f"{label} ({kept})"
        previous = e.data.get("previous")
        about = _reaction(e) if e.kind in (LogKind.REACTION_ADDED, LogKind.REACTION_REMOVED) else {}
        items.append(
            TimelineItem(
                seq=e.seq,
                at=e.ts,
                actor=e.actor,
                kind=e.kind,
                label=label,
                text=e.text,
                previous=str(previous) if previous and e.kind != LogKind.MESSAGE_DELETED else None,
                after_close=closed_seq is not None and e.seq > closed_seq,
                **about,
            )
        )
    return tuple(items)


def _reaction(e: Entry) -> dict[str, str | None]:
    """What a reaction was on, for the report to say by whom and what (entries recorded
    before reactions were described keep their own text)."""
    on = e.data.get("on")
    if not isinstance(on, str):
        return {}
    target = f"statement {e.data.get('on_statement')}" if on == "statement" else on
    if on not in ("reply", "note", "notice", "statement"):
        target = BOT_MESSAGES.get(on, "a message of the incident")
    user = e.data.get("on_user")
    text = e.data.get("on_text")
    return {
        "reaction": str(e.data.get("reaction", "")),
        "target": target,
        "target_user": str(user) if user and on in ("reply", "note") else None,
        "target_text": str(text) if text else None,
    }


def chart_events(
    steps: Sequence[StepRow], records: Sequence[StatementRecord]
) -> tuple[ChartEvent, ...]:
    events = [
        ChartEvent(
            s.finished_at, "step", "late" if s.late and s.status == "done" else s.status, s.step_id
        )
        for s in steps
        if s.finished_at is not None
    ]
    for st in records:
        for v in st.versions:
            events.append(ChartEvent(v.at, "statement", "drafted", f"S{st.number} v{v.version}"))
        for a in st.approvals:
            if a.final:
                label = f"S{st.number} v{a.version} approved"
                events.append(ChartEvent(a.at, "statement", "approved", label))
        for p in st.publications:
            label = f"S{st.number} on {p.platform}"
            events.append(ChartEvent(p.published_at, "statement", "published", label))
    return tuple(sorted(events, key=lambda e: e.at))
