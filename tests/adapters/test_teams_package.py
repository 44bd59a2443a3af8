"""The sideload package: `relcap teams package` and what Teams checks in it."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.teams.message_action import COMMAND_ID
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
    assert bot["scopes"] == ["personal", "team"]  # a team channel for the team digest
    [command_list] = bot["commandLists"]
    titles = {c["title"] for c in command_list["commands"]}
    assert titles == MAIN_COMMANDS
    assert titles <= set(COMMANDS)  # each one is a word the core answers
    assert all(len(c["description"]) <= 128 for c in command_list["commands"])


def test_package_declares_the_message_action_the_bot_answers(tmp_path):
    output = tmp_path / "app.zip"
    result = CliRunner().invoke(main, ["teams", "package", "--app-id", APP_ID, "-o", str(output)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(output) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    [extension] = manifest["composeExtensions"]
    assert extension["botId"] == APP_ID  # the bot answers its task module
    [command] = extension["commands"]
    assert command["id"] == COMMAND_ID
    assert (command["type"], command["context"], command["fetchTask"]) == (
        "action",
        ["message"],
        True,
    )
    assert command["title"] == "Log to relcap"
    assert len(command["title"]) <= 32 and len(command["description"]) <= 128


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


ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "bot", "handlers", "storage", "prompts")


def test_package_builds_from_an_installed_wheel(tmp_path):
    """Not a checkout: the wheel is built from a copy of the sources, installed into a
    folder of its own, and `relcap teams package` runs from there in an empty folder."""
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # No build isolation: the test extra's setuptools builds it, offline, in a second.
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist")]
    subprocess.run([*build, str(source)], check=True, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("relcap-*.whl")
    target = tmp_path / "installed"
    install = [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    shutil.rmtree(source)  # nothing of the copy may be read from here on

    work = tmp_path / "work"
    work.mkdir()
    script = (
        "import sys, bot.teams.package as p; print(p.__file__, file=sys.stderr); "
        "from bot.cli import main; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "MICROSOFT_APP_ID": ""}
    result = subprocess.run(
        [sys.executable, "-c", script, "teams", "package", "--app-id", APP_ID, "-o", "app.zip"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines()[0].startswith(str(target))  # the installed copy ran
    with zipfile.ZipFile(work / "app.zip") as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(archive.read("manifest.json"))["id"] == APP_ID
        assert _png_size(archive.read("color.png")) == (192, 192)
