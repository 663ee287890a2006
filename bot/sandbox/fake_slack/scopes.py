"""Which OAuth scope each Web API method needs, as Slack's method reference lists them:
the fake answers `missing_scope` (with `needed` and `provided`, as Slack does) when the
bot token lacks it. The token has the scopes the app's manifest asks for, so a method
the bot starts calling fails in tests until the manifest asks for its scope too."""

from __future__ import annotations

from pathlib import Path

import yaml

MANIFEST = Path(__file__).resolve().parents[3] / "slack-app-manifest.yaml"

# method -> scopes, any one of which will do (history and read scopes differ by channel
# type: public, private, direct message, group direct message).
NEEDS: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.delete": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "conversations.history": (
        "channels:history", "groups:history", "im:history", "mpim:history",
    ),
    "conversations.replies": (
        "channels:history", "groups:history", "im:history", "mpim:history",
    ),
    "conversations.info": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.members": ("channels:read", "groups:read", "im:read", "mpim:read"),
    "conversations.open": ("channels:manage", "groups:write", "im:write", "mpim:write"),
    "users.info": ("users:read",),
    "users.list": ("users:read",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "files.info": ("files:read",),
}  # fmt: skip


def manifest_scopes(path: Path = MANIFEST) -> frozenset[str] | None:
    """The bot scopes the app's manifest asks for; None without a manifest (every scope)."""
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


def missing(method: str, granted: frozenset[str] | None) -> dict[str, object] | None:
    """Slack's answer when `granted` lacks every scope `method` accepts, else None."""
    needs = NEEDS.get(method)
    if granted is None or not needs or granted & set(needs):
        return None
    return {
        "ok": False,
        "error": "missing_scope",
        "needed": needs[0],
        "provided": ",".join(sorted(granted)),
    }
