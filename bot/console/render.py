"""A Reply as terminal text; buttons become numbered choices."""

from __future__ import annotations

from handlers.messages import Reply


def render(reply: Reply) -> str:
    lines = [("⚠ " if reply.is_error else "") + reply.text]
    width = max((len(f.label) for f in reply.fields), default=0)
    # A value of several lines keeps its column, so the next label stands out.
    hang = "\n" + " " * (width + 4)
    if reply.kind == "help":
        lines += [f"  {f.label:<{width}}  {hang.join(f.value.splitlines())}" for f in reply.fields]
    else:
        lines += [
            f"  {f.label + ':':<{width + 1}} {hang.join(f.value.splitlines())}"
            for f in reply.fields
        ]
    if reply.image is not None:
        lines.append(f"  [image: {reply.image.alt}]")
    if reply.buttons:
        choices = "  ".join(f"[{n}] {b.label}" for n, b in enumerate(reply.buttons, start=1))
        lines.append(f"  {choices}   (type a number to choose)")
    return "\n".join(lines)
