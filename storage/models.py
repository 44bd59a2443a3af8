"""The relcap schema. Every row belongs to one workspace (tenant)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

# A check time long past: the next nudge pass looks at the rep.
LOOK_AT_ONCE = datetime(1970, 1, 1, tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Workspace(Base):
    """A tenant: a Slack team, a Teams tenant, or the local console."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the app was uninstalled (its reps cannot be reached); cleared on reinstall.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class User(Base):
    """A rep, as their platform names them."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    external_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Company(Base):
    """A customer company (an account): its contacts point at it.

    A merged company keeps its row, pointing at the one it went into, so old references
    still lead somewhere.
    """

    __tablename__ = "companies"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CompanyAlias(Base):
    """Another name a company goes by ("Acme" for "Acme Logistics")."""

    __tablename__ = "company_aliases"
    __table_args__ = (
        UniqueConstraint("workspace_id", "alias_key"),
        Index("ix_company_aliases_company", "company_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200))


class CompanyDomain(Base):
    """An email domain of a company: jane@acme.example places Jane at Acme."""

    __tablename__ = "company_domains"
    __table_args__ = (
        UniqueConstraint("workspace_id", "domain"),
        Index("ix_company_domains_company", "company_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    domain: Mapped[str] = mapped_column(String(253))


class Contact(Base):
    """A customer contact and the running aggregates of their account.

    The aggregates are updated in the same transaction as every ledger entry so a
    balance or a list view never has to re-read the ledger.
    """

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_workspace_name", "workspace_id", "name_key"),
        Index("ix_contacts_workspace_email", "workspace_id", "email_key"),
        Index("ix_contacts_workspace_creator", "workspace_id", "created_by_id"),
        Index("ix_contacts_workspace_company", "workspace_id", "company_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    # Title as the rep typed it ("VP Operations"); `function` is a key of prompts/functions.yaml.
    role: Mapped[str | None] = mapped_column(String(200))
    function: Mapped[str | None] = mapped_column(String(40))
    reports_to_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    # A stakeholder we know of but have no relationship with; the first entry clears it.
    not_met: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    email: Mapped[str | None] = mapped_column(String(320))
    email_key: Mapped[str | None] = mapped_column(String(320))
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    balance: Mapped[int] = mapped_column(Integer, default=0)
    credits: Mapped[int] = mapped_column(Integer, default=0)
    debits: Mapped[int] = mapped_column(Integer, default=0)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    # Σ amount · 2^((occurred − epoch) / half-life): decays to "now" with one multiply.
    decay_sum: Mapped[float] = mapped_column(Float, default=0.0)
    # Last heard from them: the newest touch. An attempt (one-way outreach) leaves it be.
    last_touch_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Live attempts dated after the last touch: how long they have not answered.
    attempts_since_touch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Loaded with the contact (one join, no extra query) so its company name reads freely.
    company_record: Mapped[Company | None] = relationship(lazy="joined")

    @hybrid_property
    def company(self) -> str | None:
        """The company's name, for display; set it through `Contacts.set_company`."""
        return self.company_record.name if self.company_record is not None else None

    @company.inplace.expression
    @classmethod
    def _company_expression(cls):
        # In a query, a correlated look-up; list queries join `companies` instead.
        name = select(Company.name).where(Company.id == cls.company_id)
        return name.correlate_except(Company).scalar_subquery().label("company")


