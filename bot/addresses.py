"""Every platform's Addressing, for the core's `digest channel …` (built by bot.app).

Each is a small pure object: loading them pulls in no platform SDK.
"""

from __future__ import annotations

from bot.console.addresses import ConsoleAddressing
from bot.slack.addresses import SlackAddressing
from bot.teams.addresses import TeamsAddressing
from handlers.ports import Addressing


def addressing_by_platform() -> dict[str, Addressing]:
    return {a.platform: a for a in (SlackAddressing(), TeamsAddressing(), ConsoleAddressing())}
