"""Things inside the hospital and around a person that identify them: the room, bed or bay
they are in, a social-media handle, a photo or video said to show them.

- `room`: "bed 12", "Room 418", "Bay 3", "Pod C", a pod code like "4S-09", a unit like
  "5 West", "habitación 312", "cama 4", when the sentence is about a person ("the woman
  in Room 418") or says someone went there ("went up to 6 East"). "Pod C will be closed
  for cleaning" and "Conference Room 1" are the building, not a person.
- `handle`: "@tia.marisol88". Not an email address, not the organisation's own account
  (a handle made of its name, or one the text calls ours), not Slack's @here/@channel.
- `photo`: a photo, video, image or clip described as showing a person ("the video shows
  Mr. X on the gurney", "that's my brother in the picture", "la foto de la paciente").
  Not a general statement about recording ("we ask the public not to share videos"), not
  one that shows the organisation's named staff, and not in a negated or general clause.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from bot.phi import context, names
from bot.phi.compiled import compile as compile_pattern
from bot.phi.dates import personal
from bot.phi.model import Finding, Org, lazy

# -- room ----------------------------------------------------------------------------------

_ROOM_REASON = "a room or bed inside the hospital"
# A room, bed or bay and its number or letter: "bed 12", "Room 418B", "Bay 3", "Pod C".
_NUMBER_WORDS_EN = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ]\w+)?|thirty|forty|fifty)"
)
_NUMBER_WORDS_ES = (
    r"(?:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    r"quince|diec\w+|veinte|veinti\w+|treinta(?:\s+y\s+\w+)?|"
    r"(?:cien|ciento|doscientos|trescientos|cuatrocientos|quinientos|seiscientos|"
    r"setecientos|ochocientos|novecientos)(?:\s+(?:y\s+)?\w+){0,3}?)"
)
# A room, bed or bay and its number, letter or number in words: "bed 12", "Room 418B",
# "rm 408-A", "bay c", "Pod C", "trauma 2", "hallway bed three", "room four twelve",
# "cuarto cuatrocientos doce".
_ROOM = lazy(
    r"\b(?i:room|rm\.?|bed|bay|pod|cubicle|curtain|stretcher|gurney|isolette|crib|trauma|"
    r"resus|triage|exam(?:\s+room)?|treatment\s+room|fast\s+track|hallway|"
    r"habitaci[óo]n|cuarto|cama|camilla|cub[íi]culo|cunero|box)"
    r"\s*(?i:#|no\.?|number|n[úu]mero|n\.?[º°])?\s*"
    r"(\d{1,4}[A-Z]?(?:-?\d{1,3})?(?:-[A-Z])?|(?<=\s)(?!I\b)[A-Z](?:-?\d{1,2})?|(?<=\s)(?-i:[b-hj-z])(?=\s)|"
    rf"(?i:{_NUMBER_WORDS_EN}(?:[ -]{_NUMBER_WORDS_EN})?|{_NUMBER_WORDS_ES})(?=[\s,.;]|$))"
    r"(?![\w/-]|[.,]\d)"
)
# Rooms that are not where a patient is: "Conference Room 1", "waiting room 2".
_NOT_A_PATIENTS_ROOM = lazy(
    r"\b(?:conference|meeting|board|class|training|waiting|break|family|community|media|press|"
    r"locker|storage|supply|utility|server|rest|call|quiet|prayer|lactation|control|"
    r"sala de (?:espera|juntas|conferencias|prensa)|de (?:espera|juntas|conferencias|reuniones))\s*$",
    re.I,
)
# A pod or unit code with a bed: "4S-09", "5W-12"; a bed in an intensive care unit: "ICU-7".
_POD_CODE = lazy(
    r"(?<![\w:.#/-])(?:\d{1,2}[A-Z]{1,2}-\d{1,3}[A-Z]?|(?:ICU|CCU|NICU|PICU|MICU|SICU|CVICU|PACU)-\d{1,2})"
    r"(?![\w:]|[.-]\w)"
)
# A unit named by its floor and wing: "5 West", "6 east", "4N".
_UNIT = lazy(
    r"(?<![\w:.#/-])(?:\d{1,2}\s?(?i:north|south|east|west)\b|\d{1,2}[NSEW](?![\w:]|[.-]\w))"
)
# Someone taken there: "went up to 6 East", "was moved to bed 4", "lo pasaron a la cama 3".
_MOVED_TO = lazy(
    r"\b(?:(?:went|go|going|goes|gone|headed|taken|sent|moved|brought|wheeled)\s+"
    r"(?:up|down|over|back)\s+to|(?:was|were|is|are|been|being|got|get)\s+"
    r"(?:moved|transferred|taken|sent|brought|wheeled|admitted|placed|put)\s+"
    r"(?:up\s+|down\s+|over\s+|back\s+)?(?:to|into|in|on)|(?:lo|la|los|las)\s+"
    r"(?:pasaron|subieron|llevaron|trasladaron|movieron|bajaron|cambiaron)\s+al?|"
    # someone is there, with the person left unsaid: "Está en la habitación 508"
    r"(?:est[áa]|estaba|sigue|segu[íi]a|queda|qued[óo]|permanece|(?:lo|la)\s+(?:tienen|"
    r"pusieron|dejaron))\s+(?:todav[íi]a\s+|a[úu]n\s+)?en)\s+(?:the\s+|la\s+|el\s+)?$",
    re.I,
)
# After a street: part of a postal address ("1200 Harbor Street, Room 5").
_AFTER_STREET = lazy(
    r"\b(?:street|st|avenue|ave|road|rd|drive|dr|way|boulevard|blvd|floor|fl)\.?,?\s*$", re.I
)
# Someone named with a title nearby ("Mrs. Kowalczyk is still on 5 West, bed 12").
_TITLED = lazy(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Sr|Sra|Srta)\.?\s+[A-Z]")
# "patient rooms", "the family lounge": the kind of place, no one in particular.
_PATIENT_AS_ADJECTIVE = (
    r"\b(?:patients?|family|visitors?)(?=\s+(?:rooms?|lounges?|care|areas?|floors?|units?|"
    r"beds?|bays?|spaces?|wings?|centers?|centres?)\b)"
)
# People in general: "families can wait...", "patients on 5 West".
_GROUPS = r"\b(?:families|patients|people|parents|children|kids|babies|visitors|men|women)\b"
# A doctor by title ("Dr. Okoye toured 5 West") is staff, not the person in the bed.
_DOCTOR = r"\b(?:Dr|Dra|Prof)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
# "the nurses of Pod A", "staff on 5 West": the place as a workplace.
_STAFF_BEFORE = lazy(
    r"\b(?:nurses|staff|team|doctors|physicians|employees|caregivers|colleagues|volunteers|"
    r"crew|personal|enfermeras|enfermeros|equipo)\s+(?:of|on|in|at|from|de|del)\s+"
    r"(?:the\s+|la\s+|el\s+)?$",
    re.I,
)
# "the 5 West unit", "4 North nurses": the unit itself.
_UNIT_ITSELF = lazy(
    r"\s+(?:unit|wing|team|staff|nurses|nursing|floor|renovation|expansion)\b", re.I
)


@functools.lru_cache(maxsize=32)
def _not_a_person(staff: tuple[str, ...]) -> re.Pattern[str]:
    """Words that look personal but name no one in a bed: "patient" before a kind of place,
    people in the plural, a doctor by title, the organisation's named staff."""
    alternatives = [_PATIENT_AS_ADJECTIVE, _GROUPS, _DOCTOR]
    alternatives += [r"\s+".join(map(re.escape, person.split())) for person in staff]
    return compile_pattern("|".join(f"(?:{a})" for a in alternatives), re.I)


