"""Every action_id and callback_id the bot draws and listens for, in one place.

Render draws controls with these, listeners register on them, the drill and the tests
click them. The values are what Slack stores in messages already posted: never change
one, or the buttons on those messages stop answering."""

from __future__ import annotations

from enum import StrEnum

COMMAND = "/crisis"
VALUE = "value"  # the action_id of a form's single input in its block


class Action(StrEnum):
    """Buttons and menus (block_actions)."""

    # the incident thread's checklist and controls
    STEP_DONE = "step_done"
    STEP_PICK = "step_pick"  # a menu of steps that checklists posted before paging carry
    STEP_REOPEN = "step_reopen"
    PHASE_ADVANCE = "phase_advance"
    ADVANCE_OVERRIDE_OPEN = "advance_override_open"
    ROLES_OPEN = "roles_open"
    NOTE_OPEN = "note_open"
    SKIP_OPEN = "skip_open"
    ON_IT = "on_it"  # a reminder's "On it": repeats and escalation wait
    CLOSE_OPEN = "close_open"
    ASSESS_OPEN = "assess_open"
    DISCOVERY_OPEN = "discovery_open"
    REPORT_POST = "report_post"
    DISMISS = "dismiss"  # on a message only one person sees: take it away
    # holding statements
    STATEMENT_OPEN = "statement_open"
    STATEMENT_EDIT = "statement_edit"
    STATEMENT_APPROVE = "statement_approve"
    STATEMENT_CHANGES_OPEN = "statement_changes_open"
    STATEMENT_PUBLISH_OPEN = "statement_publish_open"
    STATEMENT_PREVIEW = "statement_preview"


class Form(StrEnum):
    """Modals, by callback_id (view_submission)."""

    START_INCIDENT = "start_incident"
    ASSIGN_ROLES = "assign_roles"
    ADD_NOTE = "add_note"
    SKIP_STEP = "skip_step"
    CLOSE_INCIDENT = "close_incident"
    RISK_ASSESSMENT = "risk_assessment"
    ADVANCE_OVERRIDE = "advance_override"
    SET_DISCOVERED = "set_discovered"
    DRAFT_STATEMENT = "draft_statement"
    STATEMENT_CHANGES = "statement_changes"
    STATEMENT_PUBLISH = "statement_publish"
    NOTICE = "notice"  # says something instead of a form; nothing to submit


class Block(StrEnum):
    """Blocks whose element is listened for, or that a test or the page looks up."""

    PLAYBOOK = "playbook"  # the start form's playbook menu: redraws the role pickers
    TEMPLATE = "template"  # the draft form's template menu: redraws the fields
    PLATFORM = "platform"  # the draft form's platform menu: where it goes sets its length
    MORE_STEPS = "more_steps"
    INCIDENT_CONTROLS = "incident_controls"
    PREVIEW_CONTROLS = "preview_controls"
