"""The `relcap` command line. Every subcommand starts from the bootstrap (bot.app).

Only click is imported up front: each command imports what it uses when it runs, so
`relcap --help` loads no database, settings or platform SDK.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

import click

from bot.teams.cli import teams as teams_cli

if TYPE_CHECKING:
    from bot.app import App
    from bot.settings import Settings
    from handlers.messages import WorkspaceRef


class StartupError(click.ClickException):
    """One clear line instead of a traceback."""


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _variable(loc: str) -> str:
    """The environment variable an error is about: pydantic names a field or one alias."""
    from pydantic import AliasChoices

    from bot.settings import Settings

    if loc in Settings.model_fields:
        return f"RELCAP_{loc.upper()}"
    for info in Settings.model_fields.values():
        alias = info.validation_alias
        names = [str(c) for c in alias.choices] if isinstance(alias, AliasChoices) else []
        if loc in names:  # the name the user actually set, where there are several
            present = {key.upper() for key in os.environ}
            return next((n for n in names if n.upper() in present), loc)
    return loc.upper()


def _settings() -> Settings:
    from pydantic import ValidationError

    from bot.settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = _variable(str(first["loc"][0])) if first["loc"] else "settings"
        message = first["msg"].removeprefix("Value error, ")
        raise StartupError(f"setting {name}: {message}") from exc
    if settings.log_level.upper() not in LOG_LEVELS:
        raise StartupError(
            f"setting RELCAP_LOG_LEVEL: unknown level {settings.log_level!r} "
            f"(use one of {', '.join(LOG_LEVELS)})"
        )
    return settings


def _app(settings: Settings | None = None) -> App:
    from bot.app import build_app

    settings = settings or _settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return build_app(settings)
    except Exception as exc:  # database unreachable, bad URL, unwritable home …
        first = str(exc).splitlines()[0] if str(exc) else ""
        password = _password(settings.db_url)
        if password:  # a driver may echo the URL it was given
            first = first.replace(password, "***")
        raise StartupError(
            f"cannot open the database {settings.db_location!r}: {type(exc).__name__}: {first}"
        ) from exc


def _password(url: str) -> str | None:
    """The password in `scheme://user:password@host/…`, if any."""
    credentials = url.partition("://")[2].rpartition("@")[0]
    return credentials.partition(":")[2] or None


class WorkspaceType(click.ParamType):
    """`local`, `slack:<team id>` or `teams:<tenant id>`, checked before anything starts."""

    name = "workspace"

    def convert(self, value, param, ctx) -> WorkspaceRef:
        from handlers.messages import WorkspaceRef

        if isinstance(value, WorkspaceRef):
            return value
        try:
            return WorkspaceRef.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


WORKSPACE = WorkspaceType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """relcap: relationship capital accounts for your customer contacts."""


@main.command(short_help="The chat in this terminal, on the local database.")
@click.option("--user", default=None, help="Who is typing (default: the OS user).")
@click.option(
    "--workspace",
    type=WORKSPACE,
    default="local",
    show_default=True,
    help="local, slack:<team>, teams:<tenant>.",
)
def shell(user: str | None, workspace: WorkspaceRef) -> None:
    """An interactive shell on the local database (lines on stdin work too)."""
    from bot.console.shell import ConsoleShell, default_user, demo_hint

    app = _app()
    ws = workspace
    user = user or default_user()
    _tolerant_streams()
    home = app.settings.home
    console = ConsoleShell(
        app.core, ws, user, pictures=home / "charts", history=home / "shell_history"
    )

    def on_start(shell: ConsoleShell) -> None:
        offer_demo(shell)
        from bot.console.nudges import show_due_nudges

        show_due_nudges(app, shell)

    def offer_demo(shell: ConsoleShell) -> None:
        if not _is_empty(app, ws):
            return
        if not shell.interactive:  # no question to ask: one line, on stderr, away from replies
            print(demo_hint(ws), file=sys.stderr, flush=True)
            return
        answer = shell.read_line("No contacts yet. Load a demo workspace to explore? [Y/n] ")
        if answer is not None and answer.strip().lower() in ("", "y", "yes"):
            from bot.demo import load_showcase

            count = load_showcase(app.core, ws, user, app.core.clock())
            shell.say(f"Loaded {count} notes about 12 contacts. Try `balance` or `help`.")

    try:
        code = console.run(on_start=on_start)
    except KeyboardInterrupt:
        code = 0
    app.close()
    sys.exit(code)


def _tolerant_streams() -> None:
    """A terminal that cannot show ✓ or 🟡 gets '?', and bytes that are not text get '�',
    instead of a crash in the middle of a session."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _is_empty(app: App, ws: WorkspaceRef) -> bool:
    from storage.directory import Contacts, find_workspace

    with app.session_factory() as session:
        found = find_workspace(session, ws.platform, ws.external_id)
        return found is None or Contacts(session, found.id).count() == 0


