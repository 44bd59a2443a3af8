"""The prompts around a meeting with a known contact: the call brief (`prep`) `brief_lead`
before it, and "How did the meeting with … go?" once it has ended, offering the attendees
at a known company's domain who are no contact yet.

Each is claimed through the nudge slots (exactly once: the slot names the occurrence's
key, its UID and original start), only when it is due and may go out: on the rep's
sending days, outside pause and quiet hours, and within the day's cap. A moved meeting
is claimed at its new time; a re-poll or a second pass finds the slot taken.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from handlers.advice.commands import brief
from handlers.calendar.config import CalendarConfig
from handlers.calendar.texts import texts
from handlers.context import Ctx, Services
from handlers.formatting import contact_label
from handlers.messages import Button, Reply, ReplyField
from handlers.nudges.schedule import Schedule, schedule_from
from handlers.policy import Policy
from handlers.reply_codec import reply_to_data
from storage.identities import UserRow, WorkspaceRow
from storage.unit_of_work import SessionFactory, UnitOfWork

CREDIT = "meeting.credit"  # "<nudge id>": the log form, a credit for the contact
DEBIT = "meeting.debit"  # "<nudge id>": the log form, a debit
ATTEMPT = "meeting.attempt"  # "<nudge id>": they didn't show
NOTE = "meeting.note"  # "<nudge id>": the log form, sign left to choose
SKIP = "meeting.skip"  # "<nudge id>"
NEWCOMER = "meeting.newcomer"  # "<nudge id>:<n>": the meeting's n-th newcomer (from 1)

AFTER, BRIEF = "meeting", "brief"  # the slots' kinds


class MeetingPrompts:
    def __init__(
        self,
        session_factory: SessionFactory,
        policy: Policy,
        services: Services,
        config: CalendarConfig,
    ) -> None:
        self.session_factory = session_factory
        self.policy = policy
        self.services = services
        self.config = config

    def plan(self, now: datetime, platforms: tuple[str, ...]) -> int:
        """Claim every prompt due now; the number claimed."""
        config = self.config
        with UnitOfWork(self.session_factory) as uow:
            around = uow.calendar_feeds.meetings_around(
                now + config.brief_lead, now - config.ask_within, platforms
            )
            uow.commit()  # ends the read without expiring the rows read (a rollback would)
        claimed = 0
        for item in around:
            with UnitOfWork(self.session_factory, self.policy.half_life_days) as uow:
                uow.bind(item.meeting.workspace_id)
                claimed += self._claim(uow, item, now)
                uow.commit()
        return claimed

    def _claim(self, uow: UnitOfWork, item, now: datetime) -> int:
        meeting = item.meeting
        if meeting.end_at <= now:
            kind = AFTER
        elif meeting.start_at - self.config.brief_lead <= now < meeting.start_at:
            kind = BRIEF
        else:
            return 0  # under way, or not yet near
        schedule = schedule_from(item.prefs, item.timezone, self.policy.default_timezone)
        if not self._may_send(schedule, now):
            return 0
        slot = f"{kind}:{meeting.occurrence_key}"
        # The slot's day is the occurrence's original date in UTC: fixed for the
        # occurrence whatever the rep's timezone does later.
        day = meeting.original_start.astimezone(UTC).date()
        if (meeting.user_id, day, slot) in uow.nudges.claimed_slots([meeting.user_id], [day]):
            return 0
        start, end = _local_day(schedule, now)
        if uow.calendars.prompts_between(meeting.user_id, kind, start, end) >= (
            self.config.prompts_per_day
        ):
            return 0
        contacts = [uow.contacts.get(i) for i in meeting.contact_ids]
        contacts = [c for c in contacts if c is not None]
        if not contacts and (kind == BRIEF or not meeting.newcomers):
            return 0
        nudge_id = uow.nudges.claim(
            {
                "user_id": meeting.user_id,
                "local_date": day,
                "slot": slot,
                "kind": kind,
                "contact_id": contacts[0].id if contacts else None,
                "reason": kind,
                "status": "pending",
                "attempts": 0,
                "due_at": now,
                "next_attempt_at": now,
                "created_at": now,
                "payload": {},
            }
        )
        if nudge_id is None:
            return 0
        if kind == AFTER:
            reply = after_message(nudge_id, meeting, contacts, schedule)
        else:
            reply = self._brief(uow, item, contacts[0], meeting, schedule, now)
        uow.nudges.set_payload(nudge_id, reply_to_data(reply))
        return 1

    def _may_send(self, schedule: Schedule, now: datetime) -> bool:
        local = now.astimezone(schedule.tz)
        return schedule.sends_on(local.date()) and not self.config.is_quiet(local.time())

    def _brief(self, uow, item, contact, meeting, schedule, now) -> Reply:
        """The contact's call brief, headed by the meeting it is for."""
        ctx = Ctx(
            uow=uow,
            workspace=WorkspaceRow(meeting.workspace_id, item.platform, item.workspace_external_id),
            user=UserRow(
                meeting.user_id,
                meeting.workspace_id,
                item.user_external_id,
                item.display_name,
                item.timezone,
            ),
            policy=self.policy,
            services=self.services,
            now=now,
        )
        view = brief(ctx, contact)
        head = texts()["coming_up"].format(
            clock=_clock(meeting.start_at, schedule), summary=meeting.summary
        )
        return Reply(
            text=f"{head}. {view.text}",
            kind=view.kind,
            fields=view.fields,
            buttons=view.buttons,
            subject=contact_label(contact),
        )


