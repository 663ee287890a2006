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
    r"reads|reading|of|ending|ends|in|with|=|:|-|,|"
    r"n[úu]mero|n[úu]m\.?|nro\.?|n\.?\s?[º°]\.?|de|del|es|era|termina en)(?![A-Z0-9]))*\s*"
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
    r"medical record|med(?:ical)? rec(?:ord)?|mrn|mr(?=\s*#)|chart|patient|account|acct\.?|billing|invoice|"
    r"health ?plan|plan|member(?:ship)?|subscriber|policy|group|insurance|insurance card|"
    r"beneficiary|medicare|medicaid|claim|case|encounter|visit|admission|registration|"
    r"license|licence|driver'?s'? licen[cs]e|dl|certificate|cert\.?|birth certificate|"
    r"death certificate|badge|employee|npi|dea|passport|student|record|enrollment|"
    r"confirmation|reference|ref\.?|voucher|prescription|rx|"
    # Spanish: "número de expediente", "n.º de afiliado", "número de cuenta", "póliza"
    r"expediente|historia cl[íi]nica|historial m[ée]dico|historial|cuenta|afiliad[oa]|miembro|"
    r"socio|p[óo]liza|reclamaci[óo]n|reclamo|caso|paciente|registro|licencia(?: de conducir)?|"
    r"pasaporte|c[ée]dula|beneficiari[oa]|asegurad[oa]|factura|seguro m[ée]dico|seguro"
)
_ID = lazy(rf"\b({_ID_LABEL})(?![a-záéíóúñ])" + _FILLER + rf"({_SPACED_CODE}|{_CODE})", re.I)
# Labels that name nothing but an identifier; after the others a short number may be a count.
_STRONG = lazy(
    r"mrn|mr|medical|med|chart|acct|member|subscriber|policy|licen|dl|cert|npi|dea|passport|"
    r"badge|expediente|historia|afiliad|miembro|p[óo]liza|pasaporte|c[ée]dula",
    re.I,
)
# "Policy ADM-2231", "policy 7.12": one of the organisation's own policies, named by its
# code. An insurance policy's number is written "policy number ...", or near its insurer.
_OWN_POLICY = lazy(r"policy\s+", re.I)
_INSURANCE = lazy(
    r"\b(?:insurance|insurer|insured|coverage|carrier|premium|claim|member|subscriber|"
    r"seguro|aseguradora)\b",
    re.I,
)
# "The certificate number on the death certificate photo is 2026-MA-004417."
_ID_FAR = lazy(
    rf"\b({_ID_LABEL})(?![a-z])\s+(?:number|no\.?|#|id)(?:\s+[a-z'’-]+){{1,6}}?\s+(?:is|was|reads|:)\s+({_CODE})",
    re.I,
)
# The numbers of billing and records systems, printed with their prefix: "CLM-2025-017-44".
_ID_PREFIXED = lazy(r"\b(?:MRN|ACCT|MBR|PT|ID|CLM|ENC|FIN|INV)[-#:]?\d[\d-]{3,}\d\b")
# A label just before a number spelled out in words ("medical record number is four...").
_LABEL_BEFORE = lazy(rf"\b({_ID_LABEL})(?![a-záéíóúñ])" + _FILLER + "$", re.I)
# "Member ID on the card she posted is 512883104": a record number, said further on.
_LABEL_FAR_BEFORE = lazy(
    rf"\b(?:{_ID_LABEL})(?![a-z])\s+(?:number|no\.?|#|id)(?:\s+[a-z'’-]+){{1,6}}?\s+(?:is|was|reads|:)\s+$",
    re.I,
)
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
# Four digit words or more in a row ("oh" for zero only inside), after an optional letter:
# "A seven seven three one...". Counts ("forty-two", "one hundred") are not digit words.
_SPELLED_NUMBER = lazy(
    rf"(?:\b(?-i:[A-Z])[\s,-]+)?\b{_DIGIT_WORD}(?:[\s,;:-]+(?:{_DIGIT_WORD}|oh)\b){{3,}}",
    re.I,
)
_SPELLED_HINT = lazy(rf"\b{_DIGIT_WORD}\b", re.I)
_PHONE_WORDS = lazy(
    r"\b(?:call|phone|cell|mobile|text|fax|tel|telephone|number|reach|dial|line|contact|"
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


def ssns(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_SSN, text):
        value = m.group().rstrip(" -")
        yield Finding(
            "ssn", m.start(), m.start() + len(value), value, "looks like a Social Security number"
        )
    for m in finditer_near_digits(_BARE_SSN, text, 0, 15):
        before = text[max(0, m.start() - 60) : m.start()]
        if _LABEL_BEFORE.search(before) or _LABEL_FAR_BEFORE.search(before):
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
    if re.fullmatch(r"[\d/]+", digits) and "/" in digits:
        return False  # 3/14/2024, 24/7: a date or a fraction
    if not digits.isdigit():
        return True
    if len(digits) >= 5:
        return True
    if re.fullmatch(r"(?:19|20)\d\d", digits):
        return False
    return code.startswith("#") or bool(_STRONG.match(label))


def _own_policy(text: str, m: re.Match[str]) -> bool:
    """Whether the label and code name one of the organisation's policies ("Policy ADM-2231")
    rather than an insurance policy's number."""
    if not _OWN_POLICY.fullmatch(text, m.start(1), m.start(2)):
        return False
    return not _INSURANCE.search(context.sentence_around(text, m.start(), m.end()))


def id_numbers(text: str, org: Org) -> Iterator[Finding]:
    for m in (*finditer_near_digits(_ID, text), *finditer_near_digits(_ID_FAR, text)):
        if _MONEY_AFTER.match(text, m.end()):
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
        digits = "".join(_DIGIT_WORDS[w.casefold()] for w in words[bool(letter) :])
        groups = [len(re.findall(r"[A-Za-z]+", g)) for g in re.split(r"[,;:]", m.group())]
        clause = text[max(0, m.start() - 80) : m.start()]
        clause = re.split(r"[.!?]\s", clause)[-1]
        national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        if len(digits) == 9 and (_SSN_BEFORE.search(clause) or groups == [3, 2, 4]):
            kind, reason = "ssn", "a Social Security number spelled out in words"
        elif _LABEL_BEFORE.search(clause):
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
