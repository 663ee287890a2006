"""Places smaller than a state: street addresses, cities and towns, counties, ZIP codes.

States are allowed (Safe Harbor keeps them). A city is only reported where the words
around it make it a place ("from Worcester", "Lowell, MA", "the Malden family"), so
ordinary words that are also town names ("Hope", "Mobile") do not trigger.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence

from bot.phi import context, lexicon
from bot.phi.model import Finding, Org, lazy

_STREET_TYPES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|"
    "terrace|ter|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|plaza|pike|"
    "turnpike|tpke|row|alley|path|crescent|close|grove|heights|hts|expressway|expy|"
    "causeway|wharf|commons|green"
)
_STREET_TYPE = lazy(rf"(?:{_STREET_TYPES})\.?,?", re.I)
_A_WORD = lazy(r"[^\W\d_]{2,}")
_STREET_TYPE_WORD = lazy(rf"\b(?:{_STREET_TYPES})\b\.?", re.I)
_MOST_PARSED = 25  # usaddress reads about a thousand windows a second
# A house number followed by a capitalised word: worth asking usaddress about.
_HOUSE_NUMBER = lazy(r"(?<![\w.,/$#-])\d{1,6}[A-Z]?(?:-\d{1,4})?\s+(?=(?:[NSEW]\.?\s+)?[A-Z0-9])")
_ADDRESS_PARTS = {
    "AddressNumber",
    "AddressNumberSuffix",
    "StreetNamePreDirectional",
    "StreetNamePreModifier",
    "StreetNamePreType",
    "StreetName",
    "StreetNamePostType",
    "StreetNamePostDirectional",
    "OccupancyType",
    "OccupancyIdentifier",
    "SubaddressType",
    "SubaddressIdentifier",
    "PlaceName",
    "StateName",
    "ZipCode",
}
_OCCUPANCY = lazy(
    r"(?:apt|apartment|unit|suite|ste|fl|floor|#|rm|room|bldg|\d+(?:st|nd|rd|th))\.?,?", re.I
)
_STREET_ONLY = lazy(
    r"\b(?:on|at|off|near|along|onto|corner of|lives? on|house on)\s+"
    r"((?:[A-Z][a-z]+\s+){1,3}(?i:street|avenue|road|boulevard|lane|drive|court|terrace|"
    r"parkway|st\.|ave\.?|rd\.?|blvd\.?))(?![\w])"
)
_STOP = lazy(r"[.!?;](?=\s|$)|\n")
_ABBREVIATION = lazy(r"\b(?:[A-Z]|St|Ave|Av|Rd|Dr|Apt|Ste|Blvd|Ln|Ct|No|Mt|Ft|Pl|Ter|Hwy|Pkwy)$")
_PO_BOX = lazy(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.I)
# Spanish street addresses: "calle Olmo 233", "Avenida Central 1487", "57 Calle Sol".
_CALLE = r"(?:calle|avenida|av\.|avda\.|camino|paseo|bulevar|carretera|callej[oó]n|plaza|pasaje)"
_SPANISH_STREET = lazy(
    rf"\b{_CALLE}\s+(?:[A-ZÁÉÍÓÚÑ][\w'’-]+\s+){{1,3}}\d{{1,5}}\b(?:,?\s+(?:departamento|"
    r"apartamento|depto\.?|apto\.?|piso|interior|int\.?)\s+\w{1,4})?"
    # "Calle 5 de Mayo #88, int. 4": a street named for a date, a number after "#"
    rf"|\b{_CALLE}\s+(?:\d{{1,2}}\s+de\s+)?[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){{0,2}}\s+"
    r"(?:#|n[úu]m\.?|no\.?)\s?\d{1,5}(?:,?\s+(?:int\.?|interior|depto\.?|apto\.?)\s+\w{1,4})?"
    # "en el 15 de la calle Maverick", "del 88 de la calle Bennington", "el 77 de Adams St."
    rf"|\b(?:el|del|al)\s+\d{{1,5}}\s+de\s+(?:la\s+{_CALLE}\s+[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){{0,2}}"
    r"|(?-i:[A-Z][\w'’-]+\s+)(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|"
    r"drive|dr\.?|place|pl\.?|court|ct\.?|terrace|way))"
    rf"|\b\d{{1,5}}\s+{_CALLE}\s+(?:[A-ZÁÉÍÓÚÑ][\w'’-]+)(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){{0,2}}",
    re.I,
)

# A street written name first, number after, as in Spanish and much of Europe: "Paris
# Street 305", "Maple St. 88, apt 2". Read from the street type back to its name.
_NUMBER_AFTER_STREET = lazy(
    r"\b(?:Street|Avenue|Road|Boulevard|Lane|Drive|Terrace|Parkway|St\.?|Ave\.?|Rd\.?|Blvd\.?)"
    r"[ \t]+(?:#|No\.?[ \t]*)?(?!(?:19|20)\d\d\b)\d{1,5}[A-Za-z]?\b(?!\s*(?:%|am|pm|a\.m|p\.m|minutes|miles|years))"
    r"(?:,?[ \t]+(?i:apt|apartment|unit|suite|ste|floor|fl|piso|depto|apto|#)\.?[ \t]*\w{1,4}\b)?"
)
_STREET_NAME_BEFORE = lazy(r"(?<![\w'’-])(?:[A-Z][a-z'’]+[ \t]+){1,3}$")

_ZIP = lazy(
    r"\b(?:zip|zip code|zipcode|postal code|postcode)\b[^.\d\n]{0,20}?(\d{5}(?:-\d{4})?)\b"
    r"|(?<=[A-Za-z], )(\d{5}(?:-\d{4})?)\b"
    r"|\b(?-i:[A-Z]{2})\s+(\d{5}(?:-\d{4})?)\b"
    r"|\b(\d{5})\s+(?:zip|zip code|postal code|area)\b",
    re.I,
)
_CAPITALISED_RUN = lazy(r"\b[A-Z][a-zA-Z'’.-]*(?:\s+[A-Z][a-zA-Z'’.-]*){0,3}")
_PLACE_BEFORE = lazy(
    r"(?:\b(?:from|in|of|near|outside|around|to|at|into|across|throughout|through|toward|"
    r"towards|between|visiting|lives|living|moved|resident|native|town|city|hometown|village|"
    r"county|as|based|desde|hacia|cerca de|vive en|viven en|vivo en|vivimos en|es de|son de|"
    r"soy de|somos de|eres de|venimos de|vengo de|viene de|"
    r"vienen de)\s+(?:of\s+|in\s+|as\s+|is\s+)?)$",
    re.I,
)
# After a town, words that make it where a person lives: "Lowell, MA", "a Brockton
# resident", "the Quincy-area man". Not the town itself ("the Quincy community", "Quincy
# police", "the Quincy area"): a place, no one in it.
_PLACE_AFTER = lazy(
    r"^(?:,\s*(?:[A-Z]{2}\b|(?:New |North |South |West |Rhode )?[A-Z][a-z]+)|"
    r"(?:\s+area|-area|-based|\s+based)?\s+(?:resident|native|man|woman|boy|girl|teen|"
    r"teenager|mother|father|mom|dad|grandmother|grandfather|couple|family|driver|"
    r"cyclist|pedestrian|child|toddler|baby|infant|veteran|student|nurse|worker)\b)"
)
_RUN_WORD = lazy(r"\S+")
_DESCRIBED = lazy(r"(?:\b(?:the|a|an)\s+)$", re.I)
# A lower-case noun after "a Revere ...": a person, unless it names the town's own things
# or people in general ("the Quincy community", "the Chelsea schools", "Quincy residents").
_SOMEONE_AFTER = lazy(
    r"^(?:['’]s)?\s+(?!(?:community|communities|area|region|police|fire|department|schools?|"
    r"hospitals?|neighborhoods?|neighbourhoods?|residents|families|people|town|city|council|"
    r"officials|government|public|library|mayor|clinic|center|centre|campus|site|office|"
    r"location|line|border|streets?|roads?|market|economy|housing|shelters?|waterfront|"
    r"harbor|storm|fire|flood|blackout|outage|vigil|parade|marathon|team|teams)\b)[a-z]"
)
_POSSESSIVE_END = lazy(r"['’]s?$")
_INSTITUTION = lazy(
    r"^\s+(?:Hospital|Medical|Health|Clinic|Center|Centre|General|University|College|School|"
    r"Memorial|Children's|Globe|Herald|Times|Post|Journal|Magazine|Street|Avenue|Road|"
    # the town's services: "forwarded to Boston police", "Quincy PD", "Lowell Fire"
    r"(?i:police|PD|fire|EMS|public\s+schools|schools|city\s+hall|city\s+council|"
    r"council|housing\s+authority|public\s+health|board\s+of\s+health|transit|mayor))\b"
)


def addresses(text: str, org: Org) -> Iterator[Finding]:
    yield from _addresses(text)


@functools.lru_cache(maxsize=8)  # the towns after them read the same addresses again
def _addresses(text: str) -> tuple[Finding, ...]:
    return tuple(_each_address(text))


def _each_address(text: str) -> Iterator[Finding]:
    found = sorted(_numbered_addresses(text), key=lambda f: f.start)
    yield from found
    reason = "looks like a street address"
    starts = [f.start for f in found]
    for m in _NUMBER_AFTER_STREET.finditer(text):
        # the street's name before its type: "Paris Street 305", "Shawmut Avenue 77 apt 5"
        name = _STREET_NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if name is None:
            continue
        before = bisect.bisect_left(starts, m.end())  # the findings starting before its end
        if any(f.end > name.start() for f in found[max(0, before - 3) : before]):
            continue  # read already, number first ("12 Elm St 12 Elm St")
        yield Finding("address", name.start(), m.end(), text[name.start() : m.end()], reason)


def _numbered_addresses(text: str) -> Iterator[Finding]:
    reason = "looks like a street address"
    parsed = 0
    for m in _HOUSE_NUMBER.finditer(text):
        window_end = min(len(text), m.start() + 90)
        stop = next(
            (
                s
                for s in _STOP.finditer(text, m.end(), window_end)
                if not _ABBREVIATION.search(text, 0, s.start())
            ),
            None,
        )
        window = text[m.start() : stop.end() if stop else window_end]
        if not _A_WORD.search(window):
            continue  # "12 12 12": numbers, no street
        if parsed < _MOST_PARSED:
            parsed += 1
            end = _parse_address(window)
        else:  # a text full of house numbers: a street type is enough (more, never fewer)
            street = _STREET_TYPE_WORD.search(window)
            end = street.end() if street else 0
        if end:
            yield Finding("address", m.start(), m.start() + end, window[:end], reason)
    for m in _STREET_ONLY.finditer(text):
        # A street with no number is someone's address only when the sentence is about them
        # ("the fire on Elm Street" is a place in the news).
        if context.is_personal(text, m.start(1), m.end(1)):
            yield Finding("address", m.start(1), m.end(1), m.group(1), reason)
    for m in _SPANISH_STREET.finditer(text):
        yield Finding("address", m.start(), m.end(), m.group(), reason)
    for m in _PO_BOX.finditer(text):
        yield Finding("address", m.start(), m.end(), m.group(), reason)


def _parse_address(window: str) -> int:
    """Length of the street address at the start of `window`, or 0 when there is none."""
    import usaddress  # its tagging model is loaded only when a text holds a house number

    try:
        parsed = usaddress.parse(window)
    except Exception:  # usaddress raises its own errors on odd input; treat as no address
        return 0
    end = pos = 0
    labels: list[str] = []
    for token, label in parsed:
        at = window.find(token, pos)
        if at < 0 or label not in _ADDRESS_PARTS:
            break
        word = token.rstrip(".,")
        if (
            label == "StreetName"
            and labels[-1:] == ["StreetName"]
            and _STREET_TYPE.fullmatch(token)
        ):
            label = "StreetNamePostType"  # "742 Linden Court": usaddress calls Court a name
        if label == "StreetName" and not word[:1].isupper() and not word[:1].isdigit():
            break
        if label == "StreetNamePostType" and not _STREET_TYPE.fullmatch(token):
            break
        if label.startswith(("Occupancy", "Subaddress")) and not (
            _OCCUPANCY.fullmatch(token) or re.fullmatch(r"#?[A-Z0-9-]{1,5}[.,]?", token)
        ):
            break
        if label in ("PlaceName", "StateName") and not word[:1].isupper():
            break
        if label == "ZipCode" and not re.fullmatch(r"\d{5}(?:-\d{4})?[.,]?", token):
            break
        labels.append(label)
        pos = at + len(token)
        end = at + len(token.rstrip(".,")) if label != "StreetNamePostType" else pos
        end = at + len(token.rstrip(",")) if token.endswith(".") and label.endswith("Type") else end
    # "301 Broadway, Apt 4C": no street type, but a unit or ZIP code says it is an address.
    if "StreetName" not in labels or not {"StreetNamePostType", "OccupancyType", "ZipCode"} & set(
        labels
    ):
        return 0
    return len(window[:end].rstrip(" ,"))


# The town after a street address: "555 Hancock Street, Apt 3, Quincy", "Calle Olmo 233,
# en Chelsea", "310 Adams Street in Dorchester", "depto 3 east boston".
_TOWN_AFTER = lazy(
    r"(?:(?P<comma>\s*,\s*(?:en\s+)?|\s+(?:in|en)\s+)|\s+)"
    r"(?P<town>(?-i:[A-ZÁÉÍÓÚÑ][\w'’-]+(?:\s+[A-ZÁÉÍÓÚÑ][\w'’-]+){0,2})|[a-z]+(?:\s+[a-z]+){0,2})",
)
_NOT_A_TOWN = lazy(
    r"(?:apt|apto|apartment|apartamento|unit|suite|ste|floor|fl|depto|departamento|piso|interior|"
    r"int|bldg|building|room|rm|po|box|attn|atención|usa|us)\.?",
    re.I,
)
# Someone from a town, in Spanish: "mi tía de Lowell", "vecino de Somerville", "la de Everett".
_FROM_ES = lazy(
    r"\b(?:t[íi][oa]|prim[oa]|herman[oa]|hij[oa]|abuel[oa]|madre|padre|mam[áa]|pap[áa]|"
    r"espos[oa]|sobrin[oa]|niet[oa]|suegr[oa]|cuñad[oa]|amig[oa]|señora?|señorita|hombre|"
    r"mujer|joven|muchach[oa]|chic[oa]|niñ[oa]|vecin[oa]|familia|paciente|originari[oa]|"
    r"oriund[oa]|residente|el|la)\s+de\s+$",
    re.I,
)
_MONTH_OR_DAY = lazy(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    re.I,
)


def _towns_after_addresses(text: str, org: Org) -> Iterator[Finding]:
    for address in addresses(text, org):
        # the town may be inside what was read as the address, or just after it
        pos = address.start
        while pos < address.end + 45:
            m = _TOWN_AFTER.search(text, pos, min(len(text), address.end + 45))
            if m is None:
                break
            pos = m.end()
            if re.search(r"[.;!?](?:\s|$)", text[address.end : m.start("town")]):
                break  # the town is in the address's own sentence
            town = m.group("town")
            words = town.split()
            if _NOT_A_TOWN.fullmatch(words[0]):
                continue
            if m.group("comma") is None and (town[0].isupper() or m.start() < address.end):
                continue  # only a list's town in lower case may follow with no comma or "in"
            while words and not (town[0].isupper() or lexicon.is_place(" ".join(words))):
                words = words[:-1]  # "east boston" in lower case only when a list knows it
            if not words:
                continue
            town = " ".join(words)
            if lexicon.is_state(town) or _STREET_TYPE.fullmatch(town) or town[0].isdigit():
                continue
            if town[0].isupper() or lexicon.is_place(town):
                start = m.start("town")
                yield Finding(
                    "location",
                    start,
                    start + len(town),
                    town,
                    "the town of a street address, a location smaller than a state",
                )
                break


def locations(text: str, org: Org) -> Iterator[Finding]:
    yield from _towns_after_addresses(text, org)
    for m in _ZIP.finditer(text):
        group = next(g for g in (1, 2, 3, 4) if m.group(g))
        if group == 3 and not lexicon.is_state(text[m.start() : m.start() + 2]):
            continue
        yield Finding(
            "location",
            m.start(group),
            m.end(group),
            m.group(group),
            "a ZIP code is a location smaller than a state",
        )
    cities = lexicon.places()
    yield from _lower_case_towns(text, cities)
    for run in _CAPITALISED_RUN.finditer(text):
        words = [(w.start(), w.end()) for w in _RUN_WORD.finditer(text, run.start(), run.end())]
        i = 0
        while i < len(words):
            for n in range(min(4, len(words) - i), 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                phrase = _POSSESSIVE_END.sub("", text[start:end].rstrip(".,"))
                end = start + len(phrase)
                if " ".join(phrase.split()).casefold() not in cities or lexicon.is_state(phrase):
                    continue
                if _MONTH_OR_DAY.fullmatch(phrase):
                    continue  # "the 9th of August": a date
                if _FROM_ES.search(text, max(0, start - 30), start):
                    yield Finding(
                        "location",
                        start,
                        end,
                        phrase,
                        "where someone is from: a location smaller than a state",
                    )
                    i += n - 1
                    break
                if _is_place(text, start, end, phrase):
                    yield Finding(
                        "location",
                        start,
                        end,
                        phrase,
                        "names a city or town, a location smaller than a state",
                    )
                    i += n - 1
                    break
            i += 1


def _lower_case_towns(text: str, cities: frozenset[str]) -> Iterator[Finding]:
    """A town written in lower case where someone lives or is from: "lives in roslindale",
    "the lady from everett", "vive en east boston"."""
    for m in _LOWER_TOWN.finditer(text):
        words = [(w.start(), w.end()) for w in _RUN_WORD.finditer(text, m.start(1), m.end(1))]
        for n in range(len(words), 0, -1):
            start, end = words[0][0], words[n - 1][1]
            phrase = " ".join(text[start:end].split())
            if (
                phrase in cities
                and not lexicon.is_state(phrase)
                and not lexicon.is_common_word(phrase, lexicon.FAMILIAR)
                and not _ANYONE_FROM.search(text, max(0, m.start() - 40), m.end(1))
            ):
                reason = "where someone lives or is from: a location smaller than a state"
                yield Finding("location", start, end, phrase, reason)
                break


_LOWER_TOWN = lazy(
    r"\b(?:lives?|living|lived|moved|grew\s+up|from|resident\s+of|vive|viven|vivo|vivimos|"
    r"viv[íi]a|es\s+de|son\s+de|viene\s+de|vienen\s+de|vecin[oa]\s+de)"
    r"[ \t]+(?:(?:over|out|right|up|down|allá|aquí)[ \t]+)?(?:(?:in|to|en|por)[ \t]+)?"
    r"([a-z][a-z'’-]+(?:[ \t]+[a-z][a-z'’-]+){0,2})"
)


def _is_place(text: str, start: int, end: int, phrase: str) -> bool:
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    if _INSTITUTION.match(after):
        return False
    if _PLACE_AFTER.match(after):
        state = re.match(r",\s*([A-Z]{2}\b|[A-Z][a-z]+\.?(?: [A-Z][a-z]+)?)", after)
        if state is None:
            return True
        named = state.group(1)
        return lexicon.is_state(named)
    common = lexicon.is_common_word(phrase, lexicon.FAMILIAR)
    if _PLACE_BEFORE.search(before):
        return not common
    if _DESCRIBED.search(before) and _SOMEONE_AFTER.match(after):
        return not common  # "a New Bedford fisherman", not "the Quincy community"
    return False


_TOWN_NAMED = "names a city or town, a location smaller than a state"
# Findings that tie a sentence to a person: a town in it may be where they live.
_SOMEONES = frozenset(
    {"name", "patient_status", "age", "date", "ssn", "id_number", "address", "handle", "photo",
     "phone", "room"}
)  # fmt: skip


def nobodys_town(text: str, finding: Finding, others: Sequence[Finding]) -> bool:
    """Whether a town is named in a sentence about the organisation's sites, services and
    events and no one: "the new clinic in Lowell opens in the fall", "the shuttle from
    Quincy runs every 30 minutes". A town is a location identifier when tied to a person."""
    if finding.kind != "location" or finding.reason != _TOWN_NAMED:
        return False
    begin, stop = context.sentence_bounds(text, finding.start, finding.end)
    if any(o.kind in _SOMEONES and o.start < stop and o.end > begin for o in others):
        return False
    if _ANYONE_FROM.search(text, max(begin, finding.start - 40), finding.start):
        return True  # "If a patient from Malden needs a ride", "whether anyone from Lynn"
    if _SOMEONE_THERE.search(text, begin, stop):
        return False
    return context.about_organisation(text, finding.start, finding.end)


