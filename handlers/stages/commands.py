"""`stage <account or contact> <stage>` (and `stage <account>` to see it), and the
*Move Acme to engaged?* button a note's wording offers."""

from __future__ import annotations

from handlers import actions
from handlers.context import Ctx
from handlers.ledger.grammar import clean_text
from handlers.messages import Reply, ReplyField, error
from handlers.stages.catalog import names, parse, specs
from handlers.stages.current import history_lines, stage_text
from handlers.stages.target import Target, find_target

EXAMPLE = "stage Acme engaged"
MOVE = "stage.move"  # "<company|contact>:<id>:<stage>"


def stages_text() -> str:
    return ", ".join(names())


def stage_command(ctx: Ctx, rest: str) -> Reply:
    text = clean_text(rest)
    if not text:
        lines = [f"{name} — {spec.label}" for name, spec in specs().items()]
        return Reply(
            text=f"Stages (`{EXAMPLE}` moves an account):\n" + "\n".join(lines), kind="stages"
        )
    head, _, word = text.rpartition(" ")
    # Two-word stages typed with a space: "first meeting", "long term".
    head2, _, word2 = head.rpartition(" ")
    stage = parse(word)
    if stage is None and head2 and parse(f"{word2} {word}"):
        stage, head = parse(f"{word2} {word}"), head2
    if stage is None:
        target = find_target(ctx, text, EXAMPLE)
        if isinstance(target, Target):  # `stage Acme`: show it
            return show(ctx, target)
        if not head:
            return target
        return error(
            f"“{word[:40]}” is not a stage. The stages are: {stages_text()} (e.g. `{EXAMPLE}`)."
        )
    target = find_target(ctx, head, EXAMPLE)
    if isinstance(target, Reply):
        return target
    return move(ctx, target, stage)


def move(ctx: Ctx, target: Target, stage: str) -> Reply:
    current = ctx.uow.stages.current(**target.owner)
    if current is not None and current.stage == stage:
        return Reply(text=f"{target.label} is already {stage}: nothing changed.")
    before = current.stage if current is not None else None
    ctx.uow.stages.record(stage, ctx.user.id, ctx.now, **target.owner)
    via = ""
    if target.contact is not None and target.company is not None:
        via = f" ({target.contact.name} is at {target.company.name}: the stage is the account's)"
    was = f" (was {before})" if before else ""
    return Reply(text=f"Moved {target.label} to {stage}{was}{via}.", kind="stage")


def show(ctx: Ctx, target: Target) -> Reply:
    fields = [ReplyField("Stage", stage_text(ctx, **target.owner))]
    lines = history_lines(ctx, **target.owner)
    if lines:
        fields.append(ReplyField("Stage history", "\n".join(lines)))
    return Reply(text=f"{target.label}: stage", kind="stage", fields=tuple(fields))


def move_button(ctx: Ctx, value: str, _values: dict) -> Reply:
    """The offered move, pressed: the target is re-read within the presser's workspace."""
    kind, _, rest = value.partition(":")
    row_text, _, stage = rest.partition(":")
    row = actions.row_id(row_text)
    if kind not in ("company", "contact") or row is None or parse(stage) is None:
        raise actions.BadValue(value)
    if kind == "company":
        company = ctx.uow.companies.get(row)
        if company is None:
            return error("That account no longer exists.")
        return move(ctx, Target(company, None), parse(stage))
    contact = ctx.contacts.get(row)
    if contact is None:
        return error("That contact no longer exists.")
    company = contact.company_record if contact.company_id else None
    return move(ctx, Target(company, contact), parse(stage))