@main.command()
@click.option(
    "--workspace",
    type=WORKSPACE,
    default="local",
    show_default=True,
    help="local, slack:<team>, teams:<tenant>.",
)
@click.option(
    "--user", default=None, help="The rep who wrote the showcase notes (default: OS user)."
)
@click.option("--contacts", type=click.IntRange(1), default=None, help="Scale: number of contacts.")
@click.option("--entries", type=click.IntRange(0), default=None, help="Scale: number of entries.")
def demo(
    workspace: WorkspaceRef, user: str | None, contacts: int | None, entries: int | None
) -> None:
    """Load a believable demo workspace, or a large one for benchmarks."""
    from bot.console.shell import default_user
    from bot.demo import load_scaled, load_showcase

    ws = workspace
    app = _app()
    if not _is_empty(app, ws):
        raise click.ClickException(
            f"workspace {ws} already has contacts; choose another --workspace"
        )
    now = app.core.clock()
    if contacts is None and entries is None:
        count = load_showcase(app.core, ws, user or default_user(), now)
        click.echo(f"Loaded {count} notes about 12 contacts into {ws}.")
    else:
        contacts = contacts or 100
        entries = entries if entries is not None else contacts * 10
        load_scaled(app.session_factory, ws, contacts, entries, now, app.settings.half_life_days)
        click.echo(f"Loaded {contacts:,} contacts and {entries:,} entries into {ws}.")
    app.close()


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "--workspace", type=WORKSPACE, default=None, help="Only this workspace (default: all)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=True, allow_dash=True),
    default="-",
    help="File (default: stdout); with csv, a folder or a .zip gets one CSV per table.",
)
@click.option("--no-personal", is_flag=True, help="Leave personal facts out.")
def export(fmt: str, workspace: WorkspaceRef | None, output: str, no_personal: bool) -> None:
    """Export contacts, ledgers and facts as JSON or CSV."""
    from pathlib import Path

    from bot.export import write_csv, write_json, write_tables
    from storage.directory import find_workspace

    app = _app()
    with app.session_factory() as session:
        only = None
        if workspace is None:
            click.echo(
                "note: this export holds every workspace, including personal facts;"
                " use --workspace to limit it.",
                err=True,
            )
        if workspace:
            only = find_workspace(session, workspace.platform, workspace.external_id)
            if only is None:
                raise click.ClickException(f"no workspace {workspace}")
        target = Path(output)
        if (
            fmt == "csv"
            and output != "-"
            and (
                target.is_dir()
                or target.suffix.lower()
                in (
                    ".zip",
                    "",
                )
            )
        ):
            written = write_tables(session, target, only, personal=not no_personal)
            click.echo(f"Wrote {len(written)} tables to {target}: {', '.join(written)}", err=True)
        else:
            writer = write_json if fmt == "json" else write_csv
            with click.open_file(output, "w", encoding="utf-8") as out:
                writer(
                    session,
                    out,
                    app.core.policy,
                    app.core.clock(),
                    only,
                    bank=app.services.questions,
                    personal=not no_personal,
                )
    app.close()


@main.command(short_help="Serve Slack and/or Teams over HTTP.")
def serve() -> None:
    """Serve Slack and/or Teams over HTTP (see the README to configure them)."""
    from aiohttp import web

    from bot.web import build_web_app

    settings = _settings()
    if not (settings.slack_configured or settings.teams_configured):
        raise StartupError(
            "no platform configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN for Slack, "
            "or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD for Teams (see .env.example); "
            "`relcap shell` needs none"
        )
    app = _app(settings)
    slack_team = None
    if settings.slack_configured:
        from bot.slack.config import SlackConfigError
        from bot.slack.token_check import check_bot_token

        try:
            config = app.slack.config  # built here so that a wrong token is one clear line
            slack_team = None if config.oauth else check_bot_token(config)
        except SlackConfigError as exc:
            app.close()
            raise StartupError(f"Slack: {exc}") from exc
    if slack_team:  # the token works: a workspace that had uninstalled is back
        from bot.slack.uninstall import flag_workspace

        flag_workspace(app.session_factory, slack_team, None)
    from bot.scheduler import attach_scheduler

    web_app = build_web_app(app)  # mounts each platform on the app's one sender
    attach_scheduler(web_app, app)  # the same senders, through app.nudge_pass()
    try:
        web.run_app(web_app, host=settings.host, port=settings.port, print=None)
    finally:
        app.close()


