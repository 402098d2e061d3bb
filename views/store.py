"""Glue between Flask and the store: one connection per request, prepared once at start-up."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_request_context, request
from sqlite_utils import Database

import archive
from archive import audit
from archive.demo import load_demo

from . import serving

log = logging.getLogger(__name__)


def get_db() -> Database:
    """The request's connection to the archive, opened on first use."""
    if "db" not in g:
        g.db = archive.open_db(current_app.config["DATABASE"])
        if has_request_context():
            # Every revision written on this connection is audited with the request's address.
            audit.set_address(g.db, request.remote_addr)
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    """Close the request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app: Flask) -> None:
    """Migrate the archive, offer demo content when empty, and close connections at teardown.
    A server's worker does neither: the start did, once, before the workers (serving.py)."""
    app.teardown_appcontext(close_db)
    if not serving.does_start_work(app):
        return
    db = archive.open_db(app.config["DATABASE"])
    try:
        archive.prepare(db)
        if app.config["DEMO_CONTENT"] and archive.is_empty(db):
            load_demo(db)
            log.info(
                "The archive was empty: demo content loaded (set FLASK_DEMO_CONTENT=false to skip)"
            )
    finally:
        db.close()
