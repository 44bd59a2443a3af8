"""Signed Slack requests as Slack sends them: `/relcap balance <contact>` and DM notes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.parse

SECRET = "bench-signing-secret-0123456789ab"
TEAM = "TBENCH"
REPS = tuple(f"rep{n}" for n in range(1, 11))  # the reps `relcap demo` creates
DM_CHANNEL = "DBENCH"


def signed(body: bytes, content_type: str) -> tuple[bytes, dict[str, str]]:
    """The body and its headers with Slack's v0 signature over "v0:{ts}:{body}"."""
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return body, {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest.hexdigest()}",
    }


def balance_command(n: int, contact: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    rep = REPS[n % len(REPS)]
    fields = {
        "token": "unused",
        "team_id": TEAM,
        "team_domain": "bench",
        "channel_id": f"{DM_CHANNEL}{rep.upper()}",
        "channel_name": "directmessage",
        "user_id": rep,
        "user_name": rep,
        "command": "/relcap",
        "text": f"balance {contact}",
        "api_app_id": "ABENCH",
        "response_url": response_url,
        "trigger_id": f"{n}.1.bench",
    }
    body = urllib.parse.urlencode(fields).encode()
    return signed(body, "application/x-www-form-urlencoded")


def dm_note(n: int, contact: str, run: str) -> tuple[bytes, dict[str, str]]:
    """A new DM with a unique event id (a repeated id would answer from the saved note)."""
    rep = REPS[n % len(REPS)]
    ts = f"{1_700_000_000 + n}.{n % 1_000_000:06d}"
    payload = {
        "token": "unused",
        "team_id": TEAM,
        "api_app_id": "ABENCH",
        "event": {
            "type": "message",
            "channel": f"{DM_CHANNEL}{rep.upper()}",
            "user": rep,
            "text": f"+{1 + n % 3} {contact}: followed up on item {n}",
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
        },
        "type": "event_callback",
        "authorizations": [{"team_id": TEAM, "user_id": rep, "is_bot": False}],
        "event_id": f"Ev{run}{n:08d}",
        "event_time": 1_700_000_000 + n,
    }
    return signed(json.dumps(payload).encode(), "application/json")
