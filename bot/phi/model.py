"""What the PHI guard reports (Finding) and whose details are allowed (Org)."""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.config import Settings


class Pattern(Protocol):
    """What the detectors ask of a regular expression: a compiled one or a `Lazy` one."""

    def finditer(
        self, string: str, pos: int = ..., endpos: int = ...
    ) -> Iterator[re.Match[str]]: ...


def compile_pattern(source: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`bot.phi.compiled.compile`, its module (and the cache it reads) loaded on first use:
    importing this package stays cheap for the commands that only need Org."""
    from bot.phi.compiled import compile as compile_cached

    return compile_cached(source, flags)


class Lazy:
    """A regular expression compiled on its first use, not when its module is imported:
    the check is imported by every command, and most of a scan's patterns wait behind a
    cheap test (a digit, an "@", a photo word) that short texts fail."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int | re.RegexFlag = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compile_pattern(self._source, self._flags)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self._source

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)


def lazy(source: str, flags: int | re.RegexFlag = 0) -> Lazy:
    """`re.compile`, deferred to the pattern's first use."""
    return Lazy(source, flags)


KINDS = ("name", "date", "age", "phone", "email", "ssn", "id_number", "vehicle", "device",
         "address", "location", "url", "ip", "handle", "room", "photo",
         "patient_status")  # fmt: skip

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Finding:
    """One identifier or disclosure found in a text, with its span."""

    kind: str  # one of KINDS
    start: int
    end: int
    text: str  # the scanned text[start:end]
    reason: str  # a short sentence a comms person understands

    @property
    def key(self) -> str:
        """Stable id for overriding this finding: kind and the normalised text."""
        return f"{self.kind}:{_SPACE.sub(' ', self.text).strip().casefold()}"

    @property
    def short_id(self) -> str:
        """The key as a short token (a form's option value; the key can be long)."""
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:20]

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Org:
    """The organisation's own details, which a statement may always carry: its name, its
    public numbers (`phone` the main one, `phones` its other lines), email, website, street
    addresses, and the staff who may be named publicly."""

    name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> Org:
        phones = tuple(n.strip() for n in settings.org_phone.split(",") if n.strip())
        return cls(
            name=settings.org_name,
            phone=phones[0] if phones else "",
            email=settings.org_email,
            website=settings.org_website,
            phones=phones[1:],
            addresses=settings.org_addresses,
            staff=settings.org_staff,
        )

    def own_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the organisation's street addresses (whole, or their street part) and the
        names of staff who may be named publicly appear: a full name with or without a title,
        or the family name after Dr. or Prof. ("Dr. Rao"); a family name alone, or after Mr.
        or Mrs., could be a patient's or a relative's."""
        pattern = self._own_pattern()
        return [m.span() for m in pattern.finditer(text)] if pattern else []

    @functools.lru_cache(maxsize=8)  # noqa: B019 (a few organisations, for the process)
    def _own_pattern(self) -> re.Pattern[str] | None:
        """own_spans' pattern, built once per organisation."""
        places = {part for a in self.addresses for part in (a, a.split(",")[0])}
        # "the Quincy outpatient center", "our clinic in Quincy": the organisation's site
        cities = {a.split(",")[1].strip() for a in self.addresses if a.count(",") >= 1}
        for city in cities - {""}:
            places |= {f"{city} {site}" for site in _SITES}
            places |= {f"{site} in {city}" for site in _SITES}
            places |= {f"{site} de {city}" for site in _SITES_ES}
        full = set(self.staff)
        family = {person.split()[-1] for person in self.staff if len(person.split()) > 1}
        alternatives = [_street_pattern(address) for address in self.addresses]
        alternatives = [a for a in alternatives if a]
        if places:
            alternatives.append(_words(places))
        if full:
            alternatives.append(rf"(?:{_TITLE}\s+)?{_words(full)}")
        if family:  # "Dr. Rao" is the staff member; "Mrs O'Neill" may be anyone's mother
            alternatives.append(rf"{_DOCTOR}\s+{_words(family)}")
        if not alternatives:
            return None
        return compile_pattern(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.I)

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every public number, the main one first."""
        return ((self.phone,) if self.phone else ()) + self.phones


# A street type and how it is shortened: "Harbor St.", "Elm Ave", "Avda.".
_STREET_TYPES = {
    "street": r"(?:street|st\.?)", "avenue": r"(?:avenue|ave\.?|av\.?|avda\.?)",
    "road": r"(?:road|rd\.?)", "drive": r"(?:drive|dr\.?)", "boulevard": r"(?:boulevard|blvd\.?)",
    "place": r"(?:place|pl\.?)", "lane": r"(?:lane|ln\.?)", "court": r"(?:court|ct\.?)",
    "square": r"(?:square|sq\.?)", "parkway": r"(?:parkway|pkwy\.?)", "way": r"way",
}  # fmt: skip
_STREET_TYPE_BY_SHORT = {
    "st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "dr": "drive",
    "blvd": "boulevard", "pl": "place", "ln": "lane", "ct": "court", "sq": "square",
    "pkwy": "parkway",
}  # fmt: skip


def _street_pattern(address: str) -> str:
    """The organisation's street address in the ways people write it: with or without its
    number, the street type in full or short ("1200 Harbor St."), and any of its town,
    state and ZIP code after it ("45 Elm Ave., Quincy", "1200 Harbor Street, Boston")."""
    parts = [p.strip() for p in address.split(",")]
    words = parts[0].split()
    if len(words) < 2:
        return ""
    number = words[0] if words[0][:1].isdigit() else ""
    street = words[1:] if number else words
    kind = street[-1].casefold().rstrip(".")
    kind = _STREET_TYPE_BY_SHORT.get(kind, kind)
    if kind in _STREET_TYPES and len(street) > 1:
        street_re = r"\s+".join(map(re.escape, street[:-1])) + r"\s+" + _STREET_TYPES[kind]
    else:
        street_re = r"\s+".join(map(re.escape, street))
    town = re.escape(parts[1]) if len(parts) > 1 and parts[1] else ""
    rest = parts[2].split() if len(parts) > 2 else []
    state = re.escape(rest[0]) if rest else ""
    zip_code = re.escape(rest[1]) if len(rest) > 1 else ""
    if number and kind in _STREET_TYPES and len(street) > 1:
        # "45 Elm, Quincy": with its number, the street type may be left out
        bare = r"\s+".join(map(re.escape, street[:-1]))
        street_re = rf"(?:{street_re}|(?<={re.escape(number)}\s){bare})"
    # "el 1200 de Harbor Street": the Spanish way of giving the number first
    pattern = (rf"(?:(?:el\s+)?{re.escape(number)}\s+(?:de\s+)?)?" if number else "") + street_re
    if town:
        pattern += rf"(?:,?\s+(?:in\s+|en\s+)?{town})?"
    if state:
        pattern += rf"(?:,?\s+{state}\.?)?"
    if zip_code:
        pattern += rf"(?:,?\s+{zip_code})?"
    return pattern


_SITES = ("outpatient center", "outpatient clinic", "campus", "center", "clinic", "office",
          "location", "site", "hospital")  # fmt: skip
_SITES_ES = ("centro", "clínica", "clinica", "campus", "hospital", "sede", "oficina")
_TITLE = r"(?:dr|mr|mrs|ms|mx|prof|nurse|dra|sr|sra)\.?"
_DOCTOR = r"(?:dr|dra|prof)\.?"


def longest_first(items: Iterable[str]) -> list[str]:
    """Distinct items, longest first (so an alternation prefers the longer of two that
    start alike), then alphabetically: the same order in every process, so a pattern
    built from them is found in the compiled-pattern cache whatever the hash seed."""
    return sorted(set(items), key=lambda item: (-len(item), item))


def _words(phrases: Iterable[str]) -> str:
    """A group matching any of the phrases, longest first, spaces as any whitespace."""
    ordered = longest_first(p.strip() for p in phrases if p.strip())
    return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered) + ")"


_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """text lower-cased, character for character, so that spans in it are spans in text."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@functools.lru_cache(maxsize=8)
def digit_windows(text: str, before: int = 100, after: int = 40) -> tuple[tuple[int, int], ...]:
    """Stretches of text around its digits: every number-shaped identifier lies in one."""
    spans: list[tuple[int, int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


def finditer_near_digits(
    pattern: Pattern, text: str, before: int = 100, after: int = 40
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text) for matches that hold a digit and start at most `before`
    characters ahead of it; only those stretches are searched (much faster on prose)."""
    for start, end in digit_windows(text, before, after):
        yield from pattern.finditer(text, start, end)


def normalise(text: str) -> str:
    """Text as it will be read: compatibility forms folded (full-width letters, ligatures)
    and invisible format characters (zero-width spaces, soft hyphens, direction marks)
    removed, so they cannot hide an identifier from the check."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
