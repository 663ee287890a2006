"""Whose sentence is it: a person's (their birthday, their street) or the organisation's
(our briefing on June 12, the hospital turned 100)?

Dates, ages and street names are identifiers only when they are about an individual.
When the sentence around one speaks of the organisation and of no person, it passes;
when in doubt it is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.phi.model import lazy

# A full stop ends a sentence, not one after an abbreviation ("Feb. 9", "Dr. Rao", "St.").
_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Dr", "Dra", "Mr", "Mrs", "Ms", "Sr", "Sra", "Srta", "St", "Ave", "Av", "Blvd", "Rd",
    "No", "vs", "approx", "ext", "Ext", "etc", "a.m", "p.m", "Prof", "Jr", "Mt",
)  # fmt: skip
_SENTENCE_BREAK = lazy(r"[.!?](?=\s|$)|\n")
_ABBREVIATION_BEFORE = lazy(
    r"(?:\b(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")|(?<![\w.])[A-Z])$"
)
# How far a sentence reaches: a longer stretch is read in pieces of this size.
_REACH = 400


def _breaks(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """Where sentences end in text[start:end] (not after "Feb", "Dr" or an initial)."""
    for m in _SENTENCE_BREAK.finditer(text, start, end):
        before = max(0, m.start() - 8)
        if m.group() == "\n" or not _ABBREVIATION_BEFORE.search(text, before, m.start()):
            yield m


_PERSONAL = lazy(
    r"\b(?:he|she|him|his|her|hers|they|them|their|my|mine|me|i|"
    r"(?:grand|step)?(?:mother|father|mom|dad|mum|son|daughter|child|children|kid|kids|parents?|"
    r"ma|pa)|grandma|grandpa|nana|aunt|uncle|wife|husband|partner|sister|brother|cousin|"
    r"baby|family|man|woman|boy|girl|teen|teenager|lady|gentleman|"
    r"patient|pt|pt['’]s|victim|driver|passenger|resident|neighbou?r|friend|caller|commenter|poster|"
    r"influencer|writer|author|complainant|veteran|person|individual|someone|"
    r"born|birth|birthday|died|death|passed away|funeral|admitted|admission|discharged|"
    r"surgery|appointment|visited|injured|accident|crash|dob|lives|lived|home|house|"
    r"(?:Mr|Mrs|Ms|Miss)\.?)\b",
    re.I,
)
_ORGANISATIONAL = lazy(
    r"\b(?:the hospital|hospital's|staff|employees|nurses|nursing|team|"
    # its events, and what one does about them
    r"briefings?|conference|forum|listening session|session|town hall|health fair|"
    r"blood drive|vaccine clinic|flu clinic|flu shots?|vaccinations?|screenings?|workshop|"
    r"seminar|orientation|drill|exercise|ribbon[- ]cutting|groundbreaking|dedication|"
    r"vigil|memorial|candlelight|parade|concert|festival|tour|walk-through|luncheon|"
    r"breakfast|reception|expo|summit|symposium|hearing|vote|board|trustees|"
    r"postponed|rescheduled|cancell?ed|held|hosts?|hosting|host|rsvp|register|registration|"
    r"sign[- ]up|attend|attendance|reporters|media|press|journalists|credentials|"
    r"applications?|apply|deadline|due|no later than|"
    # its rules and notices
    r"starting|beginning|as of|effective|takes effect|goes into effect|required|require|"
    r"requires|must|visitors|visiting|visitation|masks?|all patients|"
    r"published|publish|posted|issued|released|announced|announces|response|responded|"
    r"website|release|notice|memo|guidance|"
    # its milestones
    r"recognition|recogni[sz]ed|award|awarded|accredited|accreditation|designation|"
    r"designated|certified|certification|ranked|named|grant|donation|opened|opening|"
    r"building|campus|wing|clinic|center|centre|department|unit|program|programme|"
    r"press (?:briefing|conference|release)|news conference|town hall|open house|meeting|"
    r"fundraiser|gala|webinar|ceremony|event|drive|fair|celebration|walk|run|runs|5k|"
    r"policy|policies|fiscal|budget|deadline|schedule|scheduled|hours|closed|open|opens|"
    r"reopens|update|statement|announcement|week|month|season|registration|timesheets?|"
    r"effect|effective|anniversary|founded|history|community|entrance|lobby|parking|garage|"
    r"lot|office|offices|location|locations|site|sites|facility|facilities|centers|centres|"
    r"clinics|programs|services|cafeteria|gift shop|pharmacy|"
    r"close|closes|closing|holiday|will|newsletter|report|edition|bulletin|survey|quarter|"
    r"draft|drafts|feedback|submit|due|enrollment|training|course|class|classes|"
    r"volunteers?|pantry|shuttle|outreach|mobile\s+(?:unit|clinic|van))\b",
    re.I,
)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding text[start:end] begins and ends (at most `_REACH`
    characters either side)."""
    begin = max(0, start - _REACH)
    before = [m.end() for m in _breaks(text, begin, start)]
    after = next(_breaks(text, end, min(len(text), end + _REACH)), None)
    stop = after.start() if after else min(len(text), end + _REACH)
    return (before[-1] if before else begin), stop


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (at most `_REACH` characters either side)."""
    begin, stop = sentence_bounds(text, start, end)
    return text[begin:stop]


# Words that look personal inside a phrase about the organisation: "open house", "patient
# care areas", "the family lounge", "home page".
_NOT_PERSONAL = lazy(
    r"\b(?:open house|in-house|house-?wide|home ?page|"
    r"patient(?=\s+(?:care|areas?|rooms?|portal|relations|experience|safety|advocates?|"
    r"services|access|parking|entrance|lounges?|education|satisfaction|privacy|"
    r"information|registration|advisory|and family|family|financial|floors?|units?)\b)|"
    r"family(?=\s+(?:lounge|room|waiting|medicine|center|centre|resource|members are)\b)|"
    # people as a group, by when they were born: "anyone born before 1960"
    r"(?:anyone|anybody|everyone|those|people|persons|patients|residents|adults|visitors|"
    r"individuals|applicants|members|seniors)\s+(?:who\s+(?:were|was|are)\s+)?born)",
    re.I,
)


def _rest(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end], without it."""
    return sentence_around(text, start, end).replace(text[start:end], " ")


def _personal(rest: str) -> bool:
    """Whether words in `rest` speak of a person, not counting words that only look so
    ("open house", "patient care areas")."""
    return bool(_PERSONAL.search(_NOT_PERSONAL.sub(" ", rest)))


def about_organisation(text: str, start: int, end: int, org_name: str = "") -> bool:
    """Whether the sentence around text[start:end] is about the organisation (its events,
    rules, notices, milestones, or its name) and no person."""
    rest = _rest(text, start, end)
    if _personal(rest):
        return False
    if _ORGANISATIONAL.search(rest):
        return True
    first = org_name.split()[0] if org_name.split() else ""
    return len(first) > 3 and re.search(rf"\b{re.escape(first)}\b", rest, re.I) is not None


def is_personal(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] speaks of a person."""
    return _personal(_rest(text, start, end))
