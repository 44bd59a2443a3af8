"""Servers under test as subprocesses on loopback: started, awaited, measured, stopped."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def relcap_command() -> list[str]:
    """The installed console script next to this interpreter (as a user runs it)."""
    script = Path(sys.executable).with_name("relcap")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from bot.cli import main; main()"]


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def peak_rss_mb(self) -> float:
        """VmHWM: the most resident memory the process has held so far."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def _wait_healthy(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url}/healthz in {START_SECONDS} s")


@contextmanager
def serve(command: list[str], env: dict[str, str], port: int, cwd: Path) -> Iterator[Server]:
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=cwd)
    try:
        _wait_healthy(process, url)
        yield Server(process, url)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@dataclass
class FakeSlack:
    url: str
    calls: dict[str, int]  # filled in when it stops


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.fake_slack_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    fake = FakeSlack(process.stdout.readline().strip(), {})
    try:
        yield fake
    finally:
        process.stdin.close()
        try:
            fake.calls = json.loads(process.stdout.readline() or "{}")
            process.wait(10)
        except (subprocess.TimeoutExpired, ValueError):
            process.kill()
            process.wait(5)
