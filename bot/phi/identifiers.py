"""Numbers that identify a person or their things: SSNs, record and account numbers,
licences and certificates, vehicles and devices.

No library knows these: they are recognised by their shape (SSN, VIN, MAC, IMEI) or by
the label in front of them ("MRN", "member ID", "plate", "serial number"), in English or
Spanish ("número de expediente", "n.º de afiliado"). A number read out digit by digit
("four four seven one...", "cinco cinco, uno cero...") counts as the number it spells.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from bot.phi import context
from bot.phi.model import Finding, Org, finditer_near_digits, lazy

# A code: starts with a letter, digit or '#', has at least two digits in it; its parts may
# be joined by hyphens or slashes ("A-88/231").
_CODE = r"#?(?=[A-Z0-9/-]*\d[A-Z0-9/-]*\d)[A-Z0-9](?:[A-Z0-9]|[-/](?=[A-Z0-9])){2,24}"
# A number printed in groups: "8842 1177 03", "0093 3382", "BCB 552 004 731".
_SPACED_CODE = r"(?-i:[A-Z]{1,4} )?\d{2,6}(?: \d{2,6}){1,4}(?![\w/-])"
# What may stand between a label and its code, in English or Spanish.
_FILLER = (
    r"(?:\s*(?:number|numbers|no\.?|nos\.?|num\.?|#|id|ids|identifier|code|is|was|are|were|"
    r"reads|reading|of|ending|ends|in|with|=|:|-|,|says|said|shows|dice|dec[íi]a|pone|muestra|"
    r"n[úu]mero|n[úu]m\.?|nro\.?|n\.?\s?[º°]\.?|n\.\s?o\.?|de|del|es|era|el|la|termina en)(?![A-Z0-9]))*\s*"
)

_SSN_LABEL = r"ssn|ss#|social security(?: card)?|seguro social"
_SSN = lazy(
    r"(?<![\d-])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|[x*]{3}-[x*]{2}-\d{4})(?![\d-])"
    rf"|\b(?:{_SSN_LABEL})" + _FILLER + r"(?:\d[\d -]{2,10}\d)",
    re.I,
)
# Nine digits in a row, alone: how an SSN is typed into a form. Not a longer number, not
# money ("$412500000"), not a decimal, and not an impossible SSN (000, 666, 9xx areas).
_BARE_SSN = lazy(
    r"(?<![\d$€£.,/#-])(?!000|666|9)\d{3}(?!00)\d{2}(?!0000)\d{4}(?![\d/-]|[.,]\d)"
    r"(?!\s*(?:dollars?|d[óo]lares|usd|pesos|cents?|%|percent|por ciento))",
    re.I,
)
# Nine digits after these are that thing's number, not an SSN.
_OTHER_NUMBER = lazy(
    r"\b(?:routing|tracking|order|ticket|invoice|transaction|confirmation|model|part|serial|"
    r"flight|grant|award|contract|tax|ein|pedido|rastreo|orden|factura|contrato)\s+(?:number\s+|no\.?\s*|#\s*|n[úu]mero\s+)?$",
    re.I,
)

_ID_LABEL = (
    r"medical record|incident(?: report)?|review|sop|procedure|procedimiento|protocol|enc|"
    r"protocolo|memo|directive|press release|news release|comunicado|pol[íi]tica|med(?:ical)? rec(?:ord)?|mrn|mr(?=\s*#)|chart|patient|account|acct\.?|billing|invoice|"
    r"health ?plan|plan|member(?:ship)?|subscriber|policy ?holder(?: id)?|policy|group|insurance|insurance card|"
    r"beneficiary|medicare|medicaid|claim|case|encounter|visit|admission|registration|"
    r"license|licence|driver'?s'? licen[cs]e|dl|certificate|cert\.?|birth certificate|"
    r"death certificate|badge|employee|npi|dea|passport|student|record|enrollment|"
    r"confirmation|reference|ref\.?|voucher|prescription|rx|"
    # a tenancy and an ambulance call: "Lease #555-8812", "incident run #555-7781"
    r"lease|tenancy|(?:incident|ems|ambulance|call|trip)\s+run|run\s+(?:report|sheet)|pcr|"
    # Spanish: "número de expediente", "n.º de afiliado", "número de cuenta", "póliza"
    # health plans and insurers named before "ID" or "number": "MassHealth ID", "Aetna #"
    r"masshealth|tricare|chip|bcbs|blue cross(?: blue shield)?|aetna|cigna|humana|"
    r"united ?healthcare|tufts|harvard pilgrim|anthem|kaiser|molina|ambetter|wellcare|"
    r"folio(?: de (?:admisi[óo]n|ingreso|atenci[óo]n|paciente))?|"
    r"expediente(?: cl[íi]nico| m[ée]dico)?|historia cl[íi]nica|historial m[ée]dico|historial|cuenta|afiliad[oa]|miembro|"
    r"socio|p[óo]liza|reclamaci[óo]n|reclamo|caso|paciente|registro|licencia(?: de conducir)?|"
    r"pasaporte|c[ée]dula|beneficiari[oa]|asegurad[oa]|factura|seguro m[ée]dico|seguro|"
    # a member's card: "credencial 555-34-7712", "carnet de afiliado", "tarjeta sanitaria"
    r"credencial|carn[ée]t|tarjeta(?: sanitaria| de seguro| del seguro)?"
)
# A label, in the singular or the plural ("accounts 555-20187 and 555-20188").
_ID = lazy(
    rf"\b({_ID_LABEL})(?:s|es)?(?![a-záéíóúñ])" + _FILLER + rf"({_SPACED_CODE}|{_CODE})", re.I
)
# Labels that name nothing but an identifier; after the others a short number may be a count.
_STRONG = lazy(
    r"mrn|mr|medical|med|chart|acct|member|subscriber|policy|licen|dl|cert|npi|dea|passport|"
    r"badge|expediente|historia|afiliad|miembro|p[óo]liza|pasaporte|c[ée]dula|folio|"
    r"masshealth|medicaid|medicare|tricare",
    re.I,
)
# "Policy ADM-2231", "policy 7.12": one of the organisation's own policies, named by its
# code. An insurance policy's number is written "policy number ...", or near its insurer.
# The organisation's own documents and filings, named by their code: "Policy ADM-2231",
# "case number CR-2025-0088", "incident report IR-114", "el caso CR-2025-0088". A person's case is said
# to be theirs ("her case number", "the family's complaint case", "su caso"). A filing's
# confirmation or a platform's ticket ("HHS portal confirmation 2027-0042") is ours too.
_DOCUMENT = lazy(
    r"(?:policy|case|caso|incident(?:\s+report)?|review|sop|procedure|procedimiento|"
    r"protocol|protocolo|memo|directive|press\s+release|news\s+release|release|comunicado|"
    r"pol[íi]tica|confirmation|confirmaci[óo]n|submission|filing|ticket|tracking|"
    r"reference|ref\.?|referencia|bulletin|circular|notice|aviso)",
    re.I,
)
# A document's code with its year: "PR-2025-022", "INF-2024-118", "CLN-2023-450".
_YEAR_CODE = lazy(r"#?[A-Z]{2,6}-(?:19|20)\d\d-\d{1,5}", re.I)
_SOMEONES_BEFORE = lazy(
    r"(?:\b(?:her|his|their|my|your|su|sus|mi|mis|tu|tus|him|them|patient|paciente)|['’]s?)"
    r"(?:\s+[\w-]+){0,2}\s*$",
    re.I,
)
_INSURANCE = lazy(
    r"\b(?:insurance|insurer|insured|coverage|carrier|premium|claim|member|subscriber|"
    r"seguro|aseguradora)\b",
    re.I,
)
# "The certificate number on the death certificate photo is 2026-MA-004417."
_FAR = r"(?:\s+[^\W\d_][\w'’-]*){1,6}?(?:\s+(?:is|was|reads|es|era)|\s*:)\s+"
_ID_FAR = lazy(
    rf"\b({_ID_LABEL})(?![a-z])\s+(?:number|no\.?|#|id){_FAR}({_CODE})"
    # "the MRN she gave was 0044-1187-2": a label that names nothing but a record number
    rf"|\b(mrn|mr#|medical record|chart|member id|subscriber id|expediente|afiliad[oa]|"
    rf"n[úu]mero\s+de\s+(?:miembro|socio|p[óo]liza|cuenta|seguro))"
    rf"(?![a-z])(?:\s+[^\W\d_][\w'’-]*){{1,5}}?(?:\s+(?:is|was|reads|es|era)|\s*:)\s+({_CODE})",
    re.I,
)
# The numbers of billing and records systems, printed with their prefix: "CLM-2025-017-44".
_ID_PREFIXED = lazy(
    r"\b(?:MRN|ACCT|MBR|PT|ID|CLM|ENC|FIN|INV)[-#:]?\d[\d-]{3,}\d\b"
    # hospital systems' numbers by their short names: "FIN 5552231009", "CSN: 555221"
    r"|\b(?:FIN|CSN|HAR|EPI|MR|PID|EMPI)\s*(?:#|no\.?|:)?\s*(\d{5,12})\b"
)
# A label just before a number spelled out in words ("medical record number is four...").
_LABEL_BEFORE = lazy(rf"\b({_ID_LABEL})(?![a-záéíóúñ])" + _FILLER + "$", re.I)
# "Member ID on the card she posted is 512883104": a record number, said further on.
_LABEL_FAR_BEFORE = lazy(rf"\b(?:{_ID_LABEL})(?![a-z])\s+(?:number|no\.?|#|id){_FAR}$", re.I)
# A sum of money after a number: "15000 dólares".
_MONEY_AFTER = lazy(r"\s*(?:dollars?|d[óo]lares|usd|pesos|%|percent|por ciento)\b", re.I)
_SSN_BEFORE = lazy(rf"\b(?:{_SSN_LABEL}|social)\b", re.I)

# Digits read out as words, in English and Spanish.
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "cero": "0", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9",
}  # fmt: skip
_DIGIT_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
# Two digits said as one number: "fifty-seven", "cuarenta y dos", "dieciocho", "treinta y uno".
_TENS = {
    "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8,
    "ninety": 9, "veinte": 2, "treinta": 3, "cuarenta": 4, "cincuenta": 5, "sesenta": 6,
    "setenta": 7, "ochenta": 8, "noventa": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "diez": 10, "once": 11,
    "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veintiuno": 21, "veintiún": 21,
    "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|uno|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
_TWO_DIGITS = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]{_UNIT_WORD})?|"
    rf"(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\s+y\s+{_UNIT_WORD})?|"
    r"veinte|veinti(?:uno|ún|dós|dos|trés|tres|cuatro|cinco|séis|seis|siete|ocho|nueve)|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"diez|once|doce|trece|catorce|quince|dieci(?:séis|seis|siete|ocho|nueve))"
)
_NUMBER_WORD = rf"(?:{_TWO_DIGITS}|{_DIGIT_WORD})(?:\s+hundred\b)?"
# Four numbers or more in a row, read out digit by digit or in pairs ("oh" for zero only
# inside), after an optional letter: "A seven seven three one...", "ocho cincuenta y
# siete, cinco cinco cinco". At least two must be single digits: "twenty four seven" and
# counts ("forty-two", "one hundred") are not numbers read out.
_SPELLED_NUMBER = lazy(
    rf"(?:\b(?-i:[A-Z])[\s,-]+)?\b{_NUMBER_WORD}(?:[\s,;:-]+(?:{_NUMBER_WORD}|oh)\b){{3,}}",
    re.I,
)
_NUMBER_TOKEN = lazy(rf"\b(?:{_NUMBER_WORD}|oh)\b", re.I)
_HUNDRED = lazy(r"\s+hundred$", re.I)


def _spelled_digits(words: str) -> str:
    """The digits a run of number words reads out: "ocho cincuenta y siete" is "857"."""
    digits = []
    for token in _NUMBER_TOKEN.findall(words):
        hundred = _HUNDRED.search(token)  # "one hundred" read out as "1", "0", "0"
        word = (token[: hundred.start()] if hundred else token).casefold()
        if hundred:
            digits.append(_DIGIT_WORDS.get(word, "") + "00")
            continue
        parts = re.split(r"[- ]+(?:y\s+)?", word)
        if word in _DIGIT_WORDS:
            digits.append(_DIGIT_WORDS[word])
        elif word in _TEENS:
            digits.append(str(_TEENS[word]))
        elif parts[0] in _TENS:
            unit = _DIGIT_WORDS.get(parts[-1], "0") if len(parts) > 1 else "0"
            digits.append(f"{_TENS[parts[0]]}{unit if parts[-1] != 'un' else '1'}")
    return "".join(digits)


_SPELLED_HINT = lazy(rf"\b{_DIGIT_WORD}\b", re.I)
_PHONE_WORDS = lazy(
    r"\b(?:ll[áa]m\w*|marc\w*|c[áa]ll\w*|"
    r"call|phone|cell|mobile|text|fax|tel|telephone|number|reach|dial|line|contact|"
    r"voicemail|tel[ée]fono|celular|llamar|l[íi]nea|n[úu]mero)\b",
    re.I,
)

_PLATE = lazy(
    r"\b(?i:(?:licen[cs]e plate|plate|plates|tag|tags|registration|reg\.?)"
    + _FILLER
    + r")((?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2}|\d{2,4}[ -]\d{2,4}|\d{3,8})\b"
)
_VIN = lazy(r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b")
_VIN_LABEL = lazy(r"\b(?:vin|vehicle identification)" + _FILLER + rf"({_CODE})", re.I)

_DEVICE_LABEL = (
    r"serial|s/n|sn|device|imei|meid|udi|implant|pacemaker|defibrillator|icd|insulin pump|pump|"
    r"hearing aid|monitor|transmitter|sensor|model and serial|lot|mac address|mac"
)
_DEVICE = lazy(rf"\b({_DEVICE_LABEL})" + _FILLER + rf"({_CODE})", re.I)
_GS1 = lazy(r"\(01\)\d{14}(?:\(\d{2}\)[A-Z0-9]+)*")  # a UDI as printed on implant cards
_DEVICE_FAR = lazy(
    rf"\b({_DEVICE_LABEL})(?![a-z])\s+(?:number|no\.?|#|id)(?:\s+[a-z'’-]+){{1,6}}?\s+(?:is|was|reads|:)\s+({_CODE})",
    re.I,
)
_MAC = lazy(r"\b(?:[0-9A-F]{2}[:-]){5}[0-9A-F]{2}\b", re.I)
_IMEI = lazy(r"(?<!\d)\d{15}(?!\d)")


def _group(m: re.Match[str], kind: str, reason: str) -> Finding:
    start, end = m.span(m.lastindex or 0)
    return Finding(kind, start, end, m.group(m.lastindex or 0), reason)


def _labelled_record(text: str, start: int) -> bool:
    """Whether a record's label (not a Social Security one) stands just before start."""
    before = text[max(0, start - 60) : start]
    labelled = _LABEL_BEFORE.search(before) or _LABEL_FAR_BEFORE.search(before)
    return labelled is not None and not _SSN_BEFORE.search(before, 0, labelled.start())


