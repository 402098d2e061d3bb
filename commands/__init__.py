"""The `flask` commands administrators run: users, reference data, the index, verify, backups."""

from __future__ import annotations

from flask import Flask

from . import backups, imports, index, intake, reference, users, verify


def init_app(app: Flask) -> None:
    """Register every command group on the app."""
    app.cli.add_command(reference.reference_cli)
    app.cli.add_command(users.users_cli)
    app.cli.add_command(index.index_cli)
    app.cli.add_command(verify.verify_command)
    for command in backups.COMMANDS:
        app.cli.add_command(command)
    app.cli.add_command(imports.import_cli)
    app.cli.add_command(intake.intake_cli)
