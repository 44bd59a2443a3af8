"""The App Home tab: the rep's accounts at a glance, and buttons to act on them."""

from __future__ import annotations

from bot.slack import blocks
from handlers.messages import Button, Reply

# An adapter-side button: its value is a command line for the core, so a press from
# App Home (which has a trigger id) can open the core's form as a modal.
RUN_COMMAND = "relcap.run"
HOME_BUTTONS = (
    Button("Log a note", RUN_COMMAND, "log", "primary"),
    Button("Record a fact", RUN_COMMAND, "fact"),
    Button("Refresh", RUN_COMMAND, "home"),
)


def home_view(accounts: Reply) -> dict:
    """`accounts` is the core's answer to `accounts`: the rep's companies with coverage,
    single-threaded ones first."""
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Your accounts"}},
            *blocks.message_blocks(accounts),
            {"type": "divider"},
            *blocks.buttons(HOME_BUTTONS, block_id="home"),
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "DM me a note like `+2 Jane Doe: delivered early`, "
                        "or `/relcap help`.",
                    }
                ],
            },
        ],
    }
