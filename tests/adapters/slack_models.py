"""Every block and view relcap renders, checked against slack-sdk's own Block Kit models."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


def assert_valid_blocks(blocks: list[dict]) -> None:
    assert isinstance(blocks, list) and len(blocks) <= 50, "a message holds at most 50 blocks"
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None, f"unknown block {block.get('type')!r}"
        parsed.validate_json()  # raises SlackObjectFormationError on a broken limit
        # A model drops fields it does not know: what comes back must be what we sent.
        assert _strip(parsed.to_dict()) == _strip(block), f"lost in parsing: {block}"


def assert_valid_view(view: dict) -> None:
    View(**view).validate_json()
    assert_valid_blocks(view.get("blocks") or [])


def assert_valid_call(args: dict) -> None:
    """A recorded Web API call or response_url body that carries blocks or a view."""
    if isinstance(args.get("view"), dict):
        assert_valid_view(args["view"])
    if isinstance(args.get("blocks"), list):
        assert_valid_blocks(args["blocks"])


def _strip(data):
    """Ignore what a model adds by default (emoji flags, empty lists)."""
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k != "emoji" and v not in ([], None)}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data