# The room stands for the person in it: "bed 22 on 5W is asking for pain meds", "la cama
# 4 pide agua".
_ROOM_AS_SOMEONE = lazy(
    # a handoff line keyed by the bed: "bed 9: D.F., 77M", "Bay 4: 82F, chest pain"
    r":\s*(?:[A-Z]\.\s?[A-Z]\.|\d{1,3}\s?(?:[MF]|yo|y/o)\b|pt\b|patient\b)|"
    r"(?:\s+(?:on|in|at|en|de)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?,?\s+(?:"
    r"(?:is|was)\s+(?:still\s+|now\s+)?(?:npo|febrile|afebrile|post-?op|due\s+for|"
    r"scheduled\s+for|on\s+(?:oxygen|o2|room\s+air|a\s+drip))|"
    r"esperando|finally\s+got|got\s+(?:a|her|his)\b|"
    r"(?:is|was)\s+(?:still\s+|now\s+)?(?:asking|refusing|crying|yelling|calling|waiting|"
    r"requesting|awake|asleep|confused|agitated|comfortable|stable|vomiting|bleeding)|"
    r"wants|keeps\s+(?:asking|pulling|calling|ringing|crying|yelling|trying)|says|said|asked|"
    r"called|pressed|pulled|refused|"
    r"pregunta|quiere|necesita|pide|pidi[óo]|sigue|est[áa]\s+(?:pidiendo|preguntando|"
    r"llamando|despiert[oa]|dormid[oa]|estable))\b",
    re.I,
)


