"""The sandbox's sample people and organisation, for the fake Slack, the drill and the page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot.config import Settings


@dataclass(frozen=True)
class Person:
    """A sample member of the workspace, as users.list shows them."""

    id: str
    name: str  # the Slack handle
    real_name: str
    title: str  # the job title in their Slack profile
    is_admin: bool = False


# The one sample cast: the fake Slack's members (in #crisis-room and #general from the
# start), the drill's and the page's people, the tests' and benchmarks' staff. Each one's
# job title shows in the page, so whoever acts as them knows which role they hold.
COMMANDER = Person("U0ALEX", "alex.rivera", "Alex Rivera", "Administrator on call")
COMMS = Person("U0DANA", "dana.okafor", "Dana Okafor", "Communications lead", is_admin=True)
PRIVACY = Person("U0PRIYA", "priya.shah", "Priya Shah", "Privacy officer")
LEGAL = Person("U0LEE", "lee.morgan", "Lee Morgan", "Legal counsel")
NURSE = Person("U0SAM", "sam.nurse", "Sam Patel", "Nurse manager")
# A colleague in the channel with no role in the incident: what may they do?
BYSTANDER = Person("U0JO", "jo.kim", "Jo Kim", "Press office")
BY_ROLE = {"commander": COMMANDER, "comms": COMMS, "privacy": PRIVACY, "legal": LEGAL}
CAST = (*BY_ROLE.values(), NURSE, BYSTANDER)  # in the page's order

# Contact details for statements when the ORG_* settings are not set (555-01xx is fictional).
SAMPLE_ORG = {
    "org_phone": "(555) 010-0100",
    "org_email": "media@hospital.example",
    "org_website": "https://hospital.example",
}


def with_sample_org(settings: Settings) -> Settings:
    """Statements need contact details; sample ones stand in for unset ORG_* settings."""
    return dataclasses.replace(
        settings,
        org_phone=settings.org_phone or SAMPLE_ORG["org_phone"],
        org_email=settings.org_email or SAMPLE_ORG["org_email"],
        org_website=settings.org_website or SAMPLE_ORG["org_website"],
    )
