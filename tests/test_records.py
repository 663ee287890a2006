"""Records that last, on SQLite and PostgreSQL: evidence recorded in the hash-chained log;
an incident exported as one archive that `verify` finds intact and that catches a changed
byte, an added or removed file, a rewritten log and a rewritten manifest; a legal hold that
no purge gets past, and no purge within six years; a SQLite copy taken while the bot
writes, which restores to a database whose every log verifies."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.clock import FixedClock
from bot.errors import InvalidInput, NotAllowed
from bot.incidents import records, service
from bot.incidents import view as incident_view
from bot.records import archive
from bot.records.backup import backup_sqlite
from bot.records.retention import purge
from bot.store import connect, upgrade
from bot.store.models import Incident, LogEntry
from tests.conftest import START

CMD, PRIV, COMMS = "UCMD", "UPRIV", "UCOMMS"
SHA = hashlib.sha256(b"screen recording").hexdigest()
TZ = ZoneInfo("UTC")


def _incident(ctx: service.Context, title: str = "Video of our lobby") -> str:
    ref = service.start_incident(
        ctx, playbook_id="viral-patient-video", title=title, actor=CMD
    ).incident
    service.assign_role(ctx, incident=ref, role_id="privacy", user_id=PRIV, actor=CMD)
    service.assign_role(ctx, incident=ref, role_id="comms", user_id=COMMS, actor=CMD)
    return ref


def _entries(ctx: service.Context) -> int:
    with ctx.db.readers() as session:
        return session.scalar(select(func.count()).select_from(LogEntry)) or 0


def _evidence(ctx: service.Context, ref: str, **changes: object) -> service.Outcome:
    args: dict[str, object] = {
        "incident": ref, "url": "https://www.tiktok.com/@someone/video/7301", "sha256": SHA,
        "captured_at": START - dt.timedelta(minutes=5), "actor": COMMS,
    }  # fmt: skip
    return records.record_evidence(ctx, **(args | changes))  # type: ignore[arg-type]


def test_evidence_is_recorded_in_the_chained_log(ctx: service.Context) -> None:
    ref = _incident(ctx)
    assert _evidence(ctx, ref).changed
    entry = incident_view.log_entries(ctx, ref)[-1]
    assert entry.kind == "evidence" and entry.actor == COMMS
    assert entry.data == {
        "url": "https://www.tiktok.com/@someone/video/7301", "sha256": SHA,
        "captured_at": "2026-11-23T13:55:00.000Z", "captured_by": COMMS,
    }  # fmt: skip
    assert incident_view.verify_log(ctx, ref).ok
    before = _entries(ctx)
    for changes, said in (
        ({"url": "javascript:alert(1)"}, "not a web address"),
        ({"url": "https://x.org/a b"}, "no spaces"),
        ({"sha256": "abc"}, "64 hexadecimal characters"),
        ({"captured_at": START + dt.timedelta(days=1)}, "in the future"),
        ({"captured_at": dt.datetime(2026, 11, 23, 9, 0)}, "time zone"),
    ):
        with pytest.raises(InvalidInput, match=said):
            _evidence(ctx, ref, **changes)
    with pytest.raises(NotAllowed, match="record evidence"):
        _evidence(ctx, ref, actor="UNOBODY")
    assert _entries(ctx) == before, "a refusal records nothing"


def _export(ctx: service.Context, ref: str, tmp_path: Path) -> tuple[Path, str]:
    body, fingerprint = archive.build(ctx, ref, tz=TZ, actor="cli:auditor")
    path = tmp_path / f"{ref}.zip"
    path.write_bytes(body)
    return path, fingerprint


def _rewrite(path: Path, out: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of the archive with files changed (None: removed) or added."""
    with zipfile.ZipFile(path) as source:
        files = {name: source.read(name) for name in source.namelist()}
    for name, body in change.items():
        if body is None:
            files.pop(name)
        else:
            files[name] = body
    with zipfile.ZipFile(out, "w") as target:
        for name, body in files.items():
            target.writestr(name, body)
    return out


