import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", data[16:24])


def test_chart_draws_the_balance_of_a_contact_as_a_png(ana, clock):
    ana.say("+2 Jane Doe (Acme): delivered the migration early")
    clock.advance(days=3)
    ana.say("-1 Jane Doe: missed the Q3 report deadline")
    clock.advance(days=5)
    ana.say("+3 Jane Doe: unblocked the security review")

    reply = ana.say("chart Jane Doe")

    assert reply.kind == "chart"
    assert reply.text == "Jane Doe (Acme): balance 4 over 3 entries"
    assert reply.image.filename == "balance-jane-doe.png"
    assert "2 credits, 1 debit, now 4" in reply.image.alt
    assert _png_size(reply.image.data) == (880, 396)


def test_chart_of_an_unknown_contact_says_so(ana):
    reply = ana.say("chart Nobody Here")

    assert reply.is_error
    assert reply.image is None


def test_the_console_saves_the_chart_as_a_file(core, tmp_path):
    import io

    from bot.console.shell import ConsoleShell
    from tests.conftest import LOCAL

    lines = "+2 Jane Doe: delivered early\nchart Jane Doe\n"
    out = io.StringIO()
    shell = ConsoleShell(core, LOCAL, "ana", io.StringIO(lines), out, False, pictures=tmp_path)

    assert shell.run() == 0

    saved = tmp_path / "balance-jane-doe.png"
    assert f"Saved the picture to {saved}" in out.getvalue()
    assert _png_size(saved.read_bytes()) == (880, 396)
