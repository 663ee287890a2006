"""One incident's record as a zip archive: the incident, its whole log with the chain and
head, its statements with every version and review, its evidence, the names of the people
in it, and the post-incident report, with a manifest of SHA-256 sums. `verify` checks
every sum (a changed byte anywhere is named), that nothing was added or removed, and
recomputes the log's chain against the head the archive records. The manifest's own
SHA-256 is the archive's fingerprint: write it down where the archive is not, and a
manifest rewritten to match changed files is caught too."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select

from bot.incidents.context import Context
from bot.incidents.log import LogKind, format_ts, parse_ts, verify_rows
from bot.incidents.queries import find_incident
from bot.incidents.view import get_incident, log_entries
from bot.people import names_in
from bot.report import build_report
from bot.report.render import render_html
from bot.store.models import Statement, StatementReview, StatementVersion

FORMAT = "crisisbot-export/1"
MANIFEST = "manifest.json"


@dataclass
class Checked:
    """What `verify` found: problems, in words, none when the archive is intact."""

    incident: str = ""
    fingerprint: str = ""
    files: int = 0
    entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return format_ts(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    return value


def _row(obj: Any) -> dict[str, Any]:
    return {c.key: _plain(getattr(obj, c.key)) for c in inspect(obj).mapper.column_attrs}


def build(ctx: Context, ref: str, *, tz: ZoneInfo, actor: str) -> tuple[bytes, str]:
    """The archive's bytes and its fingerprint (the manifest's SHA-256)."""
    view = get_incident(ctx, ref, tz=tz)
    entries = log_entries(ctx, ref)
    now = ctx.clock()
    with ctx.db.readers() as session:
        inc = find_incident(session, ref)
        statements = []
        for st in session.scalars(
            select(Statement).where(Statement.incident_id == inc.id).order_by(Statement.number)
        ):
            versions = session.scalars(
                select(StatementVersion)
                .where(StatementVersion.statement_id == st.id)
                .order_by(StatementVersion.id)
            ).all()
            reviews = session.scalars(
                select(StatementReview)
                .where(StatementReview.statement_id == st.id)
                .order_by(StatementReview.id)
            ).all()
            statements.append(
                _row(st) | {"versions": [_row(v) for v in versions],
                            "reviews": [_row(r) for r in reviews]}
            )  # fmt: skip
        people = {e.actor for e in entries} | {h for _r, h in view.roles if h}
        names = names_in(session, people)
        incident = _row(inc) | {"roles": {r.id: h for r, h in view.roles}}
    log = [
        {
            "incident": e.incident, "seq": e.seq, "ts": format_ts(e.ts), "actor": e.actor,
            "kind": e.kind, "text": e.text, "data": e.data, "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
        for e in entries
    ]  # fmt: skip
    evidence = [{**e.data, "seq": e.seq} for e in entries if e.kind == LogKind.EVIDENCE]
    report = build_report(ctx, ref, tz=tz, now=now)
    files = {
        "incident.json": _json(incident),
        "log.jsonl": "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in log).encode(),
        "statements.json": _json(statements),
        "evidence.json": _json(evidence),
        "people.json": _json(names),
        "report.html": render_html(report, messages_dir=ctx.messages_dir).encode(),
    }
    manifest = _json(
        {
            "format": FORMAT, "incident": ref, "exported_at": format_ts(now),
            "exported_by": actor, "log_head": {"seq": inc.head_seq, "hash": inc.head_hash},
            "files": {name: hashlib.sha256(body).hexdigest() for name, body in files.items()},
        }
    )  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, manifest)
        for name, body in files.items():
            archive.writestr(name, body)
    return buffer.getvalue(), hashlib.sha256(manifest).hexdigest()


def verify(path: Path, *, fingerprint: str | None = None) -> Checked:
    """Check an archive written by `build`; every problem found, in words."""
    out = Checked()
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        out.problems.append(f"{path.name} is not a readable zip archive ({err})")
        return out
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            out.problems.append(f"{path.name} has no {MANIFEST}: not a crisisbot export")
            return out
        raw = archive.read(MANIFEST)
        out.fingerprint = hashlib.sha256(raw).hexdigest()
        if fingerprint and not out.fingerprint.startswith(fingerprint.strip().lower()):
            out.problems.append(
                f"the manifest is not the one exported: its SHA-256 is {out.fingerprint}, "
                f"not {fingerprint.strip()}"
            )
        try:
            manifest = json.loads(raw)
            listed: dict[str, str] = dict(manifest["files"])
            out.incident = str(manifest["incident"])
            head = manifest["log_head"]
        except (ValueError, KeyError, TypeError) as err:
            out.problems.append(f"{MANIFEST} cannot be read ({err})")
            return out
        for name in sorted(names - set(listed) - {MANIFEST}):
            out.problems.append(f"{name}: in the archive but not in the manifest (added)")
        bodies: dict[str, bytes] = {}
        for name, digest in sorted(listed.items()):
            if name not in names:
                out.problems.append(f"{name}: in the manifest but missing from the archive")
                continue
            bodies[name] = archive.read(name)
            if hashlib.sha256(bodies[name]).hexdigest() != digest:
                out.problems.append(f"{name}: changed since export (its SHA-256 differs)")
        out.files = len(bodies)
    if "log.jsonl" in bodies:
        _check_chain(out, bodies["log.jsonl"], head)
    return out


def _check_chain(out: Checked, body: bytes, head: dict[str, Any]) -> None:
    try:
        entries = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        rows = [
            (e["seq"], parse_ts(e["ts"]), e["actor"], e["kind"], e["text"], e["data"],
             e["prev_hash"], e["hash"])
            for e in entries
        ]  # fmt: skip
    except (ValueError, KeyError, TypeError) as err:
        out.problems.append(f"log.jsonl cannot be read ({err})")
        return
    result = verify_rows(out.incident, int(head["seq"]), str(head["hash"]), rows)
    out.entries = result.entries
    if not result.ok:
        out.problems.append(f"log.jsonl: {result.problem}")
