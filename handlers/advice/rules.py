"""The next-step rules (`prompts/next_steps.yaml`) and their evaluator: the first rule whose
conditions all hold names the step, the facts it used, and the buttons it offers."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import prompts
from handlers.advice.situation import OPEN_READERS, KnownFact, OpenItem, Situation
from handlers.advice.time_words import names_a_time
from handlers.formatting import shorten

CONDITIONS = frozenset(
    {
        "balance_below",
        "balance_at_least",
        "touched",
        "overdue",
        "known",
        "fresh",
        "older_than_days",
        "dated",
        "missing_professional",
        "stage",
        "open",
        "due_within_days",
    }
)
# Track as promise, Log a note, Plan the fix (for the open item, a debit: needs `open`)
OFFERS = frozenset({"promise", "note", "plan"})
REINVEST = "reinvest"  # balance_at_least: reinvest reads the reinvest setting
FACT_VALUE_CHARS = 90
BASE_FIELDS = frozenset(
    {"name", "first", "balance", "days", "cadence", "question", "item", "item_date", "item_who"}
)


class RuleError(ValueError):
    """A rule in the data that cannot be evaluated; raised when the rules are loaded."""


@dataclass(frozen=True)
class Rule:
    id: str
    when: Mapping[str, Any]
    say: str
    offer: tuple[str, ...]

    @property
    def fact_keys(self) -> tuple[str, ...]:
        """The fact keys the rule reads, in the order it names them."""
        keys: list[str] = []
        for name in ("known", "fresh", "dated"):
            keys += list(self.when.get(name, ()))
        keys += list(self.when.get("older_than_days", {}))
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class NextStep:
    rule_id: str
    text: str
    used: tuple[KnownFact, ...] = ()
    item: OpenItem | None = None
    item_kind: str | None = None
    offer: tuple[str, ...] = ()


def load_rules(fact_keys: Iterable[str], data: Mapping | None = None) -> tuple[Rule, ...]:
    """The rules, each checked against the fact keys, the open-item kinds and the
    placeholders known, so a mistake in the data fails at start and not on a rep's screen."""
    data = prompts.load("next_steps") if data is None else data
    keys = set(fact_keys)
    rules = []
    for raw in data.get("rules") or ():
        rule = _rule(raw, keys)
        rules.append(rule)
    if not rules or rules[-1].when:
        raise RuleError("the last next-step rule must have no conditions (the fallback)")
    return tuple(rules)


def _rule(raw: Mapping, keys: set[str]) -> Rule:
    rule_id = str(raw.get("id") or "")
    if not rule_id or not isinstance(raw.get("say"), str):
        raise RuleError(f"a next-step rule needs an id and a `say` text: {raw!r}")
    when = dict(raw.get("when") or {})
    unknown = set(when) - CONDITIONS
    if unknown:
        raise RuleError(f"rule {rule_id}: unknown conditions {sorted(unknown)}")
    rule = Rule(rule_id, when, raw["say"], tuple(raw.get("offer", ("promise", "note"))))
    if set(rule.offer) - OFFERS:
        raise RuleError(f"rule {rule_id}: offer is some of {sorted(OFFERS)}")
    if "plan" in rule.offer and when.get("open") != "unplanned-debits":
        raise RuleError(f"rule {rule_id}: the plan offer needs `open: unplanned-debits`")
    missing = set(rule.fact_keys) - keys
    if missing:
        raise RuleError(f"rule {rule_id}: unknown fact keys {sorted(missing)}")
    if "open" in when and when["open"] not in OPEN_READERS:
        raise RuleError(f"rule {rule_id}: unknown open items {when['open']!r}")
    if "due_within_days" in when and "open" not in when:
        raise RuleError(f"rule {rule_id}: due_within_days needs `open`")
    allowed = BASE_FIELDS | {
        f"{k}{suffix}" for k in rule.fact_keys for suffix in ("", "_month", "_age")
    }
    for _, name, _, _ in string.Formatter().parse(rule.say):
        if name is not None and name not in allowed:
            raise RuleError(f"rule {rule_id}: unknown placeholder {{{name}}}")
    return rule