def ssns(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_SSN, text):
        value = m.group().rstrip(" -")
        if value[0].isdigit() and _labelled_record(text, m.start()):
            continue  # "Número de afiliado 555-33-9012": a member's number, found as one
        yield Finding(
            "ssn", m.start(), m.start() + len(value), value, "looks like a Social Security number"
        )
    for m in finditer_near_digits(_BARE_SSN, text, 0, 15):
        before = text[max(0, m.start() - 60) : m.start()]
        if _labelled_record(text, m.start()):
            continue  # "MRN 123456789" is a record number, found as one
        if _OTHER_NUMBER.search(before):
            continue  # a routing, tracking or order number
        yield Finding(
            "ssn",
            m.start(),
            m.end(),
            m.group(),
            "nine digits in a row look like a Social Security number",
        )


def _is_code(code: str, label: str) -> bool:
    """Whether what follows a label is an identifier rather than a count, a year or a date."""
    digits = code.lstrip("#").replace("-", "").replace(" ", "")
    if re.fullmatch(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?", digits):
        return False  # 3/14/2024, 24/7: a date or a fraction
    if not digits.isdigit():
        return True
    if len(digits) >= 5:
        return True
    if re.fullmatch(r"(?:19|20)\d\d", digits):
        return False
    return code.startswith("#") or bool(_STRONG.match(label))


def _own_policy(text: str, m: re.Match[str]) -> bool:
    """Whether the label and code name one of the organisation's own documents ("Policy
    ADM-2231", "case number CR-2025-0088") rather than an insurance policy's number or a
    person's case ("her case number")."""
    if not _DOCUMENT.fullmatch(m.group(1)):
        return False
    if (
        m.group(1)[:3].casefold() in ("pol", "pól")
        and sum(c.isdigit() for c in m.group(2)) > 6
        and not _YEAR_CODE.fullmatch(m.group(2))
    ):
        return False  # an insurance policy's number is long; the organisation's are short codes
    if _SOMEONES_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1)):
        return False
    return not _INSURANCE.search(context.sentence_around(text, m.start(), m.end()))


