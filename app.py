"""The application factory: configuration, the store, the search index and the blueprints."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import commands
import forms
import views
from archive.validation import SOURCE_LIMITS
from forms.sources import MAX_UPLOAD_BYTES
from views import serving, store

# The largest request a valid form sends: a source file at its limit with the source's text at
# its limit (up to 4 bytes a character), plus room for the other fields. The edit form sends
# the text without a file, percent-encoded (3 bytes for each), which is less. A larger request
# gets the "too large" page; anything smaller that is too long gets a message next to its field.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 4 * SOURCE_LIMITS["body"] + 2 * 1024 * 1024


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Gawahi app: defaults, then instance/config.py and FLASK_* variables, or a dict."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        DATA_DIR=app.instance_path,
        DEMO_CONTENT=True,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        # A text part may be as large as the request: one too long for its field then gets a
        # message next to it (Flask's default, 500 KB, would refuse a long source text bare).
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        PER_PAGE=20,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=30),
        SESSION_COOKIE_SAMESITE="Lax",
        # How many reverse proxies in front of the app set X-Forwarded-For and -Proto; 0 trusts
        # no such header, since a visitor could otherwise claim any address.
        TRUSTED_PROXIES=0,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    _derive_paths(app)
    _ensure_secret_key(app)
    _trust_proxies(app)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    store.init_app(app)
    forms.init_app(app)
    views.init_app(app)
    commands.init_app(app)
    return app


def prepare_server() -> None:
    """A server start's one-time work, before its workers answer (gunicorn.conf.py):
    migrations, demo content, the first-start link, the index caught up with the archive."""
    os.environ["FLASK_SERVER_ROLE"] = serving.PREPARE
    create_app()


def _derive_paths(app: Flask) -> None:
    data_dir = Path(app.config["DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("DATABASE", str(data_dir / "gawahi.db"))
    app.config.setdefault("INDEX_DIR", str(data_dir / "index"))


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES proxies, take the visitor's address and scheme from their headers."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _ensure_secret_key(app: Flask) -> None:
    """Use the configured key, else one generated once and kept in the data folder."""
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.config["DATA_DIR"]) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