def holds(rule: Rule, s: Situation) -> bool:
    """Whether every condition of `rule` holds for `s`."""
    when = rule.when
    if "balance_below" in when and not s.balance < int(when["balance_below"]):
        return False
    if "balance_at_least" in when:
        floor = when["balance_at_least"]
        if s.balance < (s.reinvest_balance if floor == REINVEST else int(floor)):
            return False
    touched = s.days_since_touch is not None
    if "touched" in when and touched != bool(when["touched"]):
        return False
    overdue = touched and s.days_since_touch > s.cadence_days
    if "overdue" in when and overdue != bool(when["overdue"]):
        return False
    if any(k not in s.facts for k in when.get("known", ())):
        return False
    if any(k not in s.facts or not s.facts[k].fresh for k in when.get("fresh", ())):
        return False
    if any(k not in s.facts or not names_a_time(s.facts[k].value) for k in when.get("dated", ())):
        return False
    for key, days in when.get("older_than_days", {}).items():
        fact = s.facts.get(key)
        if fact is None or s.now - fact.recorded_at <= timedelta(days=int(days)):
            return False
    if "missing_professional" in when and (s.missing_question is not None) != bool(
        when["missing_professional"]
    ):
        return False
    if "stage" in when and s.stage not in when["stage"]:
        return False
    return "open" not in when or _open_item(rule, s) is not None


def _open_item(rule: Rule, s: Situation) -> OpenItem | None:
    items = s.open_items.get(rule.when["open"], ())
    if "due_within_days" in rule.when:
        last = s.now.astimezone(s.tz).date() + timedelta(days=int(rule.when["due_within_days"]))
        items = tuple(i for i in items if i.when is not None and i.when <= last)
    return items[0] if items else None


def evaluate(rules: Iterable[Rule], s: Situation) -> NextStep:
    for rule in rules:
        if holds(rule, s):
            return _step(rule, s)
    raise RuleError("no next-step rule matched; the last one must have no conditions")


def _step(rule: Rule, s: Situation) -> NextStep:
    used = tuple(s.facts[k] for k in rule.fact_keys)
    item = _open_item(rule, s) if "open" in rule.when else None
    values: dict[str, Any] = {
        "name": s.name,
        "first": s.first_name,
        "balance": s.balance,
        "days": s.days_since_touch,
        "cadence": s.cadence_days,
        "question": s.missing_question or "",
        "item": shorten(item.text, FACT_VALUE_CHARS) if item else "",
        "item_date": f"{item.when.day} {item.when:%b}" if item and item.when else "",
        "item_who": item.who if item else "",
    }
    for fact in used:
        values[fact.key] = shorten(fact.value.strip().rstrip(".!;"), FACT_VALUE_CHARS)
        values[f"{fact.key}_month"] = month_noted(fact, s)
        values[f"{fact.key}_age"] = age_text(fact, s)
    return NextStep(
        rule_id=rule.id,
        text=rule.say.format_map(values),
        used=used,
        item=item,
        item_kind=rule.when.get("open"),
        offer=rule.offer,
    )


def month_noted(fact: KnownFact, s: Situation) -> str:
    """ "August", or "August 2025" when it was noted in another year."""
    noted = fact.recorded_at.astimezone(s.tz)
    same_year = noted.year == s.now.astimezone(s.tz).year
    return f"{noted:%B}" if same_year else f"{noted:%B %Y}"


def age_text(fact: KnownFact, s: Situation) -> str:
    days = (s.now - fact.recorded_at).days
    if days < 1:
        return "today"
    if days < 60:
        return f"{days} days ago" if days > 1 else "yesterday"
    return f"{days // 30} months ago"


# How "Next step from" names the open item a step read.
ITEM_WORDS = {"unplanned-debits": "a debit with no fix planned"}


def used_text(step: NextStep, s: Situation) -> str:
    """ "How we can help (3 days ago), What keeps them up at night (3 days ago)"."""
    parts = [f"{f.label} ({age_text(f, s)}{'' if f.fresh else ', stale'})" for f in step.used]
    if step.item is not None and step.item_kind:
        said = ITEM_WORDS.get(step.item_kind, f"open {step.item_kind}")
        parts.append(f"{said}: “{shorten(step.item.text, 60)}”")
    return ", ".join(parts)
