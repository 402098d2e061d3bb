"""Shared fixtures: a store in memory, an app on a temporary data folder, a test client."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

import archive
from app import create_app

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_2025_09_07 = SHARED / "seeds" / "000_6651ce3882537914.txt"


@pytest.fixture
def db():
    """A prepared archive in memory, with reference data and nothing else."""
    database = archive.open_db(None)
    archive.prepare(database)
    yield database
    database.close()


@pytest.fixture
def source_id(db) -> int:
    """One source in the store, to cite."""
    return archive.add_source(
        db, {"title": "Report on Mastung", "outlet": "Example Wire", "body": "Text."}, "tester"
    )


@pytest.fixture
def app(tmp_path):
    """The app on a fresh data folder, with demo content loaded."""
    return create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
        }
    )


@pytest.fixture
def empty_app(tmp_path):
    """The app on a fresh data folder without demo content."""
    return create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path),
            "SECRET_KEY": "test",
            "DEMO_CONTENT": False,
            "WTF_CSRF_ENABLED": False,
        }
    )


@pytest.fixture
def client(app):
    """A test client signed in as an administrator."""
    return signed_in_client(app, "admin")


@pytest.fixture
def client_as(app):
    """A factory: client_as("reader") is a test client signed in with that role."""
    return lambda role: signed_in_client(app, role)


@pytest.fixture
def anonymous(app):
    """A test client nobody has signed in with."""
    return app.test_client()


@pytest.fixture
def app_db(app):
    """A connection to the app's own SQLite file."""
    database = archive.open_db(app.config["DATABASE"])
    yield database
    database.close()


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    """The system Chromium, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """The system Chromium; skipped locally without it, a failure in CI."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture
def live_server(app):
    """The app served for real over HTTP on a free port; yields the base URL."""
    from .browser import serve

    with serve(app) as base_url:
        yield base_url


@pytest.fixture
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; test artefacts (screenshots) go to test-artifacts/."""
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """scrypt at a low cost in tests (each hash records its own cost, so checks still work)."""
    from archive import users

    monkeypatch.setattr(users, "PASSWORD_METHOD", "scrypt:1024:8:1")


@pytest.fixture(autouse=True)
def two_factor_roles_off(monkeypatch):
    """No role must enrol a second factor, so the shared fixtures' reviewers and administrators
    sign in with a password; tests/test_two_factor.py overrides this to use the real default."""
    from views import two_factor

    monkeypatch.setattr(two_factor, "DEFAULT_REQUIRED_ROLES", "")


TEST_PASSWORD = "a long test pass phrase"


def ensure_user(app, role: str) -> str:
    """The name of a user with `role` in the app's own database, created on first use."""
    from archive import users

    username = f"test-{role}"
    database = archive.open_db(app.config["DATABASE"])
    try:
        users.get_user(database, username)
    except archive.NotFound:
        users.add_user(database, username, TEST_PASSWORD, role, "tests")
    finally:
        database.close()
    return username


def signed_in_client(app, role: str):
    """A new test client that signed in through the sign-in form (CSRF off) as `role`."""
    test_client = app.test_client()
    username = ensure_user(app, role)
    response = test_client.post("/sign-in", data={"username": username, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return test_client
