"""The plan as the lines a rep reads: a summary, then each row created, filled, refused."""

from __future__ import annotations

from handlers.imports.apply import used_companies
from handlers.imports.plan import Plan, describe


def summary(plan: Plan, source: str) -> str:
    companies = len(used_companies(plan))
    parts = [
        f"{len(plan.creates):,} to create",
        f"{len(plan.updates):,} to update",
        f"{len(plan.unchanged):,} unchanged",
        f"{len(plan.refused):,} refused",
    ]
    tail = f"; {companies:,} new companies" if companies else ""
    if plan.reporting:
        tail += f"; {len(plan.reporting):,} reporting lines"
    return f"{source} ({plan.kind}): {plan.rows:,} rows: {', '.join(parts)}{tail}."


def _capped(lines: list[str], limit: int | None, what: str) -> list[str]:
    if limit is None or len(lines) <= limit:
        return lines
    return [*lines[:limit], f"  … and {len(lines) - limit:,} more {what} (--all lists every one)"]


def detail(plan: Plan, limit: int | None = 50) -> list[str]:
    """Every section that has lines; at most `limit` lines each (None: all)."""
    out = [f"note: {note}" for note in plan.notes]
    sections = [
        ("create", [f"  line {line}: {describe(plan, c)}" for line, c in plan.creates]),
        (
            "update",
            [f"  line {u.line}: {u.contact.name}: {', '.join(u.texts)}" for u in plan.updates],
        ),
        (
            "report to",
            [f"  line {r.line}: {r.contact.name} → {r.manager.name}" for r in plan.reporting],
        ),
        ("refuse", [f"  line {r.line}: {r.reason}" for r in plan.refused]),
        ("note", [f"  line {r.line}: {r.reason}" for r in plan.line_notes]),
    ]
    for title, lines in sections:
        if lines:
            out.append(f"{title}:")
            out.extend(_capped(lines, limit, "lines"))
    return out