# No one in particular from a town: "anyone from Dorchester", "if a patient from Malden",
# "residents of Lynn", "cualquier vecino de Chelsea", "pacientes de Revere".
_ANYONE_FROM = lazy(
    r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|no\s+one|nobody|whoever|"
    r"people|those|residents|patients|visitors|families|neighbou?rs|students|seniors|"
    r"(?:if|when|whether|should)\s+(?:a|an|any|your)\s+[a-z]+|any\s+[a-z]+|"
    r"cualquier\s+[a-z]+|(?:si|cuando)\s+(?:un|una|algún|alguna)\s+[a-z]+|alguien|nadie|"
    r"quienes|personas|pacientes|residentes|vecinos|familias|visitantes|"
    # crews and vehicles sent from a town: "ambulances from Milton", "mutual aid crews from Quincy"
    r"ambulances|crews|engines|ladders|units|trucks|teams|departments|firefighters|"
    r"paramedics|responders|officers|agencies|ambulancias|bomberos|equipos|unidades|brigadas)"
    r"\s+(?:who\s+(?:live|lives)\s+)?(?:from|of|in|de|en|que\s+viven?\s+en)\s+$",
    re.I,
)


# Who may live in a town, in words the general test does not read (Spanish, plurals).
_SOMEONE_THERE = lazy(
    r"\b(?:live|living|lived|moved|grew\s+up|hometown|teen\w*|couple|kids?|guy|boy|girl|"
    r"señora?|señorita|familia|vive|viven|vivo|vivimos|viv[íi]a|es\s+de|son\s+de|soy\s+de|"
    r"somos\s+de|viene|vienen|hombre|mujer|niñ[oa]s?|joven|abuel[oa]|hij[oa]s?|madre|padre|"
    r"mam[áa]|pap[áa]|espos[oa]|él|ella|su|sus|nuestr[oa]\s+(?:vecin|amig)\w*)\b",
    re.I,
)
