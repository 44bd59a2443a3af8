"""Timing statistics, machine facts, result files, and throwaway databases."""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from bot.app import App

RESULTS = Path(__file__).parent / "results"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class Timing:
    label: str
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float

    def row(self) -> str:
        return (
            f"{self.label:<44} {self.count:>7} {self.p50_ms:>9.2f} {self.p95_ms:>9.2f} "
            f"{self.p99_ms:>9.2f} {self.per_second:>10.0f}"
        )


HEADER = f"{'measure':<44} {'n':>7} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} {'per s':>10}"


def summarise(label: str, samples: list[float], wall: float) -> Timing:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return Timing(label, len(samples), pct(0.50), pct(0.95), pct(0.99), len(samples) / wall)


def time_calls(label: str, call: Callable[[int], object], count: int) -> Timing:
    samples = []
    started = time.perf_counter()
    for n in range(count):
        t0 = time.perf_counter()
        call(n)
        samples.append(time.perf_counter() - t0)
    return summarise(label, samples, time.perf_counter() - started)


def _proc_field(path: str, name: str) -> str | None:
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    found = (line.split(":", 1)[1].strip() for line in lines if line.startswith(name))
    return next(found, None)


def machine() -> dict:
    """Where the figures came from; the load average matters on a shared machine."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": _proc_field("/proc/cpuinfo", "model name") or platform.machine(),
        "memory": _proc_field("/proc/meminfo", "MemTotal"),
        "load_average_at_end": os.getloadavg(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_results(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"machine": machine(), **payload}
    path.write_text(json.dumps(payload, indent=2, default=lambda o: asdict(o)) + "\n")
    return path


def postgres_base_url() -> str | None:
    url = os.environ.get("RELCAP_TEST_DATABASE_URL", PG_DEFAULT)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return url
    except Exception:
        return None


PLATFORMS_OFF = {
    name: None
    for name in (
        "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID",
        "SLACK_CLIENT_SECRET", "MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD",
    )
}  # fmt: skip


@contextmanager
def bootstrapped(url: str, clock: Callable[[], datetime] | None = None) -> Iterator[App]:
    """The app on `url`, from the same bootstrap as every command (no .env, no platform)."""
    from bot.app import build_app
    from bot.settings import Settings

    with tempfile.TemporaryDirectory(prefix="relcap-bench-home-") as home:
        settings = Settings(
            _env_file=None, home=Path(home), DATABASE_URL=url, teams_emulator=False,
            **PLATFORMS_OFF,
        )  # fmt: skip
        app = build_app(settings, clock) if clock else build_app(settings)
        try:
            yield app
        finally:
            app.close()


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A new empty database URL of `kind` ("sqlite" | "postgresql"), removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="relcap-bench-") as home:
            yield f"sqlite:///{home}/relcap.db"
        return
    base = postgres_base_url()
    if base is None:
        raise RuntimeError("no PostgreSQL answers")
    name = f"relcap_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
