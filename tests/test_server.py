"""End to end: the real server, started the way the README's run command starts it."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request

import pyotp
import pytest

from .conftest import ROOT, free_port

pytestmark = pytest.mark.slow


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer at {url}")


@pytest.fixture
def served(tmp_path):
    """`make run` on a free port, with its data folder in tmp_path; yields the base URL."""
    port = free_port()
    env = os.environ | {"PORT": str(port), "HOST": "127.0.0.1", "FLASK_DATA_DIR": str(tmp_path)}
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base, tmp_path / "server.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


BROWSER = urllib.request.build_opener(
    urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
)


def read(url: str, data: dict | None = None) -> str:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with BROWSER.open(url, body, timeout=10) as response:
        return response.read().decode()


def set_up_first_admin(log_path) -> None:
    """Follow the one-time link the server logged, as the first administrator would."""
    link = re.search(r"http://\S+/setup/[\w-]+", log_path.read_text()).group(0)
    form = read(link)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    page = read(
        link,
        {
            "csrf_token": token,
            "username": "amina",
            "password": "a long pass phrase",
            "confirm": "a long pass phrase",
        },
    )
    assert "first administrator" in page


def turn_on_two_factor(base: str) -> None:
    """Administrators must sign in with a second factor: set it up from the key the page shows."""
    page = read(base + "/account/two-factor")
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    done = read(
        base + "/account/two-factor/enrol",
        {"csrf_token": token, "code": pyotp.TOTP(secret).now()},
    )
    assert "Your recovery codes" in done


def test_make_run_serves_the_archive_with_its_data_in_the_data_folder(served, tmp_path):
    base, log_path = served
    assert "Sign in" in read(base + "/")
    set_up_first_admin(log_path)
    assert "must sign in with a second factor" in read(base + "/")
    turn_on_two_factor(base)
    served = base
    home = read(served + "/")
    assert "Abuse reports" in home and "Attack claims" in home
    assert "Khadkucha" in read(served + "/claims/")
    assert "Mass graves" in read(served + "/abuses/")
    assert (tmp_path / "gawahi.db").exists()
