"""Ack now, work later: Slack waits 3 s for an ack, so listeners ack first and hand the
work to a lane of threads.

Two lanes: `now` for Slack calls that must happen within seconds (a modal's trigger
lasts 3 s), `work` for service calls and captured messages, so a burst of clicks queues
work, never the acks. `on_lane` wraps a click handler in exactly that; `form` runs a
modal submission before the ack instead, so its refusals show next to the fields."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.errors import CrisisError
from bot.playbooks.model import PlaybookError
from bot.render.modals import notice_modal
from bot.slack import parse
from bot.slack.people import people_in

if TYPE_CHECKING:
    from bot.slack.app import Slackside

# A click's work: who clicked where, and the value of what they clicked.
Work = Callable[["Slackside", parse.Where, str], object]
# A submitted form: the view, its private metadata and typed values -> errors by block id.
Errors = dict[str, str]
Submit = Callable[
    ["Slackside", parse.Where, dict[str, Any], dict[str, Any], dict[str, Any]], Errors | None
]
Listener = Callable[..., None]


class Lane(Enum):
    NOW = "now"
    WORK = "work"


class ListenerPool:
    """The two lanes. Counts work in flight in both (tests and benchmarks wait for it,
    and /healthz reports it); shutdown() finishes what is queued."""

    def __init__(self, now_threads: int = 4, work_threads: int = 4) -> None:
        self._now = ThreadPoolExecutor(now_threads, thread_name_prefix="crisisbot-now")
        self._work = ThreadPoolExecutor(work_threads, thread_name_prefix="crisisbot-work")
        self._busy = 0
        self._lock = threading.Condition()
        self.on_error: Callable[[BaseException], None] = lambda err: None

    def now(self, fn: Callable[[], object]) -> None:
        """Run fn at once on its own thread; an exception is logged and reported."""
        self._submit(self._now, fn)

    def later(self, fn: Callable[[], object]) -> None:
        """Queue fn on the work lane; an exception is logged and reported."""
        self._submit(self._work, fn)

    def run(self, lane: Lane, fn: Callable[[], object]) -> None:
        (self.now if lane is Lane.NOW else self.later)(fn)

    def _submit(self, lane: ThreadPoolExecutor, fn: Callable[[], object]) -> None:
        with self._lock:
            self._busy += 1

        def run() -> None:
            try:
                fn()
            except Exception as err:
                self.on_error(err)
            finally:
                with self._lock:
                    self._busy -= 1
                    self._lock.notify_all()

        lane.submit(run)

    def backlog(self) -> int:
        """Work handed over and not finished, in both lanes."""
        with self._lock:
            return self._busy

    def wait_idle(self, timeout: float = 10) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: self._busy == 0, timeout)

    def shutdown(self) -> None:
        """Finish what is running and whatever is still queued (work kept in the inbox
        returns at once once its Jobs is stopping), then stop the threads."""
        self._now.shutdown(wait=True)
        self._work.shutdown(wait=True)


def side_of(context: dict[str, Any]) -> Slackside:
    """The Slackside the app put in every request's context (see app.build_app)."""
    side: Slackside = context["side"]
    return side


# The work functions of every click listener, by name: a click's work is kept in the
# inbox by name (see bot.slack.jobs) and may be done by another process.
WORK: dict[str, Work] = {}


def work_name(work: Work) -> str:
    return f"{work.__module__.rsplit('.', 1)[-1]}.{getattr(work, '__name__', 'work')}"


