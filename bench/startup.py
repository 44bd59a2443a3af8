"""Start-up as a user sees it: `relcap --help`, and `relcap shell` until its first prompt.

Each is a whole new process (interpreter start, imports, settings, database and schema
check, the start-of-shell nudge pass), timed from spawn to the output, median of N.
The shell runs on a pseudo-terminal, as it does for a rep, and is timed until it asks
for input: on a fresh home that is the demo offer (the database was just created), on
a home with data it is `relcap> ` (after the due nudges were shown).
"""

from __future__ import annotations

import os
import select
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.servers import relcap_command

HELP_RUNS = 9
SHELL_RUNS = 7
TARGETS = {"help": 0.3, "shell": 1.0}  # seconds, as whole processes
PROMPTS = (b"relcap> ", b"[Y/n] ")


def _env(home: Path) -> dict[str, str]:
    ours = ("SLACK_", "RELCAP_", "MICROSOFT_", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env["RELCAP_HOME"] = str(home)
    return env


def time_help(home: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*relcap_command(), "--help"], env=_env(home), cwd=home, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def time_first_prompt(home: Path, timeout: float = 30.0) -> float:
    """Seconds from spawn until the shell waits for the rep's first line."""
    main, child = os.openpty()
    started = time.perf_counter()
    process = subprocess.Popen(
        [*relcap_command(), "shell", "--user", "bench"],
        env=_env(home), cwd=home, stdin=child, stdout=child, stderr=child, close_fds=True,
    )  # fmt: skip
    os.close(child)
    seen = b""
    try:
        while not any(prompt in seen for prompt in PROMPTS):
            left = timeout - (time.perf_counter() - started)
            ready, _, _ = select.select([main], [], [], max(left, 0))
            if not ready:
                raise RuntimeError(f"no prompt within {timeout} s: {seen[-300:]!r}")
            seen += os.read(main, 4096)
        elapsed = time.perf_counter() - started
        os.write(main, b"n\nquit\n")  # decline the demo, then leave
        process.wait(10)
        return elapsed
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)


def _median(samples: list[float]) -> dict:
    return {
        "median_s": statistics.median(samples),
        "min_s": min(samples),
        "max_s": max(samples),
        "runs": len(samples),
    }


def measure() -> dict:
    with tempfile.TemporaryDirectory(prefix="relcap-startup-") as tmp:
        root = Path(tmp)
        seeded = root / "seeded"
        seeded.mkdir()
        subprocess.run(
            [*relcap_command(), "demo"], env=_env(seeded), cwd=seeded, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time_first_prompt(seeded)  # warm the OS file cache, as a second start would be
        help_times = [time_help(seeded) for _ in range(HELP_RUNS)]
        shell_times = [time_first_prompt(seeded) for _ in range(SHELL_RUNS)]
        fresh_times = []
        for run in range(SHELL_RUNS):
            fresh = root / f"fresh-{run}"
            fresh.mkdir()
            fresh_times.append(time_first_prompt(fresh))
            shutil.rmtree(fresh)
    return {
        "help": _median(help_times),
        "shell": _median(shell_times),
        "shell_first_run": _median(fresh_times),
        "load_average": os.getloadavg()[0],
    }


def run(_kinds: list[str]) -> dict:
    print("\nStart-up, whole processes (median of N; SQLite, the embedded default)")
    print(f"{'command':<44} {'median s':>8} {'min s':>6} {'target':>7}")
    result = measure()
    rows = [
        ("relcap --help", "help", TARGETS["help"]),
        ("relcap shell → first prompt (demo data)", "shell", TARGETS["shell"]),
        ("relcap shell → first prompt (new database)", "shell_first_run", TARGETS["shell"]),
    ]
    for label, key, target in rows:
        figures = result[key]
        met = "met" if figures["median_s"] < target else "missed"
        print(f"{label:<44} {figures['median_s']:>8.3f} {figures['min_s']:>6.3f} {met:>7}")
    print(f"load average {result['load_average']:.1f}")
    return result
