"""People's names.

A capitalised word is a name when the words around it say so: a title ("Mrs. Patel"),
a greeting or direct address ("Thanks, Tom," "Hi Priya"), a surname after a first name,
a possessive, "the Yamamoto family", or, for a word that is a first name and not also
everyday English, capitalisation in the middle of a sentence. Everyday words that are
also first names ("Will", "May", "Hope", "Grace") need a title, a greeting or a surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.phi import lexicon
from bot.phi.model import Finding, Org

_WORD = r"[A-Z][a-zA-Z]*(?:['’][A-Z][a-zA-Z]+)?(?:-[A-Z][a-zA-Z]+)?"
_TOKEN = re.compile(rf"(?<![\w@#/.'’-]){_WORD}(?![\w@])")
_ABBREVIATED_TITLES = r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Fr|Sr|Capt|Sgt|Lt|Det|Atty|Hon"
_WORD_TITLES = (
    r"Professor|Reverend|Father|Sister|Brother|Captain|Sergeant|Officer|Detective|Judge|"
    r"Rabbi|Pastor|Imam|Nurse|Coach|Lieutenant|Chief|Doctor|Deacon|Bishop|Senator|Mayor|"
    r"Councilor|Councillor|Representative|Governor|Auntie|Aunt|Uncle|Grandma|Grandpa|Nana"
)
_TITLE = re.compile(
    rf"\b(?:(?:{_ABBREVIATED_TITLES})\.?|(?:{_WORD_TITLES}))"
    rf"(?:\s+(?:and|&)\s+(?:{_ABBREVIATED_TITLES})\.?)?\s+({_WORD}(?:\s+{_WORD}){{0,2}})"
)
_GREETING = re.compile(
    r"\b(?i:hi|hello|hey|dear|thanks|thank you|thank u|thx|congrats|congratulations|"
    r"good (?:morning|afternoon|evening|night)|sorry|welcome(?: back)?|bye|goodbye|cheers|"
    r"happy birthday|hugs|love you|miss you|get well soon|best wishes|well done|bravo)"
    rf"(?:\s+to)?\s*,?\s+({_WORD})(?![\w'’])"
)
_VOCATIVE_START = re.compile(
    rf"(?:^|[.!?]\s+|\n)({_WORD}),\s+(?i:we|you|thank|thanks|please|sorry|i|it|our|this|that|"
    r"your|welcome|good|great|so|just|glad|happy|how|what|hope)\b"
)
_VOCATIVE_END = re.compile(rf",\s+({_WORD})\s*(?:[.!?]|$)")
_FAMILY = re.compile(
    rf"\b(?i:the)\s+({_WORD})\s+(?:family|families|household|twins|children|kids|brothers|"
    r"sisters|couple|estate)\b"
)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“”(\n•–—-]|\s-)\s*$")
_VERB_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:is|was|has|had|and|said|says|told|came|went|will|would|posted|wrote|"
    r"called|asked|left|died|passed|did|does|shared|got|gets|needs|wants|made|sent|tagged|"
    r"started|thanked|mentioned|replied|commented|claims|claimed)\b)"
)
_NOT_NAMES = re.compile(
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|christmas|easter|thanksgiving|halloween|"
    r"hanukkah|passover|ramadan|eid|facebook|instagram|tiktok|twitter|youtube|linkedin|reddit|"
    r"snapchat|threads|bluesky|nextdoor|yelp|google|whatsapp|slack|gofundme|substack|pinterest|"
    r"tumblr|mastodon|discord|telegram|signal|messenger|zoom|teams|x|hipaa|god|jesus|lord|allah|"
    r"street|avenue|road|lane|drive|court|way|place|hill|ave|st|rd|dr|ln|ct"
)
_VERY_COMMON = 100_000
_FUNCTION_WORD = 1_000_000  # "the", "you", "can", "will": as names they need a title
_INTERJECTIONS = re.compile(
    r"ok|okay|hi|hey|hello|dear|thanks|thank|welcome|congrats|congratulations|cheers|good|"
    r"happy|please|ah|uh|ha|ya|oh|yes|no|well|sorry|so|now|sure|per|de"
)
# Words after which a capitalised run is an institution, a place or an event, not a person.
_INSTITUTION = re.compile(
    r"(?:['’]s)?\s+(?:Jr\.?\s+Day|Children['’]s|Hospital|Medical|Health|Healthcare|Clinic|Center|Centre|General|Memorial|"
    r"University|College|School|Foundation|Institute|Pavilion|Wing|Building|Hall|Chapel|"
    r"Church|Street|St\b|Avenue|Ave\b|Road|Rd\b|Lane|Drive|Way|Park|Fund|Award|Award|House|"
    r"Library|Unit|Department|Program|Society|Association|Week|Day|Month|Act|Law|Syndrome|"
    r"Disease|Corps|Company|Inc|LLC|County|City|Town)\b"
)
_NEXT_WORD = re.compile(rf"\s({_WORD})(?![\w@])")
_NEXT_CAPITALISED = re.compile(rf"\s+{_WORD}")
_NEXT_LOWERCASE = re.compile(r"\s+[a-z]")
_POSSESSIVE = re.compile(r"['’]s\b")
_WORD_TITLE = re.compile(rf"(?:{_WORD_TITLES})\b")
_ABBREVIATED_TITLE = re.compile(rf"(?:{_ABBREVIATED_TITLES})")
_UPPER, _LOWER = re.compile(r"[A-Z]"), re.compile(r"[a-z]")
_ROLE = re.compile(
    r"(?i:practitioners?|educators?|emerit(?:us|a)|managers?|supervisors?|navigators?|"
    r"specialists?|assistants?|aides?|residents?|leaders?|directors?|officers?|executives?|"
    r"champions?|liaisons?|anesthetists?|midwi(?:fe|ves)|associates?|administrators?|"
    r"coordinators?|technicians?|technologists?|consultants?|advocates?|partners?|"
    r"informaticists?|educators?|interns?|fellows?|students?|volunteers?|hospitals?|"
    r"schools?|[a-z]+(?:ology|ologist|ologists|ician|icians))"
)
_PLACE_BEFORE = re.compile(r"\b(?:in|from|near|of|outside|around|to)\s+$", re.I)
_PLACE_PREFIX = re.compile(
    r"(?:\b(?:St|Saint|Mount|Mt|Lake|Fort|Port|Cape|San|Santa|Los|Las)\.?\s+)$"
)


def _tier_ok_alone(word: str) -> bool:
    """A first name that is not everyday English: capitalisation mid-sentence is enough."""
    return lexicon.is_first_name(word) and lexicon.frequency(word) < lexicon.COMMON


def _vocative(word: str) -> bool:
    """A first name that opens a sentence before a comma: "Mark, we hear you"."""
    return (
        lexicon.is_first_name(word)
        and lexicon.frequency(word) < _VERY_COMMON
        and not _INTERJECTIONS.fullmatch(word.casefold())
    )


def _plain(word: str) -> str:
    return word.title() if word.isupper() and len(word) > 1 else word


def _excluded(word: str) -> bool:
    """Never a person's name: months, platforms, states, words like "the" and "you"."""
    return (
        bool(_NOT_NAMES.fullmatch(word.casefold()))
        or bool(_INTERJECTIONS.fullmatch(word.casefold()))
        or lexicon.frequency(word) >= _FUNCTION_WORD
        or lexicon.is_state(word)
    )


