"""`calendar`, `calendar add <ICS address> [your email]`, `calendar remove <n>`."""

from __future__ import annotations

from handlers.calendar.secret import BadAddress, digest, host_of, masked_tail, normalise, shown
from handlers.calendar.texts import texts
from handlers.context import Ctx
from handlers.formatting import days_ago
from handlers.messages import Reply, ReplyField, error


def calendar_command(ctx: Ctx, rest: str) -> Reply:
    word, _, args = rest.strip().partition(" ")
    word = word.lower()
    if not word:
        return list_calendars(ctx)
    if word == "add":
        return add(ctx, args)
    if word == "remove":
        return remove(ctx, args)
    words = texts()
    return error(words["unknown_word"].format(word=word[:20], usage=words["usage"]))


def add(ctx: Ctx, args: str) -> Reply:
    words = texts()
    parts = args.split()
    if not parts or len(parts) > 2:
        return error(words["add_help"])
    try:
        url = normalise(parts[0])
    except BadAddress as exc:
        return error(str(exc))
    email = parts[1].lower() if len(parts) == 2 else None
    if email is not None and ("@" not in email or "." not in email.partition("@")[2]):
        return error(words["not_an_email"].format(email=email[:60]))
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
        return Reply(text=words["already_added"].format(where=where))
    mine = words["added_mine"].format(email=email) if email else ""
    return Reply(
        text=words["added"].format(where=where, minutes=_minutes(ctx), mine=mine),
        kind="recorded",
    )


def list_calendars(ctx: Ctx) -> Reply:
    words = texts()
    calendars = ctx.uow.calendars.of_user(ctx.user.id)
    if not calendars:
        return Reply(text=words["none"].format(usage=words["usage"]))
    fields = []
    for n, calendar in enumerate(calendars, start=1):
        where = shown(calendar.host, calendar.tail) if calendar.kind == "url" else calendar.host
        if calendar.last_polled_at is None:
            last = words["not_read_yet"]
        else:
            when = calendar.last_polled_at.astimezone(ctx.tz)
            ago = days_ago((ctx.now - calendar.last_polled_at).days)
            last = words["last_read"].format(
                when=f"{when:%Y-%m-%d %H:%M}", ago=ago, result=calendar.last_result
            )
        meetings = ctx.uow.calendars.meeting_count(calendar.id)
        line = words["list_line"].format(last=last, meetings=meetings)
        fields.append(ReplyField(f"{n}. {where}", line))
    return Reply(text=words["list_title"], fields=tuple(fields))


def remove(ctx: Ctx, args: str) -> Reply:
    words = texts()
    calendars = ctx.uow.calendars.of_user(ctx.user.id)
    text = args.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= max(len(calendars), 1):
        if not calendars:
            return error(words["none_to_remove"])
        return error(words["remove_which"].format(count=len(calendars)))
    if not calendars:
        return error(words["none_to_remove"])
    calendar = calendars[int(text) - 1]
    where = shown(calendar.host, calendar.tail) if calendar.kind == "url" else calendar.host
    ctx.uow.calendars.remove(calendar)
    return Reply(text=words["removed"].format(where=where), kind="recorded")


def _minutes(ctx: Ctx) -> int:
    return int(ctx.services.calendar.poll_every.total_seconds() // 60)
