"""Reminders and escalation: who is told what when a step's due time or a deadline
passes, computed from an incident as it stands (`schedule`), sent once across every
process (`service`)."""
