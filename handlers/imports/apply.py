"""Writing a plan: new companies and contacts, the blanks filled, then reporting lines,
in batches of one transaction each. A plan re-read from the same file writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from handlers.imports.plan import Plan
from storage.contact_import import KnownContact
from storage.unit_of_work import SessionFactory, UnitOfWork

BATCH_ROWS = 1000
IMPORT_ACTION = "contacts.import"


def used_companies(plan: Plan) -> list[int]:
    """Placeholders of the new companies some created or filled contact lands at."""
    used = {c.company_id for _, c in plan.creates if c.company_id and c.company_id < 0}
    used |= {
        u.values["company_id"]
        for u in plan.updates
        if isinstance(u.values.get("company_id"), int) and u.values["company_id"] < 0
    }
    return sorted(used, reverse=True)  # -1 first: the file's order


def apply_plan(
    session_factory: SessionFactory,
    workspace_id: int,
    user_id: int,
    plan: Plan,
    now: datetime,
    actor: str,
    source: str,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the plan, then one audit event naming the file and the counts; the number
    of transactions committed (the audit's included)."""
    company_ids: dict[int, int] = {}

    def real(company_id: int | None) -> int | None:
        return company_ids.get(company_id, company_id) if company_id is not None else None

    def companies_for(uow: UnitOfWork, wanted: set[int]) -> None:
        new = sorted((p for p in wanted if p < 0 and p not in company_ids), reverse=True)
        names = [plan.company_names[p] for p in new]
        for placeholder, real_id in zip(
            new, uow.contact_imports.add_companies(names, now, user_id), strict=True
        ):
            company_ids[placeholder] = real_id

    commits = 0
    creates = [contact for _, contact in plan.creates]
    for start in range(0, len(creates), batch_rows):
        batch = creates[start : start + batch_rows]
        with UnitOfWork(session_factory) as uow:
            uow.bind(workspace_id)
            companies_for(uow, {c.company_id for c in batch if c.company_id is not None})
            rows = [
                KnownContact(None, c.name, c.email, real(c.company_id), c.role, c.function, None)
                for c in batch
            ]
            uow.contact_imports.add_contacts(rows, now, user_id)
            uow.commit()
        for planned, written in zip(batch, rows, strict=True):
            planned.id, planned.company_id = written.id, written.company_id
        commits += 1
        if progress is not None:
            progress(len(batch))
    updates = plan.updates
    for start in range(0, len(updates), batch_rows):
        batch = updates[start : start + batch_rows]
        with UnitOfWork(session_factory) as uow:
            uow.bind(workspace_id)
            wanted = {u.values["company_id"] for u in batch if "company_id" in u.values}
            companies_for(uow, wanted)
            changes = []
            for update in batch:
                values = dict(update.values)
                if "company_id" in values:
                    values["company_id"] = real(values["company_id"])
                    update.contact.company_id = values["company_id"]
                changes.append((update.contact.id, values))
            uow.contact_imports.update_contacts(changes)
            uow.commit()
        commits += 1
        if progress is not None:
            progress(len(batch))
    lines = plan.reporting
    for start in range(0, len(lines), batch_rows):
        batch = lines[start : start + batch_rows]
        with UnitOfWork(session_factory) as uow:
            uow.bind(workspace_id)
            uow.contact_imports.update_contacts(
                [(r.contact.id, {"reports_to_id": r.manager.id}) for r in batch]
            )
            uow.commit()
        commits += 1
    with UnitOfWork(session_factory) as uow:
        uow.bind(workspace_id)
        detail = {
            "source": source,
            "kind": plan.kind,
            "rows": plan.rows,
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "reporting_lines": len(plan.reporting),
            "refused": len(plan.refused),
            "companies": len(company_ids),
        }
        uow.audit.record(actor, IMPORT_ACTION, detail, now)
        uow.commit()
    return commits + 1
