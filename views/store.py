"""Glue between Flask and the store: one connection per request, prepared once at start-up.

A request's connection is kept for the next request when it ends (opening one and reading the
archive's schema costs a millisecond or more, much of a small page): with no transaction
open, the request's address forgotten, and only while the file is the same one (a restored
archive is a new file, and gets new connections).
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask, current_app, g, has_request_context, request
from sqlite_utils import Database

import archive
from archive import audit
from archive.demo import load_demo

from . import serving

log = logging.getLogger(__name__)


# Connections kept between requests: about one per server thread, for the latest files (a
# server has one; a test run makes an archive per test and must not keep them all open).
KEPT_CONNECTIONS = 16
KEPT_FILES = 2
_kept: dict[str, list[tuple[int, Database]]] = {}
_kept_lock = threading.Lock()


def get_db() -> Database:
    """The request's connection to the archive, opened (or taken from those kept) on first use."""
    if "db" not in g:
        g.db = _take(current_app.config["DATABASE"])
        if has_request_context():
            # Every revision written on this connection is audited with the request's address.
            audit.set_address(g.db, request.remote_addr)
    return g.db


def close_db(exception: BaseException | None = None) -> None:
    """Give back the request's connection, if one was opened."""
    db = g.pop("db", None)
    if db is not None:
        _give_back(current_app.config["DATABASE"], db)


def _take(path: str) -> Database:
    """A kept connection to the file now at `path`, else a new one."""
    inode = _inode(path)
    with _kept_lock:
        kept = _kept.get(path, [])
        while kept:
            held_inode, db = kept.pop()
            if held_inode == inode:
                return db
            db.close()  # the file was replaced (a restore): its connections read the old one
    db = archive.open_db(path)
    db.kept_inode = _inode(path)  # the file it opened (created if new)
    return db


def _give_back(path: str, db: Database) -> None:
    """Keep a connection for the next request, unless it holds a transaction or enough are kept."""
    if db.conn.in_transaction:
        db.close()  # a request that failed mid-write: never carry its transaction over
        return
    audit.set_address(db, None)  # the next user of it may not be a request
    with _kept_lock:
        if path not in _kept and len(_kept) >= KEPT_FILES:
            for _, old in _kept.pop(next(iter(_kept))):  # the file kept first
                old.close()
        kept = _kept.setdefault(path, [])
        if len(kept) < KEPT_CONNECTIONS:
            kept.append((db.kept_inode, db))
            return
    db.close()


def _inode(path: str) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


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
