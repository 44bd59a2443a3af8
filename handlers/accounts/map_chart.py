"""The coverage map (`chart account Acme`): contacts as nodes coloured by health band,
reporting lines as arrows, not-met stakeholders dashed, one column per function.

networkx places the nodes (a multipartite layout: a layer per function, ordered by
seniority inside it); matplotlib draws them with the Agg canvas, no pyplot state.
"""

from __future__ import annotations

import io

from handlers.accounts.coverage import coverage
from handlers.accounts.members import Account, Member
from handlers.accounts.rules import function_name

COLOURS = {"green": "#2e9e44", "yellow": "#e0b400", "red": "#c0392b"}
NOT_MET = "#ffffff"
DPI = 80  # big in inches, light in bytes: a Teams card holds about 28 KB in all
OTHER = "other"  # the column of people whose function is not known
PER_COLUMN = 10  # a bigger function shows its most senior and strongest, and "+n more"


def column_of(member: Member) -> str:
    return member.function or OTHER


def layout(account: Account) -> dict[int, tuple[float, float]]:
    """Node positions: one column per function (expected ones first), top = most senior."""
    import networkx as nx

    order = [key for key in coverage(account).by_function]
    columns = [key for key in order if any(column_of(m) == key for m in account.members)]
    if any(column_of(m) == OTHER for m in account.members):
        columns.append(OTHER)
    graph = nx.DiGraph()
    for member in account.members:
        graph.add_node(member.contact_id, layer=columns.index(column_of(member)))
    positions = nx.multipartite_layout(graph, subset_key="layer", align="vertical", scale=1)
    # Inside a column the layout spaces the nodes evenly; the most senior takes the top.
    placed: dict[int, tuple[float, float]] = {}
    for key in columns:
        people = sorted(
            (m for m in account.members if column_of(m) == key),
            key=lambda m: (-m.seniority, m.name),
        )
        heights = sorted((float(positions[m.contact_id][1]) for m in people), reverse=True)
        for member, y in zip(people, heights, strict=True):
            placed[member.contact_id] = (float(positions[member.contact_id][0]), y)
    return placed


def shown(account: Account) -> tuple[Account, dict[str, int]]:
    """The account cut to PER_COLUMN people per function, and how many each column hides."""
    columns: dict[str, list[Member]] = {}
    for member in account.members:
        columns.setdefault(column_of(member), []).append(member)
    kept, hidden = [], {}
    for key, people in columns.items():
        people.sort(key=lambda m: (-m.seniority, not m.met, -m.balance, m.name))
        kept += people[:PER_COLUMN]
        hidden[key] = max(0, len(people) - PER_COLUMN)
    return Account(account.company_id, account.name, tuple(kept)), hidden


def map_png(account: Account) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, Rectangle

    account, hidden = shown(account)
    positions = layout(account)
    columns: dict[str, list[Member]] = {}
    for member in account.members:
        columns.setdefault(column_of(member), []).append(member)
    tallest = max(len(people) for people in columns.values())
    figure = Figure(figsize=(max(6.0, 2.2 * len(columns)), max(3.6, 1.1 * tallest + 1.6)), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_axis_off()
    xs = sorted({x for x, _ in positions.values()})
    half = (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0.5
    ys = [y for _, y in positions.values()]
    low, high = min(ys) - 0.35, max(ys) + 0.35
    for key, people in columns.items():
        x = positions[people[0].contact_id][0]
        axes.add_patch(
            Rectangle(
                (x - half * 0.92, low), half * 1.84, high - low, facecolor="#f2f4f7", zorder=0
            )
        )
        label = function_name(key) if key != OTHER else "Function not known"
        axes.text(x, high + 0.05, label, ha="center", va="bottom", fontsize=10, weight="bold")
        if hidden.get(key):
            axes.text(x, low + 0.03, f"+{hidden[key]} more", ha="center", fontsize=8)
    by_id = {m.contact_id: m for m in account.members}
    for member in account.members:
        boss = by_id.get(member.reports_to_id) if member.reports_to_id else None
        if boss is None:
            continue
        axes.add_patch(
            FancyArrowPatch(
                positions[member.contact_id],
                positions[boss.contact_id],
                arrowstyle="-|>",
                mutation_scale=12,
                color="#555555",
                linewidth=1.0,
                linestyle="--" if member.not_met or boss.not_met else "-",
                # Across columns the line bends, so it does not run through other nodes.
                connectionstyle="arc3,rad=0.0"
                if column_of(member) == column_of(boss)
                else "arc3,rad=-0.25",
                shrinkA=14,
                shrinkB=14,
                zorder=1,
            )
        )
    for member in account.members:
        x, y = positions[member.contact_id]
        met = member.met
        axes.scatter(
            [x],
            [y],
            s=520,
            c=COLOURS[member.band] if met else NOT_MET,
            edgecolors="#333333",
            linewidths=1.4,
            linestyle="-" if met else "--",
            zorder=2,
        )
        detail = f"balance {member.balance}" if met else "not met"
        role = member.role if member.role and member.role != member.name else None
        caption = "\n".join(part for part in (member.name, role, detail) if part)
        axes.text(x, y - 0.09, caption, ha="center", va="top", fontsize=7.5, zorder=3)
    axes.set_xlim(min(xs) - half, max(xs) + half)
    axes.set_ylim(low - 0.25, high + 0.25)
    axes.set_title(f"{account.name}: who we know, by function", fontsize=12)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