@main.group()
def db() -> None:
    """Database maintenance: db upgrade."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply the schema migrations (also done on every start)."""
    from storage.migrate import current_revisions

    app = _app()
    click.echo(f"Schema at revision {', '.join(current_revisions(app.engine))}.")
    app.close()


@main.group()
def nudge() -> None:
    """Daily nudges, promise checks and digests."""


@nudge.command("tick")
@click.option(
    "--at", "at", default=None, help="Run as of this UTC time, e.g. 2026-11-23T14:05:00Z."
)
@click.option(
    "--console/--no-console", default=True, help="Also deliver console reps' messages here."
)
def nudge_tick(at: str | None, console: bool) -> None:
    """Run one scheduler pass and exit (for cron; sends what is due, once)."""
    from bot.nudge_tick import parse_at, run_tick

    moment = parse_at(at) if at else None
    app = _app()
    try:
        click.echo(run_tick(app, moment, console))
    finally:
        app.close()


@main.group()
def contact() -> None:
    """Contact administration: contact erase."""


@contact.command("erase")
@click.argument("name")
@click.option("--workspace", type=WORKSPACE, default="local", show_default=True)
@click.option("--id", "contact_id", type=int, default=None, help="Which one, when several match.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def contact_erase(name: str, workspace: WorkspaceRef, contact_id: int | None, yes: bool) -> None:
    """Erase one contact and all their data (privacy request); the erasure is logged.

    NAME is matched like a note's contact (name, alias or email, any case); archived
    contacts are found too. Contacts merged into this one are erased with it.
    """
    from bot.console.shell import default_user
    from storage.erase import erase_contact

    ws = workspace
    app = _app()
    with app.session_factory() as session:
        found, matches = _erasable(session, ws, name)
        if contact_id is not None:
            matches = [c for c in matches if c.id == contact_id]
        if not matches:
            which = f" with id {contact_id}" if contact_id is not None else ""
            raise click.ClickException(f"no contact named {name!r}{which} in {ws}")
        if len(matches) > 1:
            listed = "; ".join(
                f"--id {c.id}: {c.name}" + (f" ({c.company})" if c.company else "")
                + (f" <{c.email}>" if c.email else "") + (" archived" if c.archived_at else "")
                for c in matches
            )  # fmt: skip
            raise click.ClickException(
                f"{len(matches)} contacts match {name!r}; choose one with --id ({listed})"
            )
        target = matches[0]
        if not yes:
            click.confirm(f"Erase {target.name} and all their entries and facts?", abort=True)
        counts = erase_contact(session, found.id, target.id, default_user(), app.core.clock())
        session.commit()
    click.echo(
        f"Erased {name}: {counts['entries']} entries, {counts['facts']} facts, "
        f"{counts['pending']} pending notes, {counts.get('loyalty answers', 0)} competitor-test "
        "answers. The erasure is logged."
    )
    app.close()


def _erasable(session, ws: WorkspaceRef, name: str) -> tuple[object, list]:
    """The workspace and the contacts `name` names there, active ones first, then archived."""
    from sqlalchemy import or_, select

    from storage.directory import Contacts, find_workspace, name_key
    from storage.models import Contact

    found = find_workspace(session, ws.platform, ws.external_id)
    if found is None:
        return None, []
    matches = Contacts(session, found.id).find_exact(name)
    key = name_key(name)
    archived = session.scalars(
        select(Contact)
        .where(
            Contact.workspace_id == found.id,
            Contact.archived_at.is_not(None),
            Contact.merged_into_id.is_(None),  # a merged contact goes with the one it joined
            or_(Contact.name_key == key, Contact.email_key == key),
        )
        .order_by(Contact.id)
    )
    return found, [*matches, *archived]


@main.group()
def calendar() -> None:
    """Calendars: calendar import."""


@calendar.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", default=None, help="Whose calendar (default: the OS user).")
@click.option("--workspace", type=WORKSPACE, default="local", show_default=True)
@click.option("--email", default=None, help="Your own address in it (to see your declines).")
def calendar_import(
    path: str, user: str | None, workspace: WorkspaceRef, email: str | None
) -> None:
    """Read an ICS file's meetings: after one with a contact you are asked how it went.

    Importing the same file again replaces what it said; a file that is not a calendar
    changes nothing.
    """
    from pathlib import Path

    from bot.console.shell import default_user
    from handlers.calendar.file_import import CalendarError, import_file
    from storage.unit_of_work import UnitOfWork

    file = Path(path)
    app = _app()
    config = app.services.calendar
    if file.stat().st_size > config.max_bytes:
        raise click.ClickException(f"{file.name} is larger than {config.max_bytes >> 20} MB")
    now = app.core.clock()
    user = user or default_user()
    with UnitOfWork(app.session_factory) as uow:
        _ws, rep, _ = uow.resolve(
            app.core.identities, workspace.platform, workspace.external_id, user, user, None, now
        )
        try:
            result = import_file(uow, rep.id, file.name, file.read_bytes(), now, config, email)
        except CalendarError as exc:
            raise click.ClickException(f"{file.name}: {exc}; nothing was imported") from None
        uow.commit()
    click.echo(f"{file.name}: {result.events} events, {result.meetings} with your contacts.")
    app.close()


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--workspace", type=WORKSPACE, default="local", show_default=True)
@click.option("--user", default=None, help="The rep the contacts are added for (default: OS user).")
@click.option(
    "--map",
    "mapping",
    default=None,
    help="Which column is which, for any CSV: name=Full Name,email=E-mail,company=Org,"
    "role=Title,reports_to=Manager (also first_name, last_name, function).",
)
@click.option("--apply", "apply_", is_flag=True, help="Write it (default: a dry run).")
@click.option("--all", "show_all", is_flag=True, help="List every line, not the first 50 each.")
@click.option("--batch", type=click.IntRange(1), default=1000, show_default=True,
              help="Rows per transaction.")  # fmt: skip
def import_contacts(
    path: str,
    workspace: WorkspaceRef,
    user: str | None,
    mapping: str | None,
    apply_: bool,
    show_all: bool,
    batch: int,
) -> None:
    """Import contacts from a HubSpot or Salesforce CSV export, any CSV (--map) or vCards.

    A dry run unless --apply: it lists what it would create, update and refuse, by line.
    Matching is by email, then exact name at the same company; a close name is reported,
    never merged. Importing the same file again changes nothing.
    """
    from pathlib import Path

    from bot.console.shell import default_user
    from handlers.imports.apply import apply_plan
    from handlers.imports.columns import parse_map
    from handlers.imports.files import plan_import, read_file
    from handlers.imports.report import detail, summary
    from handlers.imports.rows import ImportFailed
    from storage.unit_of_work import UnitOfWork

    file = Path(path)
    try:
        read = read_file(file.name, file.read_bytes(), parse_map(mapping) if mapping else None)
    except ImportFailed as exc:
        raise click.ClickException(f"{file.name}: {exc}; nothing was imported") from None
    app = _app()
    now = app.core.clock()
    user = user or default_user()
    tty = sys.stderr.isatty()
    with UnitOfWork(app.session_factory) as uow:
        ws, rep, _ = uow.resolve(
            app.core.identities, workspace.platform, workspace.external_id, user, user, None, now
        )
        with _progress(tty, len(read.rows), "Matching") as bar:
            plan = plan_import(uow, read, bar.update)
        if apply_ and plan.changes_anything:
            uow.commit()  # the workspace and rep the batches write for
    click.echo(summary(plan, file.name))
    for line in detail(plan, None if show_all else 50):
        click.echo(line)
    if not apply_:
        click.echo("Dry run: nothing was saved. Run again with --apply to import.")
    elif not plan.changes_anything:
        click.echo("Nothing to change: every row is saved already or refused.")
    else:
        total = len(plan.creates) + len(plan.updates)
        with _progress(tty, total, "Writing") as bar:
            commits = apply_plan(
                app.session_factory, ws.id, rep.id, plan, now, user, file.name, batch, bar.update
            )
        click.echo(
            f"Imported: {len(plan.creates):,} created, {len(plan.updates):,} updated, "
            f"{len(plan.reporting):,} reporting lines, in {commits} transactions."
        )
    app.close()


class _NoBar:
    """click.progressbar's interface, drawing nothing (output is not a terminal)."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, steps: int) -> None:
        return None


def _progress(tty: bool, length: int, label: str):
    if not tty or length == 0:
        return _NoBar()
    return click.progressbar(length=length, label=label, file=sys.stderr)


main.add_command(teams_cli)

if __name__ == "__main__":
    main()
