"""The incident thread as a source of the record: replies, edits, deletions and
reactions by people are appended to the incident's log. Each Slack event is handled
once, however often Slack delivers it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.incidents.context import Context, Outcome, append_log, sanitize
from bot.incidents.log import LogKind
from bot.store.models import BotMessage, Incident, LogEntry, ProcessedEvent, ThreadMessage

MAX_CAPTURED = 40000  # Slack's own message limit


def first_time(ctx: Context, key: str) -> bool:
    """Remember `key` (a request seen); False when it was seen before, also when another
    process records it at the same moment."""
    try:
        with ctx.db.begin() as session:
            return _first_time(session, ctx, key)
    except IntegrityError:
        return False


def _first_time(session: Session, ctx: Context, event_id: str | None) -> bool:
    """Remember the event id; False when it was handled before."""
    if not event_id:
        return True
    if session.get(ProcessedEvent, event_id) is not None:
        return False
    session.add(ProcessedEvent(event_id=event_id, received_at=ctx.clock()))
    return True


def _incident_for_thread(session: Session, channel_id: str, thread_ts: str) -> Incident | None:
    return session.scalars(
        select(Incident)
        .where(Incident.channel_id == channel_id, Incident.thread_ts == thread_ts)
        .with_for_update()
    ).one_or_none()


def _reply(session: Session, channel_id: str, ts: str) -> ThreadMessage | None:
    """A captured reply, by where it is in Slack."""
    return session.scalars(
        select(ThreadMessage).where(ThreadMessage.channel_id == channel_id, ThreadMessage.ts == ts)
    ).one_or_none()


def _locked(session: Session, incident_id: int) -> Incident:
    """The incident row, locked for appending to its log."""
    return session.scalars(
        select(Incident).where(Incident.id == incident_id).with_for_update()
    ).one()


def _record_reply(
    session: Session,
    ctx: Context,
    incident: Incident,
    channel_id: str,
    ts: str,
    user_id: str,
    text: str,
    link: str | None,
    **data: Any,
) -> int:
    """Keep a person's reply (where it is in Slack, so edits and deletions find it) and
    log it; the log entry's seq."""
    body = sanitize(text)[:MAX_CAPTURED]
    session.add(
        ThreadMessage(
            incident_id=incident.id,
            channel_id=channel_id,
            ts=ts,
            user_id=user_id,
            text=body,
            deleted=False,
        )
    )
    return append_log(
        session, ctx, incident, user_id, LogKind.MESSAGE, body, link=link, ts=ts, **data
    )


def _run(ctx: Context, work: Any) -> Outcome | None:
    """One transaction; a duplicate delivery racing this one is recognised, not an error.

    Not `context.transaction`: what people say in the thread is never refused, so there
    is no actor to check and no refusal to record."""
    try:
        with ctx.db.begin() as session:
            result: Outcome | None = work(session)
            return result
    except IntegrityError:
        return None


def capture_reply(
    ctx: Context,
    *,
    channel_id: str,
    thread_ts: str,
    ts: str,
    user_id: str,
    text: str,
    event_id: str | None = None,
    link: str | None = None,
) -> Outcome | None:
    """Record a person's reply in an incident thread; None if the thread is not one."""

    def work(session: Session) -> Outcome | None:
        incident = _incident_for_thread(session, channel_id, thread_ts)
        if incident is None or not _first_time(session, ctx, event_id):
            return None
        if _reply(session, channel_id, ts) is not None:
            return Outcome(incident.ref, False, "reply already recorded")
        seq = _record_reply(session, ctx, incident, channel_id, ts, user_id, text, link)
        return Outcome(incident.ref, True, "reply recorded", seq)

    return _run(ctx, work)


def capture_edit(
    ctx: Context,
    *,
    channel_id: str,
    ts: str,
    text: str,
    event_id: str | None = None,
    link: str | None = None,
    thread_ts: str | None = None,
    user_id: str | None = None,
    previous_text: str | None = None,
) -> Outcome | None:
    """Record a new version of a captured reply, keeping the previous text in the log.

    An edit of a reply the bot never saw (its event lost or still on its way) is
    recorded as the reply, marked edited, rather than dropped."""

    def work(session: Session) -> Outcome | None:
        reply = _reply(session, channel_id, ts)
        if reply is None and thread_ts and user_id:
            incident = _incident_for_thread(session, channel_id, thread_ts)
            if incident is None or not _first_time(session, ctx, event_id):
                return None
            seq = _record_reply(
                session,
                ctx,
                incident,
                channel_id,
                ts,
                user_id,
                text,
                link,
                edited=True,
                previous=previous_text or "",
            )
            return Outcome(incident.ref, True, "edited reply recorded", seq)
        if reply is None or not _first_time(session, ctx, event_id):
            return None
        incident = _locked(session, reply.incident_id)
        body = sanitize(text)[:MAX_CAPTURED]
        if body == reply.text:
            return Outcome(incident.ref, False, "text unchanged")
        previous, reply.text = reply.text, body
        seq = append_log(
            session,
            ctx,
            incident,
            reply.user_id,
            LogKind.MESSAGE_EDITED,
            body,
            link=link,
            ts=ts,
            previous=previous,
        )
        return Outcome(incident.ref, True, "edit recorded", seq)

    return _run(ctx, work)


