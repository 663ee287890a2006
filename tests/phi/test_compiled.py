"""The compiled-pattern cache: a pattern rebuilt from it behaves exactly as `re.compile`'s,
and a missing, damaged or unwritable cache only means compiling as usual."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.phi import compiled

SOURCE = (
    r"(?P<who>\b(?:she|he|your\s+(?:aunt|uncle|mother|father))\b)\s+(?:is|was)\s+"
    r"(?P<what>" + "|".join(f"state{i}" for i in range(80)) + r"|resting\s+comfortably)"
)
TEXTS = ("Your aunt is resting comfortably.", "he was state42", "nothing here", "SHE IS STATE7")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("CRISISBOT_REGEX_CACHE", raising=False)
    monkeypatch.setattr(compiled, "_loaded", None)
    monkeypatch.setattr(compiled, "_new", {})
    monkeypatch.setattr(compiled, "_used", set())
    yield compiled.cache_file()


def _same(built: re.Pattern[str], flags: int) -> None:
    plain = re.compile(SOURCE, flags)
    assert (built.pattern, built.flags, built.groupindex) == (
        plain.pattern,
        plain.flags,
        plain.groupindex,
    )
    for text in TEXTS:
        a, b = built.search(text), plain.search(text)
        assert (a and (a.span(), a.groupdict(), a.lastgroup)) == (
            b and (b.span(), b.groupdict(), b.lastgroup)
        )


@pytest.mark.parametrize("flags", [0, re.I])
def test_a_pattern_rebuilt_from_the_cache_matches_as_re_compile_does(
    cache: Path, monkeypatch: pytest.MonkeyPatch, flags: int
) -> None:
    _same(compiled.compile(SOURCE, flags), flags)
    compiled._save()
    assert cache.exists()
    # A new process: nothing in memory, the file read back.
    monkeypatch.setattr(compiled, "_loaded", None)
    monkeypatch.setattr(compiled, "_new", {})
    built = compiled.compile(SOURCE, flags)
    assert compiled._new == {}, "read from the cache, not compiled again"
    _same(built, flags)


def test_a_damaged_cache_file_means_compiling_as_usual(cache: Path) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x80\x04not a pickle at all")
    _same(compiled.compile(SOURCE, 0), 0)
    compiled._save()  # and the damaged file is replaced by a good one
    assert compiled._read(cache)


def test_a_wrong_entry_is_compiled_afresh(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled.compile(SOURCE, 0)
    compiled._save()
    stored = compiled._read(cache)
    key = next(iter(stored))
    stored[key] = (0, b"\x01\x02", 0, {}, ())  # not code the engine accepts
    monkeypatch.setattr(compiled, "_loaded", stored)
    _same(compiled.compile(SOURCE, 0), 0)


def test_an_unwritable_cache_folder_changes_nothing(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    _same(compiled.compile(SOURCE, 0), 0)
    compiled._save()  # no error


def test_it_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRISISBOT_REGEX_CACHE", "off")
    _same(compiled.compile(SOURCE, 0), 0)
    assert compiled._new == {}


def test_a_bad_pattern_raises_as_re_compile_does(cache: Path) -> None:
    with pytest.raises(re.error):
        compiled.compile("(" + "x" * 500, 0)


def test_the_check_builds_the_same_patterns_in_every_process(tmp_path: Path) -> None:
    """Word lists are joined in one order whatever the hash seed, so a second process
    finds every large pattern in the cache the first one wrote."""
    import os
    import subprocess
    import sys

    code = (
        "from bot import phi; from bot.phi import compiled; "
        "phi.scan('She is resting comfortably in room 412, said Ana Ruiz.'); "
        "print(len(compiled._new))"
    )
    counts = []
    for seed in ("1", "2"):
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONHASHSEED": seed}
        env.pop("CRISISBOT_REGEX_CACHE", None)
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        counts.append(int(done.stdout.strip()))
    assert counts[0] > 0 and counts[1] == 0, counts
