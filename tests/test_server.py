"""End to end: the real server, started the way the README's run command starts it."""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

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


# A server of several processes ----------------------------------------------------------------


def prepared_folder(data_dir) -> str:
    """A data folder with a documenter's API token and a source to cite; returns the token."""
    import archive
    from archive import api_tokens, users

    db = archive.open_db(data_dir / "gawahi.db")
    try:
        archive.prepare(db)
        user_id = users.add_user(db, "writer", "a long pass phrase", "documenter", "tests")
        archive.add_source(db, {"title": "HRCP fact-finding report", "body": "A report."}, "t")
        return api_tokens.create_token(db, user_id, "test", "tests")[1]
    finally:
        db.close()


def worker_of(connection: http.client.HTTPConnection, port: int, group: int) -> int:
    """The server process at the other end of a kept-alive connection (Linux's /proc: the
    socket's inode, then which process of the server's group holds it)."""
    client = f"{connection.sock.getsockname()[1]:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    rows = (line.split() for line in lines)
    inode = next(row[9] for row in rows
                 if row[1].endswith(f":{port:04X}") and row[2].endswith(f":{client}"))  # fmt: skip
    for pid in os.listdir("/proc"):
        if pid.isdigit() and os.getpgid(int(pid)) == group:
            with contextlib.suppress(OSError):
                if any(os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]"
                       for fd in os.listdir(f"/proc/{pid}/fd")):  # fmt: skip
                    return int(pid)
    raise AssertionError("no process of the server holds the connection")


def test_saves_through_different_workers_are_found_through_either(tmp_path):
    secret = prepared_folder(tmp_path)
    port = free_port()
    env = os.environ | {"PORT": str(port), "HOST": "127.0.0.1", "WORKERS": "2",
                        "FLASK_DATA_DIR": str(tmp_path), "FLASK_DEMO_CONTENT": "false"}  # fmt: skip
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "run"], cwd=ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def ask(connection, method: str, path: str, body: dict | None = None) -> tuple[dict, int]:
        connection.request(method, path, json.dumps(body) if body else None, headers)
        answer = connection.getresponse()
        data = json.loads(answer.read())
        assert answer.status in (200, 201), (answer.status, data)
        return data, worker_of(connection, port, process.pid)

    opened: list[http.client.HTTPConnection] = []
    try:
        wait_for(f"http://127.0.0.1:{port}/sign-in")
        connections: dict[int, http.client.HTTPConnection] = {}
        # The kernel hands each new connection to a worker waiting on the socket: until the
        # second has booted (on a busy machine, seconds after the first answers), only one is.
        deadline = time.monotonic() + 60
        while len(connections) < 2 and time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            opened.append(connection)
            _, worker = ask(connection, "GET", "/api/v1/me")
            if worker in connections:
                connection.close()
                time.sleep(0.2)
            connections.setdefault(worker, connection)
        assert len(connections) == 2, "every connection went to one worker"
        saved = {}
        for word, (worker, connection) in zip(("zqfirstword", "zqsecondword"),
                                              connections.items(), strict=True):  # fmt: skip
            entry = {"title": f"Taken at night {word}", "abuse_type": "enforced_disappearance",
                     "date_precision": "unknown", "district": "Kech",
                     "citations": [{"source_id": 1, "passage": "taken at night"}]}  # fmt: skip
            created, served_by = ask(connection, "POST", "/api/v1/abuses", entry)
            assert served_by == worker
            saved[word] = created["entry_id"]
        for worker, connection in connections.items():
            for word, entry_id in saved.items():
                found, served_by = ask(connection, "GET", f"/api/v1/search?q={word}")
                assert served_by == worker
                assert [hit["id"] for hit in found["results"]["abuse"]] == [entry_id], word
    finally:
        for connection in opened:
            connection.close()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