def capture_delete(
    ctx: Context, *, channel_id: str, ts: str, event_id: str | None = None
) -> Outcome | None:
    """Record that a captured reply was deleted in Slack; its text stays in the log."""

    def work(session: Session) -> Outcome | None:
        reply = _reply(session, channel_id, ts)
        if reply is None or not _first_time(session, ctx, event_id):
            return None
        incident = _locked(session, reply.incident_id)
        if reply.deleted:
            return Outcome(incident.ref, False, "already recorded as deleted")
        reply.deleted = True
        seq = append_log(
            session,
            ctx,
            incident,
            reply.user_id,
            LogKind.MESSAGE_DELETED,
            f"Deleted in Slack: {reply.text}",
            ts=ts,
            previous=reply.text,
        )
        return Outcome(incident.ref, True, "deletion recorded", seq)

    return _run(ctx, work)


def capture_reaction(
    ctx: Context,
    *,
    channel_id: str,
    item_ts: str,
    user_id: str,
    reaction: str,
    added: bool,
    event_id: str | None = None,
) -> Outcome | None:
    """Record a reaction on a captured reply or on one of the incident's bot messages."""

    def work(session: Session) -> Outcome | None:
        reply = _reply(session, channel_id, item_ts)
        mine = (
            None
            if reply is not None
            else session.execute(
                select(BotMessage.incident_id, BotMessage.key).where(
                    BotMessage.channel_id == channel_id, BotMessage.ts == item_ts
                )
            ).first()
        )
        incident_id = reply.incident_id if reply is not None else mine[0] if mine else None
        if incident_id is None or not _first_time(session, ctx, event_id):
            return None
        incident = _locked(session, incident_id)
        on = (
            {"on": "reply", "on_user": reply.user_id, "on_text": _excerpt(reply.text)}
            if reply is not None
            else _bot_message(session, incident, str(mine[1]) if mine else "")
        )
        kind = LogKind.REACTION_ADDED if added else LogKind.REACTION_REMOVED
        text = f":{reaction}: {'added to' if added else 'removed from'} {target_words(on)}"
        seq = append_log(
            session, ctx, incident, user_id, kind, text, ts=item_ts, reaction=reaction, **on
        )
        return Outcome(incident.ref, True, text, seq)

    return _run(ctx, work)


# What a reaction was on, as the log and the report describe it.
BOT_MESSAGES = {
    "header": "the incident's header",
    "checklist": "the checklist",
    "report": "the posted report",
    "report-file": "the report file",
}


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bot_message(session: Session, incident: Incident, key: str) -> dict[str, Any]:
    """A bot message by what it shows: the checklist, statement 2, the note by whom..."""
    kind, _, rest = key.partition(":")
    if kind == "statement" and rest.isdigit():
        return {"on": "statement", "on_statement": int(rest)}
    if kind == "announce" and rest.isdigit():
        entry = session.execute(
            select(LogEntry.kind, LogEntry.actor, LogEntry.text).where(
                LogEntry.incident_id == incident.id, LogEntry.seq == int(rest)
            )
        ).first()
        if entry is not None:
            return {
                "on": "note" if entry.kind == LogKind.NOTE else "notice",
                "on_user": entry.actor,
                "on_text": _excerpt(entry.text),
            }
    return {"on": kind if kind in BOT_MESSAGES else "message"}


def target_words(on: dict[str, Any]) -> str:
    """'the reply by U0JO “We have the screenshots”', 'statement 2', 'the checklist'."""
    what = on.get("on")
    if what == "statement":
        return f"statement {on.get('on_statement')}"
    if what in ("reply", "note", "notice"):
        by = f" by {on['on_user']}" if what != "notice" and on.get("on_user") else ""
        return f"the {what}{by} “{on.get('on_text', '')}”"
    return BOT_MESSAGES.get(str(what), "a message of the incident")
