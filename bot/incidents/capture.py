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
from bot.store.models import BotMessage, Incident, ProcessedEvent, ThreadMessage

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
        incident_id = session.scalar(
            select(ThreadMessage.incident_id).where(
                ThreadMessage.channel_id == channel_id, ThreadMessage.ts == item_ts
            )
        ) or session.scalar(
            select(BotMessage.incident_id).where(
                BotMessage.channel_id == channel_id, BotMessage.ts == item_ts
            )
        )
        if incident_id is None or not _first_time(session, ctx, event_id):
            return None
        incident = _locked(session, incident_id)
        kind = LogKind.REACTION_ADDED if added else LogKind.REACTION_REMOVED
        text = f":{reaction}: {'added to' if added else 'removed from'} message {item_ts}"
        seq = append_log(session, ctx, incident, user_id, kind, text, ts=item_ts, reaction=reaction)
        return Outcome(incident.ref, True, text, seq)

    return _run(ctx, work)