def on_lane(work: Work, lane: Lane = Lane.WORK) -> Listener:
    """A block action listener: ack at once, then `work` on `lane`; a refusal is told to
    the person alone, in the thread (a modal opens on the `now` lane: its trigger lasts
    3 s). Work on the work lane is kept in the inbox before the ack: nothing acked is lost."""
    name = work_name(work)
    WORK[name] = work

    def listener(ack: Ack, body: dict[str, Any], context: dict[str, Any]) -> None:
        side = side_of(context)
        try:
            where = parse.where(body)
        except parse.BadPayload:
            ack()
            return  # no user to tell: nothing a person did
        # Only what the work needs is kept, not the whole payload.
        try:
            value, stale = parse.action_value(body), None
        except parse.BadPayload as err:
            value, stale = "", str(err)
        if lane is Lane.WORK:
            args = {"work": name, "where": dataclasses.asdict(where), "value": value}
            side.jobs.submit("action", args | {"stale": stale}, key=click_key(body))
        else:
            side.pool.now(lambda: do_work(side, work, where, value, stale))
        ack()

    listener.__name__ = listener.__qualname__ = getattr(work, "__name__", "work")
    return listener


def click_key(body: dict[str, Any]) -> str | None:
    """What makes a click this one and no other (its action_ts, who clicked, on what): the
    same signed click sent again is done once."""
    action = (body.get("actions") or [{}])[0]
    stamp = action.get("action_ts")
    if not stamp:
        return None
    parts = [
        "click",
        str((body.get("user") or {}).get("id")),
        str(stamp),
        str(action.get("action_id")),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def action_job(side: Slackside, args: dict[str, Any]) -> None:
    """A click's work, from the inbox."""
    where = parse.Where(**args["where"])
    work = WORK.get(str(args.get("work")))
    if work is None:  # kept by an older version for a control that no longer works this way
        side.refuse(
            where.channel_id, where.user_id, where.thread_ts,
            "That control has changed since you clicked it; click it again.",
        )  # fmt: skip
        return
    do_work(side, work, where, str(args.get("value") or ""), args.get("stale"))


def do_work(side: Slackside, work: Work, where: parse.Where, value: str, stale: str | None) -> None:
    """Run a click's work; a refusal is told to the person alone, in the thread."""
    try:
        if stale is not None:
            raise parse.BadPayload(stale)
        side.people.meet([where.user_id])  # a guest is known as one before acting
        work(side, where, value)
    except (CrisisError, PlaybookError) as err:
        side.refuse(where.channel_id, where.user_id, where.thread_ts, str(err))
    except parse.BadPayload as err:
        side.refuse(
            where.channel_id,
            where.user_id,
            where.thread_ts,
            f"That control is out of date ({err}); reload the thread.",
        )
    except (SlackApiError, OSError) as err:  # e.g. views.open after the trigger expired
        side.slack_failed(where.channel_id, where.user_id, where.thread_ts, err)


def form(submit: Submit) -> Listener:
    """A view_submission listener: the service runs before the ack, so its refusal is
    shown next to the field it is about (or instead of the form if it has no inputs)."""

    def listener(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: dict[str, Any]
    ) -> None:
        side = side_of(context)
        try:
            where = parse.where(body)
            side.people.meet(people_in(body))  # who acts, and whom the form gives a role
            errors = submit(side, where, view, parse.view_metadata(view), parse.view_values(view))
        except parse.BadPayload as err:
            errors = {"": f"This form is out of date ({err}); open it again."}
        if not errors:
            ack()
        elif any(b.get("type") == "input" for b in view.get("blocks", [])):
            ack(response_action="errors", errors=on_inputs(view, errors))
        else:  # nowhere to show an error next to a field: show it instead of the form
            ack(response_action="update", view=notice_modal(" ".join(errors.values())))

    listener.__name__ = listener.__qualname__ = getattr(submit, "__name__", "submit")
    return listener


def on_inputs(view: dict[str, Any], errors: Errors) -> Errors:
    """Slack shows errors only next to input blocks: move any other one to the first."""
    inputs = [b.get("block_id") for b in view.get("blocks", []) if b.get("type") == "input"]
    out: Errors = {}
    for block, message in errors.items():
        target = block if block in inputs else (inputs[0] if inputs else block)
        out[target] = (out.get(target, "") + " " + message).strip()[:2000]
    return out
