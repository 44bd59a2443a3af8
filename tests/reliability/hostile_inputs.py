"""A seeded generator of hostile requests for the Slack and Teams endpoints.

Well-formed requests (signed, valid shape) carry hostile text or tampered button
values and must be answered; malformed ones (broken JSON, wrong types or content
types, binary, huge, unsigned) must be refused with a 4xx. None may get a 5xx.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from dataclasses import dataclass

from tests.adapters.slack_harness import fixture, sign
from tests.adapters.teams_activities import execute_invoke, message
from tests.reliability.slack_requests import command_body, note_payload, press_body

SLACK = "/slack/events"
TEAMS = "/api/messages"

INJECTIONS = (
    "'; DROP TABLE ledger_entries; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM contacts WHERE ('1'='1",
    "1; UPDATE contacts SET balance = 999 --",
    "%' OR name LIKE '%",
    "_%_%",
    "<!channel> <!here> <@U0ADMIN> <#C0GENERAL>",
    "*bold* _it_ ~strike~ `code` ```block``` > quote",
    "<https://evil.example|click me> [x](javascript:alert(1))",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "{{7*7}} ${jndi:ldap://127.0.0.1/a} %s%s%n",
    "\u202eevil\u202c \u200b\u200d \ufeff",
    "Zalgo: Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324",
    "\x00\x01\x02\x1b[31mred\x1b[0m\x7f",
    "🙂" * 50,
    "ＪＡＮＥ　ＤＯＥ",
    "\\\\' \\\" \\n \\x00",
)
READ_ONLY_TEXT = tuple(text for text in INJECTIONS if ":" not in text)
NOTE_SHAPES = (
    "+2 {x}: {y}",
    "-1 {x}: {y}",
    "{x}: {y}",
    "+99999999999999999999 {x}: {y}",
    "+1 {x} ({y}): {y}",
    "balance {x}",
    "history {x}",
    "profile {x}",
    "contacts {x}",
    "undo {x}",
    "fact {x} role: {y}",
    "nudges {x}",
    "{x}",
    "chart {x}",
)
ACTION_IDS = (
    "entry.undo",
    "entry.flip",
    "note.sign",
    "note.contact",
    "note.new_contact",
    "note.discard",
    "show",
    "nudge.answer",
    "nudge.snooze",
    "promise.kept",
    "relcap.unknown",
    "",
    "x" * 300,
    "entry.undo#0#1",
)


@dataclass(frozen=True)
class Case:
    kind: str
    path: str
    body: bytes
    headers: dict
    well_formed: bool | None  # None: odd but readable, any answer short of a 5xx
    replies: str | None = None  # "slack" or "teams": a reply must be sent for it


@dataclass(frozen=True)
class Targets:
    """Where requests claim to come from, and the ids of the victim's rows."""

    hostile_team: str
    victim_team: str
    attacker: str
    hostile_tenant: str
    victim_tenant: str
    service_url: str
    response_url: str
    entry_ids: tuple[int, ...]
    contact_ids: tuple[int, ...]
    pending_ids: tuple[int, ...]