def _tied_to_a_person(text: str, blanked: str, start: int, end: int, org: Org) -> bool:
    """Whether the sentence around a room speaks of a person, or says someone went there
    (`blanked` is the text with the words of `_not_a_person` blanked out)."""
    if _MOVED_TO.search(text, max(0, start - 40), start):
        return True
    if _ROOM_AS_SOMEONE.match(text, end):
        return True
    if any(
        0 < start - name.end < 60 and "." not in text[name.end : start]
        for name in names.found_names(text, org)
    ):
        return True  # 'Our regular, "Sarge," is back on 5 West': someone named, then where
    if _TITLED.search(text, max(0, start - 100), min(len(text), end + 60)):
        return True
    return personal(blanked, start, end)


# A room by its number alone, after someone: "the guy in 418", "the lady in 12B".
_SOMEONE_IN_SHORT_NUMBER = lazy(
    r"\b(?:guy|man|woman|lady|gentleman|patient|pt|kid|boy|girl|baby|person|señora?|señor|"
    r"paciente|niñ[oa]|muchach[oa]|chic[oa])\s+(?:in|en)\s+(\d{1,2}[A-Z]?)\b",
    re.I,
)
_SOMEONE_IN_NUMBER = lazy(
    r"\b(?:guy|man|woman|lady|gentleman|patient|pt|kid|boy|girl|baby|person|one|family|"
    r"mom|dad|grandma|grandpa|señora?|señor|paciente|niñ[oa]|muchach[oa]|chic[oa])\s+"
    r"(?:in|from|en|de\s+la|del)\s+(?!(?:19|20)\d\d\b)(\d{3,4}[A-Z]?)\b"
    r"(?![\d:/-]|[.,]\d|\s*(?:%|am|pm|a\.m|p\.m))",
    re.I,
)


_IN_NUMBER = lazy(
    r"\s+(?:in|en)\s+(?!(?:19|20)\d\d\b)(\d{1,4}[A-Z]?)\b"
    r"(?!\s*(?:%|am|pm|a\.m|p\.m|minutes|hours|days|weeks|months|years|minutos|horas|d[íi]as))"
)


def _candidates(text: str) -> Iterator[re.Match[str]]:
    for m in _ROOM.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        if _NOT_A_PATIENTS_ROOM.search(before) or _AFTER_STREET.search(before):
            continue
        if not _STAFF_BEFORE.search(before):
            yield m
    for pattern in (_POD_CODE, _UNIT):
        for m in pattern.finditer(text):
            if pattern is _UNIT and _UNIT_ITSELF.match(text, m.end()):
                continue
            if not _STAFF_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                yield m


def rooms(text: str, org: Org) -> Iterator[Finding]:
    yield from found_rooms(text, org)


@functools.lru_cache(maxsize=8)
def found_rooms(text: str, org: Org) -> tuple[Finding, ...]:
    """`rooms`, kept for the text being scanned: the care check reads them too."""
    return tuple(_rooms(text, org))


def _rooms(text: str, org: Org) -> Iterator[Finding]:
    for m in _SOMEONE_IN_NUMBER.finditer(text):
        yield Finding("room", m.start(1), m.end(1), m.group(1), _ROOM_REASON)
    for m in _SOMEONE_IN_SHORT_NUMBER.finditer(text):  # "the lady in 12 is crying again"
        if _ROOM_AS_SOMEONE.match(text, m.end()):
            yield Finding("room", m.start(1), m.end(1), m.group(1), _ROOM_REASON)
    for name in names.found_names(text, org):  # "jenny okafor in 12 is asking for her charger"
        where = _IN_NUMBER.match(text, name.end)
        if where:
            yield Finding("room", where.start(1), where.end(1), where.group(1), _ROOM_REASON)
    blanked = ""
    for m in _candidates(text):
        blanked = blanked or _not_a_person(org.staff).sub(lambda b: " " * len(b.group()), text)
        if _tied_to_a_person(text, blanked, m.start(), m.end(), org):
            yield Finding("room", m.start(), m.end(), m.group(), _ROOM_REASON)


# -- handle --------------------------------------------------------------------------------