def after_message(nudge_id: int, meeting, contacts, schedule: Schedule) -> Reply:
    words = texts()["after"]
    fields = [ReplyField(words["meeting"], f"{meeting.summary}, {_span(meeting, schedule)}")]
    if len(contacts) > 1:
        others = ", ".join(contact_label(c) for c in contacts[1:6])
        fields.append(ReplyField(words["also_there"], others))
    newcomers = meeting.newcomers or []
    if newcomers:
        met = ", ".join(f"{n['email']} ({n['company']})" for n in newcomers)
        fields.append(ReplyField(words["not_contacts"], met))
    value = str(nudge_id)
    offers = tuple(
        Button(
            words["add_newcomer"].format(email=n["email"], company=n["company"]),
            NEWCOMER,
            f"{nudge_id}:{number}",
        )
        for number, n in enumerate(newcomers, start=1)
    )
    if not contacts:  # only newcomers: nothing to score yet, only whom to add
        return Reply(
            text=words["question_newcomers"].format(summary=meeting.summary),
            kind="meeting",
            fields=tuple(fields),
            buttons=(*offers, Button(words["skip"], SKIP, value)),
            subject=newcomers[0]["company"],  # the console's "Meeting with Acme"
        )
    contact = contacts[0]
    return Reply(
        text=words["question"].format(who=contact_label(contact)),
        kind="meeting",
        fields=tuple(fields),
        buttons=(
            Button(words["credit"], CREDIT, value, "primary"),
            Button(words["debit"], DEBIT, value, "danger"),
            Button(words["attempt"], ATTEMPT, value),
            Button(words["note"], NOTE, value),
            *offers,
            Button(words["skip"], SKIP, value),
        ),
        subject=contact_label(contact),
    )


def _clock(moment: datetime, schedule: Schedule) -> str:
    return f"{moment.astimezone(schedule.tz):%H:%M}"


def _span(meeting, schedule: Schedule) -> str:
    start = meeting.start_at.astimezone(schedule.tz)
    return f"{start:%a %d %b %H:%M}–{_clock(meeting.end_at, schedule)}"


def _local_day(schedule: Schedule, now: datetime) -> tuple[datetime, datetime]:
    """Today in the rep's timezone, as UTC bounds."""
    today = now.astimezone(schedule.tz).date()
    start = datetime.combine(today, time(0), tzinfo=schedule.tz).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=schedule.tz)
    return start, end.astimezone(UTC)
