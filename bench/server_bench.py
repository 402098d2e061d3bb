"""The real server over HTTP: search pages timed and the server's memory read from /proc.

    .venv/bin/python bench/server_bench.py --data-dir DIR     (a data folder made by
                                                               search_bench.py --data-dir DIR)

Starts Waitress as `make run` does, on a free loopback port, signs in as a reader, asks the
benchmark's query set a few times, and prints the timings and the server's resident memory.
Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import QUERIES, percentile, url  # noqa: E402

import archive  # noqa: E402
from archive import users  # noqa: E402

PASSWORD = "a bench pass phrase"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: str, port: int) -> subprocess.Popen:
    env = os.environ | {"FLASK_DATA_DIR": data_dir, "FLASK_DEMO_CONTENT": "false"}
    command = [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={port}",
               "--threads=8", "--call", "app:create_app"]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def wait_until_up(base: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/sign-in", timeout=5).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def signed_in_opener(base: str, data_dir: str):
    db = archive.open_db(Path(data_dir) / "gawahi.db")
    try:
        users.get_user(db, "bench-http")
    except archive.NotFound:
        users.add_user(db, "bench-http", PASSWORD, "reader", "bench")
    db.close()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(base + "/sign-in").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"username": "bench-http", "password": PASSWORD, "csrf_token": token}
    opener.open(base + "/sign-in", urllib.parse.urlencode(form).encode()).close()
    return opener


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process in MB: all of it, its peak, its own heap (anonymous) and
    the pages of mapped files (the index, which the kernel can drop and read again)."""
    status = Path(f"/proc/{pid}/status").read_text()
    keys = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    return {key: int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = start_server(args.data_dir, port)
    try:
        wait_until_up(base)
        print(f"server up in {time.perf_counter() - started:.1f} s; "
              f"{memory_mb(server.pid)['VmRSS']:.0f} MB resident before any search")  # fmt: skip
        opener = signed_in_opener(base, args.data_dir)
        timings: dict[str, list[float]] = {kind: [] for kind in QUERIES}
        for _ in range(args.rounds):
            for kind, queries in QUERIES.items():
                for query in queries:
                    begun = time.perf_counter()
                    opener.open(base + url(query)).read()
                    timings[kind].append((time.perf_counter() - begun) * 1000)
        print(f"{'query kind':<16}{'p50 ms':>9}{'p95 ms':>9}   (over HTTP, first round cold)")
        for kind, values in timings.items():
            print(f"{kind:<16}{percentile(values, 0.5):>9.1f}{percentile(values, 0.95):>9.1f}")
        memory = memory_mb(server.pid)
        print(
            f"server memory: {memory['VmRSS']:.0f} MB resident ({memory['RssAnon']:.0f} MB its"
            f" own heap, {memory['RssFile']:.0f} MB mapped index and program files);"
            f" peak {memory['VmHWM']:.0f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