class ContactRep(Base):
    """Which reps hold an account with a contact: created it or wrote about it.

    Kept as rows so a rep's list view reads their contacts directly, however long the
    ledger grows.
    """

    __tablename__ = "contact_reps"
    __table_args__ = (Index("ix_contact_reps_contact", "workspace_id", "contact_id"),)

    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), primary_key=True)
    # Entries this rep wrote about the contact (reversals not counted), kept by the ledger
    # so "who knows Jane, with how many notes" needs no scan of the ledger.
    notes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ContactAlias(Base):
    __tablename__ = "contact_aliases"
    __table_args__ = (
        UniqueConstraint("workspace_id", "alias_key"),
        Index("ix_contact_aliases_contact", "contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    alias: Mapped[str] = mapped_column(String(200))
    alias_key: Mapped[str] = mapped_column(String(200))


class LedgerEntry(Base):
    """One credit or debit. Append-only: a correction is a new reversing entry."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source_id"),
        UniqueConstraint("reverses_id"),
        Index("ix_ledger_contact_time", "workspace_id", "contact_id", "occurred_at"),
        Index("ix_ledger_author", "workspace_id", "author_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    source_id: Mapped[str | None] = mapped_column(String(255))
    # The chat message a captured note came from (its permalink); None for a typed note.
    link: Mapped[str | None] = mapped_column(Text)
    # How the sign was decided: "given" by the rep, "read" from the wording, "chosen" later.
    sign_source: Mapped[str] = mapped_column(String(10), default="given")
    # "touch": we heard from them or met; "attempt": one-way outreach, always 0 points.
    kind: Mapped[str] = mapped_column(String(10), default="touch", server_default="touch")


class LoyaltyAnswer(Base):
    """The competitor test, dated: would they call us if a competitor offered the same at
    the same price? One row per answer; the newest is the current one."""

    __tablename__ = "loyalty_answers"
    __table_args__ = (Index("ix_loyalty_contact", "workspace_id", "contact_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    # yes | unsure | no; None when a free answer to the nudge named none of them.
    answer: Mapped[str | None] = mapped_column(String(10))
    why: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Fact(Base):
    """A dated fact about a contact. The newest per key is the current one."""

    __tablename__ = "facts"
    __table_args__ = (Index("ix_facts_contact_key", "workspace_id", "contact_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    key: Mapped[str] = mapped_column(String(40))
    side: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PendingNote(Base):
    """A note that could not be placed yet (unclear sign, ambiguous contact).

    Saved rather than dropped; the rep's button press places it.
    """

    __tablename__ = "pending_notes"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source_id"),
        Index("ix_pending_user", "workspace_id", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raw_text: Mapped[str] = mapped_column(Text)
    contact_text: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    points: Mapped[int] = mapped_column(Integer)
    sign: Mapped[int | None] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source_id: Mapped[str | None] = mapped_column(String(255))
    link: Mapped[str | None] = mapped_column(Text)  # carried onto the entry when placed
    reason: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="open")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """What was done outside the ledger's own history: merges, erasures."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"), index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationAddress(Base):
    """Where a rep can be reached proactively, as their platform's adapter encoded it
    (bot/<platform>/addresses.py); the core never reads inside. Stored so a restart
    loses nothing.
    """

    __tablename__ = "conversation_addresses"
    __table_args__ = (
        UniqueConstraint("workspace_id", "user_id"),
        Index("ix_conversation_addresses_check", "nudge_check_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    platform: Mapped[str] = mapped_column(String(20))
    address: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the nudge pass next needs to look at this rep (storage/nudges/checks.py): a
    # pass with nobody due reads no rep at all. A new address is looked at by the next pass.
    nudge_check_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=LOOK_AT_ONCE)
    # Counts the wakes, so a pass never moves on a rep woken while it was deciding.
    nudge_wakes: Mapped[int] = mapped_column(Integer, default=0)


class ChannelAddress(Base):
    """A shared channel the bot may post to (a Teams team it was added to), as the
    platform's adapter encoded it. `scope` is the adapter's key for where it lives: the
    app's removal from there forgets it."""

    __tablename__ = "channel_addresses"
    __table_args__ = (UniqueConstraint("workspace_id", "platform", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    platform: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(255))
    label: Mapped[str] = mapped_column(String(120))
    address: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Setting(Base):
    """Values the database must remember, such as the half-life its aggregates use."""

    __tablename__ = "settings_kv"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
