"""The fake Slack Web API in a process of its own, so its work is not timed with ours.

    python -m bench.fake_slack_process

Prints its URL on the first line; when stdin closes, prints how many calls of each
method it answered (as JSON) and exits.
"""

from __future__ import annotations

import asyncio
import collections
import json
import sys

from tests.adapters.fake_slack import FakeSlackApi


async def main() -> None:
    fake = FakeSlackApi()
    print(await fake.start(), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    counts = collections.Counter(call.method for call in fake.calls)
    await fake.stop()
    print(json.dumps(dict(counts)), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
