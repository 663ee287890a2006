"""A playbook as a `transitions` state machine for one incident.

Phases are states, plus the built-in 'closed'. The phase lives in the database; the
machine is rebuilt for each request from the incident's playbook snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping

from transitions import Machine, MachineError

from bot.playbooks.model import CLOSED, Playbook, Step

FINISHED = ("done", "skipped")


class IncidentMachine:
    """The model `transitions` drives; its `state` is the incident's phase."""

    state: str

    def __init__(
        self,
        playbook: Playbook,
        phase: str,
        step_status: Mapping[str, str],
        required: Mapping[str, bool] | None = None,
    ) -> None:
        self.playbook = playbook
        self.step_status = step_status
        self.required = required or {}  # steps the risk assessment made (not) required
        phases = list(playbook.phase_ids)
        transitions: list[dict[str, object]] = []
        for current, following in zip(phases, [*phases[1:], None], strict=True):
            if following is not None:
                transitions.append(
                    {"trigger": "advance", "source": current, "dest": following,
                     "conditions": "is_phase_complete"}
                )  # fmt: skip
                transitions.append(
                    {"trigger": "force_advance", "source": current, "dest": following}
                )
        # Closing checks every phase: a step reopened after its phase was left counts.
        transitions.append(
            {"trigger": "close", "source": phases[-1], "dest": CLOSED, "conditions": "is_complete"}
        )
        transitions.append({"trigger": "force_close", "source": phases, "dest": CLOSED})
        self.machine = Machine(
            model=self,
            states=[*phases, CLOSED],
            transitions=transitions,
            initial=phase,
            auto_transitions=False,
        )

    def is_phase_complete(self) -> bool:
        return not self.open_steps(closing=False)

    def is_complete(self) -> bool:
        return not self.open_steps(closing=True)

    def open_steps(self, *, closing: bool) -> list[Step]:
        """What the guard waits for: the required steps open in this phase (advance), or
        in every phase (close: a step reopened after its phase was left counts)."""
        phases = self.playbook.phase_ids if closing else (self.state,)
        return [
            s
            for p in phases
            for s in open_required_steps(self.playbook, p, self.step_status, self.required)
        ]

    def allows(self, name: str) -> bool:
        """Whether the trigger leads anywhere from this phase, guards aside."""
        return name in self.machine.get_triggers(self.state)

    def try_trigger(self, name: str) -> bool:
        """Fire a trigger; False when its guard refuses or it is not valid here."""
        try:
            return bool(getattr(self, name)())
        except MachineError:
            return False


def open_required_steps(
    playbook: Playbook,
    phase: str,
    step_status: Mapping[str, str],
    required: Mapping[str, bool] | None = None,
) -> list[Step]:
    """Required steps of `phase` (the playbook's `required`, or what the risk assessment
    decided, see deadlines.required_now) that are neither done nor skipped."""
    if phase == CLOSED:
        return []
    decided = required or {}
    return [
        s
        for s in playbook.steps_in(phase)
        if decided.get(s.id, s.required) and step_status.get(s.id, "open") not in FINISHED
    ]


def open_dependencies(
    playbook: Playbook, step_id: str, step_status: Mapping[str, str]
) -> list[Step]:
    """Steps that `step_id` waits for and that are neither done nor skipped."""
    return [
        playbook.step(dep)
        for dep in playbook.step(step_id).depends_on
        if step_status.get(dep, "open") not in FINISHED
    ]


def done_dependents(playbook: Playbook, step_id: str, step_status: Mapping[str, str]) -> list[Step]:
    """Finished steps that depend on `step_id` (reopening it would contradict them)."""
    return [
        s
        for s in playbook.steps
        if step_id in s.depends_on and step_status.get(s.id, "open") in FINISHED
    ]
