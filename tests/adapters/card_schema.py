"""Every Teams card the tests see must pass the official Adaptive Card 1.5 schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft6Validator
from jsonschema.exceptions import ValidationError, best_match

SCHEMA_FILE = Path(__file__).parent / "schemas" / "adaptive-card-1.5.json"


@cache
def _schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _validator(definition: str | None = None) -> Draft6Validator:
    schema = _schema()
    if definition is not None:
        # Draft 6 ignores keywords beside $ref, so this checks against one definition only.
        schema = {"$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    return Draft6Validator(schema, format_checker=Draft6Validator.FORMAT_CHECKER)


def schema_errors(card: dict) -> list[str]:
    """Each way `card` breaks the schema, as 'path: message' (empty when it is valid)."""
    return sorted(
        message for error in _validator().iter_errors(card) for message in _explain(error, ())
    )


def _explain(error: ValidationError, prefix: tuple) -> list[str]:
    """The schema is anyOf over every element type: name the fault within the element's own
    type (its "type" says which), not "is not valid under any of the given schemas"."""
    closest = best_match(error.context) if error.context else error
    path = (*prefix, *closest.absolute_path)
    instance = closest.instance
    kind = instance.get("type") if isinstance(instance, dict) else None
    if closest.validator == "additionalProperties" or kind not in _schema()["definitions"]:
        return [f"{'/'.join(map(str, path)) or '(card)'}: {closest.message}"]
    inner = list(_validator(kind).iter_errors(instance))
    if not inner:
        return [f"{'/'.join(map(str, path)) or '(card)'}: {closest.message}"]
    return [
        message
        for e in inner
        # Only an error further down is explained again; one on the element itself is final.
        for message in (
            _explain(e, path) if e.absolute_path else [f"{'/'.join(map(str, path))}: {e.message}"]
        )
    ]


def newer_than_declared(card: dict) -> list[str]:
    """Elements and properties the card uses that need a later version than it declares:
    a client at the declared version (Teams mobile) would drop them or show fallbackText."""
    declared_text = str(card.get("version", "1.0"))
    declared = _version(declared_text)
    found: list[str] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}/{index}")
            return
        if not isinstance(value, dict):
            return
        kind = value.get("type")
        if kind in _schema()["definitions"]:
            since = _definition_versions(kind)
            for key in ("", *value):
                if key in since and _version(since[key]) > declared:
                    what = f"{kind}.{key}" if key else kind
                    needs = f"needs {since[key]} (card declares {declared_text})"
                    found.append(f"{path or '(card)'}: {what} {needs}")
        for key, item in value.items():
            walk(item, f"{path}/{key}" if path else key)

    walk(card, "")
    return found


def _definition_versions(kind: str) -> dict[str, str]:
    """The version each property of `kind` needs ("" for the element itself)."""
    definitions = _schema()["definitions"]
    versions: dict[str, str] = {}
    pending = [kind]
    while pending:
        definition = definitions[pending.pop()]
        for name, prop in definition.get("properties", {}).items():
            if isinstance(prop, dict) and "version" in prop:
                versions.setdefault(name, prop["version"])
        for part in definition.get("allOf", ()):
            pending.append(part["$ref"].removeprefix("#/definitions/"))
    if "version" in definitions[kind]:
        versions[""] = definitions[kind]["version"]
    return versions


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def assert_valid_card(card: dict) -> dict:
    """`card` itself, after checking it against the schema and its declared version
    (fails with every error)."""
    errors = schema_errors(card) + newer_than_declared(card)
    assert not errors, "card breaks the Adaptive Card schema:\n" + "\n".join(errors)
    return card
