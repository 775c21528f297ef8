"""Check-digit rules for New Zealand identifiers (and Luhn for cards)."""

from __future__ import annotations

import re

_NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # I and O are never used
_NHI_VALUE = {c: i + 1 for i, c in enumerate(_NHI_LETTERS)}


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


def ird_is_valid(number: str) -> bool:
    """Inland Revenue's published IRD check-digit algorithm (mod 11, two weight sets)."""
    digits = digits_only(number)
    if len(digits) not in (8, 9):
        return False
    digits = digits.zfill(9)
    value = int(digits)
    if not 10_000_000 <= value <= 150_000_000:
        return False
    body, check = digits[:8], int(digits[8])
    for weights in ((3, 2, 7, 6, 5, 4, 3, 2), (7, 4, 3, 2, 5, 2, 7, 6)):
        remainder = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        computed = 0 if remainder == 0 else 11 - remainder
        if computed != 10:
            return computed == check
    return False


def nhi_is_valid(nhi: str) -> bool:
    """Old format AAANNNC (mod 11) and the 2022 format AAANNAX (mod 23 check letter)."""
    nhi = nhi.upper()
    if not re.fullmatch(r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z0-9]{2}", nhi):
        return False
    weights = (7, 6, 5, 4, 3, 2)
    head = nhi[:6]
    values = [_NHI_VALUE[c] if c.isalpha() else int(c) for c in head]
    total = sum(v * w for v, w in zip(values, weights, strict=True))
    if re.fullmatch(r"[A-HJ-NP-Z]{3}\d{4}", nhi):
        remainder = total % 11
        if remainder == 0:
            return False
        check = (11 - remainder) % 10
        return check == int(nhi[6])
    if re.fullmatch(r"[A-HJ-NP-Z]{3}\d{2}[A-HJ-NP-Z]{2}", nhi):
        remainder = total % 23
        if remainder == 0:
            return False
        return _NHI_LETTERS[23 - remainder - 1] == nhi[6]
    return False


# Bank codes in use for NZ accounts (prefix of BB-bbbb-AAAAAAA-SSS).
NZ_BANK_CODES = {
    "01", "02", "03", "04", "06", "08", "10", "11", "12", "13", "14", "15", "16", "17", "18",
    "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "33", "35",
    "38", "88",
}  # fmt: skip
