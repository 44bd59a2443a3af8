"""The note grammar: every documented form, bad input, and properties over any text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import prompts
from handlers.ledger.grammar import (
    GrammarError,
    NoteDraft,
    clean_text,
    parse_note,
    starts_like_note,
)

CATEGORIES = tuple(prompts.load("categories")["categories"])
MAX = 10


def parse(text: str, max_points: int = MAX, max_chars: int = 4000) -> NoteDraft:
    return parse_note(text, max_points=max_points, categories=CATEGORIES, max_chars=max_chars)


def error_of(text: str, **kwargs) -> str:
    with pytest.raises(GrammarError) as caught:
        parse(text, **kwargs)
    message = str(caught.value)
    assert message.strip()
    return message


def test_the_categories_are_the_issues_list():
    assert set(CATEGORIES) == {
        "promise-kept", "problem-solved", "added-value", "personal-touch", "made-it-right",
        "mistake", "missed-deadline", "escalation",
    }  # fmt: skip


# --- the documented forms ------------------------------------------------------------


def test_plus_n_is_a_credit_of_n_points():
    assert parse("+2 Jane Doe: delivered the migration two days early") == NoteDraft(
        contact="Jane Doe",
        company=None,
        sign=1,
        points=2,
        note="delivered the migration two days early",
        category=None,
        when_text=None,
    )


@pytest.mark.parametrize("text", ["+ Jane Doe: sent the deck", "+Jane Doe: sent the deck"])
def test_plus_alone_is_one_point(text):
    draft = parse(text)
    assert (draft.sign, draft.points, draft.contact, draft.note) == (
        1,
        1,
        "Jane Doe",
        "sent the deck",
    )


def test_spaced_sign_and_number():
    draft = parse("+ 3 Jane Doe: solved it")
    assert (draft.sign, draft.points, draft.contact) == (1, 3, "Jane Doe")


@pytest.mark.parametrize("minus", ["-", "−", "–"])  # hyphen, minus sign, en dash
def test_every_minus_sign_is_a_debit(minus):
    draft = parse(f"{minus}1 Jane Doe: missed the Q3 report deadline")
    assert (draft.sign, draft.points, draft.contact, draft.note) == (
        -1,
        1,
        "Jane Doe",
        "missed the Q3 report deadline",
    )
    alone = parse(f"{minus} Jane Doe: late again")
    assert (alone.sign, alone.points, alone.contact) == (-1, 1, "Jane Doe")


@pytest.mark.parametrize(
    ("text", "sign", "points"),
    [
        ("credit Jane Doe: sent the case study", 1, 1),
        ("Credit Jane Doe: sent the case study", 1, 1),
        ("credit 2 Jane Doe: sent the case study", 1, 2),
        ("credit +2 Jane Doe: sent the case study", 1, 2),
        ("debit Jane Doe: invoice was wrong", -1, 1),
        ("DEBIT 3 Jane Doe: invoice was wrong", -1, 3),
    ],
)
def test_credit_and_debit_words(text, sign, points):
    draft = parse(text)
    assert (draft.sign, draft.points, draft.contact) == (sign, points, "Jane Doe")


@pytest.mark.parametrize(
    "name", ["Creditor Bank Jane", "Credit-Suisse Jane", "Debit's Team", "Debitel Ops"]
)
def test_a_word_that_only_starts_like_credit_is_part_of_the_name(name):
    draft = parse(f"{name}: paid on time")
    assert (draft.sign, draft.contact) == (None, name)


@pytest.mark.parametrize(
    "text", ["+ 3M Ops: x", "+1 3M Ops: x", "credit 3M Ops: x", "debit 3M Ops (3M): x"]
)
def test_a_name_that_starts_with_a_digit(text):
    assert parse(text).contact == "3M Ops"


def test_unsigned_note_leaves_the_sign_to_the_wording():
    draft = parse("Jane Doe: fixed their outage in an hour")
    assert (draft.sign, draft.points, draft.contact, draft.note) == (
        None,
        1,
        "Jane Doe",
        "fixed their outage in an hour",
    )


def test_a_number_in_the_note_is_not_points():
    draft = parse("+3 Jane Doe: 2 days early, at 10:30")
    assert (draft.points, draft.note) == (3, "2 days early, at 10:30")


@pytest.mark.parametrize(
    ("text", "contact", "company"),
    [
        ("+2 Jane Doe (Acme): x", "Jane Doe", "Acme"),
        ("Jane Doe(Acme Logistics Ltd.): x", "Jane Doe", "Acme Logistics Ltd."),
        ("+1 3M Person (3M): x", "3M Person", "3M"),
        ("Jane Doe ( Acme ): x", "Jane Doe", "Acme"),
        ("Jane Doe (): x", "Jane Doe", None),
    ],
)
def test_company_in_parentheses(text, contact, company):
    draft = parse(text)
    assert (draft.contact, draft.company) == (contact, company)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_tag(category):
    draft = parse(f"Jane Doe: something happened #{category}")
    assert (draft.category, draft.note) == (category, "something happened")


def test_tag_is_case_insensitive_and_may_sit_anywhere_in_the_note():
    draft = parse("+1 Jane Doe: #Promise-Kept sent it on Friday")
    assert (draft.category, draft.note) == ("promise-kept", "sent it on Friday")


def test_unknown_tag_lists_the_known_ones():
    message = error_of("Jane Doe: talked #hiring")
    assert "#hiring" in message and "#promise-kept" in message


def test_two_different_tags_are_an_error():
    assert "One category" in error_of("Jane Doe: x #mistake #escalation")


def test_hashes_that_are_not_tags_stay_in_the_note():
    draft = parse("Jane Doe: fixed issue #42 in C# code")
    assert (draft.category, draft.note) == (None, "fixed issue #42 in C# code")


@pytest.mark.parametrize(
    ("text", "when", "category", "note"),
    [
        ("Jane Doe: sent it @yesterday", "yesterday", None, "sent it"),
        ("Jane Doe: sent it @last Tuesday", "last Tuesday", None, "sent it"),
        ("Jane Doe: sent it @2026-11-03", "2026-11-03", None, "sent it"),
        ("Jane Doe: sent it #promise-kept @yesterday", "yesterday", "promise-kept", "sent it"),
        (
            "Jane Doe: sent it @last Tuesday #promise-kept",
            "last Tuesday",
            "promise-kept",
            "sent it",
        ),
    ],
)
def test_when(text, when, category, note):
    draft = parse(text)
    assert (draft.when_text, draft.category, draft.note) == (when, category, note)


def test_a_mention_before_the_when_stays_in_the_note():
    draft = parse("+1 Jane Doe: thanked @sam for the intro @yesterday #added-value")
    assert (draft.when_text, draft.category, draft.note) == (
        "yesterday",
        "added-value",
        "thanked @sam for the intro",
    )


def test_an_email_address_in_the_note_is_not_a_when():
    draft = parse("Jane Doe: wrote to jane@acme.example about it")
    assert (draft.when_text, draft.note) == (None, "wrote to jane@acme.example about it")


# --- points out of range ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("+0 Jane Doe: x", "0"),
        ("+11 Jane Doe: x", "11"),
        ("-11 Jane Doe: x", "11"),
        ("+2.5 Jane Doe: x", "2.5"),
        ("+ 2.5 Jane Doe: x", "2.5"),
        ("credit 2.5 Jane Doe: x", "2.5"),
        ("+1,5 Jane Doe: x", "1,5"),
        ("+2abc Jane Doe: x", "2abc"),
        ("+٣ Jane Doe: x", "٣"),  # an Arabic-Indic three is not one of our whole numbers
        ("credit 0 Jane Doe: x", "0"),
        ("debit 11 Jane Doe: x", "11"),
        ("debit -2 Jane Doe: x", "-2"),
    ],
)
def test_points_out_of_range_show_the_right_form(text, given):
    message = error_of(text)
    assert f"from 1 to {MAX}" in message
    assert repr(given) in message
    assert "+2 Jane Doe:" in message


def test_the_maximum_is_a_parameter():
    assert parse("+5 Jane Doe: x", max_points=5).points == 5
    assert "from 1 to 5" in error_of("+6 Jane Doe: x", max_points=5)
    assert parse("+10 Jane Doe: x").points == 10


def test_letters_after_the_sign_are_the_name_not_points():
    # "+abc Jane Doe" reads as "+ abc Jane Doe": one point to a contact called "abc Jane Doe".
    draft = parse("+abc Jane Doe: x")
    assert (draft.sign, draft.points, draft.contact) == (1, 1, "abc Jane Doe")


def test_two_signs_are_an_error():
    assert "one sign" in error_of("++2 Jane Doe: x")
    assert "one sign" in error_of("+-2 Jane Doe: x")


# --- missing parts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ": delivered", "  : delivered", "+2 : delivered", "+2: delivered", "+ 2: delivered",
        "-3:delivered", "credit 2: delivered", "debit +2: delivered", "credit: delivered",
        "+: delivered", "credit −: delivered",
    ],
)  # fmt: skip
def test_colon_with_nothing_before_it(text):
    assert "Name the contact" in error_of(text)


def test_a_company_alone_is_not_a_contact():
    assert "Name the contact" in error_of("(Acme): delivered")


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00\x07", "\u200b"])
def test_empty_note(text):
    assert "empty" in error_of(text)


@pytest.mark.parametrize("text", ["Jane Doe:", "+2 Jane Doe:   ", "Jane Doe: #mistake"])
def test_nothing_after_the_colon(text):
    assert "Say what happened" in error_of(text)


@pytest.mark.parametrize("text", ["+2 Jane Doe delivered", "+2", "credit"])
def test_no_colon_at_all(text):
    assert "':'" in error_of(text)


def test_ten_thousand_character_note_is_refused_with_the_limit():
    message = error_of("+2 Jane Doe: " + "a" * 10_000)
    assert "10,000" in message and "4,000" in message


def test_a_note_at_the_limit_is_accepted():
    assert len(parse("+2 Jane Doe: " + "a" * 4000).note) == 4000


def test_an_overlong_contact_name_is_refused():
    assert "too long" in error_of("+2 " + "J" * 201 + ": x")


# --- what reps paste ---------------------------------------------------------------------------


def test_control_characters_are_removed():
    draft = parse("+2 Jane\x00 Doe\x1b: de\x07livered\r\nthe\tmigration\x7f")
    assert draft.contact == "Jane Doe"
    assert draft.note == "de livered the migration"
    assert not any(unicodedata.category(ch) == "Cc" for ch in draft.contact + draft.note)


def test_emoji_are_kept_whole():
    draft = parse("+2 Dev 👩‍💻 Team: the whole family 👨‍👩‍👧 came 🎉🇳🇱")
    assert draft.contact == "Dev 👩‍💻 Team"
    assert draft.note == "the whole family 👨‍👩‍👧 came 🎉🇳🇱"


def test_a_persian_name_keeps_its_zero_width_non_joiner():
    assert parse("+1 می‌خواهم: x").contact == "می‌خواهم"


def test_stray_zero_width_characters_go():
    draft = parse("+1 \u200bJane\u200d Doe\ufeff: x\u200d")
    assert (draft.contact, draft.note) == ("Jane Doe", "x")


def test_emoji_only_contact():
    assert parse("🦄: great demo").contact == "🦄"


@pytest.mark.parametrize(
    "text",
    [
        "+2 Robert'); DROP TABLE contacts;--: x",
        "+1 Jane' OR '1'='1: x",
        "Jane Doe: '; DELETE FROM ledger_entries; --",
    ],
)
def test_sql_looking_text_is_just_text(text):
    draft = parse(text)
    contact, _, note = clean_text(text.lstrip("+12 ")).partition(":")
    assert (draft.contact, draft.note) == (contact.strip(), note.strip())


def test_starts_like_note():
    assert starts_like_note("+2 Jane: x")
    assert starts_like_note("  − Jane: x")
    assert starts_like_note("debit Jane: x")
    assert not starts_like_note("balance Jane")
    assert not starts_like_note("")


# --- properties -----------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        *"+-−–:()#@ ,.0123456789aZé\n\t\x00\x1b\u200b\u200d\u200c\ufeff😀",
        *("credit ", "debit ", "Jane Doe", "#mistake", "#foo", "@yesterday", "@", "10", "11"),
    ]
)
ANY_TEXT = st.one_of(st.text(), st.lists(PIECES, max_size=40).map("".join))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, max_points=st.integers(1, 100))
def test_any_text_parses_within_bounds_or_gives_a_clear_error(text, max_points):
    try:
        draft = parse_note(text, max_points=max_points, categories=CATEGORIES, max_chars=500)
    except GrammarError as exc:
        assert str(exc).strip()
        return
    assert isinstance(draft, NoteDraft)
    assert 1 <= draft.points <= max_points
    assert draft.sign in (1, -1, None)
    assert draft.contact.strip() and draft.note.strip()
    assert len(draft.note) <= 500
    assert draft.category is None or draft.category in CATEGORIES
    assert ":" not in draft.contact
    for part in (draft.contact, draft.note, draft.company or "", draft.when_text or ""):
        assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in part)


LETTERS = st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="ſK")
WORD = st.text(LETTERS, min_size=1, max_size=12) | st.sampled_from(
    ["3M", "7-Eleven", "O'Neil", "Jean-Luc", "Dr.", "Ng", "Zoë", "李", "Ağa"]
)
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
COMPANY = st.lists(
    st.text(st.sampled_from("AcmeGlobx3&.'"), min_size=1, max_size=10), min_size=1, max_size=3
).map(" ".join)
NOTE_WORD = st.text(
    st.characters(categories=["L", "N", "Po", "Pd"], exclude_characters="#@:\u200c\u200d"),
    min_size=1,
    max_size=15,
)
NOTE = st.lists(NOTE_WORD, min_size=1, max_size=12).map(" ".join)
WHEN = st.sampled_from(["yesterday", "last Tuesday", "2026-11-03", "3 days ago"])


@st.composite
def valid_notes(draw):
    form = draw(st.sampled_from(["plus", "minus", "plus-alone", "credit", "debit", "none"]))
    points = draw(st.integers(1, MAX))
    name = draw(NAME)
    if form == "none":
        first = name.split()[0].lower()
        if first in ("credit", "debit"):
            name = "X" + name
    company = draw(st.none() | COMPANY)
    note = draw(NOTE)
    category = draw(st.none() | st.sampled_from(CATEGORIES))
    when = draw(st.none() | WHEN)
    minus = draw(st.sampled_from("-−–"))
    prefix, sign = {
        "plus": (f"+{points} ", 1),
        "minus": (f"{minus}{points} ", -1),
        "plus-alone": ("+ ", 1),
        "credit": (f"credit {points} ", 1),
        "debit": (f"debit {points} ", -1),
        "none": ("", None),
    }[form]
    if form in ("plus-alone", "none"):
        points = 1
    if when and draw(st.booleans()):  # an @mention earlier in the note stays text
        words = note.split()
        words.insert(draw(st.integers(0, len(words))), "@" + draw(WORD))
        note = " ".join(words)
    tail = []
    if category:
        tail.append(f"#{category}")
    if when:
        tail.append(f"@{when}")
    if draw(st.booleans()):
        tail.reverse()
    text = prefix + name + (f" ({company})" if company else "") + ": " + " ".join([note, *tail])
    return text, NoteDraft(name, company, sign, points, note, category, when)


@settings(max_examples=800)
@given(valid_notes())
def test_a_valid_note_parses_back_to_its_parts(case):
    text, expected = case
    assert parse(text) == expected
