"""`account Acme`, `account Acme needs …`, `chart account Acme`, `accounts` (--team)."""

from __future__ import annotations

import struct

from tests.conftest import Rep


def acme(ana, ben, session_factory):
    ana.say("+5 Marcus Chen (Acme): unblocked the rollout")
    ana.say("+5 Marcus Chen: sponsored the pilot")
    ana.say("+2 Ivy Lee (Acme): good kickoff")
    ben.say("+1 Ivy Lee: sent the deck")
    ana.say("-2 Raj Rao (Acme): outage on our side")
    for line in (
        "contact role Ivy Lee: CEO, executive",
        "contact role Marcus Chen: VP Operations, operations",
        "contact role Raj Rao: IT lead, it",
        "contact reports Marcus Chen to Ivy Lee",
        "contact reports Raj Rao to Ivy Lee",
    ):
        assert not ana.say(line).is_error, line


def test_account_shows_people_by_function_health_coverage_and_the_widening_move(
    ana, ben, session_factory
):
    acme(ana, ben, session_factory)

    reply = ana.say("account Acme")

    assert reply.kind == "account"
    assert reply.text.startswith("🟡 Acme: account health ") or reply.text.startswith("🔴 Acme")
    assert "3 contacts" in reply.text
    fields = {f.label: f.value for f in reply.fields}
    assert list(fields)[2:5] == ["Executive (1)", "Operations (1)", "IT (1)"]
    assert fields["Executive (1)"].startswith("🟡 Ivy Lee — CEO · balance 3 · health ")
    assert fields["Executive (1)"].endswith("known by Ana (1 note), Ben (1 note)")
    assert fields["Operations (1)"].endswith("last touch today · known by Ana (2 notes)")
    assert fields["Coverage"].endswith("not known in Finance, Procurement")
    assert fields["Account health"].count("relationships") == 1
    assert fields["Widen the account"] == (
        "Ask Marcus Chen (balance 10) to introduce you to Finance"
    )
    assert [b.label for b in reply.buttons] == ["Track as promise", "Coverage map"]


def test_track_as_promise_records_the_introduction_once(ana, ben, session_factory):
    acme(ana, ben, session_factory)
    reply = ana.say("account Acme")

    first = ana.press("Track as promise", reply)
    again = ana.press("Track as promise", reply)

    assert first.kind == "promise"
    assert "ask Marcus Chen for an introduction to Finance at Acme" in first.text
    assert again.text == first.text
    assert ana.say("promises").text.count("introduction to Finance") == 1


def test_not_met_stakeholders_are_white_space_and_the_move_names_them(ana, ben, session_factory):
    acme(ana, ben, session_factory)

    noted = ana.say("account Acme needs CFO, finance")
    again = ana.say("account acme needs CFO, finance")
    reply = ana.say("account Acme")

    assert noted.text.startswith("Noted: Acme has a CFO in Finance we have not met yet.")
    assert again.is_error and "already known at Acme" in again.text
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Finance (1)"] == "◌ CFO · not met yet"
    assert "and 1 not met yet" in reply.text
    assert fields["Widen the account"] == (
        "Ask Marcus Chen (balance 10) to introduce you to CFO (Finance)"
    )


def test_needs_refuses_bad_input_and_saves_nothing(ana, ben, session_factory):
    acme(ana, ben, session_factory)
    before = ana.say("account Acme")
    for line in (
        "account Acme needs ,finance",
        "account Acme needs !!!",
        "account Acme needs CFO, astrology",
        "account Acme needs " + "C" * 10_000,
    ):
        assert ana.say(line).is_error, line
    assert ana.say("account Acme") == before


def test_an_unknown_company_offers_close_matches_never_guessed(ana, ben, session_factory):
    acme(ana, ben, session_factory)

    close = ana.say("account Acmee")
    none = ana.say("account Initech")

    assert close.kind == "choose"
    assert [b.label for b in close.buttons] == ["Acme"]
    assert ana.press("Acme", close).kind == "account"
    assert none.is_error and none.text.startswith("No company called “Initech”.")
    for line in ("account", "account    ", "account 🎉🎉", "account " + "x" * 10_000):
        assert ana.say(line).kind in ("error", "choose"), line


