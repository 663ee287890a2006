"""Ways to reach a person: phone and fax numbers, email addresses, web addresses, IPs.

The organisation's own phone number (in any formatting), email address and website
(with any path under it) are allowed.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Iterator

from bot.phi.model import Finding, Org, lazy

_REGION = "US"
# A bare run of digits shorter than a full number is only a phone number when
# something near it says so; otherwise record, account and case numbers would be.
_PHONE_CUE = lazy(
    r"\b(?:call(?:ed|ing)?|phone|cell|mobile|text(?:ed)?|fax|tel|telephone|number|reach|dial|"
    r"line|contact|voicemail|ext)\b[^.\n]{0,25}$",
    re.I,
)
_DIGIT = lazy(r"\d")
_EMAIL = lazy(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_SPELLED_EMAIL = lazy(
    r"\b[\w.+-]+\s*(?:\[at\]|\(at\)|\{at\}| at )\s*[\w-]+\s*(?:\[dot\]|\(dot\)|\{dot\}| dot )\s*"
    r"(?:com|org|net|edu|gov)\b",
    re.I,
)
_TLDS = (
    "com|org|net|edu|gov|mil|io|co|us|info|biz|me|ly|health|app|tv|page|link|site|news|ca|uk|"
    "blog|online|care|social|gg|ai|fm|to|be|xyz"
)
_URL = lazy(
    r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?![\w-])(?:/[^\s<>\"'()\[\]{{}}]*)?",
    re.I,
)
_IPV4 = lazy(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)")
_IPV6 = lazy(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.I)
_VERSION = lazy(r"\b(?:version|ver\.?|v|release|build|section|step|rule|chapter)\s*$", re.I)
# A bare domain with no path is a site, not someone's page, when it is a public one.
_PUBLIC_DOMAINS = lazy(
    r"(?:^|\.)(?:[\w-]+\.(?:gov|edu|mil)|(?:facebook|instagram|tiktok|twitter|x|youtube|linkedin|"
    r"reddit|google|yelp|nextdoor|threads|bsky|gofundme|substack|medium|wordpress|pinterest|"
    r"snapchat|whatsapp|zoom|slack|apple|microsoft|amazon)\.(?:com|net|org|app|social)|"
    # help lines' sites: "988lifeline.org", "poison.org", "thehotline.org"
    r"[\w-]*(?:lifeline|hotline|helpline|crisis|poison|suicide|samhsa|rainn|trevor)"
    r"[\w-]*\.(?:org|gov|com|net))$"
)
_TRAILING = ".,;:!?'\")]}"


_TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}
# A toll-free number said to be someone's: "her cell", "his number is", "mi número".
_SOMEONES_NUMBER = lazy(
    r"\b(?:her|his|their|my|mi|su|sus)\b[^.;\n]{0,30}$|['’]s\s+(?:cell|phone|number|line)\b[^.;\n]{0,15}$",
    re.I,
)
# "4.22.2025", "10/15/2025": a date, not a number to call.
_DATE_SHAPE = lazy(r"\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d\d)")
# "no. 2025-031": a year and a serial number (a release's or a case's), not a number to call.
_YEAR_SERIAL = lazy(r"(?:19|20)\d\d-\d{2,4}")
_CODE_BEFORE = lazy(r"\b[A-Za-z]{1,6}-$")
_HELPLINE = lazy(
    r"\b(?:hotline|helpline|help line|lifeline|crisis line|poison|poisonings?|control|"
    r"línea|linea|line|center|centre|centro|toxicolog[íi]a|intoxicaci[óo]n(?:es)?|"
    r"national|nacional|free|gratis|gratuit[oa]|24/7|anonymous|an[óo]nim[oa]|confidential|"
    r"confidencial)\b",
    re.I,
)
# National help lines: public numbers, never anyone's own (poison control, the disaster
# distress, domestic violence, SAMHSA, RAINN, Trevor, Childhelp and veterans' lines).
_PUBLIC_LINES = frozenset(
    {"8002221222", "8009855990", "8007997233", "8006624357", "8006564673", "8664887386",
     "8004224453", "8002738255", "8772738255", "8007842433"}
)  # fmt: skip


# A number the text gives as the organisation's own: "our fax is", "call us at", "reach our
# billing office at", "Nuestro fax es el", "Llámenos al", "the hospital's switchboard".
_OURS_BEFORE = lazy(
    r"\b(?:our|nuestr[oa]s?|the\s+hospital['’]s|del\s+hospital|de\s+nuestr[oa]|"
    r"(?:call|reach|contact|text|fax|phone|ring|email|write\s+to)\s+(?:us|the\s+hospital)|"
    r"(?:ll[áa]m|escr[íi]b|cont[áa]ct|comun[íi]quese\s+con\s+nosotr)[a-z]*nos|"
    r"comun[íi]quese\s+con\s+nosotros)\b([^.!?;\n]{0,45})$",
    re.I,
)
# ... unless a person comes between: "our son's cell is", "call us or my cell", "nuestra
# hija, su número es".
_PERSON_BETWEEN = lazy(
    r"\b(?!(?:clinic|office|center|centre|department|hospital|unit|desk|team|lab|pharmacy|"
    r"campus)['’]s)\w+['’]s\b|\b(?:my|his|her|their|your|mi|mis|su|sus|tu|tus|him|them|me|he|she|él|ella|"
    r"mom|mum|mother|dad|father|son|daughter|wife|husband|sister|brother|aunt|uncle|grand\w*|"
    r"cousin|friend|neighbou?r|patient|family|kid|child|baby|parents?|"
    r"mam[áa]|pap[áa]|madre|padre|hij[oa]s?|espos[oa]|herman[oa]s?|t[íi][oa]s?|abuel[oa]s?|"
    r"prim[oa]s?|amig[oa]s?|vecin[oa]s?|paciente|familia|cell|celular|personal)\b",
    re.I,
)


def ours(text: str, start: int) -> bool:
    """Whether the text gives the number starting at start as the organisation's own line."""
    m = _OURS_BEFORE.search(text, max(0, start - 70), start)
    return m is not None and not _PERSON_BETWEEN.search(m.group(1))


