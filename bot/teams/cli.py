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
    default=None,
    help="The bot's Microsoft App ID (default: MICROSOFT_APP_ID from the environment or .env).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("relcap-teams.zip"),
    show_default=True,
    help="Where to write the zip.",
)
def package(app_id: str | None, output: Path) -> None:
    """Build the zip to upload in Teams (Apps → Manage your apps → Upload an app)."""
    from bot.settings import Settings
    from bot.teams.package import PackageError, build_package

    app_id = app_id or Settings().microsoft_app_id
    if not app_id:
        raise click.ClickException(
            "no app id: pass --app-id or set MICROSOFT_APP_ID (see docs/teams.md)"
        )
    try:
        written = build_package(app_id, output)
    except PackageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {written}: upload it in Teams under Apps → Manage your apps.")
