"""The one bootstrap (the composition root). Every command starts from `build_app`.

It builds, once per process: settings → engine (schema upgraded) → the core's services
(sign reader, the one question bank, categories, policy) → the core. The mounted
platforms' senders, the nudge pass and the scheduler are built the first time they are
asked for, and then reused: the web adapters and the scheduler share one Slack sender
and one Teams adapter. Nothing is built at import time, and a platform's SDK is imported
only by a command that uses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.addresses import addressing_by_platform
from bot.settings import Settings
from handlers.context import Services
from handlers.core import Clock, Core, core_services, utc_now
from handlers.ports import Sender
from storage.aggregates import ensure_half_life
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade

if TYPE_CHECKING:
    from bot.platforms import SlackParts
    from bot.scheduler import NudgeScheduler
    from bot.teams.sender import TeamsSender
    from handlers.calendar.calendar_pass import CalendarPass
    from handlers.calendar.poll import Fetcher
    from handlers.nudges.morning_pass import NudgePass

_UNBUILT = object()


@dataclass
class App:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    services: Services
    core: Core
    _slack: SlackParts | None = field(default=None, repr=False)
    _teams: object = field(default=_UNBUILT, repr=False)
    _nudge_pass: NudgePass | None = field(default=None, repr=False)

    @property
    def slack(self) -> SlackParts:
        """Slack's config, installation store and sender; SlackConfigError if misconfigured."""
        if self._slack is None:
            from bot.platforms import build_slack

            self._slack = build_slack(self.settings, self.engine)
        return self._slack

    def teams(
        self, backoff: Sequence[float] | None = None, openid_metadata_url: str | None = None
    ) -> TeamsSender | None:
        """The Teams sender and its adapter (None when Teams is off). Built on the first
        call, whose arguments (retry spacing, signing-key URL) hold for the process."""
        if self._teams is _UNBUILT:
            from bot.platforms import build_teams

            self._teams = build_teams(self.settings, backoff, openid_metadata_url)
        return self._teams  # type: ignore[return-value]

    def senders(self) -> dict[str, Sender]:
        """The sender of every configured platform, keyed by platform."""
        senders: dict[str, Sender] = {}
        if self.settings.slack_configured:
            senders["slack"] = self.slack.sender
        teams = self.teams() if self.settings.teams_configured else None
        if teams is not None:
            senders["teams"] = teams
        return senders

    def nudge_pass(self, senders: Mapping[str, Sender] | None = None) -> NudgePass:
        """The pass over every configured platform (built once), or over `senders` only."""
        from handlers.nudges.morning_pass import NudgePass

        def build(over: Mapping[str, Sender]) -> NudgePass:
            return NudgePass(
                self.session_factory,
                over,
                self.core.policy,
                self.settings.nudge_config(),
                self.core.clock,
                self.services,
            )

        if senders is not None:
            return build(senders)
        if self._nudge_pass is None:
            self._nudge_pass = build(self.senders())
        return self._nudge_pass

    def calendar_pass(
        self, senders: Mapping[str, Sender] | None = None, fetch: Fetcher | None = None
    ) -> CalendarPass:
        """Poll the calendars, claim the meeting prompts, deliver them (over the same
        senders and delivery as the nudge pass)."""
        from bot.calendar_fetch import http_fetcher
        from handlers.calendar.calendar_pass import CalendarPass
        from handlers.calendar.poll import CalendarPoller
        from handlers.calendar.prompts import MeetingPrompts

        config = self.services.calendar
        nudge_pass = self.nudge_pass(senders)
        return CalendarPass(
            CalendarPoller(self.session_factory, fetch or http_fetcher(config), config),
            MeetingPrompts(self.session_factory, self.core.policy, self.services, config),
            nudge_pass.deliverer,
            self.core.clock,
        )

    def scheduler(self, senders: Mapping[str, Sender] | None = None) -> NudgeScheduler:
        from bot.scheduler import NudgeScheduler

        return NudgeScheduler(
            self.nudge_pass(senders),
            self.settings.nudge_tick_seconds,
            self.calendar_pass(senders),
        )

    def close(self) -> None:
        self.engine.dispose()


def build_app(settings: Settings | None = None, clock: Clock = utc_now) -> App:
    """Everything the core needs, wired once, with the schema upgraded."""
    settings = settings or Settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    upgrade(engine)
    session_factory = make_session_factory(engine)
    ensure_half_life(session_factory, settings.half_life_days)
    policy = settings.policy()
    services = core_services(policy)
    services.addressing = addressing_by_platform()  # `digest channel …` per platform
    services.calendar = settings.calendar_config()
    core = Core(session_factory, policy, clock, services)
    return App(settings, engine, session_factory, services, core)