# "@tia.marisol88": after a space or an opening mark (so not an email address); dots and
# underscores inside, never at the end ("@donbeto.mx," ends before the comma).
_HANDLE = lazy(r"(?<![\w@.+<-])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_SLACK_MENTIONS = frozenset({"here", "channel", "everyone", "all", "group", "team"})
# A time written with @: "@10am", "@ 5:30".
_TIME = lazy(r"\d{1,2}(?::\d\d)?(?:am|pm|h)?", re.I)
# The text calls the account ours: "our account @X", "nuestra cuenta @X", "follow us at @X".
_OURS_BEFORE = lazy(
    r"\b(?:our|nuestr[oa]s?)\s+(?:\w+\s+){0,3}?(?:account|accounts|handle|page|profile|"
    r"channel|feed|instagram|tiktok|twitter|x|facebook|threads|bluesky|cuenta|cuentas|"
    r"perfil|p[áa]gina|canal)(?:\s+[\w-]+){0,4}?\s*(?:is|es|at|en|:|,)?\s*$"
    r"|\b(?:follow|find|tag|message|dm|sigan?|s[íi]ganos|escr[íi]banos)\s+us\s+(?:at|on|en)?\s*$",
    re.I,
)
# Public bodies' accounts: "@CDCgov", "@MassDPH", "@BostonFire", "@NWSBoston".
_PUBLIC_ACCOUNT = lazy(
    r"gov|dph|police|fire|news|weather|redcross|fema|cdc|nws|hotline|lifeline|poison", re.I
)
_GENERIC_ORG_WORDS = {"hospital", "medical", "center", "centre", "health", "general", "the", "of"}


@functools.lru_cache(maxsize=32)
def _own_handle_stems(name: str, website: str, staff: tuple[str, ...]) -> tuple[str, ...]:
    """What the organisation's handles start with: its name run together
    ("riversidegeneralhospital"), its first distinctive word ("riverside"), its website's
    name ("riversidegeneral"); and its named staff's names run together."""
    stems = set()
    words = [w for w in re.findall(r"[a-z0-9]+", name.casefold())]
    if words:
        stems.add("".join(words))
        if words[0] not in _GENERIC_ORG_WORDS and len(words[0]) >= 4:
            stems.add(words[0])
    host = re.sub(r"^[a-z]+://", "", website.casefold()).split("/")[0].removeprefix("www.")
    if host:
        stems.add(re.sub(r"[^a-z0-9]", "", host.split(".")[0]))
    for person in staff:
        stems.add(re.sub(r"[^a-z0-9]", "", person.casefold()))
    return tuple(sorted(s for s in stems if len(s) >= 4))


def _own_handle(handle: str, org: Org) -> bool:
    flat = re.sub(r"[^a-z0-9]", "", handle.casefold())
    stems = _own_handle_stems(org.name, org.website, org.staff)
    return any(flat.startswith(stem) for stem in stems)


# A Reddit user: "u/throwaway_rgh_nurse" (a subreddit, "r/boston", is a place, not a person).
_REDDIT_USER = lazy(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})\b")


def handles(text: str, org: Org) -> Iterator[Finding]:
    if "u/" in text:
        for m in _REDDIT_USER.finditer(text):
            if not _own_handle(m.group(1), org):
                yield Finding(
                    "handle", m.start(), m.end(), m.group(), "a Reddit user name of a person"
                )
    if "@" not in text:
        return
    for m in _HANDLE.finditer(text):
        handle = m.group(1)
        if handle.casefold() in _SLACK_MENTIONS or _TIME.fullmatch(handle):
            continue
        if not re.search(r"[A-Za-z]", handle) or _own_handle(handle, org):
            continue
        if _PUBLIC_ACCOUNT.search(handle):
            continue
        if _OURS_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue
        yield Finding("handle", m.start(), m.end(), m.group(), "a social-media handle of a person")


# -- photo ---------------------------------------------------------------------------------

