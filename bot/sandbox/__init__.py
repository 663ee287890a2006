"""A local stand-in for Slack: a fake Web API and requests shaped as Slack sends them."""

from bot.sandbox.fake_slack import Call, Ephemeral, FakeSlack, Fault, Message, UploadedFile
from bot.sandbox.slack_requests import SlackRequest, SlackSender, sign

__all__ = [
    "Call",
    "Ephemeral",
    "FakeSlack",
    "Fault",
    "Message",
    "SlackRequest",
    "SlackSender",
    "UploadedFile",
    "sign",
]
