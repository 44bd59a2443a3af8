"""Shared pieces of the calendar tests: ICS text, a loopback calendar host, a pass."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.calendar_fetch import http_fetcher
from bot.console.sender import ConsoleSender
from handlers.calendar.calendar_pass import CalendarPass, CalendarReport
from handlers.calendar.config import CalendarConfig
from handlers.calendar.poll import CalendarPoller
from handlers.calendar.prompts import MeetingPrompts
from handlers.nudges.config import NudgeConfig
from handlers.nudges.delivery import Deliverer
from tests.unit.nudging import Inbox

OWNER = "ana@ourco.example"


def vevent(
    uid: str,
    start: str,
    end: str | None = None,
    *,
    tz: str | None = "Europe/Berlin",
    attendees: tuple[str, ...] = ("jane@acme.example",),
    extra: str = "",
    summary: str = "Review",
) -> str:
    zone = f";TZID={tz}" if tz else ""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART{zone}:{start}"]
    if end:
        lines.append(f"DTEND{zone}:{end}")
    lines.append(f"SUMMARY:{summary}")
    lines.append(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{OWNER}")
    lines += [f"ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:{a}" for a in attendees]
    if extra:
        lines += extra.strip().splitlines()
    lines.append("END:VEVENT")
    return "\n".join(lines)


def ics(*events: str) -> bytes:
    text = "\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//relcap tests//EN", *events, "END:VCALENDAR"]
    )
    return text.replace("\n", "\r\n").encode()


@dataclass
class Host:
    """What the loopback calendar host serves, and what it was asked."""

    body: bytes = b""
    etag: str = '"v1"'
    status: int = 200
    stall: bool = False  # hold the answer until the test ends (a slow host)
    no_length: bool = False  # no Content-Length: the body runs until the connection closes
    requests: list[dict] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)


class LoopbackHost:
    def __init__(self) -> None:
        self.state = Host()
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                state.requests.append(dict(self.headers))
                if state.stall:
                    state.released.wait(10)
                    return
                if state.status != 200:
                    self.send_response(state.status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == state.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("ETag", state.etag)
                if not state.no_length:
                    self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)

            def log_message(self, *args):  # quiet test output
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/calendars/secret-token-1234.ics"

    def close(self) -> None:
        self.state.released.set()
        self.server.shutdown()
        self.server.server_close()


def make_calendar_pass(core, inbox: Inbox, config: CalendarConfig) -> CalendarPass:
    sf = core.session_factory
    return CalendarPass(
        CalendarPoller(sf, http_fetcher(config), config),
        MeetingPrompts(sf, core.policy, core.services, config),
        Deliverer(sf, {"console": ConsoleSender(inbox)}, NudgeConfig()),
        core.clock,
    )


def run(calendar_pass: CalendarPass, at=None) -> CalendarReport:
    return asyncio.run(calendar_pass.run(at))
