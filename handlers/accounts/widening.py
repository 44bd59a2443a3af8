"""The one move that widens an account: for a function we do not cover, the strongest
contact who could introduce us ("Ask Marcus Chen (balance 10) to introduce you to Finance").

The function: a not-met stakeholder's first (a known person to reach), else the first
uncovered expected function. The introducer: a healthy contact with a positive balance,
one in the stakeholder's reporting line first, then the highest balance, then health.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.accounts.coverage import NONE, coverage
from handlers.accounts.members import Account, Member
from handlers.accounts.rules import function_name, text


@dataclass(frozen=True)
class Widening:
    introducer: Member
    function: str
    stakeholder: Member | None = None  # the not-met person in that function, when known

    def sentence(self) -> str:
        values = {
            "name": self.introducer.name,
            "balance": self.introducer.balance,
            "function": function_name(self.function),
        }
        if self.stakeholder is not None:
            return text("widen_to", stakeholder=self.stakeholder.name, **values)
        return text("widen", **values)


def widening_move(account: Account) -> Widening | None:
    uncovered = coverage(account).functions(NONE)
    introducers = [m for m in account.met if m.healthy and m.balance > 0]
    if not uncovered or not introducers:
        return None
    stakeholders = [m for m in account.members if m.not_met and m.function in uncovered]
    if stakeholders:
        target = min(stakeholders, key=lambda m: (-m.seniority, uncovered.index(m.function)))
        function = target.function
    else:
        target, function = None, uncovered[0]

    def rank(m: Member) -> tuple:
        in_line = target is not None and (
            m.contact_id == target.reports_to_id or m.reports_to_id == target.contact_id
        )
        return (not in_line, -m.balance, -m.health.score, -m.seniority, m.name)

    return Widening(min(introducers, key=rank), function, target)
