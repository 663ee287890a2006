"""A local stand-in for Slack: a fake Web API and requests shaped as Slack sends them."""

from bot.sandbox.fake_slack.server import Call, Ephemeral, FakeSlack, Fault, Message, UploadedFile
from bot.sandbox.requests.all import SlackRequest, SlackSender, sign

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