_MEDIA = (
    r"(?:photos?|photograph|pictures?|pics?|images?|videos?|clips?|footage|recording|selfie|"
    r"snapshot|screenshot|livestream|live stream|reels?|facetime|tiktoks?|snaps?|"
    # a story posted on a social app: "the story nyla posted shows her with the iv"
    r"stor(?:y|ies))"
)
# Someone described: "the patient", "my brother", "a woman", "the boy"; singular.
_SOMEONE_NOUN = (
    r"(?:patient|man|woman|boy|girl|child|kid|baby|infant|toddler|teen|teenager|gentleman|"
    r"lady|guy|person|mother|father|mom|mum|dad|son|daughter|brother|sister|grandmother|"
    r"grandfather|grandma|grandpa|granddaughter|grandson|aunt|uncle|wife|husband|partner|"
    r"cousin|nephew|niece|fiancée?|girlfriend|boyfriend|friend|neighbou?r|resident|victim|"
    r"driver|cyclist|passenger|veteran|student|family member|relative)"
)
_DETERMINER = r"(?:the|a|an|this|that|my|your|his|her|their|our)"
_SOMEONE = (
    rf"(?:{_DETERMINER}\s+(?:[\w-]+\s+){{0,2}}?{_SOMEONE_NOUN}\b(?!\s+(?:care|areas?|"
    r"rooms?|portal|privacy|information|records?|relations|safety|experience|advocates?)\b)"
    # "the patient's chart" is a document; "the patient's face" is the person
    r"(?!['’]s\s+(?:chart|records?|file|bill|forms?|paperwork|information|results?|labs?|"
    r"account|data|details|name|number|mrn)\b)"
    # "Mr. Dale Ellison", "Mrs Kowalczyk"
    r"|(?-i:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sr|Sra)\.?\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
    # "her on the stretcher", "him lying in the hallway"
    r"|(?:him|her|them|me)\s+(?=(?:on|in|at|lying|sitting|being|crying|screaming|asleep|"
    r"unconscious|hooked|strapped|waiting|with|getting|having|during|after|before|\w+ing)\b)"
    # "a pic of grandma with her new hip": a relative named by what they are to the writer
    r"|(?:(?:me|us)\s+(?:and|with)\s+(?:my\s+|our\s+)?)?"
    r"(?:grandma|grandpa|granny|grampa|gramps|granddad|grandad|nana|nanna|nan|papa|pops|"
    r"mom|mum|dad|mommy|daddy|auntie|aunty|abuela|abuelo|mam[áa]|pap[áa])\b)"
)
# A person's name as a photo shows it: two capitalised words, not a place or a building.
_NAMED = (
    r"(?-i:[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)"
    r"(?!['’]s|\s+(?i:hospital|general|medical|center|centre|clinic|street|avenue|lobby|"
    r"campus|building|wing|unit|entrance|parking|garage)\b)"
)
_SHOWS = (
    r"(?:shows?|showed|showing|shown|depicts?|depicting|captures?|captured|capturing|"
    r"features?|featuring|appears to show|clearly shows)"
)
# Where someone receiving care is seen: in a hospital bed, on a stretcher, with an IV.
_CARE_SCENE = (
    r"(?:(?:in|at|on|inside)\s+(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+)?(?:hospital|er|ed|"
    r"icu|nicu|picu|ward|bed|stretcher|gurney|wheelchair|ambulance|emergency\s+room|recovery|"
    r"gown|ventilator|vent)\b|with\s+(?:the|an|a|his|her|their)\s+(?:[\w-]+\s+)?(?:iv|cast|"
    r"oxygen|tubes?|bandages?|cannula|drip|monitor|sling|brace|neck\s+brace)\b)"
)
# What follows a photo or video word, in the order tried: one group after one reading of
# the word (each shape starting with it again would read every word of the text again).
_AFTER_MEDIA = (
    # "the video shows Mr. X", "the image shows the patient"
    rf"(?:[\w'’-]+\s+){{0,4}}?{_SHOWS}\s+(?:[\w'’.-]+\s+){{0,6}}?{_SOMEONE}",
    # "the photo shows Delphine Marchetti in her bed": a name after "shows"
    rf"(?:[\w'’-]+\s+){{0,3}}?{_SHOWS}\s+{_NAMED}",
    # "a photo going around of the little girl", "a clip circulating of the lady"
    rf"(?:[\w'’-]+\s+){{1,3}}?(?:of|with)\s+{_SOMEONE}",
    # "the photo ... is of the woman", "a photo of a patient", "selfie with the patient"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?:is|was)\s+of\s+{_SOMEONE}",
    # "the photo in that thread is clearly him in the burn unit"
    rf"(?:[\w'’-]+\s+){{0,4}}?(?:is|was)\s+(?:clearly|obviously|"
    rf"definitely|totally|def|100%)?\s*{_SOMEONE}",
    rf"(?:of|with)\s+{_SOMEONE}",
    # "a selfie from her hospital bed": taken where its owner lies in care
    r"(?:[\w'’-]+\s+){0,2}?from\s+(?:his|her|their|my)\s+(?:[\w-]+\s+)?"
    r"(?:hospital\s+bed|bed|stretcher|gurney|wheelchair|hospital\s+room|icu\s+room)\b",
    # "a pic of Olamide in the hospital", "the photo of Dee on the stretcher"
    rf"(?:of|with)\s+(?-i:[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+)?)\s+{_CARE_SCENE}",
)
_PHOTO_EN = lazy(
    "|".join(
        (
            rf"\b{_MEDIA}\s+(?:{'|'.join(_AFTER_MEDIA)})",
            # "that's my brother in the picture", "it is her in the video"
            rf"\b(?:that['’]s|that is|this is|it['’]s|it is|that was|it was)\s+{_SOMEONE}\s+"
            rf"(?:in|on)\s+(?:the|that|this|your|their|his|her)\s+(?:[\w-]+\s+)?{_MEDIA}\b",
            # "my brother is in the picture", "the patient was visible in the video"
            rf"\b{_SOMEONE}\s+(?:is|was|can be|could be)\s+(?:clearly\s+)?(?:seen|visible|shown|"
            rf"pictured|recogni[sz]able|identifiable)?\s*(?:in|on)\s+(?:the|that|this|your|their|"
            rf"his|her)\s+(?:[\w-]+\s+)?{_MEDIA}\b",
            # "took a photo of her", "filmed the woman on the stretcher"
            rf"\b(?:filmed|filming|films|photographed|photographing|recorded|recording|snapped|"
            rf"videoed|videotaped|videotaping|livestreamed|livestreaming|snapchatted|streamed|"
            rf"streaming|facetimed|screenshotted)\s+{_SOMEONE}",
            # "her grandson is the boy being treated in the video"
            rf"\b{_SOMEONE}\s+(?:is|was)\s+(?:the|a)\s+\w+\s+(?:[\w'’-]+\s+){{0,3}}?(?:in|on)\s+"
            rf"(?:the|that|this|your|their)\s+(?:[\w-]+\s+)?{_MEDIA}\b",
            # "my cousin is the one in the wheelchair in that viral clip"
            rf"\bthe\s+one\s+(?:in|on|with|lying|sitting)\s+(?:[\w'’-]+\s+){{0,4}}?(?:in|on)\s+"
            rf"(?:the|that|this|your|their)\s+(?:[\w-]+\s+)?{_MEDIA}\b",
            # "in this clip it's marco on the stretcher", "in the video, that's my dad"
            rf"\b(?:in|on)\s+(?:the|that|this|your|their|his|her)\s+(?:[\w-]+\s+)?{_MEDIA}\s*,?\s+"
            rf"(?:that['’]s|that\s+is|it['’]s|it\s+is|you\s+(?:can\s+)?see)\s+"
            rf"(?:{_SOMEONE}|[\w'’-]+\s+{_CARE_SCENE})",
            # a caption: "Pictured: little Mateo ringing the bell", "Pictured: Mr. Ruiz"
            rf"\b(?:pictured|in\s+the\s+(?:photo|video))\s*:\s*(?:{_SOMEONE}|{_NAMED}|"
            rf"(?:little|baby|young)\s+(?-i:[A-Z][a-z'’-]+)\b)",
        )
    ),
    re.I,
)
# "a selfie with the patient visible in the background": only beside a photo or video.
_VISIBLE = lazy(rf"\b{_SOMEONE}\s+(?:clearly\s+)?(?:visible|pictured|recogni[sz]able)\b", re.I)
_MEDIA_ES = (
    r"(?:fotos?|fotograf[íi]as?|im[áa]gen(?:es)?|v[íi]deos?|clips?|grabaci[óo]n|selfie|"
    r"captura(?:\s+de\s+pantalla)?|transmisi[óo]n)"
)
_SOMEONE_ES = (
    r"(?:(?:la|el|al|a\s+la|del|mi|mis|tu|tus|su|sus|este|esta|ese|esa|un|una)\s+(?:[\w-]+\s+)?"
    # with their diminutives: "mi abuelita", "el niñito", "mi hermanita"
    r"(?:paciente|señora?|niñ(?:it)?[oa]|joven|muchach(?:it)?[oa]|chic(?:it)?[oa]|mujer|hombre|"
    r"beb[ée]|abuel(?:it)?[oa]|madre|padre|mam[áa]|mamita|pap[áa]|papito|hij(?:it)?[oa]|"
    r"herman(?:it)?[oa]|espos[oa]|t[íi](?:it)?[oa]|sobrin(?:it)?[oa]|niet(?:ecit|it)?[oa]|"
    r"prim(?:it)?[oa]|vecin(?:it)?[oa]|amig(?:uit)?[oa])\b"
    r"|(?-i:(?:Sr|Sra|Srta|Don|Doña)\.?\s+[A-Z][\w'’-]+))"
)
_PHOTO_ES = lazy(
    "|".join(
        (
            # "la foto de la paciente", "el video del niño"
            rf"\b{_MEDIA_ES}\s+(?:con\s+)?{_SOMEONE_ES}",
            rf"\b{_MEDIA_ES}\s+de\s+(?:[\w-]+\s+){{0,2}}?{_SOMEONE_ES}",
            # "el video de Lupita caminando en el pasillo del hospital"
            rf"\b{_MEDIA_ES}\s+(?:de|con)\s+(?-i:[A-ZÁÉÍÓÚÑ][a-záéíóúñü'’-]+)\s+(?:[\w-]+\s+){{0,2}}?"
            r"(?:en\s+(?:el|la|su)\s+(?:[\w-]+\s+)?(?:hospital|cama|camilla|pasillo|urgencias|"
            r"terapia|uci|silla\s+de\s+ruedas|ambulancia)|con\s+(?:el|la|su)\s+(?:suero|yeso|"
            r"ox[íi]geno|mascarilla|sonda|vendas?|venda))\b",
            # "en el video se ve al niño", "la foto muestra a la señora"
            rf"\b{_MEDIA_ES}\s+(?:[\w-]+\s+){{0,3}}?(?:se\s+(?:ve|ven|observa|aprecia|muestra)|"
            rf"muestra|muestran|mostraba|aparece|aparecen|sale|salen)\s+"
            # ... or their face: "se ve la cara del niño"
            rf"(?:a\s+|(?:la\s+cara|el\s+rostro|la\s+carita)\s+(?:de\s+)?)?{_SOMEONE_ES}",
            # "se ve a mi mamá en el video"
            rf"\bse\s+(?:ve|ven|observa)\s+(?:a\s+)?{_SOMEONE_ES}\s+(?:[\w-]+\s+){{0,4}}?en\s+"
            rf"(?:la|el|esa|ese|esta|este)\s+{_MEDIA_ES}\b",
            # "alguien grabó a mi mamá llorando", "le tomaron fotos al señor"
            rf"\b(?:grab[óo]|grabaron|film[óo]|filmaron|fotografi[óo]|fotografiaron|"
            rf"tom[óo]\s+(?:una\s+)?fotos?|tomaron\s+(?:una\s+)?fotos?|transmiti[óo]|"
            rf"transmitieron)\s+(?:a\s+|de\s+)?{_SOMEONE_ES}",
            # "mi hermano aparece en la foto", "es mi mamá la del video"
            rf"\b{_SOMEONE_ES}\s+(?:aparece|sale|se ve|est[áa])\s+en\s+(?:la|el|esa|ese|esta|este)\s+"
            rf"{_MEDIA_ES}\b",
        )
    ),
    re.I,
)
_MEDIA_WORD = lazy(rf"\b(?:{_MEDIA}|{_MEDIA_ES})\b", re.I)
_PHOTO_HINT = lazy(
    r"photo|picture|\bpics?\b|image|video|clip|footage|recording|selfie|snapshot|screenshot|"
    r"livestream|live stream|\breel|filmed|snapped|photographed|recorded|videoed|"
    r"snapchat|facetim|streamed|streaming|filming|recording|photographing|videotap|tiktok|"
    r"\bfotos?\b|fotograf|imagen|v[íi]deo|grabaci|captura|transmisi|grab[óo]|grabaron|"
    r"film[óo]|filmaron|transmiti",
    re.I,
)
# A clause that speaks of no one in particular or denies: "we cannot say whether...".
_GENERAL = lazy(
    r"\b(?:if|whether|any|anyone|anybody|every|everyone|no one|nobody|never|not|"
    r"cannot|can['’]t|unable|don['’]t|do not|does not|doesn['’]t|won['’]t|policy|"
    r"si|nunca|no|nadie|ning[úu]n[oa]?|cualquier|pol[íi]tica)\b",
    re.I,
)
# A request not to share names no one in general when the one shown is someone in
# particular: "pls don't share the clip of him getting carted off".
_REQUEST_NOT = lazy(r"(?i:not|don['’]t|do\s+not|never|no|nunca|won['’]t)")
_SOMEONE_PARTICULAR = lazy(r"\b(?:him|her|them|my|mi|mis)\b", re.I)