def id_numbers(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_ID_FAR, text):
        if m.group(3) and sum(c.isdigit() for c in m.group(4)) >= 5:
            yield _group(m, "id_number", "looks like a record, account, plan or licence number")
    for m in (*finditer_near_digits(_ID, text), *finditer_near_digits(_ID_FAR, text)):
        if m.group(2) is None or _MONEY_AFTER.match(text, m.end()):
            continue  # "una factura de 15000 dólares": an amount
        if _is_code(m.group(2), m.group(1)) and not _own_policy(text, m):
            yield _group(m, "id_number", "looks like a record, account, plan or licence number")
    for m in finditer_near_digits(_ID_PREFIXED, text):
        yield _group(m, "id_number", "looks like a record or account number")


@functools.lru_cache(maxsize=32)
def _org_numbers(numbers: tuple[str, ...]) -> frozenset[str]:
    """The organisation's phone numbers as national digits, and without their area code."""
    import phonenumbers  # loaded only when a number is read out in words

    own: set[str] = set()
    for number in numbers:
        try:
            digits = str(phonenumbers.parse(number, "US").national_number)
        except phonenumbers.NumberParseException:
            continue
        own.update((digits, digits[-7:]))
    return frozenset(own)


def spelled_numbers(text: str, org: Org) -> Iterator[Finding]:
    """Numbers read out digit by digit: an SSN after "social", a record number after its
    label, a phone number (not the organisation's own) by its length or a phone word."""
    if not _SPELLED_HINT.search(text):
        return
    for m in _SPELLED_NUMBER.finditer(text):
        words = re.findall(r"[A-Za-z]+", m.group())
        letter = words[0] if len(words[0]) == 1 else ""
        body = m.group()[len(letter) :] if letter else m.group()
        digits = _spelled_digits(body)
        if sum(1 for w in _NUMBER_TOKEN.findall(body) if w.casefold() in _DIGIT_WORDS) < 2:
            continue  # "twenty twenty-five, thirty": counts, not a number read out
        groups = [len(_spelled_digits(g)) for g in re.split(r"[,;:]", body)]
        clause = text[max(0, m.start() - 80) : m.start()]
        clause = re.split(r"[.!?]\s", clause)[-1]
        national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        labelled = _LABEL_BEFORE.search(clause)
        if len(digits) == 9 and (
            _SSN_BEFORE.search(clause) or (groups == [3, 2, 4] and not labelled)
        ):
            kind, reason = "ssn", "a Social Security number spelled out in words"
        elif labelled:
            kind, reason = "id_number", "a record or account number spelled out in words"
        elif national in _org_numbers(org.numbers):
            continue
        elif (len(national) == 10 and national[0] in "23456789") or (
            len(national) == 7 and _PHONE_WORDS.search(clause)
        ):
            kind, reason = "phone", "a phone number spelled out in words"
        elif len(digits) >= 7 and not letter:
            kind, reason = "id_number", "a long number spelled out in words"
        else:
            continue
        yield Finding(kind, m.start(), m.end(), m.group(), reason)


def vehicles(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_PLATE, text):
        if _is_code(m.group(1), "plate"):
            yield _group(m, "vehicle", "looks like a licence plate")
            # a plate is also a number that leads to its owner, as a record number does
            yield _group(m, "id_number", "a licence plate leads to its owner")
    for m in finditer_near_digits(_VIN, text):
        yield _group(m, "vehicle", "looks like a vehicle identification number (VIN)")
    for m in finditer_near_digits(_VIN_LABEL, text):
        if _is_code(m.group(1), "vin"):
            yield _group(m, "vehicle", "looks like a vehicle identification number (VIN)")


def devices(text: str, org: Org) -> Iterator[Finding]:
    for m in (*finditer_near_digits(_DEVICE, text), *finditer_near_digits(_DEVICE_FAR, text)):
        if _is_code(m.group(2), m.group(1)):
            yield _group(m, "device", "looks like a device serial number or identifier")
    for m in finditer_near_digits(_GS1, text):
        yield _group(m, "device", "looks like a device identifier (UDI)")
    for m in finditer_near_digits(_MAC, text):
        yield _group(m, "device", "looks like a device (MAC) address")
    for m in finditer_near_digits(_IMEI, text):
        yield _group(m, "device", "looks like a device (IMEI) number")
