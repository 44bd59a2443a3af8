"""`python -m bench [http storage accounts nudges teams startup sign import]
[--sqlite-only]`: run, print, save JSON."""

from __future__ import annotations

import argparse

from bench import (
    accounts,
    contact_import,
    http_slack,
    nudge_pass,
    sign,
    startup,
    storage_growth,
    teams_http,
)
from bench.common import postgres_base_url, write_results

SUITES = {
    "http": http_slack.run,
    "storage": storage_growth.run,
    "accounts": accounts.run,
    "nudges": nudge_pass.run,
    "teams": teams_http.run,
    "startup": startup.run,
    "sign": sign.run,  # the sign reader against tests/data/sign_corpus.csv
    "import": contact_import.run,  # `relcap import` of a 50,000-row export
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("suites", nargs="*", help=f"any of {', '.join(SUITES)} (default: all)")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    unknown = set(args.suites) - set(SUITES)
    if unknown:
        parser.error(f"unknown suite {', '.join(sorted(unknown))}; choose from {', '.join(SUITES)}")
    kinds = ["sqlite"]
    if not args.sqlite_only:
        if postgres_base_url():
            kinds.append("postgresql")
        else:
            print("PostgreSQL does not answer: SQLite only.")
    for name in args.suites or list(SUITES):
        results = SUITES[name](kinds)
        path = write_results(name, {"databases": kinds, "results": results})
        print(f"→ {path}")


if __name__ == "__main__":
    main()
