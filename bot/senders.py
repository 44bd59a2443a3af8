"""The senders of the configured platforms, for the scheduler.

Each platform adapter implements `handlers.ports.Sender`; the composition root lists
them here by platform name. The console sender is added by the entry points that have
a terminal (`relcap shell`, `relcap nudge tick`).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.app import App
from handlers.ports import Sender

# platform → factory(app) returning its sender, or None when that platform is not
# configured.
SenderFactory = Callable[[App], Sender | None]

# The table the scheduler reads; each platform adapter adds its factory here, e.g.
# "slack": bot.slack.sender.from_app, "teams": bot.teams.sender.from_app.
FACTORIES: dict[str, SenderFactory] = {}


def platform_senders(
    app: App, factories: dict[str, SenderFactory] | None = None
) -> dict[str, Sender]:
    senders: dict[str, Sender] = {}
    for platform, factory in (FACTORIES if factories is None else factories).items():
        sender = factory(app)
        if sender is not None:
            senders[platform] = sender
    return senders
