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

    saved = tmp_path / "local-balance-jane-doe.png"
    assert f"Saved the picture to {saved}" in out.getvalue()
    assert _png_size(saved.read_bytes()) == (880, 396)


def test_charts_of_two_workspaces_do_not_overwrite_each_other(core, tmp_path):
    import io

    from bot.console.shell import ConsoleShell
    from handlers.messages import WorkspaceRef

    folder = tmp_path / "charts"  # created on the first chart
    for workspace in (WorkspaceRef("console", "local"), WorkspaceRef("slack", "T0123")):
        lines = "+2 Jane Doe: delivered early\nchart Jane Doe\n"
        shell = ConsoleShell(
            core, workspace, "ana", io.StringIO(lines), io.StringIO(), False, pictures=folder
        )
        assert shell.run() == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "local-balance-jane-doe.png",
        "slack-T0123-balance-jane-doe.png",
    ]


def test_a_picture_that_cannot_be_saved_is_a_clear_line(core, tmp_path):
    import io

    from bot.console.shell import ConsoleShell
    from tests.conftest import LOCAL

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    out = io.StringIO()
    lines = "+2 Jane Doe: delivered early\nchart Jane Doe\nbalance Jane Doe\n"
    shell = ConsoleShell(core, LOCAL, "ana", io.StringIO(lines), out, False, pictures=blocked)
    assert shell.run() == 0
    assert "⚠ Could not save the picture to" in out.getvalue()
    assert "Jane Doe" in out.getvalue().rsplit("⚠", 1)[1]  # the session went on


def _tick_labels(figure) -> list[str]:
    figure.canvas.draw()
    return [label.get_text() for label in figure.axes[0].get_xticklabels() if label.get_text()]


def test_entries_all_from_today_get_a_day_by_day_axis():
    from datetime import UTC, datetime, timedelta

    from handlers.balance.chart import balance_figure

    at = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    today = [(at, 2), (at + timedelta(minutes=5), -1), (at + timedelta(hours=3), 3)]
    for points in (today, today[:1]):
        labels = _tick_labels(balance_figure("Jane Doe", points, UTC))
        assert "Tue 03 Nov" in labels, labels
        assert labels == ["Mon 02 Nov", "Tue 03 Nov", "Wed 04 Nov", "Thu 05 Nov"]


def test_a_long_history_is_labelled_by_month():
    from datetime import UTC, datetime, timedelta

    from handlers.balance.chart import balance_figure

    at = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    points = [(at - timedelta(days=200), 2), (at - timedelta(days=50), -3), (at, 3)]
    labels = _tick_labels(balance_figure("Jane Doe", points, UTC))
    assert "Jun" in labels and "Sep" in labels, labels
