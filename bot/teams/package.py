"""The Teams app package to sideload: manifest.json and the two icons, zipped flat."""

from __future__ import annotations

import json
import struct
import uuid
import zipfile
from pathlib import Path

# The app's files ship inside the package (package data), so an installed relcap builds
# the zip as a checkout does.
SOURCE = Path(__file__).resolve().parent / "app_package"
PLACEHOLDER = "${{MICROSOFT_APP_ID}}"
ICONS = {"color.png": (192, 192), "outline.png": (32, 32)}


class PackageError(Exception):
    """Something to fix before the package can be built; the message says what."""


def build_package(app_id: str, output: Path, source: Path = SOURCE) -> Path:
    """Write the zip to `output` with `app_id` (the bot's Microsoft App ID) filled in."""
    try:
        app_id = str(uuid.UUID(app_id.strip()))
    except (ValueError, AttributeError) as exc:
        raise PackageError(
            f"the app id {app_id!r} is not a GUID: use the Microsoft App ID of your Azure "
            "Bot registration (MICROSOFT_APP_ID or --app-id)"
        ) from exc
    manifest_path = source / "manifest.json"
    if not manifest_path.exists():
        raise PackageError(
            f"no {manifest_path}: this relcap was installed without its Teams app files; "
            "reinstall it"
        )
    manifest = manifest_path.read_text(encoding="utf-8").replace(PLACEHOLDER, app_id)
    try:
        json.loads(manifest)
    except ValueError as exc:
        raise PackageError(f"{manifest_path} is not valid JSON: {exc}") from exc
    for name, size in ICONS.items():
        _check_icon(source / name, size)
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest)
        for name in ICONS:
            archive.write(source / name, name)
    return output


def _check_icon(path: Path, size: tuple[int, int]) -> None:
    """Teams rejects a package whose icons are not PNGs of exactly these sizes."""
    if not path.exists():
        raise PackageError(
            f"missing icon {path} (python bot/teams/app_package/make_icons.py draws both)"
        )
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise PackageError(f"{path} is not a PNG")
    found = struct.unpack(">II", head[16:24])
    if found != size:
        raise PackageError(f"{path} is {found[0]}x{found[1]}; Teams needs {size[0]}x{size[1]}")
