"""`chart <contact>`: the balance over time as a PNG, credits and debits marked."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, tzinfo
from itertools import accumulate

from handlers.contacts.lookup import find_contact
from handlers.context import Ctx
from handlers.formatting import contact_label, plural
from handlers.messages import Image, Reply

SINCE_EVER = datetime(1970, 1, 1, tzinfo=UTC)
SIZE_INCHES = (8, 3.6)
DPI = 110


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
    # The object API with the Agg canvas: no pyplot global state, no display needed.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    times = [when.astimezone(zone) for when, _ in points]
    balances = list(accumulate(amount for _, amount in points))
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.step(times, balances, where="post", color="#1f3a5f", linewidth=1.8)
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
    axes.set_title(f"{title}: balance over time")
    axes.set_ylabel("balance")
    axes.legend(loc="upper left", frameon=False)
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
