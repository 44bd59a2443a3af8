"""`chart <contact>`: the balance over time as a PNG, credits and debits marked."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, time, timedelta, tzinfo
from itertools import accumulate
from typing import TYPE_CHECKING

from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label, plural
from handlers.messages import Image, Reply

if TYPE_CHECKING:  # matplotlib loads only when a chart is drawn
    from matplotlib.figure import Figure

SINCE_EVER = datetime(1970, 1, 1, tzinfo=UTC)
SIZE_INCHES = (8, 3.6)
DPI = 110
SHORT_SPAN = timedelta(days=2)  # entries closer together than this get a day-by-day axis


def chart_command(ctx: Ctx, rest: str) -> Reply:
    contact = find_contact(ctx, rest, "chart")
    if isinstance(contact, Reply):
        return contact
    label = contact_label(contact)
    points = ctx.ledger.amounts_since(contact.id, SINCE_EVER)
    if not points:
        return Reply(text=f"No entries yet for {label}: nothing to chart.")
    slug = re.sub(r"[^a-z0-9]+", "-", contact.name.lower()).strip("-") or "contact"
    credits = sum(1 for _, amount in points if amount > 0)
    return Reply(
        text=f"{label}: balance {contact.balance} over {len(points)} entries",
        kind="chart",
        image=Image(
            data=balance_png(label, points, ctx.tz),
            alt=f"Balance of {label} over time: {plural(credits, 'credit')}, "
            f"{plural(len(points) - credits, 'debit')}, now {contact.balance}",
            filename=f"balance-{slug}.png",
        ),
    )


def balance_png(title: str, points: list[tuple[datetime, int]], zone: tzinfo) -> bytes:
    """A step line of the running balance, ▲ at credits and ▼ at debits."""
    figure = balance_figure(title, points, zone)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def balance_figure(title: str, points: list[tuple[datetime, int]], zone: tzinfo) -> Figure:
    # The object API with the Agg canvas: no pyplot global state, no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    times = [when.astimezone(zone) for when, _ in points]
    balances = list(accumulate(amount for _, amount in points))
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    short = times[-1] - times[0] < SHORT_SPAN
    # Within a day matplotlib ticks by the hour ("03 10:30"), and a single entry gets a
    # span of years: show whole days around the entries instead, the line held to the edge.
    line_times, line_balances = times, balances
    if short:
        first = datetime.combine(times[0].date(), time(), times[0].tzinfo) - timedelta(days=1)
        last = datetime.combine(times[-1].date(), time(), times[-1].tzinfo) + timedelta(days=2)
        line_times, line_balances = [*times, last], [*balances, balances[-1]]
    axes.step(line_times, line_balances, where="post", color="#1f3a5f", linewidth=1.8)
    axes.axhline(0, color="#999999", linewidth=0.8)
    for marker, color, keep in (("^", "#2e9e44", 1), ("v", "#c0392b", -1)):
        chosen = [
            (t, b)
            for t, b, (_, a) in zip(times, balances, points, strict=True)
            if (a > 0) == (keep > 0)
        ]
        if chosen:
            axes.scatter(
                *zip(*chosen, strict=True),
                marker=marker,
                color=color,
                s=48,
                zorder=3,
                label="credit" if keep > 0 else "debit",
            )
    _date_axis(axes, zone, (first, last) if short else None)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # a balance is whole points
    axes.set_title(f"{title}: balance over time")
    axes.set_ylabel("balance")
    axes.legend(loc="best", frameon=False)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    return figure


def _date_axis(axes, zone: tzinfo, days: tuple[datetime, datetime] | None) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, DateFormatter, DayLocator

    if days is None:
        locator = AutoDateLocator(tz=zone, maxticks=8)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, tz=zone))
        return
    axes.set_xlim(*days)
    axes.xaxis.set_major_locator(DayLocator(tz=zone))
    axes.xaxis.set_major_formatter(DateFormatter("%a %d %b", tz=zone))
