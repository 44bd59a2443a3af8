"""Every setting, read from the environment (and a `.env` file). See `.env.example`.

Tokens, secrets, passwords and the database URL are `SecretStr`: a repr, a log line or
a validation error shows `**********`; only the code that uses one calls `reveal()`.
"""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from handlers.calendar.config import CalendarConfig
from handlers.nudges.config import NudgeConfig
from handlers.policy import Policy


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RELCAP_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        hide_input_in_errors=True,  # a rejected value may be a secret: never echo it
    )

    home: Path = Field(default=Path("."), description="where the SQLite file lives")
    database_url: SecretStr | None = Field(
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
    goodwill_covers_balance: int = Field(default=5, ge=1)
    goodwill_empty_balance: int = Field(default=0, le=0)
    loyalty_every_days: int = Field(default=90, ge=1)
    # What health expects at each stage, over prompts/stages.yaml: "engaged=10,courting=45"
    # (keep-in-touch days) and "courting=0.3" (share of the professional side known).
    stage_cadence_days: str = ""
    stage_knowledge: str = ""
    default_timezone: str = "UTC"
    log_level: str = "WARNING"

    # Daily nudges: how often the scheduler passes, how late a missed slot may still go
    # out, how long a question accepts answers, how hard a failing send is retried.
    nudge_tick_seconds: int = Field(default=60, ge=5, le=3600)
    nudge_grace_hours: float = Field(default=3.0, gt=0, le=24)
    nudge_expiry_hours: float = Field(default=48.0, gt=0)
    nudge_max_attempts: int = Field(default=5, ge=1, le=20)
    nudge_retry_seconds: float = Field(default=30.0, gt=0)

    # Calendars: how often a feed is read, how long and how large a read may be, when
    # the prompts around a meeting go out, and who counts as a colleague.
    calendar_poll_minutes: int = Field(default=15, ge=1, le=1440)
    calendar_timeout_seconds: float = Field(default=20.0, gt=0, le=300)
    calendar_max_mb: int = Field(default=10, ge=1, le=100)
    meeting_brief_minutes: int = Field(default=15, ge=0, le=1440)
    meeting_prompts_per_day: int = Field(default=5, ge=0, le=50)
    internal_domains: str = ""  # comma-separated, e.g. "ourco.example,ourco-eu.example"
    quiet_hours: str = "20:00-08:00"  # local to each rep; "" for none

    # The web server (`relcap serve`): Slack and Teams share one process and port.
    host: str = Field(default="0.0.0.0", validation_alias=AliasChoices("HOST", "RELCAP_HOST"))
    port: int = Field(
        default=3000, ge=1, le=65535, validation_alias=AliasChoices("PORT", "RELCAP_PORT")
    )

    # Slack (unprefixed names, as Slack's own docs and tools use them).
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_CLIENT_SECRET"
    )
    slack_api_url: str | None = Field(default=None, validation_alias="SLACK_API_URL")

    # Microsoft Teams (Bot Framework).
    microsoft_app_id: str | None = Field(default=None, validation_alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr | None = Field(
        default=None, validation_alias="MICROSOFT_APP_PASSWORD"
    )
    microsoft_app_type: str = Field(default="MultiTenant", validation_alias="MICROSOFT_APP_TYPE")
    microsoft_app_tenant_id: str | None = Field(
        default=None, validation_alias="MICROSOFT_APP_TENANT_ID"
    )
    teams_emulator: bool = False

    @property
    def slack_configured(self) -> bool:
        return bool(self.slack_signing_secret or self.slack_bot_token or self.slack_client_id)

    @property
    def teams_configured(self) -> bool:
        return bool(self.microsoft_app_id or self.teams_emulator)

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
    def db_location(self) -> str:
        """Where the database is, for a message: the URL without user and password."""
        url = self.db_url
        scheme, sep, rest = url.partition("://")
        return scheme + sep + rest.rpartition("@")[2] if sep else url

    @property
    def db_url(self) -> str:
        """The URL to connect with, password included: for the engine, never for a log."""
        url = reveal(self.database_url)
        if url:
            # Heroku-style URLs name the old driver; psycopg 3 is the one we ship.
            for prefix in ("postgres://", "postgresql://"):
                if url.startswith(prefix):
                    return "postgresql+psycopg://" + url[len(prefix) :]
            return url
        return f"sqlite:///{(self.home / 'relcap.db').resolve()}"

    def nudge_config(self) -> NudgeConfig:
        return NudgeConfig(
            tick_seconds=self.nudge_tick_seconds,
            grace=timedelta(hours=self.nudge_grace_hours),
            expiry=timedelta(hours=self.nudge_expiry_hours),
            max_attempts=self.nudge_max_attempts,
            retry_base=timedelta(seconds=self.nudge_retry_seconds),
        )

    def calendar_config(self) -> CalendarConfig:
        quiet = (time(0), time(0))  # none
        if self.quiet_hours.strip():
            start, _, end = self.quiet_hours.partition("-")
            quiet = (time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
        domains = {d.strip().lower().lstrip("@") for d in self.internal_domains.split(",")}
        return CalendarConfig(
            poll_every=timedelta(minutes=self.calendar_poll_minutes),
            timeout_seconds=self.calendar_timeout_seconds,
            max_bytes=self.calendar_max_mb * 1024 * 1024,
            brief_lead=timedelta(minutes=self.meeting_brief_minutes),
            prompts_per_day=self.meeting_prompts_per_day,
            internal_domains=frozenset(d for d in domains if d),
            quiet_start=quiet[0],
            quiet_end=quiet[1],
        )

    @field_validator("stage_cadence_days", "stage_knowledge")
    @classmethod
    def _stage_pairs(cls, value: str, info) -> str:
        number = int if info.field_name == "stage_cadence_days" else float
        _stage_pairs(value, number)  # refused at start, with the reason
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        if not value.strip():
            return ""
        start, sep, end = value.partition("-")
        try:
            time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
        except ValueError:
            sep = ""
        if not sep:
            raise ValueError(f"quiet hours {value!r}: write them like 20:00-08:00")
        return value

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
            goodwill_covers_balance=self.goodwill_covers_balance,
            goodwill_empty_balance=self.goodwill_empty_balance,
            loyalty_every_days=self.loyalty_every_days,
            stage_cadence_days=_stage_pairs(self.stage_cadence_days, int),
            stage_knowledge=_stage_pairs(self.stage_knowledge, float),
            default_timezone=self.default_timezone,
        )


def _stage_pairs(value: str, number: type) -> tuple:
    """ "engaged=10, courting=45" → (("engaged", 10), ("courting", 45)), stages checked."""
    from handlers.stages.catalog import names, parse

    pairs = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        stage_text, sep, amount = part.partition("=")
        stage = parse(stage_text)
        if not sep or stage is None:
            raise ValueError(f"{part!r}: write stage=value, the stages being {', '.join(names())}")
        try:
            parsed = number(amount.strip())
        except ValueError:
            raise ValueError(f"{part!r}: {amount.strip()!r} is not a number") from None
        if parsed <= 0 or (number is float and parsed > 1):
            raise ValueError(f"{part!r}: days are above 0; a share is above 0 and at most 1")
        pairs.append((stage, parsed))
    return tuple(pairs)


def reveal(secret: SecretStr | None) -> str | None:
    """The secret's text, None when unset or empty (as an unset variable)."""
    if secret is None:
        return None
    return secret.get_secret_value() or None
