"""The privacy check's regular expressions, compiled once per machine instead of once per
process.

Compiling the check's few hundred patterns takes about a quarter of a second, which is
most of what a one-line `crisisbot phi-check` costs. Python keeps compiled patterns only
in memory, so this module keeps the compiled form (the regex engine's code) in a cache
file and rebuilds each pattern from it. The cache is keyed by the exact Python build and
by every pattern's source and flags: a pattern that changed, a different interpreter, or
a missing, unreadable or corrupt file simply means compiling as usual. A pattern rebuilt
from the cache is the same object `re.compile` would return (tests compare them).

The compiled form is an internal of CPython's `re`; nothing else depends on it, and any
surprise falls back to `re.compile`. `CRISISBOT_REGEX_CACHE=off` turns it off."""

from __future__ import annotations

import array
import atexit
import hashlib
import importlib
import os
import pickle
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

try:  # CPython's regex compiler; absent or different elsewhere, the cache is off
    import _sre

    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")
    _AVAILABLE = True
except ImportError:  # pragma: no cover
    _AVAILABLE = False

_BUILD = f"{sys.implementation.name}-{sys.version}-{getattr(_sre, 'MAGIC', 0)}"
_lock = threading.Lock()
_loaded: dict[tuple[str, int], tuple[Any, ...]] | None = None
_new: dict[tuple[str, int], tuple[Any, ...]] = {}
_used: set[tuple[str, int]] = set()
_WORTH_CACHING = 400  # characters: shorter patterns compile in well under a millisecond
_KEEP_UNUSED = 500  # beyond this many entries, ones this process did not use are dropped


def compile(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, rebuilt from the cache when it holds this pattern."""
    flags = int(flags)
    if (
        len(source) < _WORTH_CACHING
        or not _AVAILABLE
        or os.environ.get("CRISISBOT_REGEX_CACHE", "").lower() == "off"
    ):
        return re.compile(source, flags)
    key = (source, flags)
    entry = _cached().get(key)
    if entry is not None:
        try:
            flags_, code, *rest = entry
            built: re.Pattern[str] = _sre.compile(source, flags_, _code_list(code), *rest)
            _used.add(key)
            return built
        except Exception:  # a stale or damaged entry: compile it afresh
            pass
    try:
        entry = _compiled_form(source, flags)
        flags_, code, *rest = entry
        pattern: re.Pattern[str] = _sre.compile(source, flags_, _code_list(code), *rest)
    except re.error:
        raise
    except Exception:  # the internals differ: plain compile, no cache
        return re.compile(source, flags)
    with _lock:
        if not _new:
            atexit.register(_save)
        _new[key] = entry
    return pattern


def _compiled_form(source: str, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` hands the engine, without building the pattern."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (
        int(flags | parsed.state.flags),
        array.array("I", code).tobytes(),  # a list of ints is slow to read back
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def _code_list(code: bytes) -> list[int]:
    words = array.array("I")
    words.frombytes(code)
    return words.tolist()


def cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    digest = hashlib.sha256(_BUILD.encode()).hexdigest()[:16]
    return Path(base) / "crisisbot" / f"phi-patterns-{digest}.pickle"


def _cached() -> dict[tuple[str, int], tuple[Any, ...]]:
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _read(cache_file())
    return _loaded


def _read(path: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    try:
        with path.open("rb") as f:
            stored = pickle.load(f)  # our own file, in the user's cache
    except Exception:  # none yet, unreadable or damaged: start afresh
        return {}
    if not isinstance(stored, dict) or stored.get("build") != _BUILD:
        return {}
    patterns = stored.get("patterns")
    return patterns if isinstance(patterns, dict) else {}


def _save() -> None:
    """Write what this process compiled (and what it read) for the next one; best effort."""
    with _lock:
        if not _new:
            return
        loaded = _loaded or {}
        if len(loaded) + len(_new) > _KEEP_UNUSED:  # patterns of older versions pile up
            loaded = {k: v for k, v in loaded.items() if k in _used}
        patterns = {**loaded, **_new}
        _new.clear()
    path = cache_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as f:
            written = Path(f.name)
            try:
                pickle.dump({"build": _BUILD, "patterns": patterns}, f, pickle.HIGHEST_PROTOCOL)
            except Exception:
                written.unlink(missing_ok=True)
                raise
        os.replace(written, path)
    except (OSError, pickle.PicklingError, TypeError):
        pass  # a read-only home: every run compiles, as without the cache
