"""The fake Slack's files.* methods and upload URL, as WebClient.files_upload_v2 drives them.

files_upload_v2 asks files.getUploadURLExternal for an upload URL and file id per file, POSTs
each file's raw bytes to its URL, then calls files.completeUploadExternal with the ids and
titles, which finishes the upload and, given a channel, shares the files there in one message.
The upload URLs point at the fake's own server (UPLOAD_PATH), so nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import copy
import json
import mimetypes
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from bot.sandbox.fake_slack.api import WebApi
from bot.sandbox.fake_slack.state import Json, Message, SlackError, digest, errors_answer

UPLOAD_PATH = "/upload/"
UPLOAD_METHOD = "upload"  # the name upload URL requests have in the call log and fault schedule
MAX_ALT_TXT = 1000
MAX_SNIPPET = 1024 * 1024
MAX_SHARE_CHANNELS = 100
# filetype, pretty_type and mimetype by extension, as Slack names them; the table keeps the
# common ones independent of the host's mime.types.
_TYPES = {
    "txt": ("text", "Plain Text", "text/plain"),
    "md": ("markdown", "Markdown (raw)", "text/markdown"),
    "csv": ("csv", "CSV", "text/csv"),
    "json": ("json", "JSON", "application/json"),
    "html": ("html", "HTML", "text/html"),
    "pdf": ("pdf", "PDF", "application/pdf"),
    "png": ("png", "PNG", "image/png"),
    "jpg": ("jpg", "JPEG", "image/jpeg"),
    "jpeg": ("jpg", "JPEG", "image/jpeg"),
    "gif": ("gif", "GIF", "image/gif"),
    "zip": ("zip", "Zip", "application/zip"),
}


@dataclass(frozen=True)
class UploadedFile:
    """A completed upload as shared in one channel; channel, ts and thread_ts are None for a
    file kept private (completed without a channel)."""

    id: str
    name: str
    title: str
    content: bytes
    mimetype: str
    channel: str | None
    ts: str | None  # the message that shared it
    thread_ts: str | None  # that message's thread, when it was shared as a reply


@dataclass
class Share:
    """Where an upload was shared: the message in `channel` that carries it."""

    channel: str
    ts: str
    thread_ts: str | None


@dataclass
class Upload:
    """A file being uploaded or uploaded: its bytes once posted, its shares once completed."""

    id: str
    ticket: str  # the upload URL's last part
    name: str
    length: int  # as declared to files.getUploadURLExternal
    created: int
    alt_txt: str | None = None
    snippet_type: str | None = None
    title: str = ""
    content: bytes | None = None  # None until the bytes arrive at the upload URL
    completed: bool = False
    shares: list[Share] = field(default_factory=list)


def _kind(name: str, content: bytes) -> tuple[str, str, str]:
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext in _TYPES:
        return _TYPES[ext]
    guessed = mimetypes.guess_type(name)[0]
    if guessed:
        return ext, ext.upper(), guessed
    try:
        content.decode()
    except UnicodeDecodeError:
        return "binary", "Binary", "application/octet-stream"
    return "text", "Plain Text", "text/plain"


def _file_items(raw: Any) -> list[Json]:
    # Form posts carry files as a JSON string, JSON bodies as an array.
    if raw is None or raw == "":
        raise errors_answer("invalid_arguments", ["missing required field: files"])
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raw = None
    if not isinstance(raw, list) or not raw:
        raise errors_answer(
            "invalid_arguments", ["expected a non-empty array [json-pointer:/files]"]
        )
    problems = [
        f"missing required field: id [json-pointer:/files/{i}]"
        for i, item in enumerate(raw)
        if not isinstance(item, dict) or not item.get("id")
    ]
    if problems:
        raise errors_answer("invalid_arguments", problems)
    return raw


class FilesApi(WebApi):
    """files.getUploadURLExternal, files.completeUploadExternal, files.info and the upload URL.

    Uploads live in `_files`, by file id; FakeSlack holds `_lock` around every handler.
    """

    _lock: threading.RLock
    _files: dict[str, Upload]

    if TYPE_CHECKING:

        @property
        def url(self) -> str: ...

    # -- inspection --------------------------------------------------------------------------

    def uploaded(self, channel: str | None = None) -> list[UploadedFile]:
        """The completed uploads, in the order their upload URLs were issued: one entry for each
        channel a file was shared in (one with channel None for a private file); only
        `channel`'s shares if given."""
        with self._lock:
            found: list[UploadedFile] = []
            for up in self._files.values():
                if not up.completed or up.content is None:
                    continue
                mimetype = _kind(up.name, up.content)[2]
                places: list[tuple[str | None, str | None, str | None]] = [
                    (s.channel, s.ts, s.thread_ts) for s in up.shares
                ]
                for where, ts, thread in places or [(None, None, None)]:
                    if channel in (None, where):
                        file = UploadedFile(
                            up.id, up.name, up.title, up.content, mimetype, where, ts, thread
                        )
                        found.append(file)
            return found

    # -- the upload URL ----------------------------------------------------------------------

    def _receive_upload(self, ticket: str, body: bytes) -> tuple[int, Json | str]:
        """Keep the bytes POSTed to an upload URL; answers (HTTP status, body) like Slack's."""
        with self._lock:
            up = next((u for u in self._files.values() if u.ticket == ticket), None)
            if up is None or up.completed:
                return 404, {"ok": False, "error": "not_found"}
            up.content = body  # posting again replaces the bytes, until completion
            return 200, f"OK - {len(body)}"

    # -- helpers (callers hold the lock) -----------------------------------------------------

    def _file_object(self, up: Upload, with_shares: bool) -> Json:
        content = up.content or b""
        filetype, pretty, mimetype = _kind(up.name, content)
        slug, private = quote(up.name), f"https://files.slack.com/files-pri/{self.team_id}-{up.id}"
        public = any(not self._channels[s.channel].is_private for s in up.shares)
        obj: Json = {
            "id": up.id, "created": up.created, "timestamp": up.created, "name": up.name,
            "title": up.title, "mimetype": mimetype, "filetype": up.snippet_type or filetype,
            "pretty_type": pretty, "user": self.bot_user_id, "user_team": self.team_id,
            "editable": False, "size": len(content),
            "mode": "snippet" if up.snippet_type else "hosted", "is_external": False,
            "external_type": "", "is_public": public, "public_url_shared": False,
            "display_as_bot": False, "username": "", "url_private": f"{private}/{slug}",
            "url_private_download": f"{private}/download/{slug}",
            "permalink": f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{up.id}/{slug}",
            "permalink_public": f"https://slack-files.com/{self.team_id}-{up.id}-{digest(up.ticket, 10)}",
            "comments_count": 0, "is_starred": False, "has_rich_preview": False,
            "file_access": "visible",
        }  # fmt: skip
        if up.alt_txt:
            obj["alt_txt"] = up.alt_txt
        return obj | (self._shares(up) if with_shares else {})

    def _shares(self, up: Upload) -> Json:
        shares: dict[str, dict[str, list[Json]]] = {"public": {}, "private": {}}
        for share in up.shares:
            channel = self._channels[share.channel]
            entry: Json = {"ts": share.ts, "channel_name": channel.name, "team_id": self.team_id}
            entry["share_user_id"] = self.bot_user_id
            msg = self._find(channel.id, share.ts)
            if share.thread_ts:
                entry["thread_ts"] = share.thread_ts
            elif msg is not None:
                entry |= {"reply_users": list(msg.reply_users), "reply_count": msg.reply_count}
                entry["reply_users_count"] = len(msg.reply_users)
            kind = "private" if channel.is_private else "public"
            shares[kind].setdefault(channel.id, []).append(entry)
        return {
            "shares": {kind: by_channel for kind, by_channel in shares.items() if by_channel},
            "channels": list(shares["public"]), "groups": list(shares["private"]), "ims": [],
        }  # fmt: skip

    # -- Web API: files ----------------------------------------------------------------------

    def _api_files_getUploadURLExternal(self, args: Json) -> Json:
        filename, raw_length = args.get("filename"), args.get("length")
        missing = [
            n for n, v in (("filename", filename), ("length", raw_length)) if v in (None, "")
        ]
        if missing:
            raise errors_answer(
                "invalid_arguments", [f"missing required field: {n}" for n in missing]
            )
        try:
            length = int(str(raw_length))
        except ValueError:
            raise errors_answer(
                "invalid_arguments", ["expected an integer [json-pointer:/length]"]
            ) from None
        if length == 0:
            raise SlackError("missing_argument")  # what Slack answers for a zero length
        if length < 0:
            raise errors_answer("invalid_arguments", ["must be positive [json-pointer:/length]"])
        alt_txt, snippet_type = args.get("alt_txt") or None, args.get("snippet_type") or None
        if alt_txt is not None and len(str(alt_txt)) > MAX_ALT_TXT:
            raise SlackError("alt_txt_too_large")
        if snippet_type is not None and length > MAX_SNIPPET:
            raise SlackError("snippet_too_large")
        file_id = f"F{next(self._ids):010d}"
        ticket = digest(f"{self.team_id}:{file_id}", 24)
        self._files[file_id] = Upload(
            file_id, ticket, str(filename), length, int(self._now()),
            str(alt_txt) if alt_txt else None, str(snippet_type) if snippet_type else None,
        )  # fmt: skip
        upload_url = f"{self.url.removesuffix('/api/')}{UPLOAD_PATH}{ticket}"
        return {"upload_url": upload_url, "file_id": file_id}

    def _api_files_completeUploadExternal(self, args: Json) -> Json:
        picked: dict[str, tuple[Upload, Any]] = {}
        for item in _file_items(args.get("files")):
            up = self._files.get(str(item["id"]))
            # Slack's file_not_found covers an unknown id, bytes never uploaded, and a second
            # completion ("this method can only be called once").
            if up is None or up.content is None or up.completed:
                raise SlackError("file_not_found")
            picked.setdefault(up.id, (up, item.get("title")))
        # channel_id wins over channels; neither keeps the files private.
        if args.get("channel_id"):
            refs = [str(args["channel_id"])]
        else:
            refs = [
                ref.strip() for ref in str(args.get("channels") or "").split(",") if ref.strip()
            ]
        if len(refs) > MAX_SHARE_CHANNELS:
            raise SlackError("channels_limit_exceeded")
        if any(ref not in self._channels for ref in refs):  # ids only, unlike chat.postMessage
            raise SlackError("channel_not_found")
        targets = [self._channel(ref, member=True) for ref in refs]
        thread_ts = args.get("thread_ts")
        roots = [self._root(c.id, thread_ts) if thread_ts else None for c in targets]
        # The initial_comment is the message text; without one, blocks may stand in for it.
        comment, blocks = args.get("initial_comment"), args.get("blocks")
        content = {"text": comment} if comment else {"blocks": blocks}
        text, checked = self._content(content) if comment or blocks else ("", [])
        uploads = [up for up, _ in picked.values()]
        for up, title in picked.values():
            up.title, up.completed = str(title or up.name), True
        shared: list[Message] = []
        for channel, root in zip(targets, roots, strict=True):
            msg = Message(channel.id, self._next_ts(), text, self.bot_user_id, self.bot_id, checked)
            shared.append(self._store(msg, root))
            for up in uploads:
                up.shares.append(Share(channel.id, msg.ts, msg.thread_ts if root else None))
        in_message = [self._file_object(up, with_shares=False) for up in uploads]
        for msg in shared:
            msg.files = copy.deepcopy(in_message)
        return {"files": [self._file_object(up, with_shares=True) for up in uploads]}

    def _api_files_info(self, args: Json) -> Json:
        up = self._files.get(str(args.get("file")))
        if up is None or not up.completed:
            raise SlackError("file_not_found")
        answer: Json = {"file": self._file_object(up, with_shares=True), "comments": []}
        return answer | {"response_metadata": {"next_cursor": ""}}
