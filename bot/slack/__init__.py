"""The Slack adapter: Bolt app, listeners, transports and the deliverer. No business
rules here: listeners parse a payload and call one function of bot.incidents.service."""
