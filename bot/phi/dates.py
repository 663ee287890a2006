"""Dates more specific than a year, in every common spelling, and ages over 89.

A year alone is allowed (Safe Harbor keeps years). A date that is clearly about the
organisation's own doings ("our press briefing on June 12") is allowed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.phi import context
from bot.phi.model import Finding, Org, finditer_near_digits

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_ANY_CASE = rf"(?:{_MONTH}|(?i:january|february|april|june|july|august|september|october|november|december))"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"

_DATE = re.compile(
    "|".join(
        (
            # March 3, March 3rd, March 3, 2026, Tuesday, March 3
            rf"\b(?:{_WEEKDAY}\s+)?{_MONTH_ANY_CASE}\.?\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR}\b)?",
            # 3 March, 14th of March 2026, the 3rd of March
            rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH_ANY_CASE}\b(?:,?\s+{_YEAR}\b)?",
            # March 2025, March of 2025
            rf"\b{_MONTH_ANY_CASE}\.?,?\s+(?:of\s+)?{_YEAR}\b",
            # 3/14/2026, 03-14-26, 14.03.2026
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])([/-])(?:0?[1-9]|[12]\d|3[01])\1(?:\d{4}|\d\d)(?![\d/-])",
            r"(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2\d{4}(?![\d/.-])",
            # 2026-03-14, 2026/03/14
            r"(?<![\d/.-])(?:19|20)\d\d([/-])(?:0?[1-9]|1[0-2])\3(?:0?[1-9]|[12]\d|3[01])(?![\d/-])",
            # 3/14 (not 24/7, not a fraction of something)
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/-])(?!\s+(?:of|cups?|inch|miles?)\b)",
        )
    )
)
_HOLIDAY = (
    r"(?:Christmas(?: Eve| Day)?|New Year's (?:Eve|Day)|Thanksgiving(?: Day)?|Easter(?: Sunday)?|"
    r"Halloween|Valentine's Day|Independence Day|the Fourth of July|July 4th|Labor Day|"
    r"Memorial Day|Mother's Day|Father's Day|Veterans Day)"
)
# A holiday is a date when a year pins it down, or when it is a person's day.
_HOLIDAY_DATE = re.compile(rf"\b{_HOLIDAY},?\s+(?:of\s+)?{_YEAR}\b|\bon {_HOLIDAY}\b")
_DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.|date of birth|birth ?date|born(?: on)?)\s*:?\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})",
    re.I,
)

_AGE_NUMBER = r"(?:9\d|1[01]\d|12[0-5])"
_AGE_WORD = (
    r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"(?:one |a )?hundred(?: and \w+)?)"
)
_SPELLED_AGE = re.compile(r"ninety|hundred|centenarian|nonagenarian|nineties", re.I)
_RELATIVE = (
    r"(?:grand)?(?:mother|father|ma|pa|mom|dad|parent|son|daughter|child)|mum|aunt|uncle|wife|"
    r"husband|partner|sister|brother|cousin|neighbou?r|friend|patient|woman|man|lady|gentleman|"
    r"veteran|resident|writer|commenter|caller|poster|member|volunteer|great-\w+"
)
_NOT_YEARS = (
    r"(?:percent|minutes?|hours?|days?|weeks?|months?|beds?|degrees?|feet|miles?|pounds?|lbs?|"
    r"kg|mph|points?|dollars?|cents?|patients?|people|times|visits?|calls?|posts?|comments?)\b"
)
_AGE = re.compile(
    "|".join(
        (
            rf"\b(?:{_AGE_NUMBER}|{_AGE_WORD})[- ](?:years?|yrs?)[- ](?:old|young)\b",
            rf"\b(?:{_AGE_NUMBER}|{_AGE_WORD}) (?:years?|yrs?) of age\b",
            rf"\b{_AGE_NUMBER}\s*(?:yo|y/o|y\.o\.)(?!\w)",
            rf"\b(?:aged?|age of|turned|turning|turns)\s+{_AGE_NUMBER}\b",
            rf"\b(?:{_RELATIVE}|she|he|who|(?-i:[A-Z][a-z]+))(?:\s+is|\s+was|['’]s|\s+turned|\s+will be)\s+"
            rf"(?:now\s+|almost\s+|nearly\s+|just\s+)?(?:{_AGE_NUMBER}|{_AGE_WORD})\b(?!\.\d|\s*%|\s+{_NOT_YEARS})",
            rf"\b(?:aged?|age of|turned|turning|turns)\s+{_AGE_WORD}\b",
            rf"\b{_AGE_NUMBER}(?:st|nd|rd|th)\s+birthday\b",
            r"\b(?:super)?centenarian\b|\bnonagenarian\b",
            r"\b(?:in|into) (?:his|her|their) (?:late )?(?:90s|nineties|100s|hundreds)\b",
            rf"(?<=[a-z]), {_AGE_NUMBER}(?=,)",
        )
    ),
    re.I,
)
# "The building is 110 years old", "our 100-year-old tradition": a thing, not a person.
_THING_AFTER = re.compile(
    r"^[\s-]*(?:\w+\s+)?(?:building|hospital|institution|organi[sz]ation|company|wing|campus|"
    r"tradition|church|bridge|tree|structure|program|center|centre|clinic|facility|school|"
    r"record|history|house)s?\b",
    re.I,
)
_THING_BEFORE = re.compile(
    r"\b(?:building|hospital|institution|organi[sz]ation|company|wing|campus|tradition|church|"
    r"bridge|tree|structure|program|center|centre|clinic|facility|school|house)s?\b"
    r"(?:,?\s+(?:which|that))?(?:\s+(?:is|was|turned|turns|will be|has turned|just turned))?\s+"
    r"(?:now\s+|almost\s+|nearly\s+|just\s+|over\s+)?$",
    re.I,
)


def dates(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_DATE, text, 30, 30):
        value = m.group().rstrip(",. ")
        if context.about_organisation(text, m.start(), m.end()):
            continue
        yield Finding(
            "date", m.start(), m.start() + len(value), value, "looks like a date (more than a year)"
        )
    for m in _HOLIDAY_DATE.finditer(text):
        if context.about_organisation(text, m.start(), m.end()):
            continue
        if re.search(r"\d{4}", m.group()) or context.is_personal(text, m.start(), m.end()):
            value = m.group().removeprefix("on ")
            yield Finding(
                "date", m.end() - len(value), m.end(), value, "looks like a date (more than a year)"
            )
    for m in finditer_near_digits(_DOB, text, 30, 30):
        yield Finding("date", m.start(), m.end(), m.group(), "looks like a date of birth")


def ages(text: str, org: Org) -> Iterator[Finding]:
    spelled = _SPELLED_AGE.search(text)
    for m in _AGE.finditer(text) if spelled else finditer_near_digits(_AGE, text, 40, 30):
        if _THING_AFTER.match(text[m.end() :]) or _THING_BEFORE.search(
            text[max(0, m.start() - 40) : m.start()]
        ):
            continue
        value = m.group().strip(" ,")
        start = m.start() + m.group().index(value)
        yield Finding(
            "age", start, start + len(value), value, "an age over 89 can identify a person"
        )
