"""crisisbot: a hospital's social-media crisis response, run from playbooks in Slack."""

__version__ = "0.1.0"
