"""`relcap import` of a 50,000-row Salesforce export, as a user runs it: a whole process
per run (start, read, match, write). Apply on an empty database, then the same file
again (it must change nothing), then a dry run of it. Target: under 60 s on SQLite."""

from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import fresh_database
from bench.servers import relcap_command

ROWS = int(os.environ.get("RELCAP_BENCH_IMPORT_ROWS", "50000"))
PER_COMPANY = 25
TARGET_SECONDS = 60.0
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elif",
    "Femi",
    "Gita",
    "Hugo",
    "Ines",
    "Jon",
    "Kemal",
    "Lea",
    "Mika",
    "Nora",
    "Omar",
    "Pia",
]
LAST = [
    "Abbott",
    "Brandt",
    "Castro",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Gupta",
    "Haas",
    "Ito",
    "Jensen",
    "Kowalski",
]
HEADER = [
    "First Name",
    "Last Name",
    "Title",
    "Department",
    "Account Name",
    "Email",
    "Reports To",
    "City",
]
SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ha",
    "ji",
    "ko",
    "lu",
    "ma",
    "ne",
    "pi",
    "ro",
    "su",
    "ta",
    "vi",
]


def _surname(i: int) -> str:
    """A distinct surname per row; neighbours (colleagues) far apart in spelling."""
    n = (i * 40503) % 16**4
    return "".join(SYLLABLES[(n >> shift) & 15] for shift in (12, 8, 4, 0)).title()


def write_export(path: Path, rows: int) -> None:
    """Distinct companies, 25 people each, most reporting to the
    first person of their company."""
    rng = random.Random(14)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        boss = company = ""
        for i in range(rows):
            company_no, seat = divmod(i, PER_COMPANY)
            if seat == 0:
                tag = _surname(company_no + 30011) + _surname(company_no * 7 + 101).lower()
                company = f"{tag} {rng.choice(LAST)} Group"  # far from every other name
            first, last = rng.choice(FIRST), _surname(i)
            name = f"{first} {last}"
            if seat == 0:
                boss = name
            domain = re.sub(r"[^a-z0-9]", "", company.casefold()) + ".example"
            writer.writerow([
                first, last, "VP Operations" if seat == 0 else "Analyst", "Operations", company,
                f"{first}.{last}@{domain}".casefold(), "" if seat == 0 else boss, "Boston",
            ])  # fmt: skip


def _run(args: list[str], url: str, home: str) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RELCAP_", "DATABASE_URL"))}
    env.update(DATABASE_URL=url, RELCAP_HOME=home)
    started = time.perf_counter()
    done = subprocess.run(
        [*relcap_command(), "import", *args], env=env, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, done.stdout.splitlines()[0]


def run(kinds: list[str]) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="relcap-bench-import-") as home:
        export = Path(home) / "contacts.csv"
        write_export(export, ROWS)
        for kind in kinds:
            with fresh_database(kind) as url:
                applied, first = _run([str(export), "--apply"], url, home)
                again, second = _run([str(export), "--apply"], url, home)
                dry, _ = _run([str(export)], url, home)
            row = {
                "database": kind,
                "rows": ROWS,
                "apply_s": round(applied, 2),
                "reimport_s": round(again, 2),
                "dry_run_s": round(dry, 2),
                "first": first,
                "again": second,
                "target_s": TARGET_SECONDS,
            }
            print(
                f"import {kind}: {ROWS:,} rows applied in {applied:.1f} s, again in "
                f"{again:.1f} s, dry run {dry:.1f} s (target {TARGET_SECONDS:.0f} s)\n"
                f"  {first}\n  {second}"
            )
            results.append(row)
    return results