def test_an_export_verifies_and_holds_everything_an_auditor_asks_for(
    ctx: service.Context, tmp_path: Path
) -> None:
    ref = _incident(ctx)
    _evidence(ctx, ref)
    path, fingerprint = _export(ctx, ref, tmp_path)
    checked = archive.verify(path, fingerprint=fingerprint)
    assert checked.ok, checked.problems
    assert (checked.incident, checked.files) == (ref, 6)
    assert checked.entries == incident_view.verify_log(ctx, ref).entries
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        incident = json.loads(z.read("incident.json"))
        evidence = json.loads(z.read("evidence.json"))
        report = z.read("report.html").decode()
    assert manifest["log_head"]["hash"] == incident["head_hash"]
    assert incident["roles"]["privacy"] == PRIV and evidence[0]["sha256"] == SHA
    assert ref in report and "<html" in report.lower()
    assert manifest["exported_by"] == "cli:auditor"


def test_verify_catches_a_changed_byte_anywhere(ctx: service.Context, tmp_path: Path) -> None:
    ref = _incident(ctx)
    path, fingerprint = _export(ctx, ref, tmp_path)
    with zipfile.ZipFile(path) as z:
        originals = {name: z.read(name) for name in z.namelist()}
    for name, body in originals.items():
        if name == "manifest.json":
            continue
        flipped = bytes([body[0] ^ 1]) + body[1:]
        bad = archive.verify(_rewrite(path, tmp_path / "bad.zip", {name: flipped}))
        assert [f"{name}: changed since export (its SHA-256 differs)"] == [
            p for p in bad.problems if p.startswith(name + ":")
        ], (name, bad.problems)
    added = archive.verify(_rewrite(path, tmp_path / "a.zip", {"extra.txt": b"x"}))
    assert "extra.txt: in the archive but not in the manifest (added)" in added.problems
    gone = archive.verify(_rewrite(path, tmp_path / "g.zip", {"evidence.json": None}))
    assert "evidence.json: in the manifest but missing from the archive" in gone.problems

    # A log entry rewritten and the manifest's sum updated to match: the chain catches it.
    lines = originals["log.jsonl"].decode().splitlines()
    first = json.loads(lines[0])
    first["text"] = first["text"].replace("Video", "Photo")
    log = "\n".join([json.dumps(first, ensure_ascii=False), *lines[1:]]) + "\n"
    manifest = json.loads(originals["manifest.json"])
    manifest["files"]["log.jsonl"] = hashlib.sha256(log.encode()).hexdigest()
    forged = _rewrite(
        path, tmp_path / "f.zip",
        {"log.jsonl": log.encode(), "manifest.json": json.dumps(manifest).encode()},
    )  # fmt: skip
    caught = archive.verify(forged)
    assert any("log.jsonl: entry 1" in p and "altered" in p for p in caught.problems), caught
    # ... and the fingerprint noted at export catches any rewritten manifest.
    assert any("the manifest is not the one exported" in p for p in archive.verify(
        forged, fingerprint=fingerprint).problems)  # fmt: skip
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    assert "not a readable zip archive" in archive.verify(junk).problems[0]


