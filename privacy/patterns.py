"""Pattern detectors for New Zealand identifiers and the usual structured PII.

Each detector yields candidate spans with a score: a valid check digit or a context phrase
("my IRD is ...") raises it, so a number that context marks as an IRD is redacted even when
its check digit fails, while an 8-digit order number with no context is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from privacy.checksums import NZ_BANK_CODES, digits_only, ird_is_valid, nhi_is_valid


@dataclass(frozen=True)
class Candidate:
    entity_type: str
    start: int
    end: int
    score: float
    reason: str


def _context(text: str, start: int, end: int, words: re.Pattern[str], before: int = 45) -> bool:
    window = text[max(0, start - before) : start] + " " + text[end : end + 25]
    return bool(words.search(window))


def _bounded(text: str, start: int, end: int) -> bool:
    """Reject a match glued to letters or digits (part of a longer code)."""
    left = text[start - 1] if start > 0 else " "
    right = text[end] if end < len(text) else " "
    return not (left.isalnum() or right.isalnum())


# --- phone numbers --------------------------------------------------------------------
PHONE_CONTEXT = re.compile(
    r"\b(?:phone|ph|mob|mobile|cell|cellphone|call|ring|text|txt|number|no\.?|tel|contact|"
    r"landline|whatsapp|reach|on)\b",
    re.I,
)
PHONE = re.compile(
    r"(?:(?:\+|00)\s?64|\(\+?64\))[\s.-]?(?:\(0\)\s?)?\(?\d{1,3}\)?(?:[\s.-]?\d){6,8}"
    r"|\(0\d{1,2}\)[\s.-]?\d{3}[\s.-]?\d{3,4}"
    r"|\b0\d{1,3}(?:[\s.-]?\d){6,9}"
    r"|(?:\+|00)\s?(?:61|44|1|86|91|63|685|676|679|682)[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d){5,10}"
)


def _nz_national(digits: str) -> str | None:
    if digits.startswith("0064"):
        digits = digits[2:]
    if digits.startswith("64"):
        rest = digits[2:]
        return "0" + (rest[1:] if rest.startswith("0") else rest)
    return digits if digits.startswith("0") else None


def _valid_nz_phone(raw: str) -> bool:
    national = _nz_national(digits_only(raw))
    if national is None:
        return False
    if national.startswith(("0800", "0508", "0900")):
        return len(national) in (10, 11)
    if national.startswith("02"):
        return 9 <= len(national) <= 11
    if national[:2] in ("03", "04", "06", "07", "09"):
        if len(national) != 9:
            return False
        # "049-091-850" is an IRD number, not "04 909 1850": area codes stand alone.
        groups = re.findall(r"\d+", raw)
        return not (len(groups) == 3 and all(len(g) == 3 for g in groups) and raw[0] == "0")
    return False


def phones(text: str) -> Iterator[Candidate]:
    for m in PHONE.finditer(text):
        raw = m.group().rstrip(" .-")
        start, end = m.start(), m.start() + len(raw)
        if not _bounded(text, start, end):
            continue
        digits = digits_only(raw)
        if raw.startswith(("+", "00", "(+")) and not digits.startswith(("64", "0064")):
            if 8 <= len(digits) <= 15:
                yield Candidate("PHONE_NUMBER", start, end, 0.75, "international number")
            continue
        if _valid_nz_phone(raw):
            score = 0.9 if _context(text, start, end, PHONE_CONTEXT) else 0.75
            yield Candidate("PHONE_NUMBER", start, end, score, "NZ phone format")


# --- IRD, bank accounts, NHI, driver licence ------------------------------------------
IRD = re.compile(r"\b\d{2,3}[-\s]?\d{3}[-\s]?\d{3}\b")
IRD_CONTEXT = re.compile(
    r"\b(?:ird|inland revenue|tax (?:file )?(?:number|no)|tax id|gst (?:number|no|#)|tfn)\b", re.I
)
BANK = re.compile(
    r"\b(\d{2})[-\s](\d{4})[-\s](\d{7})[-\s](\d{2,3})\b|\b(\d{2})(\d{4})(\d{7})(\d{2,3})\b"
)
BANK_CONTEXT = re.compile(
    r"\b(?:bank|account|acct|a/c|acc no|deposit|pay(?:ment)? (?:to|into)|direct credit|kiwibank|anz|asb|bnz|westpac|tsb)\b",
    re.I,
)
NHI_OLD = re.compile(r"\b[A-HJ-NP-Za-hj-np-z]{3}\d{4}\b")
NHI_NEW = re.compile(r"\b[A-HJ-NP-Za-hj-np-z]{3}\d{2}[A-HJ-NP-Za-hj-np-z]{2}\b")
NHI_CONTEXT = re.compile(
    r"\b(?:nhi|national health|health (?:index|number)|patient|gp|hospital|medical)\b", re.I
)
LICENCE = re.compile(r"\b[A-Za-z]{2}\d{6}\b")
LICENCE_CONTEXT = re.compile(r"\b(?:licen[cs]e|driver'?s?|dl|driving)\b", re.I)


def ird_numbers(text: str) -> Iterator[Candidate]:
    for m in IRD.finditer(text):
        if not _bounded(text, m.start(), m.end()):
            continue
        in_context = _context(text, m.start(), m.end(), IRD_CONTEXT)
        valid = ird_is_valid(m.group())
        if in_context and len(digits_only(m.group())) in (8, 9):
            yield Candidate(
                "NZ_IRD_NUMBER", m.start(), m.end(), 0.95 if valid else 0.85, "IRD context"
            )
        elif valid and re.search(r"[-\s]", m.group()):
            yield Candidate("NZ_IRD_NUMBER", m.start(), m.end(), 0.6, "IRD check digit")


def bank_accounts(text: str) -> Iterator[Candidate]:
    for m in BANK.finditer(text):
        if not _bounded(text, m.start(), m.end()):
            continue
        bank = m.group(1) or m.group(5)
        delimited = m.group(1) is not None
        in_context = _context(text, m.start(), m.end(), BANK_CONTEXT)
        if delimited and (bank in NZ_BANK_CODES or in_context):
            yield Candidate("NZ_BANK_ACCOUNT", m.start(), m.end(), 0.95, "NZ bank account format")
        elif in_context and bank in NZ_BANK_CODES:
            yield Candidate("NZ_BANK_ACCOUNT", m.start(), m.end(), 0.8, "bank digits with context")


def nhi_numbers(text: str) -> Iterator[Candidate]:
    for pattern in (NHI_OLD, NHI_NEW):
        for m in pattern.finditer(text):
            value = m.group()
            in_context = _context(text, m.start(), m.end(), NHI_CONTEXT)
            valid = nhi_is_valid(value)
            if valid and (value.isupper() or in_context):
                yield Candidate(
                    "NZ_NHI_NUMBER",
                    m.start(),
                    m.end(),
                    0.95 if in_context else 0.8,
                    "NHI check digit",
                )
            elif in_context:
                yield Candidate("NZ_NHI_NUMBER", m.start(), m.end(), 0.8, "NHI context")


def driver_licences(text: str) -> Iterator[Candidate]:
    for m in LICENCE.finditer(text):
        if _context(text, m.start(), m.end(), LICENCE_CONTEXT, before=60):
            yield Candidate("NZ_DRIVER_LICENCE", m.start(), m.end(), 0.9, "licence context")
        elif m.group()[:2].isupper():
            yield Candidate("NZ_DRIVER_LICENCE", m.start(), m.end(), 0.4, "licence format")


# --- street addresses -----------------------------------------------------------------
_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Av|Drive|Dr|Lane|Ln|Place|Pl|Crescent|Cres|Cr|Terrace|Tce|"
    r"Parade|Pde|Way|Close|Cl|Court|Ct|Grove|Gr|Highway|Hwy|Boulevard|Blvd|Square|Sq|Quay|"
    r"Esplanade|Esp|Rise|View|Heights|Hts|Mews|Track|Loop|Glade|Green|Row|Strand|Promenade|Mall"
)
_NAME_WORD = r"(?:[A-ZĀĒĪŌŪ][\w'’ĀĒĪŌŪāēīōū-]*|St|Mt|Te|Ti|de|la)"
_UNIT = r"(?:(?:Flat|Unit|Apt|Apartment|Suite|Level|Shop)\s+\w{1,4},?\s+)?"
_NUMBER = r"(?:\d{1,4}[A-Za-z]?/)?\d{1,5}[A-Za-z]?(?:-\d{1,5})?"
_PLACE_PART = r"(?:,?\s+(?:[A-ZĀĒĪŌŪ][\w'’ĀĒĪŌŪāēīōū-]*)(?:\s+[A-ZĀĒĪŌŪ][\w'’ĀĒĪŌŪāēīōū-]*){0,2})"
STREET = re.compile(
    rf"\b{_UNIT}{_NUMBER}\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s+(?:{_STREET_TYPES})\b\.?"
    rf"(?:{_PLACE_PART}{{0,3}})(?:,?\s+\d{{4}}\b)?"
)
PO_BOX = re.compile(
    rf"\b(?:PO|P\.O\.|Private|Post Office)\s+Box\s+\d{{1,6}}(?:{_PLACE_PART}{{0,2}})(?:,?\s+\d{{4}}\b)?",
    re.I,
)
# Sloppy lower-case addresses need a postcode to be believed: "27 rimu st, riccarton, chch 8011".
LOWER_STREET = re.compile(
    rf"\b{_NUMBER}\s+[a-zāēīōū'-]+(?:\s+[a-zāēīōū'-]+){{0,2}}\s+(?i:{_STREET_TYPES})\b\.?"
    r"(?:,?\s+[a-zāēīōū'-]+(?:\s+[a-zāēīōū'-]+){0,2}){1,3},?\s+\d{4}\b"
)
RURAL = re.compile(rf"\bRD\s?\d{{1,2}}(?:{_PLACE_PART}{{0,2}})(?:,?\s+\d{{4}}\b)?")
_TRAILING_WORDS = re.compile(r"(?:,?\s+(?:[A-Z][a-z]+))$")


def street_addresses(text: str, is_place_word: Callable[[str], bool]) -> Iterator[Candidate]:
    for pattern in (STREET, PO_BOX, RURAL, LOWER_STREET):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            # Drop trailing capitalised words that are not places ("... Street Monday").
            value = text[start:end]
            while True:
                tail = _TRAILING_WORDS.search(value)
                if not tail or is_place_word(tail.group().strip(" ,")):
                    break
                if (
                    re.search(rf"\b(?:{_STREET_TYPES})\.?$", value[: tail.start()]) is None
                    and pattern is STREET
                ):
                    break
                value = value[: tail.start()]
            yield Candidate(
                "STREET_ADDRESS", start, start + len(value.rstrip(" ,")), 0.85, "address"
            )


# --- email, URL, dates of birth (cards, IBANs and IPs use Presidio's own recognizers) --------------------------------------
EMAIL = re.compile(r"\b[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b")
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"')\]]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:co\.nz|org\.nz|net\.nz|govt\.nz|ac\.nz|school\.nz|kiwi\.nz|nz|com|net|org|io|ai|app|shop)"
    r"(?:/[^\s<>\"')\]]*)?\b",
    re.I,
)
_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS},?\s+\d{{4}}\b"
    rf"|\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b"
    r"|\b(?:19|20)\d{2}-\d{2}-\d{2}\b",
    re.I,
)
DOB_CONTEXT = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|b\.)\b", re.I
)


def emails(text: str) -> Iterator[Candidate]:
    for m in EMAIL.finditer(text):
        yield Candidate("EMAIL_ADDRESS", m.start(), m.end(), 0.95, "email")


def urls(text: str) -> Iterator[Candidate]:
    for m in URL.finditer(text):
        value = m.group().rstrip(".,;:!?")
        if "@" in text[max(0, m.start() - 1) : m.start()]:
            continue  # the domain of an email address
        yield Candidate("URL", m.start(), m.start() + len(value), 0.7, "url")


def dates_of_birth(text: str) -> Iterator[Candidate]:
    for m in DATE.finditer(text):
        if _context(text, m.start(), m.end(), DOB_CONTEXT, before=40):
            yield Candidate("DATE_OF_BIRTH", m.start(), m.end(), 0.85, "date with birth context")
