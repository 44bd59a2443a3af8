"""`relcap teams …`: the Teams app's own commands."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def teams() -> None:
    """Microsoft Teams: the app package to sideload."""


@teams.command("package")
@click.option(
    "--app-id",
    envvar="MICROSOFT_APP_ID",
    required=True,
    help="The bot's Microsoft App ID (default: $MICROSOFT_APP_ID).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("relcap-teams.zip"),
    show_default=True,
    help="Where to write the zip.",
)
def package(app_id: str, output: Path) -> None:
    """Build the zip to upload in Teams (Apps → Manage your apps → Upload an app)."""
    from bot.teams.package import PackageError, build_package

    try:
        written = build_package(app_id, output)
    except PackageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {written}: upload it in Teams under Apps → Manage your apps.")
