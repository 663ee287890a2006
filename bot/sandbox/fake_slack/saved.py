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
import threading
from pathlib import Path
from typing import Any

from bot.sandbox.fake_slack.api import WebApi
from bot.sandbox.fake_slack.files import Share, Upload
from bot.sandbox.fake_slack.state import Ephemeral, Json, Message

FORMAT = 1


class SavedWorkspaceError(Exception):
    """The saved workspace file cannot be read back."""


class SavedApi(WebApi):
    """snapshot() and restore() of the workspace; FakeSlack holds `_lock` around all state."""

    _lock: threading.RLock
    _files: dict[str, Upload]

    def snapshot(self) -> Json:
        """What a restart must find again, as plain JSON."""
        with self._lock:
            views = {vid: self._views[vid] for vid in self._homes.values() if vid in self._views}
            return {
                "format": FORMAT,
                "last_micros": self._last_micros,
                "next_id": self._peek_id(),
                "messages": {
                    channel: [dataclasses.asdict(m) for m in messages]
                    for channel, messages in self._messages.items()
                },
                "ephemerals": [dataclasses.asdict(e) for e in self._ephemerals],
                "homes": dict(self._homes),
                "views": copy.deepcopy(views),
                "files": [_upload_json(up) for up in self._files.values() if up.completed],
            }

    def restore(self, data: Any, where: Path) -> None:
        """Put a snapshot back into a fresh fake whose channels and users already exist."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SavedWorkspaceError(f"{where.name} is not a saved workspace of this version")
        try:
            # Everything is read first, so a file that fails half-way changes nothing.
            channels, users = set(self._channels), set(self._users)
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
        with self._lock:
            self._messages.update(messages)
            self._ephemerals[:] = ephemerals
            self._views.update(views)
            self._homes.update(homes)
            self._files.update({up.id: up for up in files})
            self._last_micros = max(self._last_micros, last_micros)
            self._ids = itertools.count(max(next_id, self._peek_id()))

    def _peek_id(self) -> int:
        """The next id the fake will hand out (the counter is put back to it)."""
        number = next(self._ids)
        self._ids = itertools.count(number)
        return number


def save(fake: SavedApi, path: Path, previous: str | None = None) -> str:
    """Write the snapshot atomically (only when it changed since `previous`); returns it."""
    text = json.dumps(fake.snapshot(), sort_keys=True)
    if text != previous:
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text)
        os.replace(partial, path)
    return text


def load(fake: SavedApi, path: Path) -> str | None:
    """Restore from `path` if it exists; returns the text read (None when there was none)."""
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except ValueError as err:  # UnicodeDecodeError is a ValueError
        raise SavedWorkspaceError(f"{path.name} is not a saved workspace ({err})") from None
    fake.restore(data, path)
    return text


def _upload_json(up: Upload) -> Json:
    out = dataclasses.asdict(up)
    out["content"] = base64.b64encode(up.content or b"").decode()
    return out


def _upload(raw: Json, channels: set[str]) -> Upload:
    fields = dict(raw)
    fields["content"] = base64.b64decode(fields["content"])
    shares = [Share(**s) for s in fields["shares"]]
    fields["shares"] = [s for s in shares if s.channel in channels]
    return Upload(**fields)