def test_a_legal_hold_keeps_an_incident_from_any_purge(ctx: service.Context) -> None:
    old = dataclasses.replace(ctx, clock=FixedClock(dt.datetime(2018, 3, 1, tzinfo=dt.UTC)))
    held, plain, recent = _incident(old, "Held"), _incident(old, "Plain"), _incident(ctx, "New")
    for ref in (held, plain, recent):
        when = old if ref != recent else ctx
        phases = incident_view.get_incident(when, ref).playbook.phase_ids
        for _ in phases[:-1]:
            service.advance_phase(when, incident=ref, actor=CMD, override_reason="done")
        service.close_incident(when, incident=ref, actor=CMD, override_reason="done")
    with pytest.raises(NotAllowed, match="legal hold"):
        records.set_legal_hold(ctx, incident=held, hold=True, reason="Lawsuit", actor=COMMS)
    assert records.set_legal_hold(
        ctx, incident=held, hold=True, reason="Litigation hold from counsel", actor=PRIV
    ).changed
    assert incident_view.log_entries(ctx, held)[-1].kind == "legal_hold"

    today = dt.date(2026, 12, 5)
    with pytest.raises(InvalidInput, match="latest date allowed today is 2020-12-05"):
        purge(ctx.db, closed_before=dt.date(2024, 1, 1), today=today, apply=True)
    listed = purge(ctx.db, closed_before=dt.date(2019, 1, 1), today=today, apply=False)
    assert (listed.purged, listed.held) == ([plain], [held])
    assert {i.ref for i in incident_view.list_incidents(ctx, include_closed=True)} == {
        held,
        plain,
        recent,
    }, "listing deletes nothing"
    done = purge(ctx.db, closed_before=dt.date(2019, 1, 1), today=today, apply=True)
    assert (done.purged, done.held) == ([plain], [held])
    left = {i.ref for i in incident_view.list_incidents(ctx, include_closed=True)}
    assert left == {held, recent}
    assert incident_view.verify_log(ctx, held).ok
    # Released, the next purge takes it.
    records.set_legal_hold(ctx, incident=held, hold=False, reason="Case settled", actor=PRIV)
    assert purge(ctx.db, closed_before=dt.date(2019, 1, 1), today=today, apply=True).purged == [
        held
    ]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_copy_taken_while_the_bot_writes_restores_with_every_log_intact(
    ctx: service.Context, database_url: str, tmp_path: Path
) -> None:
    refs = [_incident(ctx, f"Incident {n}") for n in range(3)]
    stop = threading.Event()

    def write() -> None:  # notes keep arriving while the copy is taken
        n = 0
        while not stop.is_set() and n < 400:
            service.add_note(ctx, incident=refs[n % 3], text=f"update {n}", actor=CMD)
            n += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        copy = tmp_path / "backup.db"
        assert backup_sqlite(database_url, copy) > 0
    finally:
        stop.set()
        writer.join(30)
    with pytest.raises(InvalidInput, match="already exists"):
        backup_sqlite(database_url, copy)

    restored = connect(f"sqlite:///{copy}")
    upgrade(restored)
    again = dataclasses.replace(ctx, db=restored)
    try:
        for ref in refs:
            assert incident_view.verify_log(again, ref).ok
        with restored.readers() as session:
            assert session.scalar(select(func.count()).select_from(Incident)) == 3
    finally:
        restored.dispose()


def test_a_postgresql_database_is_copied_with_its_own_tools(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="use pg_dump"):
        backup_sqlite("postgresql+psycopg://127.0.0.1/x", tmp_path / "x.db")


def test_the_commands_an_auditor_and_an_operator_type(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}"}
    started = cli("incident", "start", "viral-patient-video", "Video", "--as", "cli:dana", env=env)
    ref = started.out.split(":")[0]
    capture = tmp_path / "capture.mp4"
    capture.write_bytes(b"\x00\x01 a screen recording")
    recorded = cli(
        "incident", "evidence", ref, "--url", "https://x.com/a/status/1", "--file", str(capture),
        "--as", "cli:dana", env=env,
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    assert hashlib.sha256(capture.read_bytes()).hexdigest()[:16] in recorded.out

    out = tmp_path / "record.zip"
    exported = cli("export", ref, "-o", str(out), env=env)
    assert exported.code == 0, exported.err
    fingerprint = exported.out.split("fingerprint ")[1].split()[0]
    ok = cli("export", "verify", str(out), "--fingerprint", fingerprint, env=env)
    assert ok.code == 0 and "archive intact" in ok.out, ok.err
    bad = _rewrite(out, tmp_path / "bad.zip", {"people.json": b'{"U0X": "Someone"}\n'})
    tampered = cli("export", "verify", str(bad), env=env)
    assert tampered.code == 1 and "TAMPERED: people.json: changed since export" in tampered.err
    assert cli("export", ref, "-o", str(out), env=env).code == 2, "never overwrites"

    copy = tmp_path / "copy.db"
    assert cli("db", "backup", str(copy), env=env).code == 0
    restored = cli("log", "verify", ref, env={"DATABASE_URL": f"sqlite:///{copy}"})
    assert restored.code == 0 and "log intact" in restored.out
    listed = cli("db", "purge", "--closed-before", "2019-01-01", env=env)
    assert listed.code == 0 and "would purge" in listed.out
