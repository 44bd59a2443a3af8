"""Accounts built from the read view: people, their health, the reps who know them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from handlers.accounts.members import Account, Knower, Member
from handlers.companies.functions import seniority
from handlers.context import Ctx
from handlers.health.contact_health import contact_health_from


def build(ctx: Ctx, companies: Sequence, people: Sequence, knowers: Sequence) -> list[Account]:
    """One Account per (id, name) in `companies`, from the view's rows; one fact query."""
    met_ids = [p.id for p in people if not p.not_met]
    dates = ctx.facts.professional_dates(met_ids)
    stages = ctx.uow.stages.of_contacts([p for p in people if not p.not_met])
    who: dict[int, list[Knower]] = defaultdict(list)
    # Most notes first, then by name: the first ones named are who knows them best.
    for row in sorted(knowers, key=lambda r: (-r.notes, r.display_name.casefold())):
        who[row.contact_id].append(Knower(row.user_id, row.display_name, row.notes))
    members: dict[int, list[Member]] = defaultdict(list)
    for p in people:
        score = None
        if not p.not_met:
            score = contact_health_from(
                p,
                dates.get(p.id, {}),
                ctx.services.questions,
                ctx.policy,
                ctx.now,
                stages.get(p.id),
            )
        members[p.company_id].append(
            Member(
                contact_id=p.id,
                name=p.name,
                role=p.role,
                function=p.function,
                seniority=seniority(p.role),
                balance=p.balance,
                health=score,
                last_touch_at=p.last_touch_at,
                reports_to_id=p.reports_to_id,
                not_met=bool(p.not_met),
                knowers=tuple(who.get(p.id, ())),
            )
        )
    return [Account(c.id, c.name, tuple(members.get(c.id, ()))) for c in companies]


def one_account(ctx: Ctx, company_id: int, name: str) -> Account:
    view = ctx.uow.accounts
    rows = view.people(company_id=company_id)
    knowers = view.knowers(company_id=company_id)
    return build(ctx, [_Company(company_id, name)], rows, knowers)[0]


def accounts_of(ctx: Ctx, user_id: int | None) -> list[Account]:
    """The rep's accounts (every company where they hold a contact), or the team's."""
    view = ctx.uow.accounts
    return build(
        ctx,
        view.companies(user_id),
        view.people(user_id=user_id),
        view.knowers(user_id=user_id),
    )


class _Company:
    def __init__(self, ident: int, name: str) -> None:
        self.id, self.name = ident, name
