"""Every setting, read from the environment (and a `.env` file). See `.env.example`."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.policy import Policy


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RELCAP_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    home: Path = Field(default=Path("."), description="where the SQLite file lives")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "RELCAP_DATABASE_URL")
    )
    max_points: int = Field(default=10, ge=1, le=100)
    half_life_days: float = Field(default=90.0, gt=0)
    cadence_days: int = Field(default=30, ge=1)
    fact_stale_days: int | None = Field(default=None, ge=1)
    weight_balance: float = Field(default=0.5, ge=0)
    weight_recency: float = Field(default=0.3, ge=0)
    weight_knowledge: float = Field(default=0.2, ge=0)
    reinvest_balance: int = Field(default=8, ge=1)
    default_timezone: str = "UTC"
    log_level: str = "WARNING"

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use e.g. Europe/Berlin)") from exc
        return value

    @property
    def db_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.home / 'relcap.db').resolve()}"

    def policy(self) -> Policy:
        return Policy(
            max_points=self.max_points,
            half_life_days=self.half_life_days,
            cadence_days=self.cadence_days,
            fact_stale_days=self.fact_stale_days,
            weight_balance=self.weight_balance,
            weight_recency=self.weight_recency,
            weight_knowledge=self.weight_knowledge,
            reinvest_balance=self.reinvest_balance,
            default_timezone=self.default_timezone,
        )
