"""Command-line commands: ``flask demo``, ``flask outbox relay``."""
import click
from flask import Flask

from potten.core import outbox, unit_of_work


def init_app(app: Flask) -> None:
    @app.cli.command("demo")
    @click.option("--quiet", is_flag=True, help="Do not print the passwords.")
    def demo_command(quiet: bool) -> None:
        """Load the demo: the 2025 round, its focus areas and criteria, one account per role (passwords renewed)."""
        from potten.demo import load_demo

        with unit_of_work.unit():
            accounts = load_demo()
        click.echo("Demo loaded. Accounts, with fresh passwords (e-mail / password):")
        for role, email, password in accounts:
            click.echo(f"  {role:15} {email:40} {'*' * 8 if quiet else password}")

    @app.cli.command("periodic")
    def periodic_command() -> None:
        """Run the periodic tasks now (reminders, automatic acceptance): what the workers do every minute."""
        from potten.core import periodic

        for name, count in periodic.run_all().items():
            click.echo(f"{name}: {count}")

    @app.cli.group("outbox")
    def outbox_group() -> None:
        """The outbox of mails and letters."""

    @outbox_group.command("relay")
    def relay_command() -> None:
        """Hand over pending outbox entries again (e.g. after Redis was down)."""
        count = outbox.relay_pending(older_than_seconds=0)
        click.echo(f"{count} pending entries handed over.")