@functools.lru_cache(maxsize=32)
def _org_numbers(numbers: tuple[str, ...]) -> frozenset[str]:
    """The organisation's numbers as national digits, and each without its area code (a
    local number written alone)."""
    import phonenumbers  # a number library is loaded only when a text holds enough digits

    own: set[str] = set()
    for number in numbers:
        try:
            digits = str(phonenumbers.parse(number, _REGION).national_number)
        except phonenumbers.NumberParseException:
            continue
        own.update((digits, digits[-7:]))
    return frozenset(own)


@functools.lru_cache(maxsize=32)
def _org_host(website: str) -> str:
    host = re.sub(r"^[a-z]+://", "", website.strip().casefold()).split("/")[0]
    return host.removeprefix("www.")


def phones(text: str, org: Org) -> Iterator[Finding]:
    if len(_DIGIT.findall(text)) < 7:
        return
    from phonenumbers import Leniency, PhoneNumberMatcher

    own = _org_numbers(org.numbers)
    for match in PhoneNumberMatcher(text, _REGION, leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        if raw.isdigit() and len(raw) < 10 and not _PHONE_CUE.search(text[: match.start]):
            continue
        if str(match.number.national_number) in own:
            continue
        if _DATE_SHAPE.fullmatch(raw):
            continue
        national = str(match.number.national_number)
        if national in _PUBLIC_LINES:
            continue
        if (
            national[:3] in _TOLL_FREE
            and _HELPLINE.search(text, max(0, match.start - 80), match.start)
            and not _SOMEONES_NUMBER.search(text, max(0, match.start - 40), match.start)
        ):
            continue  # a toll-free line named as a public one, not said to be someone's
        if _CODE_BEFORE.search(text, max(0, match.start - 12), match.start):
            continue  # "PR-2025-017": a document's code, not a number to call
        if _YEAR_SERIAL.fullmatch(raw):
            continue  # "Press release no. 2025-031": a year and a serial
        if ours(text, match.start):
            continue  # "our fax is ...", "call us at ...": the organisation's own line
        yield Finding("phone", match.start, match.end, raw, "looks like a phone or fax number")


def emails(text: str, org: Org) -> Iterator[Finding]:
    if "@" in text:
        own = org.email.strip().casefold()
        for m in _EMAIL.finditer(text):
            value = m.group().rstrip(_TRAILING)
            if value.casefold() != own:
                yield Finding(
                    "email", m.start(), m.start() + len(value), value, "looks like an email address"
                )
    if " at " in text or "[at]" in text or "(at)" in text:
        for m in _SPELLED_EMAIL.finditer(text):
            yield Finding(
                "email", m.start(), m.end(), m.group(), "looks like a spelled-out email address"
            )


def urls(text: str, org: Org) -> Iterator[Finding]:
    if "." not in text:
        return
    own = _org_host(org.website) if org.website else ""
    for m in _URL.finditer(text):
        value = m.group().rstrip(_TRAILING)
        if "." not in value.split("//")[-1].split("/")[0]:
            continue
        host = _org_host(value)
        if own and (host == own or host.endswith("." + own)):
            continue
        bare = not re.match(r"(?:https?://|www\.)", value, re.I) and "/" not in value
        if bare and _PUBLIC_DOMAINS.search(host):
            continue
        yield Finding("url", m.start(), m.start() + len(value), value, "looks like a web address")


def ips(text: str, org: Org) -> Iterator[Finding]:
    for m in _IPV4.finditer(text):
        if _VERSION.search(text, 0, m.start()):
            continue
        if all(int(part) <= 255 for part in m.group().split(".")):
            yield Finding("ip", m.start(), m.end(), m.group(), "looks like an IP address")
    if "::" in text or text.count(":") >= 5:
        for m in _IPV6.finditer(text):
            if len([group for group in m.group().split(":") if group]) < 2:
                continue  # "::" alone, or a time like 10:30
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            yield Finding("ip", m.start(), m.end(), m.group(), "looks like an IP address")