class HostileInputs:
    def __init__(self, seed: int, targets: Targets) -> None:
        self.rng = random.Random(seed)
        self.t = targets
        self.serial = 5_000_000

    def cases(self, count: int) -> list[Case]:
        makers = [
            (self.slack_note, 14),
            (self.slack_command, 10),
            (self.slack_press, 12),
            (self.slack_view, 4),
            (self.slack_malformed, 14),
            (self.teams_message, 12),
            (self.teams_submit, 8),
            (self.teams_invoke, 6),
            (self.teams_malformed, 12),
            (self.unsigned, 4),
            (self.huge, 1),
        ]
        population = [maker for maker, weight in makers for _ in range(weight)]
        return [self.rng.choice(population)() for _ in range(count)]

    # --- text -------------------------------------------------------------------------

    def text(self) -> str:
        rng = self.rng
        x = rng.choice(INJECTIONS)
        y = rng.choice(INJECTIONS)
        if rng.random() < 0.05:
            y = "a" * rng.choice((3_000, 9_000, 12_000))  # beyond a note's length limit
        return rng.choice(NOTE_SHAPES).format(x=x, y=y)

    def value(self) -> str:
        rng, t = self.rng, self.t
        ids = t.entry_ids + t.contact_ids + t.pending_ids
        victim = str(rng.choice(ids))
        return rng.choice(
            (
                victim,
                f"{victim}:1",
                f"{victim}:-1",
                f"{rng.choice(t.pending_ids)}:{rng.choice(t.contact_ids)}",
                f"balance:{rng.choice(t.contact_ids)}",
                f"history:{victim}",
                "-1",
                "0",
                str(2**31),
                "99999999999999999999999",
                "1:2:3",
                "",
                "NaN",
                "١٢٣",
                "1 OR 1=1",
                json.dumps({"id": victim}),
                rng.choice(INJECTIONS),
            )
        )

    # --- Slack ------------------------------------------------------------------------

    def _signed(self, kind, body: bytes, content_type: str, well_formed: bool, replies=None):
        headers = {"Content-Type": content_type, **sign(body)}
        return Case(kind, SLACK, body, headers, well_formed, replies)

    def slack_note(self) -> Case:
        self.serial += 1
        payload = note_payload(self.text(), self.serial, team=self.t.hostile_team, user="UH1")
        body = json.dumps(payload).encode()
        return self._signed("slack note", body, "application/json", True, "slack")

    def slack_command(self) -> Case:
        # Read-only words in the victim's workspace; anything at all in the hostile one.
        if self.rng.random() < 0.5:
            word = self.rng.choice(("balance", "history", "profile", "contacts", "help"))
            # No ':' here: "help X: y" is a note about a contact named "help X".
            text = f"{word} {self.rng.choice(READ_ONLY_TEXT)}"
            body = command_body(text, self.t.victim_team, self.t.attacker)
        else:
            body = command_body(self.text(), self.t.hostile_team, "UH1")
        return self._signed("slack command", body, "application/x-www-form-urlencoded", True)

    def slack_press(self) -> Case:
        body = press_body(
            self.rng.choice(ACTION_IDS),
            self.value(),
            self.t.victim_team,
            self.t.attacker,
            self.t.response_url,
        )
        return self._signed("slack press", body, "application/x-www-form-urlencoded", True)

    def slack_view(self) -> Case:
        payload = fixture("view_submission.json")
        payload["team"] = {"id": self.t.victim_team, "domain": "example"}
        payload["user"].update(id=self.t.attacker, team_id=self.t.victim_team)
        action = self.rng.choice(ACTION_IDS)
        metadata = self.rng.choice(
            (
                json.dumps({"action_id": action, "value": self.value()}),
                "not json",
                "[1, 2]",
                json.dumps({"action_id": None}),
                "",
            )
        )
        payload["view"].update(callback_id="relcap.form", private_metadata=metadata)
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self._signed("slack view", body, "application/x-www-form-urlencoded", True)

    def slack_malformed(self) -> Case:
        rng = self.rng
        # From the hostile workspace: a lenient parse must not write into the victim's.
        event = note_payload(self.text(), 1, team=self.t.hostile_team, user="UH1")
        variants = (
            (b"{not json", "application/json"),
            (b"", "application/json"),
            (b"null", "application/json"),
            (b"[]", "application/json"),
            (b'"a string"', "application/json"),
            (b"12345", "application/json"),
            (bytes(rng.randrange(256) for _ in range(rng.randint(1, 400))), "application/json"),
            (json.dumps({**event, "event": [1, 2]}).encode(), "application/json"),
            (json.dumps({**event, "event": "text"}).encode(), "application/json"),
            (json.dumps({**event, "team_id": 42}).encode(), "application/json"),
            (
                json.dumps({**event, "event": {**event["event"], "text": {"a": 1}}}).encode(),
                "application/json",
            ),
            (
                json.dumps({**event, "event": {**event["event"], "user": 7}}).encode(),
                "application/json",
            ),
            (json.dumps({"type": "block_actions"}).encode(), "application/json"),
            (json.dumps(event).encode(), "text/plain"),
            (json.dumps(event).encode(), "application/xml"),
            (json.dumps(event).encode(), "multipart/form-data; boundary=x"),
            (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
            (b"payload=" + b"%FF" * 20, "application/x-www-form-urlencoded"),
            (b"payload=[1]&payload=2", "application/x-www-form-urlencoded"),
            (b"command=/relcap&text=balance", "application/x-www-form-urlencoded"),
            (b"%%%===&&&", "application/x-www-form-urlencoded"),
            (b"\xff\xfe\x00\x00", "application/x-www-form-urlencoded"),
        )
        index = rng.randrange(len(variants))
        body, content_type = variants[index]
        # A signed event under another content type is still Slack's: it may be answered.
        lenient = content_type != "application/json" and body.startswith(b"{")
        return self._signed(
            f"slack malformed {index}", body, content_type, None if lenient else False
        )

    # --- Teams ------------------------------------------------------------------------

    def _teams(self, kind: str, body: bytes, well_formed: bool, replies=None, ctype=None):
        headers = {"Content-Type": ctype or "application/json"}
        return Case(kind, TEAMS, body, headers, well_formed, replies)

    def teams_message(self) -> Case:
        self.serial += 1
        activity = message(
            self.text(),
            activity_id=f"h-{self.serial}",
            tenant=self.t.hostile_tenant,
            service_url=self.t.service_url,
            user_id="hostile-user",
        )
        return self._teams("teams message", json.dumps(activity).encode(), True, "teams")

    def teams_submit(self) -> Case:
        self.serial += 1
        value = self.rng.choice(
            (
                {"action_id": self.rng.choice(ACTION_IDS), "value": self.value()},
                {"action_id": "entry.undo", "value": self.value(), "field.x": "y" * 9000},
                {"action_id": ["list"], "value": {"nested": True}},
                {"value": self.value()},
                "a string value",
                [1, 2, 3],
                {"action_id": "form.log", "value": "", "form": "not a form"},
            )
        )
        activity = message(
            None,
            activity_id=f"s-{self.serial}",
            value=value,
            tenant=self.t.victim_tenant,
            service_url=self.t.service_url,
            user_id="attacker-user",
        )
        return self._teams("teams submit", json.dumps(activity).encode(), True)

    def teams_invoke(self) -> Case:
        self.serial += 1
        data = {"action_id": self.rng.choice(ACTION_IDS), "value": self.value()}
        activity = execute_invoke(
            data,
            activity_id=f"i-{self.serial}",
            tenant=self.t.victim_tenant,
            service_url=self.t.service_url,
            user_id="attacker-user",
        )
        if self.rng.random() < 0.3:
            activity["name"] = self.rng.choice(("composeExtension/query", "", "x" * 500))
        if self.rng.random() < 0.2:
            activity["value"] = self.rng.choice((None, "str", [1], {"action": "x"}))
        return self._teams("teams invoke", json.dumps(activity).encode(), True)

    def teams_malformed(self) -> Case:
        rng = self.rng
        # From the hostile tenant: a lenient parse must not write into the victim's.
        base = message(
            "+1 Jane Doe: hi",
            tenant=self.t.hostile_tenant,
            service_url=self.t.service_url,
            user_id="hostile-user",
        )
        variants = (
            b"{oops",
            b"",
            b"null",
            b"[]",
            b'"text"',
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))),
            json.dumps({**base, "type": 42}).encode(),
            json.dumps({**base, "type": "nonsense"}).encode(),
            json.dumps({k: v for k, v in base.items() if k != "type"}).encode(),
            json.dumps({**base, "from": "someone"}).encode(),
            json.dumps({**base, "from": None}).encode(),
            json.dumps({**base, "conversation": []}).encode(),
            json.dumps({**base, "serviceUrl": "ftp://127.0.0.1/"}).encode(),
            json.dumps({**base, "serviceUrl": None}).encode(),
        )
        # Odd but readable: answered (e.g. "I work inside a Teams organisation"), or not.
        lenient = (
            json.dumps({**base, "text": {"nested": "object"}}).encode(),
            json.dumps({**base, "timestamp": "not a time"}).encode(),
            json.dumps({**base, "channelData": "tenant"}).encode(),
            json.dumps({**base, "entities": "x"}).encode(),
        )
        ctype = rng.choice(("application/json", "text/plain", "application/octet-stream"))
        index = rng.randrange(len(variants) + len(lenient))
        if index >= len(variants):
            body = lenient[index - len(variants)]
            return self._teams(f"teams odd {index}", body, None, ctype=ctype)
        return self._teams(f"teams malformed {index}", variants[index], False, ctype=ctype)

    # --- anyone -----------------------------------------------------------------------

    def unsigned(self) -> Case:
        payload = note_payload(self.text(), 9, team=self.t.victim_team, user=self.t.attacker)
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if self.rng.random() < 0.5:
            headers.update(sign(body, secret="not-the-secret"))
        return Case("slack unsigned", SLACK, body, headers, False)

    def huge(self) -> Case:
        body = b'{"type": "event_callback", "x": "' + b"a" * 2_000_000 + b'"}'
        path = self.rng.choice((SLACK, TEAMS))
        headers = {"Content-Type": "application/json"}
        if path == SLACK:
            headers.update(sign(body))
        return Case("huge", path, body, headers, False)
