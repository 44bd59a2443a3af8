"""Whether a fact's text names a time ("the ERP cutover in March", "by Q2", "2027-01-15"):
a dated worry is one to act on before it lands."""

from __future__ import annotations

import re

MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# A month needs a preposition or a day or year beside it: "she may leave" names no time.
TIME_WORDS = re.compile(
    rf"\b(?:in|by|before|until|from|since|after|on|end of|mid|early|late)\s+(?:{MONTHS})\b"
    rf"|\b(?:{MONTHS})\s+(?:\d{{1,2}}(?:st|nd|rd|th)?|20\d\d)\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b"
    r"|\b(?:Q[1-4]|H[12])\b"
    r"|\b20\d\d-\d\d(?:-\d\d)?\b"
    r"|\b(?:next|this|end of(?: the)?)\s+"
    r"(?:week|month|quarter|year|spring|summer|autumn|fall|winter)\b"
    r"|\b(?:by|before|until|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
    r"|\b(?:in|by|before|until)\s+20\d\d\b",
    re.IGNORECASE,
)


def names_a_time(text: str) -> bool:
    return TIME_WORDS.search(text) is not None
