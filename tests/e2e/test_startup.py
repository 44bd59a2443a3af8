"""A command imports only what it uses, checked in a whole `relcap` process.

`relcap --help` loads no platform SDK, web server, chart library, database toolkit or
settings; the shell loads no platform SDK and draws with matplotlib only when asked
for a chart. (Times are benchmarks, `python -m bench startup`; this asserts modules.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.reliability.serve_process import OURS

PLATFORMS = ("slack_bolt", "slack_sdk", "botbuilder", "botframework", "aiohttp", "msrest")
HEAVY = ("matplotlib", "apscheduler", "sqlalchemy", "alembic", "pydantic", "yaml")

# `relcap` itself, with an exit hook that writes which watched packages were imported.
RUN_RELCAP = """
import atexit, json, os, sys
watched = set(json.loads(os.environ["WATCHED"]))
def report():
    loaded = sorted({m.split(".")[0] for m in sys.modules} & watched)
    with open(os.environ["LOADED_TO"], "w") as out:
        json.dump(loaded, out)
atexit.register(report)
sys.argv = ["relcap", *sys.argv[1:]]
from bot.cli import main
main()
"""


def loaded_by(tmp_path: Path, *args: str, stdin: str = "") -> set[str]:
    out = tmp_path / "loaded.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update(RELCAP_HOME=str(tmp_path), WATCHED=json.dumps(PLATFORMS + HEAVY), LOADED_TO=str(out))
    result = subprocess.run(
        [sys.executable, "-c", RUN_RELCAP, *args],
        input=stdin, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


def test_help_imports_no_sdk_no_database_no_settings(tmp_path):
    assert loaded_by(tmp_path, "--help") == set()
    assert loaded_by(tmp_path, "nudge", "--help") == set()


def test_the_shell_imports_no_platform_and_draws_only_when_asked(tmp_path):
    notes = "+2 Jane Doe (Acme): fixed the invoice\nbalance Jane Doe\nhelp\n"
    loaded = loaded_by(tmp_path, "shell", "--user", "ana", stdin=notes)
    assert loaded.isdisjoint(PLATFORMS), loaded
    assert "matplotlib" not in loaded and "apscheduler" not in loaded
    assert {"sqlalchemy", "pydantic"} <= loaded  # it did start the core
    charted = loaded_by(tmp_path, "shell", "--user", "ana", stdin="chart Jane Doe\n")
    assert "matplotlib" in charted and charted.isdisjoint(PLATFORMS), charted
