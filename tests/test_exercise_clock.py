"""An exercise's clock: a facilitator moves time forward for every process at once
(`crisisbot clock advance 2h`); it keeps running between moves and never runs back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.clock import ExerciseClock, FixedClock, move_exercise_clock, stretch_of, utc_now
from bot.config import ConfigError, load_settings
from tests.conftest import Result

WALL = dt.datetime(2026, 12, 5, 22, 0, tzinfo=dt.UTC)


def test_every_clock_reading_the_file_moves_together_and_keeps_running(
    tmp_path: Path,
) -> None:
    wall = FixedClock(WALL)
    path = tmp_path / "exercise.clock"
    serve, worker = ExerciseClock(path, wall=wall), ExerciseClock(path, wall=wall)
    assert serve() == WALL, "no move yet: the wall clock"

    moved = move_exercise_clock(path, by=dt.timedelta(hours=2), wall=wall)
    assert moved == serve() == worker() == WALL + dt.timedelta(hours=2)
    wall.advance(minutes=5)  # time still runs between moves
    assert worker() == WALL + dt.timedelta(hours=2, minutes=5)

    to = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)
    assert move_exercise_clock(path, to=to, wall=wall) == to == serve()


def test_time_never_runs_back_and_a_bad_file_leaves_the_last_move(tmp_path: Path) -> None:
    wall = FixedClock(WALL)
    path = tmp_path / "exercise.clock"
    clock = ExerciseClock(path, wall=wall)
    move_exercise_clock(path, by=dt.timedelta(hours=3), wall=wall)
    assert clock() == WALL + dt.timedelta(hours=3)
    before = path.read_text()

    with pytest.raises(ValueError, match="only moves forward: it is already 2026-12-06 01:00"):
        move_exercise_clock(path, to=WALL + dt.timedelta(hours=1), wall=wall)
    with pytest.raises(ValueError, match="time zone"):
        move_exercise_clock(path, to=dt.datetime(2026, 12, 9, 9, 0), wall=wall)
    assert path.read_text() == before, "a refused move changes nothing"

    path.write_text("half a numb")  # someone's editor, mid-save
    assert clock() == WALL + dt.timedelta(hours=3)
    path.write_text("60\n")  # edited back by hand: a running process does not go back
    assert clock() == WALL + dt.timedelta(hours=3)
    path.unlink()
    assert clock() == WALL + dt.timedelta(hours=3)


def test_leases_outlast_a_move_of_a_day(tmp_path: Path) -> None:
    assert stretch_of(ExerciseClock(tmp_path / "c")) * 60 >= 24 * 3600
    assert stretch_of(utc_now) == 1.0


def test_crisisbot_clock_shows_and_moves_the_exercise(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"CRISISBOT_TIME_FILE": str(tmp_path / "exercise.clock"), "ORG_TIMEZONE": "UTC"}

    def hours_ahead(result: Result) -> float:
        assert result.code == 0, result.err
        shown = dt.datetime.strptime(result.out.strip(), "exercise time: %a %d %b %Y %H:%M:%S UTC")
        return (shown.replace(tzinfo=dt.UTC) - utc_now()).total_seconds() / 3600

    assert abs(hours_ahead(cli("clock", "show", env=env))) < 0.01
    assert abs(hours_ahead(cli("clock", "advance", "1h30m", env=env)) - 1.5) < 0.01
    target = (utc_now() + dt.timedelta(days=2)).replace(microsecond=0)
    result = cli("clock", "set", target.strftime("%Y-%m-%dT%H:%M:%SZ"), env=env)
    assert abs(hours_ahead(result) - 48) < 0.01

    for args, said in (
        (("advance", "2 hours"), "'2 hours' is not a span of time like 2h, 90m"),
        (("set", "tomorrow"), "'tomorrow' is not a moment like 2026-12-05T02:00:00Z"),
        (("set", "2020-01-01T00:00:00Z"), "an exercise's time only moves forward"),
    ):
        refused = cli("clock", *args, env=env)
        assert refused.code == 2 and said in refused.err, refused.err
    assert abs(hours_ahead(cli("clock", "show", env=env)) - 48) < 0.01, "nothing moved"

    unset = cli("clock", "advance", "2h")
    assert unset.code == 2 and "set CRISISBOT_TIME_FILE" in unset.err


def test_an_exercise_clock_and_sped_up_time_are_one_or_the_other() -> None:
    with pytest.raises(ConfigError, match=r"^CRISISBOT_TIME_FILE and CRISISBOT_TIME_SPEED"):
        load_settings(
            {
                "CRISISBOT_TIME_FILE": "exercise.clock",
                "CRISISBOT_TIME_SPEED": "60",
                "CRISISBOT_TIME_FROM": "2026-12-05T09:00:00Z",
            },
            env_file=None,
        )


def test_the_command_line_keeps_the_exercise_time_too(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "CRISISBOT_TIME_FILE": str(tmp_path / "exercise.clock"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'exercise.db'}",
    }
    assert cli("clock", "advance", "3d", env=env).code == 0
    started = cli(
        "incident", "start", "viral-patient-video", "Exercise", "--as", "cli:facilitator", env=env
    )
    assert started.code == 0, started.err
    ref = started.out.split(":")[0]
    shown = cli("log", "show", ref, "--format", "json", env=env)
    first = json.loads(shown.out.splitlines()[0])
    logged = dt.datetime.fromisoformat(first["ts"].replace("Z", "+00:00"))
    assert abs((logged - utc_now()) - dt.timedelta(days=3)) < dt.timedelta(minutes=1)
