"""A local stand-in for Slack: a fake Web API and requests shaped as Slack sends them."""
