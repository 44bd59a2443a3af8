"""The note grammar, the same on every platform.

    [+N | -N | credit [N] | debit [N]] <contact> [(<company>)]: <what happened> [#tag] [@when]

`#attempt` (one-way outreach, no points) and `#touch` (we heard from them) are not
categories: they force how the note is read and may stand beside one.

`parse_note` either returns a `NoteDraft` or raises `GrammarError` whose message shows
the right form; no other exception escapes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

PLUS = "+"
MINUS_SIGNS = "-−–"
FORM = "+2 Jane Doe: delivered the migration early"
MAX_CONTACT_CHARS = 200
JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner
KIND_TAGS = ("attempt", "touch")

_TAG = re.compile(r"(?<![\w#])#([A-Za-z][\w-]*)")
_WHEN = re.compile(r"(?:^|\s)@(?=\S)([^#@]*?)\s*(?=(?:\s#[A-Za-z])|$)")
_COMPANY = re.compile(r"^(?P<name>.*?)\s*\((?P<company>[^()]*)\)\s*$")
# A word meant as points, right or wrong ("2", "+2", "2.5", "-1"), not a name such as "3M".
_NUMBERISH = re.compile(r"^[+\-−–]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_JOINER_RUN = re.compile(f"[{JOINERS}]{{2,}}")
# The word must stand alone: "Credit-Suisse Jane" and "Debit's team" are names.
_WORD_SIGN = re.compile(r"^(credit|debit)(?=[\s:]|$)\s*", re.IGNORECASE)


class GrammarError(ValueError):
    """A note that cannot be read; the message says what to write instead."""


@dataclass(frozen=True)
class NoteDraft:
    contact: str
    company: str | None
    sign: int | None  # +1 credit, -1 debit, None: read it from the wording
    points: int
    note: str
    category: str | None
    when_text: str | None
    kind: str | None = None  # "attempt" | "touch" when forced by its tag; None: read it


def clean_text(text: str) -> str:
    """Control characters out, runs of white space folded to one space.

    Zero-width joiners stay where they join two characters (emoji such as 👩‍💻 and
    Persian or Indic words need them); everywhere else format characters go.
    """
    kept = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
        if ch in JOINERS or unicodedata.category(ch) not in ("Cf", "Cs", "Co")
    )
    words = (_JOINER_RUN.sub(lambda m: m.group(0)[0], w).strip(JOINERS) for w in kept.split())
    return " ".join(w for w in words if w)


def field_text(values: dict, name: str) -> str:
    """A submitted form value as clean text: control characters out, white space folded."""
    return clean_text(str(values.get(name) or ""))


# "https://…": no colon of a URL (scheme, port, path) separates a contact from the note.
_URL = re.compile(r"(?<![\w+.-])[A-Za-z][A-Za-z0-9+.-]*://\S*")


def split_contact(text: str) -> tuple[str, str, str]:
    """Like text.partition(":"), skipping the colons inside `scheme://…` URLs."""
    skip = {i for match in _URL.finditer(text) for i in range(match.start(), match.end())}
    for index, char in enumerate(text):
        if char == ":" and index not in skip:
            return text[:index], ":", text[index + 1 :]
    return text, "", ""


def has_contact_separator(text: str) -> bool:
    return bool(split_contact(text)[1])


def starts_like_note(text: str) -> bool:
    """True when the text opens with a sign or a credit/debit word."""
    stripped = text.lstrip()
    return bool(stripped) and (
        stripped[0] in PLUS + MINUS_SIGNS or _WORD_SIGN.match(stripped) is not None
    )


def parse_note(
    text: str, *, max_points: int, categories: Collection[str], max_chars: int = 4000
) -> NoteDraft:
    text = clean_text(text)
    if not text:
        raise GrammarError(f"That note is empty. Write it as: {FORM}")
    sign, points, rest = _split_sign(text, max_points)
    contact_part, colon, body = split_contact(rest)
    if not colon:
        raise GrammarError("Put a ':' between the contact and what happened, e.g. " + FORM)
    contact, company = split_company(contact_part.strip())
    if not contact:
        raise GrammarError("Name the contact before the ':', e.g. " + FORM)
    if len(contact) > MAX_CONTACT_CHARS:
        raise GrammarError(f"That contact name is too long (the most is {MAX_CONTACT_CHARS}).")
    _refuse_options(contact)
    body, when_text = _split_when(body.strip())
    body, kind = _split_kind(body)
    body, category = _split_tag(body, categories)
    if not body:
        raise GrammarError("Say what happened after the ':', e.g. " + FORM)
    if len(body) > max_chars:
        raise GrammarError(
            f"That note is {len(body):,} characters; the most is {max_chars:,}. "
            "Keep the gist and log it again."
        )
    return NoteDraft(contact, company, sign, points, body, category, when_text, kind)


def _refuse_options(contact: str) -> None:
    """ "--shared" is `fact`'s option; typed into a note it would create a contact whose name
    ends in "--shared". A note has no options: every note is seen by the workspace."""
    option = next((w for w in contact.split() if w.startswith("--") and len(w) > 2), None)
    if option is not None:
        raise GrammarError(
            f"“{option[:40]}” is not part of a name: a note has no options and the whole "
            "workspace sees it (--shared belongs to `fact`). Write it as: " + FORM
        )


def _points_error(max_points: int, given: str) -> GrammarError:
    return GrammarError(
        f"Points are whole numbers from 1 to {max_points} (you wrote {given!r}), "
        f"e.g. {FORM}, or -1 Jane Doe: missed the deadline"
    )


def _read_points(token: str, max_points: int) -> int:
    if not token.isascii() or not token.isdigit():
        raise _points_error(max_points, token)
    value = int(token)
    if not 1 <= value <= max_points:
        raise _points_error(max_points, token)
    return value


def _names_nobody(token: str) -> bool:
    """Points and the ':' with no name between: "+2:", "credit 2:", "- 3:"."""
    head, colon, _ = token.partition(":")
    return bool(colon) and (
        head.lstrip(PLUS + MINUS_SIGNS).isdigit() or not head.strip(PLUS + MINUS_SIGNS)
    )


def _split_sign(text: str, max_points: int) -> tuple[int | None, int, str]:
    head = text[0]
    if head in PLUS + MINUS_SIGNS:
        sign = 1 if head == PLUS else -1
        rest = text[1:]
        if rest[:1] in (PLUS + MINUS_SIGNS):
            raise GrammarError("Use one sign and a number, e.g. " + FORM)
        attached, _, after = rest.partition(" ")
        if attached and (attached[0].isdigit() or attached[0] in ".,"):
            if _names_nobody(attached):
                raise GrammarError("Name the contact before the ':', e.g. " + FORM)
            return sign, _read_points(attached, max_points), after.strip()
        rest = rest.strip()
        first, _, after = rest.partition(" ")
        if _names_nobody(first):
            raise GrammarError("Name the contact before the ':', e.g. " + FORM)
        if _NUMBERISH.match(first) and ":" in after:
            return sign, _read_points(first, max_points), after.strip()
        return sign, 1, rest
    word = _WORD_SIGN.match(text)
    if word:
        sign = 1 if word.group(1).lower() == "credit" else -1
        rest = text[word.end() :]
        first, _, after = rest.partition(" ")
        if _names_nobody(first):
            raise GrammarError("Name the contact before the ':', e.g. " + FORM)
        if _NUMBERISH.match(first) and ":" in after:
            return sign, _read_points(first.lstrip(PLUS), max_points), after.strip()
        return sign, 1, rest
    return None, 1, text


def split_company(contact_part: str) -> tuple[str, str | None]:
    match = _COMPANY.match(contact_part)
    if not match:
        return contact_part, None
    company = match.group("company").strip() or None
    return match.group("name").strip(), company


def _split_when(body: str) -> tuple[str, str | None]:
    """The last `@…` run is the when; an `@mention` before it stays in the note."""
    matches = list(_WHEN.finditer(body))
    if not matches:
        return body, None
    match = matches[-1]
    when = match.group(1).strip()
    body = (body[: match.start()] + " " + body[match.end() :]).strip()
    return " ".join(body.split()), when or None


def _split_kind(body: str) -> tuple[str, str | None]:
    kinds = {m.group(1).lower() for m in _TAG.finditer(body)} & set(KIND_TAGS)
    if len(kinds) > 1:
        raise GrammarError("A note is a #touch or an #attempt, not both.")
    if not kinds:
        return body, None
    stripped = _TAG.sub(lambda m: "" if m.group(1).lower() in KIND_TAGS else m.group(0), body)
    return " ".join(stripped.split()), kinds.pop()


def _split_tag(body: str, categories: Collection[str]) -> tuple[str, str | None]:
    category = None
    for match in _TAG.finditer(body):
        tag = match.group(1).lower()
        if tag not in categories:
            raise GrammarError(
                f"Unknown category #{tag}. Use one of: " + ", ".join(f"#{c}" for c in categories)
            )
        if category is not None and category != tag:
            raise GrammarError(f"One category per note, please (#{category} or #{tag}).")
        category = tag
    stripped = _TAG.sub("", body)
    return " ".join(stripped.split()), category
