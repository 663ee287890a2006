"""Numbers that identify a person or their things: SSNs, record and account numbers,
licences and certificates, vehicles and devices.

No library knows these: they are recognised by their shape (SSN, VIN, MAC, IMEI) or by
the label in front of them ("MRN", "member ID", "plate", "serial number").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.phi.model import Finding, Org, finditer_near_digits

# A code: starts with a letter, digit or '#', has at least two digits in it.
_CODE = r"#?(?=[A-Z0-9-]*\d[A-Z0-9-]*\d)[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){2,24}"
# What may stand between a label and its code.
_FILLER = (
    r"(?:\s*(?:number|numbers|no\.?|nos\.?|num\.?|#|id|ids|identifier|code|is|was|are|were|"
    r"reads|reading|of|ending|ends|in|with|=|:|-|,)(?![A-Z0-9]))*\s*"
)

_SSN = re.compile(
    r"(?<![\d-])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|[x*]{3}-[x*]{2}-\d{4})(?![\d-])"
    r"|\b(?:ssn|ss#|social security(?: card)?)" + _FILLER + r"(?:\d[\d -]{2,10}\d)",
    re.I,
)

_ID_LABEL = (
    r"medical record|med(?:ical)? rec(?:ord)?|mrn|chart|patient|account|acct\.?|billing|invoice|"
    r"health ?plan|plan|member(?:ship)?|subscriber|policy|group|insurance|insurance card|"
    r"beneficiary|medicare|medicaid|claim|case|encounter|visit|admission|registration|"
    r"license|licence|driver'?s'? licen[cs]e|dl|certificate|cert\.?|birth certificate|"
    r"death certificate|badge|employee|npi|dea|passport|student|record|enrollment|"
    r"confirmation|reference|ref\.?|voucher|prescription|rx"
)
_ID = re.compile(rf"\b({_ID_LABEL})(?![a-z])" + _FILLER + rf"({_CODE})", re.I)
# Labels that name nothing but an identifier; after the others a short number may be a count.
_STRONG = re.compile(
    r"mrn|medical|med|chart|acct|member|subscriber|policy|licen|dl|cert|npi|dea|passport|badge",
    re.I,
)
# "The certificate number on the death certificate photo is 2026-MA-004417."
_ID_FAR = re.compile(
    rf"\b({_ID_LABEL})(?![a-z])\s+(?:number|no\.?|#|id)(?:\s+[a-z'’-]+){{1,6}}?\s+(?:is|was|reads|:)\s+({_CODE})",
    re.I,
)
_ID_PREFIXED = re.compile(r"\b(?:MRN|ACCT|MBR|PT|ID)[-#:]?\d{4,}\b")

_PLATE = re.compile(
    r"\b(?i:(?:licen[cs]e plate|plate|plates|tag|tags|registration|reg\.?)"
    + _FILLER
    + r")((?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2}|\d{2,4}[ -]\d{2,4}|\d{3,8})\b"
)
_VIN = re.compile(r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b")
_VIN_LABEL = re.compile(r"\b(?:vin|vehicle identification)" + _FILLER + rf"({_CODE})", re.I)

_DEVICE_LABEL = (
    r"serial|s/n|sn|device|imei|meid|udi|implant|pacemaker|defibrillator|icd|insulin pump|pump|"
    r"hearing aid|monitor|transmitter|sensor|model and serial|lot|mac address|mac"
)
_DEVICE = re.compile(rf"\b({_DEVICE_LABEL})" + _FILLER + rf"({_CODE})", re.I)
_GS1 = re.compile(r"\(01\)\d{14}(?:\(\d{2}\)[A-Z0-9]+)*")  # a UDI as printed on implant cards
_DEVICE_FAR = re.compile(
    rf"\b({_DEVICE_LABEL})(?![a-z])\s+(?:number|no\.?|#|id)(?:\s+[a-z'’-]+){{1,6}}?\s+(?:is|was|reads|:)\s+({_CODE})",
    re.I,
)
_MAC = re.compile(r"\b(?:[0-9A-F]{2}[:-]){5}[0-9A-F]{2}\b", re.I)
_IMEI = re.compile(r"(?<!\d)\d{15}(?!\d)")


def _group(m: re.Match[str], kind: str, reason: str) -> Finding:
    start, end = m.span(m.lastindex or 0)
    return Finding(kind, start, end, m.group(m.lastindex or 0), reason)


def ssns(text: str, org: Org) -> Iterator[Finding]:
    for m in finditer_near_digits(_SSN, text):
        value = m.group().rstrip(" -")
        yield Finding(
            "ssn", m.start(), m.start() + len(value), value, "looks like a Social Security number"
        )


def _is_code(code: str, label: str) -> bool:
    """Whether what follows a label is an identifier rather than a count or a year."""
    digits = code.lstrip("#").replace("-", "")
    if not digits.isdigit():
        return True
    if len(digits) >= 5:
        return True
    if re.fullmatch(r"(?:19|20)\d\d", digits):
        return False
    return code.startswith("#") or bool(_STRONG.match(label))


def id_numbers(text: str, org: Org) -> Iterator[Finding]:
    for m in (*finditer_near_digits(_ID, text), *finditer_near_digits(_ID_FAR, text)):
        if _is_code(m.group(2), m.group(1)):
            yield _group(m, "id_number", "looks like a record, account, plan or licence number")
    for m in finditer_near_digits(_ID_PREFIXED, text):
        yield _group(m, "id_number", "looks like a record or account number")


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
