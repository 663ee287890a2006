"""A local stand-in for Slack: a fake Web API and requests shaped as Slack sends them."""

from bot.sandbox.fake_slack.files import UploadedFile
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.fake_slack.state import Call, Ephemeral, Fault, Message
from bot.sandbox.requests.sender import SlackSender
from bot.sandbox.requests.signed import SlackRequest, sign

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
