"""Whose sentence is it: a person's (their birthday, their street) or the organisation's
(our briefing on June 12, the hospital turned 100)?

Dates, ages and street names are identifiers only when they are about an individual.
When the sentence around one speaks of the organisation and of no person, it passes;
when in doubt it is reported.
"""

from __future__ import annotations

import re

from bot.phi.model import lazy

_SENTENCE_BREAK = lazy(r"[.!?](?=\s|$)|\n")
_PERSONAL = lazy(
    r"\b(?:he|she|him|his|her|hers|they|them|their|my|mine|me|i|"
    r"(?:grand|step)?(?:mother|father|mom|dad|mum|son|daughter|child|children|kid|kids|parents?|"
    r"ma|pa)|grandma|grandpa|nana|aunt|uncle|wife|husband|partner|sister|brother|cousin|"
    r"baby|babies|family|families|man|woman|men|women|boy|girl|teen|teenager|lady|gentleman|"
    r"patient|victim|driver|passenger|resident|neighbou?r|friend|caller|commenter|poster|"
    r"influencer|writer|author|complainant|veteran|person|individual|someone|"
    r"born|birth|birthday|died|death|passed away|funeral|admitted|admission|discharged|"
    r"surgery|appointment|visited|injured|accident|crash|dob|lives|lived|home|house|"
    r"(?:Mr|Mrs|Ms|Miss|Dr)\.?)\b",
    re.I,
)
_ORGANISATIONAL = lazy(
    r"\b(?:the hospital|hospital's|staff|employees|nurses|team|"
    r"building|campus|wing|clinic|center|centre|department|unit|program|programme|"
    r"press (?:briefing|conference|release)|news conference|town hall|open house|meeting|"
    r"fundraiser|gala|webinar|ceremony|event|drive|fair|celebration|walk|run|runs|5k|"
    r"policy|policies|fiscal|budget|deadline|schedule|scheduled|hours|closed|open|opens|"
    r"reopens|update|statement|announcement|week|month|season|registration|timesheets?|"
    r"effect|effective|anniversary|founded|history|community|entrance|lobby|parking|garage|"
    r"lot|office|offices|location|site|facility|facilities|cafeteria|gift shop|pharmacy|"
    r"close|closes|closing|holiday|will|newsletter|report|edition|bulletin|survey|quarter|"
    r"draft|drafts|feedback|submit|due|enrollment|training|course|class|classes)\b",
    re.I,
)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]."""
    before = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)]
    after = _SENTENCE_BREAK.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def about_organisation(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] is about the organisation and no person."""
    sentence = sentence_around(text, start, end)
    rest = sentence.replace(text[start:end], " ")
    return bool(_ORGANISATIONAL.search(rest)) and not _PERSONAL.search(rest)


def is_personal(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end] speaks of a person."""
    sentence = sentence_around(text, start, end)
    return bool(_PERSONAL.search(sentence.replace(text[start:end], " ")))
