"""Dates: find date expressions in a sentence and resolve them against the reference date.

Spans come from spaCy's DATE entities when the sentence was parsed, and from a regular
expression for the explicit forms ("27 April 2020", "Dec. 29", "on Tuesday", "yesterday").
Each span is parsed with dateparser (past dates preferred, relative to the reference date).
A day and month without a year takes the year that puts it nearest the reference date, allowing
a short way into the future ("talks continue Feb. 8" in a January article is next month).
A weekday is the last such day on or before the reference date: "on Saturday" in an article
dated Saturday is that Saturday, "last Saturday" the one before. Without a reference date only
a date that states its year resolves; "on Tuesday" or "Dec. 29" then give no date (never
today's).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ceasefire.coding.model import Sentence

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE_RE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTHS}(?:,? \d{{4}})?"
    rf"|{_MONTHS} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|{_MONTHS} \d{{4}}"
    rf"|(?:last |this |on |early |late )?{_DAYS}(?: (?:night|morning|evening|afternoon))?"
    rf"|yesterday|today|tonight|the day before|(?:last|previous|past) (?:week|month|night)"
    rf"|\d+ days? (?:ago|earlier))\b",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b")
_USABLE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}|{_MONTHS}\s*\d|\d\s*(?:st|nd|rd|th)?\s*(?:of )?{_MONTHS}|{_DAYS}"
    r"|yesterday|today|tonight|day before|\b(?:last|previous|past) (?:week|month|night)"
    r"|\bago\b|\bearlier\b",
    re.IGNORECASE,
)
#: How far past the reference date a day without a year may land.
MAX_FUTURE = timedelta(days=45)


def _day_precision(span: str) -> int:
    """ACLED time precision: 1 a day, 2 a week, 3 a month."""
    low = span.lower()
    if "week" in low:
        return 2
    if re.search(r"\d", low) is None and "day" not in low and "night" not in low:
        return 3 if re.search(_MONTHS, low) else 1
    if re.fullmatch(rf"\s*{_MONTHS}\s*,?\s*\d{{4}}\s*", low):
        return 3
    return 1


_WEEKDAY = re.compile(
    rf"(?:(?P<last>last|previous|past)\s+|(?:on|this|early|late)\s+)?(?P<day>{_DAYS})"
    r"(?:\s+(?:night|morning|evening|afternoon))?",
    re.IGNORECASE,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _weekday(span: str, reference: date) -> date | None:
    """ "on Saturday" is the last Saturday on or before ``reference``; "last Saturday" the last
    one before it."""
    m = _WEEKDAY.fullmatch(span.strip(" ,."))
    if m is None:
        return None
    back = (reference.weekday() - _WEEKDAYS.index(m.group("day").lower())) % 7
    if back == 0 and m.group("last"):
        back = 7
    return reference - timedelta(days=back)


@lru_cache(maxsize=20000)
def resolve_date(span: str, reference: date | None) -> tuple[date, int] | None:
    """Resolve one date expression against ``reference``; None when it names no day, or when
    it needs a reference date and there is none."""
    if _USABLE.search(span) is None:
        return None
    explicit = _explicit_day(span)
    if explicit is not None:
        return explicit, 1
    if reference is None and _HAS_YEAR.search(span) is None:
        return None  # "on Tuesday", "Dec. 29": no day without a reference date
    if reference is not None:
        weekday = _weekday(span, reference)
        if weekday is not None:
            return weekday, 1
    import dateparser  # heavy import, kept off the import path of the package

    base = datetime.combine(reference or date(1900, 1, 1), datetime.min.time())
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": base,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": [],
    }
    cleaned = re.sub(r"^(on|early|late|the)\s+", "", span.strip(), flags=re.IGNORECASE)
    cleaned = re.sub(r"\b(night|morning|evening|afternoon)\b", "", cleaned, flags=re.IGNORECASE)
    parsed = dateparser.parse(cleaned.strip(" ,."), languages=["en"], settings=settings)
    if parsed is None:
        return None
    day = parsed.date()
    if reference is not None and _HAS_YEAR.search(span) is None:
        day = _nearest_year(day, reference)
    return day, _day_precision(span)


_MONTH_NUMBER = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
_DAY_MONTH_YEAR = re.compile(
    rf"(?:on\s+)?(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTHS})"
    rf"|(?P<m2>{_MONTHS})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?),?\s+(?P<y>(?:19|20)\d{{2}})"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})",
    re.IGNORECASE,
)


def _explicit_day(span: str) -> date | None:
    """A full date ("27 April 2020", "April 27, 2020", "2020-04-27") read without dateparser,
    whose first call costs half a second; anything else (or an impossible day) goes to it."""
    m = _DAY_MONTH_YEAR.fullmatch(span.strip(" ,."))
    if m is None:
        return None
    try:
        if m.group("iso"):
            return date.fromisoformat(m.group("iso"))
        month = _MONTH_NUMBER[(m.group("m1") or m.group("m2"))[:3].lower()]
        return date(int(m.group("y")), month, int(m.group("d1") or m.group("d2")))
    except ValueError:
        return None


def _nearest_year(day: date, reference: date) -> date:
    best = day
    for shift in (-1, 0, 1):
        try:
            cand = day.replace(year=reference.year + shift)
        except ValueError:  # 29 February
            continue
        if cand - reference > MAX_FUTURE:
            continue
        if abs((cand - reference).days) < abs((best - reference).days) or best - reference > (
            MAX_FUTURE
        ):
            best = cand
    return best


def find_date_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """Character spans of date expressions, from the regex and from spaCy's DATE entities."""
    spans = [(m.start(), m.end()) for m in _DATE_RE.finditer(sentence.text)]
    if sentence.parsed is not None:
        for ent in sentence.parsed.ents:
            if ent.label_ == "DATE":
                s, e = ent.start_char, ent.end_char
                if not any(s < e2 and s2 < e for s2, e2 in spans):
                    spans.append((s, e))
    return sorted(spans)


def date_sentence(sentence: Sentence, reference: date | None, *, lead: bool = False) -> Sentence:
    """Stage ``ceasefire.dates.v1``: resolve the dates of a relevant sentence (or of the
    ``lead`` sentence before one)."""
    if not (sentence.relevant or lead):
        return sentence
    out: list[tuple[int, int, date, int]] = []
    for start, end in find_date_spans(sentence):
        resolved = resolve_date(sentence.text[start:end], reference)
        if resolved is not None:
            out.append((start, end, resolved[0], resolved[1]))
    sentence.dates = out
    return sentence
