"""Requests exactly as Slack sends them to an app: commands, interactions and events, signed.

One import for tests and the sandbox: slash commands and interactions are built in
slack_interactions, events in slack_events, SlackRequest in signed_request and SlackSender
in slack_sender.
"""

from bot.sandbox.fake_slack.state import APP_ID as APP_ID
from bot.sandbox.fake_slack.state import BOT_ID as BOT_ID
from bot.sandbox.fake_slack.state import BOT_USER_ID as BOT_USER_ID
from bot.sandbox.fake_slack.state import CHANNEL_ID as CHANNEL_ID
from bot.sandbox.fake_slack.state import SAMPLE_STAFF as SAMPLE_STAFF
from bot.sandbox.fake_slack.state import TEAM_DOMAIN as TEAM_DOMAIN
from bot.sandbox.fake_slack.state import TEAM_ID as TEAM_ID
from bot.sandbox.fake_slack.state import Message as Message
from bot.sandbox.requests.events import _reaction as _reaction
from bot.sandbox.requests.events import _rich_text as _rich_text
from bot.sandbox.requests.events import app_home_opened_event as app_home_opened_event
from bot.sandbox.requests.events import app_mention_event as app_mention_event
from bot.sandbox.requests.events import event as event
from bot.sandbox.requests.events import message_changed_event as message_changed_event
from bot.sandbox.requests.events import message_deleted_event as message_deleted_event
from bot.sandbox.requests.events import message_event as message_event
from bot.sandbox.requests.events import reaction_added_event as reaction_added_event
from bot.sandbox.requests.events import reaction_removed_event as reaction_removed_event
from bot.sandbox.requests.events import url_verification as url_verification
from bot.sandbox.requests.interactions import _MANY_OPTIONS as _MANY_OPTIONS
from bot.sandbox.requests.interactions import _NAMES as _NAMES
from bot.sandbox.requests.interactions import _ONE_OPTION as _ONE_OPTION
from bot.sandbox.requests.interactions import _SELECTED as _SELECTED
from bot.sandbox.requests.interactions import _TEXT_INPUTS as _TEXT_INPUTS
from bot.sandbox.requests.interactions import DEFAULT_USER as DEFAULT_USER
from bot.sandbox.requests.interactions import _elements as _elements
from bot.sandbox.requests.interactions import _full_view as _full_view
from bot.sandbox.requests.interactions import _option as _option
from bot.sandbox.requests.interactions import _plain as _plain
from bot.sandbox.requests.interactions import _response_url as _response_url
from bot.sandbox.requests.interactions import _state_entry as _state_entry
from bot.sandbox.requests.interactions import _user as _user
from bot.sandbox.requests.interactions import block_actions as block_actions
from bot.sandbox.requests.interactions import button_action as button_action
from bot.sandbox.requests.interactions import checkboxes_action as checkboxes_action
from bot.sandbox.requests.interactions import new_trigger_id as new_trigger_id
from bot.sandbox.requests.interactions import overflow_action as overflow_action
from bot.sandbox.requests.interactions import slash_command as slash_command
from bot.sandbox.requests.interactions import state_values as state_values
from bot.sandbox.requests.interactions import static_select_action as static_select_action
from bot.sandbox.requests.interactions import users_select_action as users_select_action
from bot.sandbox.requests.interactions import view_closed as view_closed
from bot.sandbox.requests.interactions import view_submission as view_submission
from bot.sandbox.requests.sender import Reply as Reply
from bot.sandbox.requests.sender import SlackSender as SlackSender
from bot.sandbox.requests.signed import FORM as FORM
from bot.sandbox.requests.signed import JSON as JSON
from bot.sandbox.requests.signed import VERIFICATION_TOKEN as VERIFICATION_TOKEN
from bot.sandbox.requests.signed import Json as Json
from bot.sandbox.requests.signed import SlackRequest as SlackRequest
from bot.sandbox.requests.signed import _form as _form
from bot.sandbox.requests.signed import _interaction as _interaction
from bot.sandbox.requests.signed import _json as _json
from bot.sandbox.requests.signed import _now_ts as _now_ts
from bot.sandbox.requests.signed import sign as sign
