"""The personal-data guard for free text.

Koers holds programme-level information, not records of individual young people. Free text can
still contain personal data by mistake, so forms warn (they do not block) when a text looks like
it contains a citizen service number (BSN, valid by the 11-check), a date of birth or a phone
number. Pure functions, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    BSN = "bsn"
    BIRTH_DATE = "birth_date"
    PHONE = "phone"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str


_BSN_RE = re.compile(
    r"(?<![\d.,-])(\d{9}|\d{4}[.\s]\d{2}[.\s]\d{3}|\d{3}[.\s]\d{3}[.\s]\d{3})(?![\d,-]|\.\d)"
)
_DATE_RE = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[-/.](?P<m>[01]?\d)[-/.](?P<y>(?:19|20)\d{2})(?!\d)")
_MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
}
_WRITTEN_DATE_RE = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<m>" + "|".join(_MONTHS) + r")\s+(?P<y>(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_BIRTH_WORDS_RE = re.compile(
    r"\b(geb\.|geboren|geboortedatum|geb\.datum|born|date of birth|dob)(?!\w)", re.IGNORECASE
)
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\))?[\s-]?|0)"  # +31, 0031 or a leading 0
    r"(?:6[\s-]?(?:\d[\s-]?){8}|[1-9]\d{1,2}[\s-]?(?:\d[\s-]?){6,7})(?!\d)"
)


def bsn_is_valid(digits: str) -> bool:
    """The 11-check (elfproef) for a 9-digit BSN: sum(d_i * w_i) with weights 9..2, -1."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return total % 11 == 0


def _plausible_birth_date(day: int, month: int, year: int, today: dt.date) -> bool:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return False
    age_years = (today - date).days / 365.25
    return 0 <= age_years <= 110


def _phone_digits(text: str) -> int:
    """The number of digits as dialled inside the Netherlands: +31, 0031 and (0) count as 0."""
    national = re.sub(r"^(?:\+|00)31", "0", re.sub(r"[\s-]", "", text).replace("(0)", ""))
    return sum(ch.isdigit() for ch in national)


def scan(text: str, *, today: dt.date | None = None) -> list[Finding]:
    """Everything in ``text`` that looks like personal data, in order of appearance.

    Dates count as possible birth dates when a word such as "geboren" stands near them, or when
    they lie 10 to 30 years back (the age of the young people this programme is about).
    """
    if not text:
        return []
    today = today or dt.date.today()
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: Kind, match: re.Match[str]) -> None:
        span = match.span()
        if any(s < span[1] and span[0] < e for s, e in taken):
            return
        taken.append(span)
        findings.append(Finding(kind, span[0], span[1], match.group(0)))

    for match in _BSN_RE.finditer(text):
        if bsn_is_valid(re.sub(r"\D", "", match.group(0))):
            add(Kind.BSN, match)
    for pattern in (_DATE_RE, _WRITTEN_DATE_RE):
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text.lower()]
            day, year = int(match.group("d")), int(match.group("y"))
            if not _plausible_birth_date(day, month, year, today):
                continue
            window = text[max(0, match.start() - 40) : match.start()]
            age = today.year - year
            if _BIRTH_WORDS_RE.search(window) or 10 <= age <= 30:
                add(Kind.BIRTH_DATE, match)
    for match in _PHONE_RE.finditer(text):
        if 10 <= _phone_digits(match.group(0)) <= 12:
            add(Kind.PHONE, match)
    return sorted(findings, key=lambda f: f.start)
