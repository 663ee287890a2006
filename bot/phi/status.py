"""Patient-status language: words that confirm someone is or was our patient.

"It was a pleasure caring for you", "your stay", "was treated", "good to see you back at
the hospital", "your mother is recovering": no PII library detects these, and each one
discloses PHI on its own. General statements pass ("We cannot confirm whether someone is
a patient", "If you have concerns about care you received, ..."): a phrase is not
reported when its clause is conditional, negated or about no one in particular.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.phi import care, compiled, hospital, names
from bot.phi.model import Finding, Org, fold

_PERSON = r"(?:you|him|her|them|your\s+[\w-]+|his\s+[\w-]+|her\s+[\w-]+|their\s+[\w-]+)"
_CARE_PLACE = (
    r"(?:hospital|clinic|er|ed|emergency (?:room|department)|unit|icu|nicu|picu|ward|floor|"
    r"office|center|centre|trauma (?:bay|center|unit)|burn unit|care|hospice|rehab)"
)
_CARE_TEAM = r"(?:[\w-]+\s+){0,2}(?:team|doctors?|nurses?|staff|physicians?|surgeons?|specialists?|unit|providers?)"
_EPISODE = (
    r"(?:stay|visit|hospital stay|hospitalization|hospitalisation|admission|discharge|"
    r"appointment|procedure|surgery|operation|treatment|test results|results|labs|lab work|"
    r"scans?|x-rays?|mris?|ct scans?|biops(?:y|ies)|tests|diagnosis|prognosis|recovery|rehab|rehabilitation|"
    r"therapy|chemo|chemotherapy|radiation|dialysis|transplant|delivery|c-section|labor|"
    r"follow-up|followup|check-up|checkup|care team|discharge instructions|er visit|ed visit|"
    r"emergency visit|bill|billing|medical bills?|[\w-]+ replacement|[\w-]+ surgery|"
    r"[\w-]+ sessions?|time (?:with us|here|in (?:our|the) [\w-]+)|experience (?:in|at|with) "
    rf"(?:our|the) {_CARE_PLACE})"
)
# "her recent knee surgery", not "her research on chemotherapy".
_POSSESSOR = (
    r"(?:your|his|her|their|my)\s+(?:[\w-]+['’]s\s+)?"
    r"(?:(?!(?:on|of|in|about|for|with|at|to|and|or|the|a|an|into|from)\s)[\w-]+\s+){0,2}?"
)
_ASSUMED_VERBS = (
    r"treated|admitted|discharged|hospitali[sz]ed|intubated|stabili[sz]ed|resuscitated|"
    r"operated on|diagnosed|cared for|readmitted|sedated|triaged"
)
_PLACED_VERBS = (
    r"taken|brought|rushed|transported|transferred|airlifted|air-lifted|flown|seen|released|sent|"
    r"delivered|evaluated|examined|checked|treated|admitted|discharged"
)
# Another hospital named in full: "was taken to Mercy General Hospital".
_NAMED_HOSPITAL = r"(?:[a-z][\w'’-]+\s+){1,3}(?:hospital|medical center|clinic|health)"

_PHRASES: tuple[tuple[str, str], ...] = (
    (
        r"\b(?:(?:cared|caring) for|(?:looked|looking) after|(?:taken|taking|took) (?:\w+ )?care of|"
        r"(?:pleasure|privilege|honou?r(?:ed)?|joy|glad|happy|proud|grateful|lucky) (?:to|of) (?:care for|caring for|look after|"
        rf"looking after|take care of|taking care of)) {_PERSON}\b",
        "says we cared for someone",
    ),
    (
        rf"\b(?:treat(?:ed|ing)|nurs(?:ed|ing)|operat(?:ed|ing) on|implant(?:ed)? in|admit(?:ted)?|"
        rf"discharg(?:ed|ing)|diagnos(?:ed|ing)|deliver(?:ed|ing) (?:your|her|their) baby) {_PERSON}\b",
        "says we treated someone",
    ),
    (
        rf"\b(?:was|were|is|are|been|being|got|gets|getting|['’]s|['’]re)\s+(?:\w+ly\s+|both\s+|all\s+)?(?:{_ASSUMED_VERBS})\b",
        "says someone was treated here",
    ),
    (
        rf"\b(?:was|were|is|are|been|being|got|['’]s|['’]re)\s+(?:\w+ly\s+)?(?:{_PLACED_VERBS})\s+"
        rf"(?:(?:to|into|from|in|at|by|through)\s+(?:(?:our|the|a)\s+(?:[\w-]+\s+){{0,3}}?(?:{_CARE_PLACE}|{_CARE_TEAM})|{_NAMED_HOSPITAL})|home)\b",
        "says someone was brought to or seen at the hospital",
    ),
    (
        r"\b(?:in|listed in|remains? in|upgraded to|downgraded to)\s+(?:stable|critical|serious|"
        r"fair|good|satisfactory|guarded|grave)(?:\s+but\s+\w+)?\s+condition\b",
        "gives someone's condition",
    ),
    (
        r"\b(?:is|are|was|were|['’]s|['’]re)\s+(?:now\s+|still\s+|slowly\s+|already\s+|currently\s+)?(?:recovering|"
        r"resting comfortably|on the mend|expected to (?:recover|make a full recovery)|"
        r"out of surgery|in surgery|in recovery|home (?:after|from)|"
        r"doing (?:well|great|better|fine)(?!\s+(?:work|job|things)))\b",
        "describes someone's recovery",
    ),
    (
        rf"\b{_POSSESSOR}(?:recent\s+|last\s+|upcoming\s+|first\s+|latest\s+|next\s+)?{_EPISODE}\b",
        "refers to someone's care here",
    ),
    (r"\bbirth of (?:your|his|her|their)\b", "refers to someone's care here"),
    (
        rf"\b(?:see|seeing|saw)\s+you\s+(?:back\s+)?(?:here|(?:at|in)\s+(?:our|the)\s+{_CARE_PLACE})\b",
        "says someone was at the hospital",
    ),
    (
        r"\b(?:while|when|since|after|before)\s+(?:you|he|she|they)\s+(?:were|was|are|is)\s+"
        rf"(?:here|with us|in our|at our|admitted|hospitali[sz]ed|in the {_CARE_PLACE})",
        "says someone was at the hospital",
    ),
    (
        r"\b(?:surgery|procedure|operation|delivery|transplant|replacement|treatment|birth|bypass|"
        r"repair|implant|\w+ectomy|\w+otomy|\w+plasty|\w+scopy)\s+"
        r"(?:with us\s+|here\s+)?went\s+(?:well|smoothly|great|fine|perfectly)\b",
        "says someone had care here",
    ),
    (
        rf"\b(?:is|are|was|were|both|now|all|became)\s+(?:our\s+)?(?:a\s+)?(?:in)?patients?\s+(?:here|of ours|with us|at (?:our|the) {_CARE_PLACE}|in our {_CARE_PLACE})",
        "says someone is a patient",
    ),
    (
        r"\b(?:the|our|this|that)\s+patient\s+(?!(?:portal|relations|experience|safety|advocate|"
        r"rights|privacy|family|families|services|navigator|information|support|care|satisfaction)\b)"
        r"(?:[\w’']+\s+){0,3}?(?:is|was|has|had|remains|died|passed)\b"
        # what any patient has or must do: "the patient has the right to..."
        r"(?!\s+(?:the\s+|a\s+)?rights?\b|\s+(?:entitled|responsible|expected|encouraged|"
        r"asked|required|free|welcome)\b)",
        "says someone is a patient",
    ),
    (
        r"\b(?:on|is|are|was|were|be|been)\s+(?:going|gone|sent|discharged|headed|heading|back)\s+home\b",
        "says someone left the hospital",
    ),
    (
        r"\bour\s+(?:whole\s+|entire\s+)?(?:unit|team|nurses|staff|floor|ward|nicu|icu)\s+"
        r"(?:will|is going to|are going to)\s+miss\s+you\b",
        "says someone was in our care",
    ),
    (
        r"\btrust(?:ed|ing)?\s+(?:us|our\s+[\w-]+(?:\s+[\w-]+)?)\s+with\s+(?:the\s+)?(?:care|birth|delivery|treatment|surgery)",
        "says someone had care here",
    ),
    (
        r"\b(?:was|were)\s+in\s+(?:great|good|safe|the best|excellent|caring)\s+hands\b",
        "says someone was in our care",
    ),
    (
        rf"\b(?:remains?|remained|stays?|stayed|staying|is|are|was|were)\s+(?:still\s+)?"
        r"(?:(?:stable|critical|comfortable|resting|recovering|sedated)\s+)?"
        rf"(?:in|at)\s+our\s+(?:[\w-]+\s+){{0,2}}{_CARE_PLACE}\b",
        "says someone is at the hospital",
    ),
    (
        rf"\b(?:died|passed away|passed|was born|were born|gave birth|delivered)\s+(?:\w+ly\s+)?(?:here|(?:at|in)\s+our\s+(?:[\w-]+\s+)?{_CARE_PLACE})",
        "says someone was at the hospital",
    ),
    (r"\b(?:care|treatment)\s+you\s+(?:received|got|had)\b", "refers to someone's care here"),
    (
        r"\b(?:reviewed|checked|pulled|accessed|looked (?:at|into)|read)\s+(?:your|his|her|their)\s+(?:chart|records?|file|case|medical)",
        "says we looked at someone's records",
    ),
    (r"\bfelt cared for\b", "says we cared for someone"),
    (
        r"\bpart of (?:your|his|her|their) (?:[\w-]+\s+)?(?:recovery|care|journey|treatment|healing)\b",
        "says we cared for someone",
    ),
    (
        r"\b(?:surgery|procedure|operation|delivery|transplant|scan|tests?|c-section)\s+"
        r"(?:that\s+)?we\s+(?:did|performed|ran|had|scheduled)\b",
        "says someone had care here",
    ),
    (
        rf"\b(?:having|had)\s+{_PERSON}\s+(?:with us|here)\b",
        "says someone was at the hospital",
    ),
    (
        r"\b(?:been|was|were|is|are|'s|’s|stayed|staying)\s+with us\s+(?:in|at|on|for|since)\b",
        "says someone is at the hospital",
    ),
    (
        r"\b(?:you|he|she|they|your\s+\w+|his\s+\w+|her\s+\w+)\s+(?:came|arrived|walked|went|"
        rf"were brought|was brought|got here)\s+(?:in\s*)?(?:to|into|at)\s+(?:our|the)\s+{_CARE_PLACE}\b",
        "says someone was at the hospital",
    ),
    (
        rf"\b(?:had to wait|waited)\s+(?:[\w-]+\s+){{0,3}}?(?:in|at)\s+(?:our|the)\s+{_CARE_PLACE}\b",
        "says someone was at the hospital",
    ),
    (
        r"\blet\s+your\s+(?:nurses?|doctors?|care team|surgeon|physician|team)\s+know\b",
        "says someone is in our care",
    ),
    (
        r"\b(?:loved|enjoyed|missed)\s+(?:meeting|caring for|working with|having|getting to know|"
        r"seeing)\s+(?:you|your|him|her|them)\b",
        "says someone was in our care",
    ),
    (
        r"\b(?:received|got|had|underwent|undergoing|undergone)\s+(?:\w+\s+){0,2}?(?:care|treatment|"
        r"surgery|procedure|operation|chemo\w*|therapy|stitches|x-rays?|scans?)\s+(?:in|at|from|with|here)\b",
        "says someone had care here",
    ),
    (
        r"\b(?:we|our\s+(?:[\w-]+\s+)?(?:team|doctors|nurses|staff|surgeons|unit|er|ed|icu))\s+(?:\w+ly\s+)?"
        r"(?:treated|admitted|discharged|cared for|operated on|stabili[sz]ed|resuscitated|"
        r"delivered|implanted|diagnosed|transferred)\s+(?:the|a|an|two|three|four|five|both|several|his|her|their)\b",
        "says we treated someone",
    ),
    (
        r"\b(?:since|after)\s+(?:leaving|being discharged from|going home from)\s+(?:the|our)\s+"
        + _CARE_PLACE,
        "says someone was at the hospital",
    ),
    (
        r"\b(?:you|he|she|they)(?:'re|’re|'s|’s| are| is)\s+(?:back\s+|now\s+|finally\s+)?home\b",
        "says someone left the hospital",
    ),
    (
        r"\b(?:feeling|doing|recovering)\s+(?:\w+\s+)?(?:better|well|great|stronger)\s+(?:after|since|following)\s+"
        r"(?:the|your|his|her|their)\b",
        "describes someone's recovery",
    ),
    (
        r"\b(?:keep|keeps|keeping|kept|hold|holds|holding|held)\s+(?:you|him|her|them)\s+(?:another|"
        r"one more|an extra|overnight|for (?:observation|another|one more|a few))\b",
        "says someone is at the hospital",
    ),
    (
        r"\b(?:kept|keeping|held|staying)\s+(?:\w+\s+)?(?:overnight|for observation)\b",
        "says someone is at the hospital",
    ),
    (
        rf"\b(?:having|had|have)\s+{_PERSON}\s+(?:on|in|at|with)\s+(?:our|the)\s+(?:[\w-]+\s+)?{_CARE_PLACE}\b",
        "says someone was at the hospital",
    ),
    (
        r"\bhelp(?:ed|ing)?\s+(?:you|him|her|them|your\s+\w+)\s+(?:through|during|with)\s+(?:your\s+|his\s+|her\s+|the\s+)?"
        r"(?:[\w-]+\s+)?(?:labou?r|delivery|recovery|surgery|treatment|rehab|stay|birth|chemo\w*|illness|injur\w+)",
        "says we cared for someone",
    ),
    (
        r"\b(?:wait|care|treatment|experience|time|stay)\s+you\s+(?:had|experienced|received|spent|got)\s+(?:in|at|with)\s+(?:our|the|us)\b",
        "refers to someone's care here",
    ),
    (
        rf"\bremember(?:s|ed)?\s+{_PERSON}\s+from\s+(?:the|our)\s+(?:[\w-]+\s+)?{_CARE_PLACE}",
        "says someone was at the hospital",
    ),
    (
        r"\b(?:you|he|she|they|your\s+\w+|his\s+\w+|her\s+\w+)\s+(?:was|were|is|are|'re|'s|’re|’s)\s+"
        r"(?:such\s+|one of our\s+|our\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?patients?\b"
        r"(?!\s+(?:advocate|experience|relations|safety|portal|rights|privacy|navigator|services|information|liaison))",
        "says someone is a patient",
    ),
)
# Matched against the lower-cased text: much faster than re.IGNORECASE on a long alternation.
# One pattern for every phrase; the named group that matched gives the reason.
_PATTERN = compiled.compile("|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(_PHRASES)))
_REASONS = {f"p{i}": reason for i, (_, reason) in enumerate(_PHRASES)}
# Words that make a clause general, conditional or negative: no one in particular.
_GENERAL = compiled.compile(
    r"\b(?:if|whether|any|anyone|anybody|someone|somebody|every|everyone|no one|nobody|"
    r"whoever|whomever|those|quien|quienes|"
    r"cannot|can['’]t|can not|cant|unable|not able|do not|don['’]t|does not|doesn['’]t|won['’]t|never|"
    r"neither|deny|policy|patients who|people who|those who|anyone who|should you|in case|"
    r"not in a position|declined to|declines to|refused to)\b",
)
_GENERIC_SUBJECT = compiled.compile(
    r"\b(?:patients|people|visitors|adults|children|individuals|others|families|"
    r"a\s+handful|some|several|many|most|dozens|hundreds|thousands|few|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|all|none|half|rest)\s+of\s+(?:the|those|these)\s+\w+|"
    r"(?:a|an|any|each|every)\s+"
    r"(?:[\w'’-]+\s+)?(?:patient|person|individual|child|adult|man|woman|baby|family\s+member|"
    r"loved\s+one|visitor|parent|newborn|teen|teenager))\b"
    r"(?:\s+[\w’']+){0,8}\s+$"
)
# People counted, in a report of what happened elsewhere: "twelve residents were hospitalized
# with carbon monoxide poisoning" (but "two victims are being treated here" are ours).
_COUNTED_SUBJECT = compiled.compile(
    r"(?<!the\s)(?<!these\s)(?<!those\s)(?<!both\s)(?<!our\s)(?<!my\s)"
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|dozens|scores)\s+(?:[\w'’-]+\s+)?[\w'’-]+(?<=[^s]s)\b(?:\s+[\w’']+){0,8}\s+$"
)
_HERE = compiled.compile(r"\b(?:here|with us|at our|in our|to our|at riverside|our hospital)\b")
_PATIENT_BEFORE = compiled.compile(r"\b(?:patient|pt|paciente)\s+$")
_CLAUSE_BREAK = compiled.compile(r"[.;!?\n]|\s[—–-]\s|\bbut\b")
# Generic uses: "Caring for you is what we do", "Plan your visit", "view your results".
_SLOGAN_AFTER = compiled.compile(r"\s+(?:is|means|has been|has always been|matters)\b")
_INSTRUCTION_BEFORE = compiled.compile(
    r"\b(?:plan|planning|prepare for|preparing for|ahead of|schedule|book|booking|request|"
    r"requesting|access|view|check|pay|paying|manage)\s+$|^\s*(?:before|during|after|for)\s+$"
)
# A request to the reader, in which "your" is anyone's.
_REQUEST = compiled.compile(
    # ... also after a comma or a label: "FYI the tubes are down, walk your labs over",
    # "Pharmacist tip: bring all your pill bottles"
    r"\bplease\b|(?:^|[,:])\s*(?:bring|call|remember|make\s+sure|be\s+sure|don['’]t\s+forget|"
    r"arrive|fill\s+out|complete|sign|show|ask|check|visit|contact|keep|take|review|update|"
    r"log\s+in|download|print|walk|send|drop\s+off|carry|hand|grab|write|list|save|confirm|"
    r"reschedule|cancel|tell)\b"
)
# "Our ER treated more than 60,000 patients last year" is a count, not a person.
_COUNT_AFTER = compiled.compile(
    r"\s+(?:more than|over|about|nearly|almost|approximately|hundreds|thousands|dozens|"
    r"\d{1,3}(?:,\d{3})+|\d{3,})"
)


# The writer or the team in the operating room or recovery is at work: "I was in surgery
# all day", "we're in recovery with the last case" (their own care is told otherwise: "I
# had surgery", "I was admitted").
_AT_WORK = compiled.compile(r"\b(?:i|we)\s+$")
_WORK_PLACE = compiled.compile(
    r"(?:was|were|is|are|['’]s|['’]re)\s+(?:\w+\s+)?(?:in|out\s+of)\s+(?:surgery|recovery)\b"
)


def _clause_before(text: str, start: int) -> str:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 200), start)]
    return text[breaks[-1] if breaks else max(0, start - 200) : start]


def patient_status(text: str, org: Org) -> Iterator[Finding]:
    # The organisation's staff, named publicly or with a title or role, are no patients.
    staff = org.own_spans(text)
    named = []
    found = names.found_names(text, org)
    places = [(f.start, f.end) for f in found if care.place_named(text, f.start)]
    for f in found:
        if any(start < f.end and f.start < end for start, end in places):
            continue  # "transferred to Beth Israel": a place
        if any(start <= f.start and f.end <= end for start, end in staff):
            continue
        if care.staff(text, f.start, f.end):
            staff.append((f.start, f.end))
        else:
            named.append((f.start, f.end))
    yield from _phrases(text, staff)
    low = fold(text)
    for start, end in named:  # "the complaint names patient Hollis Brandt"
        if _PATIENT_BEFORE.search(low, max(0, start - 20), start):
            yield Finding(
                "patient_status",
                start,
                end,
                text[start:end],
                "names someone as a patient (confirms a patient)",
            )
    yield from care.individual_care(text, named, staff, _own_names(text, org))
    for room in hospital.found_rooms(text, org):  # a person placed in a room or bed is there
        yield Finding(
            "patient_status",
            room.start,
            room.end,
            room.text,
            "places a specific person in the hospital (confirms a patient)",
        )


def _staff_subject(low: str, clause: int, start: int, staff: Sequence[tuple[int, int]]) -> bool:
    """Whether the phrase at `start` is said of one of the staff: a staff name before it
    in its clause with no other person between."""
    ends = [end for _, end in staff if clause < end <= start]
    if not ends:
        return False
    between = low[max(ends) : start]
    return not (care.weak_someone(between) or care.someone(between))


def _own_names(text: str, org: Org) -> list[tuple[int, int]]:
    """Where the organisation is named by its leading distinctive word(s), "Riverside" or
    "Riverside General": a place of care when someone is at it."""
    words = org.name.split()
    if not words or words[0].casefold() in {"the", "hospital", "medical", "general", "center"}:
        return []
    pattern = compiled.compile(
        r"\b" + r"(?:\s+".join(re.escape(w) for w in words) + ")?" * (len(words) - 1) + r"\b",
        re.I,
    )
    return [m.span() for m in pattern.finditer(text)]


def _phrases(text: str, staff: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    low = fold(text)
    for m in _PATTERN.finditer(low):
        start, end = m.span()
        before = _clause_before(low, start)
        if _staff_subject(low, start - len(before), start, staff):
            continue  # "Dr. Okoye is in surgery all afternoon": at work
        after = _CLAUSE_BREAK.search(low, end)
        if care.denied(low[start - len(before) : after.start() if after else len(low)]):
            continue  # "the claim that she died here is false"
        if _GENERAL.search(before) or _GENERAL.match(m.group()) or care.unknown(before):
            continue
        if _GENERIC_SUBJECT.search(before) or _COUNT_AFTER.match(low, end):
            continue
        if _COUNTED_SUBJECT.search(before) and not _HERE.search(
            low, start, after.start() if after else len(low)
        ):
            continue
        if _INSTRUCTION_BEFORE.search(before):
            continue
        if _AT_WORK.search(before) and _WORK_PLACE.match(m.group()):
            continue  # "I was in surgery all day": at work
        if m.group().startswith("your") and _REQUEST.search(before):
            continue  # "Please bring your card to your first appointment" is to anyone
        if m.group().startswith(("cari", "care")) and _SLOGAN_AFTER.match(low, end):
            continue
        reason = _REASONS.get(m.lastgroup or "", "says someone is our patient")
        yield Finding(
            "patient_status", start, end, text[start:end], f"{reason} (confirms a patient)"
        )
