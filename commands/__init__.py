"""The `flask` commands administrators run: reference data, demo content (and more per module)."""

from __future__ import annotations

from flask import Flask

from . import index, intake, reference, users, verify


def init_app(app: Flask) -> None:
    """Register every command group on the app."""
    app.cli.add_command(reference.reference_cli)
    app.cli.add_command(users.users_cli)
    app.cli.add_command(index.index_cli)
    app.cli.add_command(verify.verify_command)
    app.cli.add_command(intake.intake_cli)
