"""A specific person and a fact about their care: "your aunt was moved out of intensive
care", "she's off the ventilator", "el señor del video está estable".

No list of whole phrases covers these, so the check reads each clause for two things: an
identifiable individual (a name, a pronoun, a relation such as "your aunt", or a
description such as "the man in the video") and a care, presence or condition fact
(a unit, a treatment, a test, a condition, a discharge). Both in one clause confirm that
someone is a patient. Clauses about patients as a group, policy, or conditional or
negated ones ("if a patient...", "we cannot confirm whether...") say nothing about
anyone, and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.phi.model import Finding, fold

_RELATIONS_EN = (
    r"aunt|uncle|mom|mother|mum|dad|father|husband|wife|son|daughter|brother|sister|grandma|"
    r"grandmother|grandpa|grandfather|grandson|granddaughter|baby|child|kid|partner|friend|"
    r"cousin|niece|nephew|fianc[eé]e?|boyfriend|girlfriend|neighbou?r|roommate|coworker|"
    r"stepson|stepdaughter|stepmother|stepfather|twins?|in-laws?|mother-in-law|father-in-law|"
    r"loved one|family member|relative|little one|newborn"
)
_RELATIONS_ES = (
    r"t[ií]a|t[ií]o|mam[aá]|madre|pap[aá]|padre|espos[oa]|marido|hij[oa]|herman[oa]|"
    r"abuel[oa]|niet[oa]|beb[eé]|prim[oa]|sobrin[oa]|novi[oa]|amig[oa]|pareja|suegr[oa]|"
    r"cuñad[oa]|familiar|ser querido"
)
_PEOPLE_EN = (
    r"man|woman|boy|girl|guy|gentleman|lady|person|child|kid|baby|teen|teenager|toddler|infant|"
    r"cyclist|driver|rider|motorcyclist|pedestrian|student|resident|patient|victim|newborn|"
    r"senior|veteran|officer|firefighter|worker|athlete|player"
)
_PEOPLE_ES = (
    r"señor|señora|señorita|hombre|mujer|niñ[oa]|joven|muchach[oa]|beb[eé]|paciente|chic[oa]|"
    r"ancian[oa]|adolescente|ciclista|conductor[a]?|motociclista|peat[oó]n"
)
# Someone in particular. "They" and "them" are left out: they are as often "our patients".
_INDIVIDUAL = re.compile(
    r"\b(?:he|she|him|her|his|hers|himself|herself|he['’]s|she['’]s)\b"
    rf"|\b(?:your|my|his|her|their|our)\s+(?:[\w'’-]+\s+)?(?:{_RELATIONS_EN})\b"
    r"|\b(?:mom|dad|mum|grandma|grandpa|granny|nana|pt)\b"
    rf"|\bthe\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PEOPLE_EN})\b(?!s)"
    r"|\b(?:él|ella)\b"
    rf"|\b(?:su|mi|tu|nuestr[oa])\s+(?:[\w'’-]+\s+)?(?:{_RELATIONS_ES})\b"
    rf"|\b(?:el|la|al|del)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PEOPLE_ES})\b(?!s)"
    r"|\b(?:don|doña)\s+\w"
    r"|\b(?:lo|la|le)\s+(?:atend|oper|traslad|reconoc|intern|ingres|dieron|dan|dar[aá]n|"
    r"van a dar|est[aá]n|dejaron|revisaron|pasan)"
    r"|^\s*(?:ya\s+)?(?:est[aá]|sigue)\s"  # a Spanish clause whose subject is someone unnamed
)
# A care, presence or condition fact about a person.
_CARE = re.compile(
    r"\b(?:icu|nicu|picu|intensive care|emergency (?:room|department)|er|ed|trauma bay|"
    r"step-?down|observation|isolation|recovery room|regular room|a room upstairs|upstairs|"
    r"surgery|operating room|rehab|rehabilitation|hospice|dialysis|chemo\w*|radiation|"
    r"ventilator|oxygen|intubated|sedated|sedation|conscious(?:ness)?|unconscious|coma|"
    r"stable|critical|serious condition|fair condition|good condition|"
    r"awake|asleep|resting(?: comfortably)?|recovering|on the mend|improving|"
    r"doing (?:\w+ )?(?:better|well|fine|great)|out of (?:surgery|danger|the woods|isolation)|"
    r"blood pressure|fever|pain|cultures?|scans?|x-?rays?|mri|ct scan|biops(?:y|ies)|labs|"
    r"(?:test )?results|diagnos\w+|prognosis|stitches|fracture|concussion|burns?|wound|"
    r"smoke inhalation|feeding|dressing changes?|transfusion|medication|meds|an? iv|drip|"
    r"admitted|discharged|released|transferred|moved (?:to|out|up|down)|sent home|"
    r"going home|go home|home tomorrow|back on (?:her|his) feet|last days|passed away|"
    r"treated|seen by|visits?|came back|been back|frequent patient|waiting for a bed|"
    r"against medical advice|hospitali[sz]ed|one more night|overnight|stabili[sz]ed|"
    r"gave birth|delivered|c-section|in labou?r|operated|procedure|waited|hallway|"
    r"went home|checked on (?:her|him)|our (?:\w+ )?patient|respirator|ambulance|paramedics|"
    r"brought in|came in|triage|stretcher|gurney|wheelchair|crutches|sling|a cast|antibiotics|"
    r"morphine|painkillers|pain meds|life support|breathing tube|palliative|comfort care|"
    r"bedside|bloodwork|blood work|ultrasound|physical therapy|airlifted|life-flighted|"
    r"medevac|visitors|checked in|checked out|in recovery|"
    r"(?:his|her|their) (?:care|condition|treatment|recovery|health|progress|stay|injuries|"
    r"surgeon|doctors?|nurses?))\b"
    r"|\b(?:estable|despiert[oa]|sedad[oa]|intubad[oa]|internad[oa]|hospitalizad[oa]|"
    r"ingresad[oa]|ingres[oó]|observaci[oó]n|cuidados intensivos|terapia intensiva|urgencias|"
    r"emergencias|cirug[ií]a|operaci[oó]n|operaron|dad[oa] de alta|de alta|trasladad[oa]|"
    r"atendimos|atendieron|atendid[oa]|resultados|ox[ií]geno|fuera de peligro|"
    r"recuper[aá]ndose|se recupera|recuperaci[oó]n|grave|delicad[oa]|suero|camilla|"
    r"habitaci[oó]n|cama|paciente nuestr[oa]|fue paciente|herida|fractura|dolor|"
    r"rehabilitaci[oó]n|visitas|respirador|pasillo|sala de recuperaci[oó]n|esper[oó]|"
    r"dar[aá]n de alta|falleci[oó]|muri[oó]|en casa recuper\w+|ambulancia|trajeron|"
    r"silla de ruedas|yeso|puntos|antibi[oó]ticos|quir[oó]fano|cirujan[oa]|consciente|"
    r"inconsciente|coma|cr[ií]tic[oa]|mejor|mejorando|uci|an[aá]lisis|tomograf[ií]a|"
    r"radiograf[ií]a|resonancia|ultrasonido|internaron|ingresaron|revisaron|"
    r"su (?:atenci[oó]n|estado|tratamiento|recuperaci[oó]n|salud|cirug[ií]a|estancia))\b"
)
# Saying that nothing is said: "we cannot confirm whether...", "no podemos confirmar si...".
_REFUSAL = re.compile(
    r"\b(?:cannot|can['’]t|can not|unable to|not able to|won['’]t|will not|do not|don['’]t|"
    r"does not|doesn['’]t|never|neither|not appropriate|not our practice|no podemos|no vamos a|"
    r"no compartimos|no hacemos|no confirmamos|nunca)\b[^.;!?]{0,60}?\b(?:confirm|deny|share|"
    r"discuss|comment|say|release|disclose|confirmar|negar|compartir|comentar|hablar|decir|"
    r"comentarios|compartimos|confirmamos)"
)
_EXCEPT = re.compile(r"\b(?:except|other than|aside from|beyond saying|excepto|salvo)\b")
# Patients as a group, or no one in particular: a pronoun or "the patient" there is generic.
_GROUP = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|no one|nobody|patients|people|"
    r"(?:a|an|each|any|every)\s+(?:[\w'’-]+\s+)?(?:patient|person|individual|family member)|"
    r"families|those who|cualquier|cualquiera|alguien|nadie|pacientes|personas|familias|"
    r"quien|quienes)\b"
)
# A condition: only what follows it (after the comma) is said of anyone.
_CONDITION = re.compile(r"^\s*(?:if|should|whether|in case|unless|when|si|cuando|en caso de)\b")
_WEAK = re.compile(
    r"^(?:he|she|him|her|his|hers|himself|herself|he['’]s|she['’]s|él|ella|the\s+(?:[\w'’-]+\s+){0,2}?(?:patient|person|individual))$"
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|\s[—–-]\s|\b(?:but|pero)\b|:")


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """The spans of a text's clauses."""
    start = 0
    for m in _CLAUSE_BREAK.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def individual_care(text: str, names: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    """A care fact in a clause that is about someone in particular (`names`: the spans of
    names found in the text, which count as someone)."""
    low = fold(text)
    for start, end in clauses(low):
        clause = low[start:end]
        refusal = _REFUSAL.search(clause)
        if refusal and not _EXCEPT.search(clause, refusal.end()):
            continue
        if _CONDITION.match(clause):  # "if he keeps improving, he can go home tomorrow"
            comma = clause.find(",")
            if comma < 0:
                continue
            start, clause = start + comma + 1, clause[comma + 1 :]
        fact = _CARE.search(clause)
        if fact is None or not _about_someone(clause, start, end, names):
            continue
        at, to = start + fact.start(), start + fact.end()
        yield Finding(
            "patient_status",
            at,
            to,
            text[at:to],
            "tells something about a specific person's care or condition (confirms a patient)",
        )


def _about_someone(clause: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> bool:
    """A name, a relation or a description of someone; a bare pronoun or "the patient"
    only where the clause is not about people in general."""
    if any(start <= s < end for s, _ in names):
        return True
    found = [m.group() for m in _INDIVIDUAL.finditer(clause)]
    if any(not _WEAK.match(f) for f in found):
        return True
    return bool(found) and _GROUP.search(clause) is None
