"""What a company name and an email domain may be: checked before anything is saved."""

from __future__ import annotations

import re
import unicodedata

MAX_COMPANY_CHARS = 200

# Symbols that are not ordinary punctuation (emoji, pictographs) and the invisible
# characters that build emoji sequences: a company is found by what a rep can type.
_REFUSED_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Cc"}
_EMOJI_JOINERS = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?=.{{1,253}}$)(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")
# A token a rep meant as a domain: something.something (a trailing "Inc." or "S.A." is not).
_DOMAIN_LIKE = re.compile(r"[^\s.]\.+[^\s.]{2,}\.?/?$")


class BadName(ValueError):
    """The reason a name or domain is refused, phrased for the rep."""


def company_name(text: str) -> str:
    """The name with its spacing tidied, or BadName saying why it cannot be one."""
    name = " ".join(text.split())
    if not name:
        raise BadName("Name the company, e.g. `company add Acme Logistics acme.example`.")
    if len(name) > MAX_COMPANY_CHARS:
        raise BadName(f"That company name is too long (the most is {MAX_COMPANY_CHARS}).")
    if any(unicodedata.category(ch) in _REFUSED_CATEGORIES or ch in _EMOJI_JOINERS for ch in name):
        raise BadName(
            "A company name takes letters, digits, spaces and punctuation; "
            "emoji and symbols cannot be typed back to find it."
        )
    if not any(ch.isalnum() for ch in name):
        raise BadName("A company name needs at least one letter or digit.")
    if "(" in name or ")" in name:
        raise BadName("A company name cannot hold brackets: `Jane Doe (Acme)` reads them.")
    return name


def looks_like_domain(token: str) -> bool:
    return bool(_DOMAIN_LIKE.search(token)) or "://" in token or token.startswith("@")


def domain(text: str) -> str:
    """The domain in lower case, or BadName saying why it is not one."""
    value = text.strip().casefold().removeprefix("@").rstrip(".")
    if "://" in value or "/" in value:
        raise BadName(f"“{text}” is a web address; give the domain alone, e.g. acme.example.")
    if "@" in value:
        raise BadName(f"“{text}” is an email address; give its domain alone, e.g. acme.example.")
    try:
        ascii_form = value.encode("idna").decode("ascii") if not value.isascii() else value
    except UnicodeError:
        ascii_form = ""
    if not _DOMAIN.match(ascii_form):
        raise BadName(f"“{text}” is not a domain; write it as acme.example.")
    return ascii_form


def split_domains(text: str) -> tuple[str, list[str]]:
    """`Acme Logistics acme.example acme.test` → the name and its trailing domains."""
    tokens = text.split()
    domains: list[str] = []
    while len(tokens) > 1 and looks_like_domain(tokens[-1].rstrip(",")):
        domains.insert(0, domain(tokens.pop().rstrip(",")))
    if len(tokens) == 1 and looks_like_domain(tokens[0]) and not domains:
        raise BadName(
            f"“{tokens[0]}” looks like a domain: name the company first, "
            f"e.g. `company add Acme {tokens[0]}`."
        )
    return " ".join(tokens), domains