def _surname_like(word: str) -> bool:
    """A capitalised word that can follow a first name as a surname."""
    word = _plain(word)
    if _excluded(word) or (word.isupper() and len(word) < 5):
        return False
    return lexicon.frequency(word) < lexicon.FAMILIAR or (
        lexicon.is_first_name(word) and lexicon.frequency(word) < lexicon.COMMON
    )


def _addressable(word: str) -> bool:
    """A word after a greeting that is someone's name rather than "team" or "Editor"."""
    word = _plain(word)
    if _excluded(word):
        return False
    return lexicon.is_first_name(word) or lexicon.frequency(word) < lexicon.FAMILIAR


def _extend(text: str, start: int, end: int) -> int:
    """Take in surnames that follow a name."""
    while m := _NEXT_WORD.match(text, end):
        if not _surname_like(m.group(1)):
            break
        end = m.end()
    return end


def _finding(text: str, start: int, end: int, reason: str) -> Finding | None:
    if _INSTITUTION.match(text, end):
        return None
    return Finding("name", start, end, text[start:end], reason)


def names(text: str, org: Org) -> Iterator[Finding]:
    found: list[Finding | None] = []
    shouting = len(_UPPER.findall(text)) > len(_LOWER.findall(text))
    for m in _TITLE.finditer(text):
        first = m.group(1).split()[0]
        if _WORD_TITLE.match(m.group()) and (not _addressable(first) or _ROLE.fullmatch(first)):
            continue  # "Nurse Practitioner", "Professor Emeritus": a job, not a person
        if _excluded(first):
            continue
        end = m.start(1) + len(first)
        found.append(
            _finding(text, m.start(), _extend(text, m.start(1), end), "a title followed by a name")
        )
    for pattern in (_GREETING, _VOCATIVE_START):
        for m in pattern.finditer(text):
            if _addressable(m.group(1)) and not _ABBREVIATED_TITLE.fullmatch(m.group(1)):
                if pattern is _VOCATIVE_START and not _vocative(m.group(1)):
                    continue
                end = _extend(text, m.start(1), m.end(1))
                found.append(_finding(text, m.start(1), end, "someone addressed by name"))
    for m in _VOCATIVE_END.finditer(text):
        if lexicon.is_first_name(m.group(1)) and not _excluded(m.group(1)):
            found.append(_finding(text, m.start(1), m.end(1), "someone addressed by name"))
    for m in _FAMILY.finditer(text):
        if lexicon.frequency(m.group(1)) < lexicon.FAMILIAR and not _excluded(m.group(1)):
            found.append(_finding(text, m.start(1), m.end(1), "a family name"))
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word.isupper() and (shouting or len(word) < 5):
            continue  # an acronym (ICU, NICU, HIPAA), or a shouted sentence
        word = _plain(word)
        if _excluded(word) or not lexicon.is_first_name(word):
            continue
        if _PLACE_PREFIX.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        end = _extend(text, m.start(), m.end())
        if (
            end == m.end()
            and lexicon.is_place(word)
            and (
                _NEXT_LOWERCASE.match(text, m.end())
                or _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start())
            )
        ):
            continue  # "our Lowell clinic", "lives in Quincy": the town, not a person
        sentence_start = bool(_SENTENCE_END.search(text[max(0, m.start() - 3) : m.start()]))
        if end > m.end():
            if (
                lexicon.frequency(word) >= lexicon.COMMON
                and lexicon.frequency(text[m.end() : end].split()[0]) >= 300
            ):
                continue
            reason = "a first name and surname"
        elif _POSSESSIVE.match(text, m.end()) and lexicon.frequency(word) < lexicon.COMMON:
            reason = "a first name"
        elif (
            not _tier_ok_alone(word)
            or _NEXT_CAPITALISED.match(text, m.end())
            or (
                sentence_start
                and not (
                    lexicon.frequency(word) < lexicon.FAMILIAR and _VERB_AFTER.match(text, m.end())
                )
            )
        ):
            continue
        else:
            reason = "a first name"
        found.append(_finding(text, m.start(), end, reason))
    yield from (f for f in found if f is not None)