def test_single_thread_when_one_healthy_contact(ana, core):
    ana.say("+4 Jane Doe (Globex): great call")
    ana.say("-3 Bob Roe (Globex): missed the renewal")

    reply = ana.say("account Globex")

    fields = {f.label: f.value for f in reply.fields}
    assert fields["Single thread"] == "Jane Doe is the only healthy contact"
    assert "⚠ single thread" in reply.text


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


def test_chart_account_draws_the_coverage_map(ana, ben, session_factory):
    acme(ana, ben, session_factory)
    ana.say("account Acme needs CFO, finance")

    reply = ana.say("chart account Acme")
    pressed = ana.press("Coverage map", ana.say("account Acme"))

    assert reply.kind == "chart"
    assert reply.image.filename == "account-acme.png"
    assert reply.image.alt == "Coverage map of Acme: 3 contacts met, 1 not met, by function"
    width, height = _png_size(reply.image.data)
    assert width >= 480 and height >= 288  # 6 × 3.6 inches at 80 dpi at least
    assert pressed.image.data == reply.image.data
    assert ana.say("chart Marcus Chen").image.filename == "balance-marcus-chen.png"


def test_accounts_lists_the_reps_companies_at_risk_first(ana, ben, session_factory):
    acme(ana, ben, session_factory)
    ana.say("+4 Jane Doe (Globex): great call")
    ben.say("+2 Kim Ode (Initech): intro call")

    mine = ana.say("accounts")
    team = ana.say("accounts --team")

    assert mine.kind == "overview"
    assert mine.text == "Your 2 accounts, 1 single-threaded, at risk first:"
    labels = [f.label for f in mine.fields]
    assert labels[0].startswith("⚠ ") and labels[0].endswith("Globex")
    assert labels[1].endswith("Acme")
    acme_line = mine.fields[1].value
    assert "3 contacts" in acme_line and "not known in Finance, Procurement" in acme_line
    # both single-threaded: the weaker (Initech, balance 2) first
    assert [f.label.split()[-1] for f in team.fields] == ["Initech", "Globex", "Acme"]
    assert team.text.startswith("The team's 3 accounts")
    assert ana.press("Globex", mine).kind == "account"
    assert ana.say("accounts acme").is_error


def test_accounts_are_per_workspace(ana, core, session_factory):
    from handlers.messages import WorkspaceRef

    ana.say("+4 Jane Doe (Globex): great call")
    other = Rep(core, "ana", WorkspaceRef("slack", "T0OTHER"))

    assert other.say("accounts --team").text.startswith("No accounts yet.")
    assert other.say("account Globex").is_error


def test_the_shell_saves_the_coverage_map_and_numbers_the_buttons(core, tmp_path):
    import io

    from bot.console.shell import ConsoleShell
    from tests.conftest import LOCAL

    lines = (
        "+5 Marcus Chen (Acme): unblocked the rollout\n"
        "+2 Ivy Lee (Acme): good kickoff\n"
        "chart account Acme\n"
        "account Acme\n"
    )
    out = io.StringIO()
    shell = ConsoleShell(core, LOCAL, "ana", io.StringIO(lines), out, False, pictures=tmp_path)

    assert shell.run() == 0

    saved = tmp_path / "local-account-acme.png"
    assert f"Saved the picture to {saved}" in out.getvalue()
    assert saved.read_bytes().startswith(b"\x89PNG")
    assert "[1] Track as promise  [2] Coverage map" in out.getvalue()


def test_a_contact_command_naming_a_company_points_to_the_account(ana):
    ana.say("+2 Marcus Chen (Acme Logistics): delivered the migration early")
    for command in ("balance", "history", "profile"):
        reply = ana.say(f"{command} acme logistics")
        assert "is an account, not a contact" in reply.text, command
        assert "`account Acme Logistics`" in reply.text
    # `prep` takes a company too: the account brief.
    assert ana.say("prep acme logistics").text.startswith("Account brief: Acme Logistics")
    ana.say("balance acme logistics")
    opened = ana.press("Acme Logistics")
    assert opened.text.startswith("🔴 Acme Logistics") or "Acme Logistics" in opened.text
    assert any(f.label.startswith("Operations") or f.label == "Coverage" for f in opened.fields)
