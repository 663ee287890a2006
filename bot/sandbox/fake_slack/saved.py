"""The sandbox workspace kept on disk beside the sandbox database, so that after a restart
the channel still shows the incidents the database holds: messages and threads (with
reactions and files), ephemeral messages, published App Home tabs and the files' bytes.
Open modals, triggers and response URLs last only as long as the process, as in Slack."""

from __future__ import annotations

import base64
import copy
import dataclasses
import itertools
import json
import os
from pathlib import Path
from typing import Any

from bot.sandbox.fake_slack.files import _Share, _Upload
from bot.sandbox.fake_slack.server import FakeSlack
from bot.sandbox.fake_slack.state import Ephemeral, Json, Message

FORMAT = 1


class SavedWorkspaceError(Exception):
    """The saved workspace file cannot be read back."""


def snapshot(fake: FakeSlack) -> Json:
    """What a restart must find again, as plain JSON."""
    with fake._lock:
        views = {vid: fake._views[vid] for vid in fake._homes.values() if vid in fake._views}
        return {
            "format": FORMAT,
            "last_micros": fake._last_micros,
            "next_id": _peek(fake),
            "messages": {
                channel: [dataclasses.asdict(m) for m in messages]
                for channel, messages in fake._messages.items()
            },
            "ephemerals": [dataclasses.asdict(e) for e in fake._ephemerals],
            "homes": dict(fake._homes),
            "views": copy.deepcopy(views),
            "files": [_upload_json(up) for up in fake._files.values() if up.completed],
        }


def restore(fake: FakeSlack, data: Any, where: Path) -> None:
    """Put a snapshot back into a fresh fake whose channels and users already exist."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SavedWorkspaceError(f"{where.name} is not a saved workspace of this version")
    try:
        # Everything is read first, so a file that fails half-way changes nothing.
        channels, users = set(fake._channels), set(fake._users)
        messages = {
            channel: [Message(**m) for m in kept]
            for channel, kept in data["messages"].items()
            if channel in channels
        }
        ephemerals = [Ephemeral(**e) for e in data["ephemerals"] if e["channel"] in channels]
        views = {str(k): dict(v) for k, v in data["views"].items()}
        homes = {u: v for u, v in data["homes"].items() if v in views and u in users}
        files = [_upload(raw, channels) for raw in data["files"]]
        last_micros, next_id = int(data["last_micros"]), int(data["next_id"])
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise SavedWorkspaceError(f"{where.name} cannot be read back ({err!r})") from None
    with fake._lock:
        fake._messages.update(messages)
        fake._ephemerals[:] = ephemerals
        fake._views.update(views)
        fake._homes.update(homes)
        fake._files.update({up.id: up for up in files})
        fake._last_micros = max(fake._last_micros, last_micros)
        fake._ids = itertools.count(max(next_id, _peek(fake)))


def save(fake: FakeSlack, path: Path, previous: str | None = None) -> str:
    """Write the snapshot atomically (only when it changed since `previous`); returns it."""
    text = json.dumps(snapshot(fake), sort_keys=True)
    if text != previous:
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text)
        os.replace(partial, path)
    return text


def load(fake: FakeSlack, path: Path) -> str | None:
    """Restore from `path` if it exists; returns the text read (None when there was none)."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except ValueError as err:  # UnicodeDecodeError is a ValueError
        raise SavedWorkspaceError(f"{path.name} is not a saved workspace ({err})") from None
    restore(fake, data, path)
    return text


def _peek(fake: FakeSlack) -> int:
    """The next id the fake will hand out (the counter is put back to it)."""
    number = next(fake._ids)
    fake._ids = itertools.count(number)
    return number


def _upload_json(up: _Upload) -> Json:
    out = dataclasses.asdict(up)
    out["content"] = base64.b64encode(up.content or b"").decode()
    return out


def _upload(raw: Json, channels: set[str]) -> _Upload:
    fields = dict(raw)
    fields["content"] = base64.b64decode(fields["content"])
    shares = [_Share(**s) for s in fields["shares"]]
    fields["shares"] = [s for s in shares if s.channel in channels]
    return _Upload(**fields)
