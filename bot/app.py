"""The composition root: settings → engine → schema → core. Every entry point starts here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.addresses import addressing_by_platform
from bot.settings import Settings
from handlers.core import Clock, Core, utc_now
from storage.aggregates import ensure_half_life
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade


@dataclass
class App:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    core: Core

    def close(self) -> None:
        self.engine.dispose()


def build_app(settings: Settings | None = None, clock: Clock = utc_now) -> App:
    """Everything wired, schema upgraded; raises StartupError with one clear line."""
    settings = settings or Settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    upgrade(engine)
    session_factory = make_session_factory(engine)
    ensure_half_life(session_factory, settings.half_life_days)
    core = Core(session_factory, settings.policy(), clock)
    core.services.addressing = addressing_by_platform()  # `digest channel …` per platform
    return App(settings, engine, session_factory, core)