def _general(clause: str, shown: str) -> bool:
    words = [g.group() for g in _GENERAL.finditer(clause)]
    if not words:
        return False
    requests_only = all(_REQUEST_NOT.fullmatch(w) for w in words)
    return not (requests_only and _SOMEONE_PARTICULAR.search(shown))


_CLAUSE_BREAK = lazy(r"[.;!?\n]|\s[—–-]\s|\b(?:but|pero)\b")
# Anywhere in the sentence: "...and cannot confirm whether he was treated here".
_UNCONFIRMED = lazy(
    r"\b(?:whether|cannot confirm|can['’]t confirm|unable to confirm|not able to confirm|"
    r"(?:no )?podemos confirmar|si (?:es|fue|era|est[áa]) (?:o no )?(?:paciente|atendid[oa]))\b",
    re.I,
)


@functools.lru_cache(maxsize=32)
def _staff_pattern(staff: tuple[str, ...]) -> re.Pattern[str] | None:
    """The organisation's named staff: a full name, or the family name after Dr."""
    if not staff:
        return None
    full = [r"\s+".join(map(re.escape, person.split())) for person in staff]
    family = [re.escape(person.split()[-1]) for person in staff if person.split()]
    return compile_pattern(
        rf"\b(?:{'|'.join(full)}|(?:Dr|Dra|Prof)\.?\s+(?:{'|'.join(family)}))\b", re.I
    )


