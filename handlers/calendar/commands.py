"""`calendar`, `calendar add <ICS address> [your email]`, `calendar remove <n>`."""

from __future__ import annotations

from handlers.calendar.secret import BadAddress, digest, host_of, masked_tail, normalise, shown
from handlers.context import Ctx
from handlers.formatting import days_ago
from handlers.messages import Reply, ReplyField, error

USAGE = (
    "calendar lists your calendars; calendar add <ICS address> [your email] adds one; "
    "calendar remove <n> removes one."
)


def calendar_command(ctx: Ctx, rest: str) -> Reply:
    word, _, args = rest.strip().partition(" ")
    word = word.lower()
    if not word:
        return list_calendars(ctx)
    if word == "add":
        return add(ctx, args)
    if word == "remove":
        return remove(ctx, args)
    return error(f"I don't know `calendar {word[:20]}`. {USAGE}")


def add(ctx: Ctx, args: str) -> Reply:
    parts = args.split()
    if not parts or len(parts) > 2:
        return error(
            "Give the calendar's private ICS address (Google: Settings › Secret address in "
            "iCal format; Outlook: Publish a calendar › ICS), and optionally your email in "
            "it: calendar add https://… me@company.example"
        )
    try:
        url = normalise(parts[0])
    except BadAddress as exc:
        return error(str(exc))
    email = parts[1].lower() if len(parts) == 2 else None
    if email is not None and ("@" not in email or "." not in email.partition("@")[2]):
        return error(f"“{email[:60]}” is not an email: calendar add <address> me@company.example")
    values = {
        "kind": "url",
        "url": url,
        "url_hash": digest(url),
        "host": host_of(url),
        "tail": masked_tail(url),
        "owner_email": email,
    }
    added = ctx.uow.calendars.add(ctx.user.id, values, ctx.now)
    where = shown(values["host"], values["tail"])
    if added is None:
        return Reply(text=f"You already have the calendar at {where}.")
    mine = f" Your own entry in it is {email}." if email else ""
    return Reply(
        text=f"Added the calendar at {where}. I read it within a few minutes, then every "
        f"{_minutes(ctx)} minutes; after a meeting with one of your contacts I ask how it "
        f"went.{mine} The address stays secret: I show only its host.",
        kind="recorded",
    )


def list_calendars(ctx: Ctx) -> Reply:
    calendars = ctx.uow.calendars.of_user(ctx.user.id)
    if not calendars:
        return Reply(text="You have no calendars. " + USAGE)
    fields = []
    for n, calendar in enumerate(calendars, start=1):
        where = shown(calendar.host, calendar.tail) if calendar.kind == "url" else calendar.host
        if calendar.last_polled_at is None:
            last = "not read yet"
        else:
            when = calendar.last_polled_at.astimezone(ctx.tz)
            ago = days_ago((ctx.now - calendar.last_polled_at).days)
            last = f"read {when:%Y-%m-%d %H:%M} ({ago}): {calendar.last_result}"
        meetings = ctx.uow.calendars.meeting_count(calendar.id)
        fields.append(ReplyField(f"{n}. {where}", f"{last}; {meetings} meetings with contacts"))
    return Reply(text="Your calendars (calendar remove <n> removes one):", fields=tuple(fields))


def remove(ctx: Ctx, args: str) -> Reply:
    calendars = ctx.uow.calendars.of_user(ctx.user.id)
    text = args.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= max(len(calendars), 1):
        if not calendars:
            return error("You have no calendars to remove.")
        return error(f"Give the number `calendar` shows, 1 to {len(calendars)}.")
    if not calendars:
        return error("You have no calendars to remove.")
    calendar = calendars[int(text) - 1]
    where = shown(calendar.host, calendar.tail) if calendar.kind == "url" else calendar.host
    ctx.uow.calendars.remove(calendar)
    return Reply(text=f"Removed the calendar at {where}.", kind="recorded")


def _minutes(ctx: Ctx) -> int:
    return int(ctx.services.calendar.poll_every.total_seconds() // 60)
