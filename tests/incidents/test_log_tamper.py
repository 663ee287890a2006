"""The incident log's hash chain catches edits made directly in the database, on SQLite
and PostgreSQL, and `crisisbot log verify` names the first entry that does not hold."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text, update

from bot.clock import FixedClock
from bot.incidents import service
from bot.incidents.log import entry_hash
from bot.store import Database
from bot.store.models import Incident, LogEntry
from tests.conftest import Result

Run = Callable[..., Result]
COMMANDER = "UCOMMANDER"
ENTRIES = 10


@pytest.fixture
def ref(ctx: service.Context, clock: FixedClock) -> str:
    """An incident with ten log entries, a minute apart:

    1 started, 2 commander assigned, 3 comms assigned, 4 privacy assigned,
    5 capture-evidence done, 6 record-discovery done, 7 note, 8 legal assigned,
    9 preserve-evidence done, 10 note.
    """
    ref = service.start_incident(
        ctx, playbook_id="phi-leak", title="Nurse posted a get-well photo", actor=COMMANDER
    ).incident

    def then(call: Callable[..., service.Outcome], **kwargs: Any) -> None:
        clock.advance(minutes=1)
        assert call(ctx, incident=ref, **kwargs).changed

    then(service.assign_role, role_id="comms", user_id="UCOMMS", actor=COMMANDER)
    then(service.assign_role, role_id="privacy", user_id="UPRIVACY", actor=COMMANDER)
    then(service.complete_step, step_id="capture-evidence", actor="UCOMMS")
    then(service.complete_step, step_id="record-discovery", actor="UPRIVACY")
    then(service.add_note, text="Post removed by the staff member at 14:05", actor="UCOMMS")
    then(service.assign_role, role_id="legal", user_id="ULEGAL", actor=COMMANDER)
    then(service.complete_step, step_id="preserve-evidence", actor="ULEGAL")
    then(service.add_note, text="Three shares traced; attestations requested", actor="UPRIVACY")
    return ref


@pytest.fixture
def crisisbot(cli: Run, db: Database) -> Run:
    url = db.engine.url.render_as_string(hide_password=False)
    return lambda *args: cli(*args, env={"DATABASE_URL": url})


def verify(run: Run, ref: str, *extra: str) -> Result:
    return run("log", "verify", ref, *extra)


def head_of(run: Run, ref: str) -> str:
    result = verify(run, ref)
    assert result.code == 0, result.err
    match = re.search(r"head ([0-9a-f]{64})", result.out)
    assert match, result.out
    return match.group(1)


def where_entry(db: Database, ref: str, seq: int) -> dict[str, Any]:
    with db.engine.connect() as conn:
        incident_id = conn.scalar(select(Incident.id).where(Incident.ref == ref))
    return {"incident_id": incident_id, "seq": seq}


def sql(db: Database, statement: str, **params: Any) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def set_columns(db: Database, ref: str, seq: int, **values: Any) -> None:
    """UPDATE through the typed table, so JSON and timestamps are written the way each
    database stores them (as an attacker with a SQL client would)."""
    key = where_entry(db, ref, seq)
    with db.engine.begin() as conn:
        conn.execute(
            update(LogEntry)
            .where(LogEntry.incident_id == key["incident_id"], LogEntry.seq == seq)
            .values(**values)
        )


def read_entry(db: Database, ref: str, seq: int) -> Any:
    key = where_entry(db, ref, seq)
    with db.engine.connect() as conn:
        return conn.execute(
            select(LogEntry.ts, LogEntry.data).where(
                LogEntry.incident_id == key["incident_id"], LogEntry.seq == seq
            )
        ).one()


def assert_tampered(result: Result, *fragments: str) -> None:
    assert result.code == 1, result.out
    assert "TAMPERED" in result.err
    for fragment in fragments:
        assert fragment in result.err, result.err


# -- untouched ---------------------------------------------------------------------------


def test_untouched_log_verifies_with_its_entry_count(crisisbot: Run, ref: str) -> None:
    result = verify(crisisbot, ref)
    assert result.code == 0, result.err
    assert f"{ref}: log intact, {ENTRIES} entries" in result.out


def test_intact_log_accepts_an_older_entrys_hash_as_head_and_names_that_entry(
    crisisbot: Run, ref: str
) -> None:
    exported = crisisbot("log", "show", ref, "--format", "json")
    entries = [json.loads(line) for line in exported.out.strip().splitlines()]
    fourth = entries[3]
    assert fourth["seq"] == 4
    for given in (fourth["hash"][:12], fourth["hash"].upper()):
        result = verify(crisisbot, ref, "--head", given)
        assert result.code == 0, result.err
        assert "the head you gave is entry 4" in result.out


def test_head_shorter_than_12_hex_digits_is_a_usage_error_not_tampering(
    crisisbot: Run, ref: str
) -> None:
    head = head_of(crisisbot, ref)
    result = verify(crisisbot, ref, "--head", head[:8])
    assert result.code == 2, (result.code, result.err)
    assert "at least 12 hex characters" in result.err and "TAMPERED" not in result.err


# -- edited entries ----------------------------------------------------------------------


def test_edited_text_is_caught_at_that_entry(crisisbot: Run, db: Database, ref: str) -> None:
    sql(
        db,
        "UPDATE log_entries SET text = :t WHERE incident_id = :incident_id AND seq = :seq",
        t="Done: nothing to capture",
        **where_entry(db, ref, 5),
    )
    assert_tampered(verify(crisisbot, ref), "entry 5 (step_done) was altered")


def test_edited_link_column_blames_that_entry_not_its_intact_predecessor(
    crisisbot: Run, db: Database, ref: str
) -> None:
    sql(
        db,
        "UPDATE log_entries SET prev_hash = :h WHERE incident_id = :incident_id AND seq = :seq",
        h="0" * 64,
        **where_entry(db, ref, 5),
    )
    result = verify(crisisbot, ref)
    assert_tampered(result, "entry 5's link to entry 4 was altered")
    assert "entry 4 was replaced" not in result.err


def test_first_of_several_edited_entries_is_named(crisisbot: Run, db: Database, ref: str) -> None:
    for seq in (8, 5, 9):
        sql(
            db,
            "UPDATE log_entries SET text = text || '.' WHERE incident_id = :incident_id AND seq = :seq",
            **where_entry(db, ref, seq),
        )
    result = verify(crisisbot, ref)
    assert_tampered(result, "entry 5 ")
    assert "entry 8" not in result.err and "entry 9" not in result.err


def test_edited_data_is_caught_at_that_entry(crisisbot: Run, db: Database, ref: str) -> None:
    data = dict(read_entry(db, ref, 5).data)
    assert data["step"] == "capture-evidence"
    set_columns(db, ref, 5, data={**data, "step": "report-to-platform"})
    assert_tampered(verify(crisisbot, ref), "entry 5 (step_done) was altered")


def test_edited_actor_is_caught_at_that_entry(crisisbot: Run, db: Database, ref: str) -> None:
    sql(
        db,
        "UPDATE log_entries SET actor = 'UPRIVACY' WHERE incident_id = :incident_id AND seq = :seq",
        **where_entry(db, ref, 5),
    )
    assert_tampered(verify(crisisbot, ref), "entry 5 (step_done) was altered")


def test_timestamp_moved_by_one_millisecond_is_caught(
    crisisbot: Run, db: Database, ref: str
) -> None:
    ts = read_entry(db, ref, 5).ts
    set_columns(db, ref, 5, ts=ts + dt.timedelta(milliseconds=1))
    assert read_entry(db, ref, 5).ts != ts
    assert_tampered(verify(crisisbot, ref), "entry 5 (step_done) was altered")


# -- removed entries ---------------------------------------------------------------------


def test_deleted_middle_entry_is_named_missing(crisisbot: Run, db: Database, ref: str) -> None:
    sql(
        db,
        "DELETE FROM log_entries WHERE incident_id = :incident_id AND seq = :seq",
        **where_entry(db, ref, 6),
    )
    assert_tampered(verify(crisisbot, ref), "entry 6 missing")


def test_deleted_last_entries_are_missing_against_the_incident_head(
    crisisbot: Run, db: Database, ref: str
) -> None:
    key = where_entry(db, ref, ENTRIES - 1)
    sql(
        db,
        "DELETE FROM log_entries WHERE incident_id = :incident_id AND seq >= :seq",
        **key,
    )
    result = verify(crisisbot, ref)
    assert_tampered(result, f"entries 9-{ENTRIES} missing", f"recorded head is entry {ENTRIES}")


# -- rewritten by someone who knows the algorithm ----------------------------------------


def _rewrite_from(db: Database, ref: str, seq: int, new_text: str) -> None:
    """Change entry `seq`, recompute every hash from there on and move the incident's
    head, the way an attacker who has read bot/incidents/log.py would."""
    with db.engine.begin() as conn:
        incident_id = conn.scalar(select(Incident.id).where(Incident.ref == ref))
        rows = conn.execute(
            select(
                LogEntry.seq, LogEntry.ts, LogEntry.actor, LogEntry.kind, LogEntry.text,
                LogEntry.data, LogEntry.prev_hash, LogEntry.hash,
            )
            .where(LogEntry.incident_id == incident_id)
            .order_by(LogEntry.seq)
        ).all()  # fmt: skip
        prev = next(r.hash for r in rows if r.seq == seq - 1)
        for row in rows:
            if row.seq < seq:
                continue
            body = new_text if row.seq == seq else row.text
            digest = entry_hash(
                prev, incident=ref, seq=row.seq, ts=row.ts, actor=row.actor, kind=row.kind,
                text=body, data=row.data,
            )  # fmt: skip
            conn.execute(
                update(LogEntry)
                .where(LogEntry.incident_id == incident_id, LogEntry.seq == row.seq)
                .values(text=body, prev_hash=prev, hash=digest)
            )
            prev = digest
        conn.execute(update(Incident).where(Incident.id == incident_id).values(head_hash=prev))


def test_consistent_rewrite_is_caught_only_against_a_head_shown_earlier(
    crisisbot: Run, db: Database, ref: str
) -> None:
    shown_head = head_of(crisisbot, ref)
    _rewrite_from(db, ref, 5, "Done: capture not needed")

    # The chain is only self-consistent: someone who can write the database and knows
    # the algorithm can recompute every later hash and the incident's head, and the plain
    # check passes. This is expected; the defence is a head recorded outside the database.
    plain = verify(crisisbot, ref)
    assert plain.code == 0, plain.err
    assert f"log intact, {ENTRIES} entries" in plain.out
    assert shown_head not in plain.out

    anchored = verify(crisisbot, ref, "--head", shown_head)
    assert_tampered(anchored, shown_head[:12], "is not in this log")

    # An earlier head from before the rewritten entry still verifies.
    exported = crisisbot("log", "show", ref, "--format", "json")
    fourth = json.loads(exported.out.splitlines()[3])
    assert verify(crisisbot, ref, "--head", fourth["hash"]).code == 0


def test_json_export_can_be_rechecked_outside_the_database(crisisbot: Run, ref: str) -> None:
    import hashlib

    result = crisisbot("log", "show", ref, "--format", "json")
    assert result.code == 0, result.err
    prev = "0" * 64
    for line in result.out.strip().splitlines():
        entry = json.loads(line)
        body = {k: entry[k] for k in ("incident", "seq", "ts", "actor", "kind", "text", "data")}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert entry["prev_hash"] == prev
        assert hashlib.sha256((prev + canonical).encode()).hexdigest() == entry["hash"]
        prev = entry["hash"]
    assert prev == head_of(crisisbot, ref)


def test_cli_advance_with_expect_is_safe_to_repeat(crisisbot: Run, ref: str) -> None:
    first = crisisbot(
        "incident", "advance", ref, "--expect", "contain", "--override", "drill", "--as", COMMANDER
    )
    again = crisisbot(
        "incident", "advance", ref, "--expect", "contain", "--override", "drill", "--as", COMMANDER
    )
    assert first.code == 0 and "nothing changed" not in first.out
    assert again.code == 0 and "(nothing changed)" in again.out
    assert "Phase Assess" in crisisbot("incident", "show", ref).out
