"""What is due to be said about an incident at a given time: plain functions of the
incident as it stands, the reminders already sent, and who said "On it".

Each reminder has a key, unique within its incident, so it is sent once however many
processes look; a step's reminders come in stages (the owner at the due time, again on
the repeat schedule, the commander after the grace period, the pager after that), and only
the latest stage that has come is sent, so a step found late (after quiet hours, after a
restart) gets one reminder, not every stage it missed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.incidents.view import IncidentView, StepView
from bot.reminders.policy import Policy

STEP, ESCALATE, PAGE, ROLE, DEADLINE_SOON, DEADLINE_MISSED = (
    "step", "escalate", "page", "role", "deadline-soon", "deadline-missed",
)  # fmt: skip
OPEN_DEADLINE = ("open", "overdue")


@dataclass(frozen=True)
class Reminder:
    key: str  # unique within the incident
    kind: str  # step | escalate | page | role | deadline-soon | deadline-missed
    to: str | None  # who is told in the thread (None: the pager only)
    subject: str  # the step, role or deadline id
    due_at: dt.datetime  # the step's due time, the deadline's day, when the role was due
    urgent: bool  # sent in quiet hours too


Offer = Callable[["Reminder", dt.datetime], None]


@dataclass
class Plan:
    due: list[Reminder] = field(default_factory=list)  # to send now
    next_at: dt.datetime | None = None  # the next time anything can become due

    def later(self, at: dt.datetime) -> None:
        if self.next_at is None or at < self.next_at:
            self.next_at = at


def plan(
    view: IncidentView,
    policy: Policy,
    sent: Set[str],
    on_it: Mapping[str, dt.datetime],
    now: dt.datetime,
    tz: ZoneInfo,
) -> Plan:
    """The reminders due at `now` that are not in `sent`; `on_it` maps a step to when its
    "On it" ends."""
    out = Plan()
    if view.closed or (view.drill and not policy.drills):
        return out
    holders = {role.id: holder for role, holder in view.roles}
    commander = holders.get(view.playbook.commander_role)
    quiet = policy.quiet(now.astimezone(tz))
    critical = view.severity == "critical"

    def offer(reminder: Reminder, at: dt.datetime) -> None:
        """`reminder` comes at `at`: due now unless sent or held by quiet hours."""
        if at > now:
            out.later(at)
        elif reminder.key in sent:
            pass
        elif quiet and not reminder.urgent:
            out.later(policy.quiet_ends(now.astimezone(tz)).astimezone(dt.UTC))
        else:
            out.due.append(reminder)

    index = view.playbook.phase_index(view.phase)
    for sv in view.steps:
        if sv.finished or sv.due_at is None:
            continue
        if view.playbook.phase_index(sv.step.phase) > index:
            continue  # its phase has not come: not actionable yet
        held = on_it.get(sv.step.id)
        if held is not None and held > now:
            out.later(held)
            continue
        _step(sv, policy, commander, critical, now, offer)
    _roles(view, policy, commander, critical, offer)
    _deadlines(view, policy, holders, commander, now, offer)
    return out


def _step(
    sv: StepView, policy: Policy, commander: str | None, critical: bool, now: dt.datetime,
    offer: Offer,
) -> None:  # fmt: skip
    assert sv.due_at is not None
    sid, due = sv.step.id, sv.due_at
    owner = sv.owner or commander  # nobody holds the role: its holder-to-be is the commander
    stages = [due] + [due + dt.timedelta(minutes=m) for m in policy.repeat_minutes]
    passed = [i for i, at in enumerate(stages) if at <= now]
    coming = [i for i, at in enumerate(stages) if at > now]
    for i in passed[-1:] + coming[:1]:
        offer(Reminder(f"step:{sid}:owner:{i}", STEP, owner, sid, due, critical), stages[i])
    if commander is not None and commander != owner:
        at = due + dt.timedelta(minutes=policy.grace_minutes)
        offer(Reminder(f"step:{sid}:commander", ESCALATE, commander, sid, due, critical), at)
    at = due + dt.timedelta(minutes=policy.page_minutes)
    offer(Reminder(f"step:{sid}:page", PAGE, None, sid, due, True), at)


def _roles(
    view: IncidentView, policy: Policy, commander: str | None, critical: bool, offer: Offer
) -> None:
    at = view.opened_at + dt.timedelta(minutes=policy.unfilled_role_minutes)
    for role in view.unfilled_required_roles:
        offer(Reminder(f"role:{role.id}", ROLE, commander, role.id, at, critical), at)


def _deadlines(
    view: IncidentView,
    policy: Policy,
    holders: Mapping[str, str | None],
    commander: str | None,
    now: dt.datetime,
    offer: Offer,
) -> None:
    """Legal deadlines are urgent: quiet hours never hold them."""
    privacy = holders.get(view.playbook.privacy_role or "")
    for d in view.deadlines:
        if d.status not in OPEN_DEADLINE:
            continue
        to = privacy or holders.get(d.deadline.role) or commander  # the privacy role first
        did = d.deadline.id
        if now < d.due_at:
            # Only the nearest lead time that has come: a deadline first seen 2 days out
            # is told once, not for 7 days and then again.
            leads = [(n, d.due_at - dt.timedelta(days=n)) for n in sorted(policy.deadline_days)]
            leads.sort(key=lambda lead: lead[1])
            passed = [lead for lead in leads if lead[1] <= now]
            coming = [lead for lead in leads if lead[1] > now]
            for days, at in passed[-1:] + coming[:1]:
                reminder = Reminder(
                    f"deadline:{did}:{days}d", DEADLINE_SOON, to, did, d.due_at, True
                )
                offer(reminder, at)
        missed = Reminder(f"deadline:{did}:missed", DEADLINE_MISSED, to, did, d.due_at, True)
        offer(missed, d.due_at)
