"""The sideload package: `relcap teams package` and what Teams checks in it."""

from __future__ import annotations

import json
import struct
import zipfile

from click.testing import CliRunner

from bot.cli import main
from handlers.router import COMMANDS

APP_ID = "12345678-1234-1234-1234-123456789abc"
MAIN_COMMANDS = {"log", "balance", "history", "undo", "profile", "fact", "contacts", "help"}


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_package_holds_the_manifest_with_the_app_id_and_both_icons(tmp_path):
    output = tmp_path / "app.zip"
    result = CliRunner().invoke(main, ["teams", "package", "--app-id", APP_ID, "-o", str(output)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert _png_size(archive.read("color.png")) == (192, 192)
        assert _png_size(archive.read("outline.png")) == (32, 32)
    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert bot["scopes"] == ["personal"]
    [command_list] = bot["commandLists"]
    titles = {c["title"] for c in command_list["commands"]}
    assert titles == MAIN_COMMANDS
    assert titles <= set(COMMANDS)  # each one is a word the core answers
    assert all(len(c["description"]) <= 128 for c in command_list["commands"])


def test_package_refuses_an_app_id_that_is_not_a_guid(tmp_path):
    result = CliRunner().invoke(
        main, ["teams", "package", "--app-id", "my-bot", "-o", str(tmp_path / "x.zip")]
    )
    assert result.exit_code != 0
    assert "is not a GUID" in result.output
    assert not (tmp_path / "x.zip").exists()


def test_package_reads_the_app_id_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "app.zip"
    runner = CliRunner()
    result = runner.invoke(
        main, ["teams", "package", "-o", str(output)], env={"MICROSOFT_APP_ID": APP_ID}
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as archive:
        assert json.loads(archive.read("manifest.json"))["id"] == APP_ID
    missing = runner.invoke(main, ["teams", "package"], env={"MICROSOFT_APP_ID": ""})
    assert missing.exit_code == 1
    assert "pass --app-id or set MICROSOFT_APP_ID" in missing.output