def _staff_shown(shown: str, org: Org) -> bool:
    """Whether the person the photo shows is one of the organisation's named staff
    ("the photo shows Dr. Anita Rao cutting the ribbon")."""
    pattern = _staff_pattern(org.staff)
    return bool(pattern and pattern.search(shown))


@functools.lru_cache(maxsize=32)
def _org_words(name: str, addresses: tuple[str, ...]) -> frozenset[str]:
    """The capitalised words of the organisation's name and addresses."""
    return frozenset(
        w.casefold() for text in (name, *addresses) for w in re.findall(r"[A-Z][a-z]+", text)
    )


def _shows_the_organisation(shown: str, org: Org) -> bool:
    words = re.findall(r"[A-Z][a-z'’-]+", shown)[-2:]
    own = _org_words(org.name, org.addresses)
    return len(words) == 2 and all(w.casefold() in own for w in words)


def photos(text: str, org: Org) -> Iterator[Finding]:
    windows: list[tuple[int, int]] = []
    for hint in _PHOTO_HINT.finditer(text):  # read only around a photo or video word
        start, end = max(0, hint.start() - 200), min(len(text), hint.end() + 200)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    for pattern in (_PHOTO_EN, _PHOTO_ES, _VISIBLE):
        for m in (m for start, end in windows for m in pattern.finditer(text, start, end)):
            if pattern is _VISIBLE and not _MEDIA_WORD.search(
                context.sentence_around(text, m.start(), m.end())
            ):
                continue
            breaks = [
                b.end() for b in _CLAUSE_BREAK.finditer(text, max(0, m.start() - 120), m.start())
            ]
            clause = text[breaks[-1] if breaks else max(0, m.start() - 120) : m.end()]
            if _general(clause, m.group()) or _staff_shown(m.group(), org):
                continue
            if _shows_the_organisation(m.group(), org):
                continue  # "the photo shows Riverside General's new wing"
            if _UNCONFIRMED.search(context.sentence_around(text, m.start(), m.end())):
                continue
            yield Finding(
                "photo",
                m.start(),
                m.end(),
                m.group(),
                "describes a photo or video that shows a person",
            )


# A photo or a video of someone the name detector found: "a photo of ferdinand in the ER",
# "el video de Lupita", "Photo: Nana Ruth and baby Cosette".
_MEDIA_OF = lazy(
    rf"\b(?:{_MEDIA}|{_MEDIA_ES})\s*(?:(?:of|with|de|del|con)\s+(?:(?:little|baby|young|my|"
    r"our|mi|nuestr[oa])\s+)?|:\s*)$",
    re.I,
)


def photos_of_names(text: str, names: Sequence[Finding]) -> Iterator[Finding]:
    """Photos and videos of a person named right after the media word."""
    for name in names:
        m = _MEDIA_OF.search(text, max(0, name.start - 40), name.start)
        if m is None:
            continue
        sentence = context.sentence_around(text, m.start(), name.end)
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, max(0, m.start() - 120), m.start())]
        clause = text[breaks[-1] if breaks else max(0, m.start() - 120) : name.end]
        if _GENERAL.search(clause) or _UNCONFIRMED.search(sentence):
            continue
        yield Finding(
            "photo",
            m.start(),
            name.end,
            text[m.start() : name.end],
            "describes a photo or video that shows a person",
        )
