"""The real server over HTTP: search pages timed, throughput, the server's memory from /proc.

    .venv/bin/python bench/server_bench.py --data-dir DIR     (a data folder made by
                                                               search_bench.py --data-dir DIR
                                                               or scale_bench.py --data-dir DIR)
    .venv/bin/python bench/server_bench.py --data-dir DIR --server waitress   (the old way)

Starts the server as `make run` does (gunicorn.conf.py; `--server waitress`: one Waitress
process with 8 threads, as `make run` did before), on a free loopback port, signs in as a
reader, asks the benchmark's query set a few times, then has --clients clients ask never-asked
queries back to back (every word used once: scale_bench.py's fresh queries, every kind in
turn; made-up names planted in the archive when it has too few rare words, so give it a
copy of an archive you keep), and prints the timings, requests a second, the load average and
the memory of the server's processes. Not part of `make test`: it measures, it does not assert.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import itertools
import os
import random
import re
import socket
import subprocess
import sys
import threading
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


def server_command(port: int, server: str = "make run") -> tuple[list[str], dict[str, str]]:
    """The command and environment that serve on `port` as `make run` does (or as one Waitress
    process with 8 threads, `make run` until 2026-12-02)."""
    if server == "waitress":
        return [sys.executable, "-m", "waitress", "--host=127.0.0.1", f"--port={port}",
                "--threads=8", "--call", "app:create_app"], {}  # fmt: skip
    env = {"HOST": "127.0.0.1", "PORT": str(port)}
    return [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"], env


def start_server(
    data_dir: str, port: int, server: str = "make run", log=None, root: Path = ROOT
) -> subprocess.Popen:
    """The server of the checkout at `root` (this one unless another is to be compared)."""
    command, env = server_command(port, server)
    env = os.environ | env | {"FLASK_DATA_DIR": data_dir, "FLASK_DEMO_CONTENT": "false"}
    out = log or subprocess.DEVNULL
    return subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=out)


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


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (a gunicorn master and its workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo += [int(child) for child in task.read_text().split()]
    return found


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a server in MB, summed over its processes: all of it, its peak, its
    own heap (anonymous) and the pages of mapped files (the index, which the kernel can drop
    and read again, and which the processes share: counted once per process here)."""
    keys = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    total = dict.fromkeys(keys, 0.0)
    for each in process_tree(pid):
        status = Path(f"/proc/{each}/status").read_text()
        for key in keys:
            total[key] += int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024
    return total


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by a server's processes (user and system)."""
    total = 0.0
    for each in process_tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def fresh_urls(data_dir: str, count: int, seed: int, sample: int = 4000) -> list[str]:
    """`count` never-asked searches, every query kind of scale_bench.py in turn. When the
    archive has too few rare words, made-up names are saved in it first (fresh_words.py): the
    server indexes them as it starts."""
    from fresh_words import FreshWords, plant_if_needed, queries

    from archive import reference

    db = archive.open_db(Path(data_dir) / "gawahi.db")
    groups = [group["code"] for group in reference.armed_groups(db)]
    rng = random.Random(seed)
    words = FreshWords(db, rng, sample)
    per_kind = -(-count // 8)
    plant_if_needed(db, words, per_kind)
    asked = queries(words, groups, per_kind)
    db.close()
    mixed = itertools.chain.from_iterable(zip(*asked.values(), strict=True))
    return ["/search?" + urllib.parse.urlencode(params) for params, _, _ in mixed][:count]


def throughput(base: str, data_dir: str, urls: list[str], clients: int) -> tuple[float, list]:
    """(requests a second, milliseconds each) with `clients` signed-in clients asking `urls`
    back to back, each url once."""
    openers = [signed_in_opener(base, data_dir) for _ in range(clients)]
    todo, lock, times = iter(urls), threading.Lock(), []

    def client(opener) -> None:
        while True:
            with lock:
                path = next(todo, None)
            if path is None:
                return
            begun = time.perf_counter()
            with opener.open(base + path, timeout=60) as answer:
                answer.read()
                assert answer.status == 200, path
            with lock:
                times.append((time.perf_counter() - begun) * 1000)

    threads = [threading.Thread(target=client, args=(opener,)) for opener in openers]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times) / (time.perf_counter() - started), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server", choices=("make run", "waitress"), default="make run")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--fresh", type=int, default=400, help="never-asked queries in all")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--root",
        default=str(ROOT),
        help="the checkout whose server is measured (another one: old code beside new)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=4000,
        help="narratives whose words are ranked (fewer: a small archive)",
    )
    args = parser.parse_args()
    urls = fresh_urls(args.data_dir, args.fresh, args.seed, args.sample) if args.fresh else []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = start_server(args.data_dir, port, args.server, root=Path(args.root))
    try:
        wait_until_up(base)
        print(f"{args.server} of {args.root}: server up in {time.perf_counter() - started:.1f} s; "
              f"{memory_mb(server.pid)['VmRSS']:.0f} MB resident before any search")  # fmt: skip
        opener = signed_in_opener(base, args.data_dir)
        timings: dict[str, list[float]] = {kind: [] for kind in QUERIES}
        load = os.getloadavg()[0]
        for _ in range(args.rounds):
            for kind, queries in QUERIES.items():
                for query in queries:
                    begun = time.perf_counter()
                    opener.open(base + url(query)).read()
                    timings[kind].append((time.perf_counter() - begun) * 1000)
        print(f"{'query kind':<16}{'p50 ms':>9}{'p95 ms':>9}   (over HTTP, first round cold;"
              f" load average before {load:.2f})")  # fmt: skip
        for kind, values in timings.items():
            print(f"{kind:<16}{percentile(values, 0.5):>9.1f}{percentile(values, 0.95):>9.1f}")
        if urls:
            load, cpu = os.getloadavg()[0], cpu_seconds(server.pid)
            rate, times = throughput(base, args.data_dir, urls, args.clients)
            per_request = (cpu_seconds(server.pid) - cpu) * 1000 / len(times)
            print(f"never-asked queries, {args.clients} clients: {rate:.1f} requests/s over"
                  f" {len(times)}; p50 {percentile(times, 0.5):.0f} ms, p95"
                  f" {percentile(times, 0.95):.0f} ms (load average before {load:.2f},"
                  f" after {os.getloadavg()[0]:.2f})")  # fmt: skip
            print(f"server CPU per request: {per_request:.1f} ms (all its processes; on a"
                  f" machine of its own, {os.cpu_count()} cores serve at most"
                  f" {os.cpu_count() * 1000 / per_request:.0f} a second if its processes can"
                  f" use them all, one process at most {1000 / per_request:.0f})")  # fmt: skip
        memory = memory_mb(server.pid)
        print(
            f"server memory ({len(process_tree(server.pid))} processes): {memory['VmRSS']:.0f} MB"
            f" resident ({memory['RssAnon']:.0f} MB their own heap, {memory['RssFile']:.0f} MB"
            f" mapped index and program files); peak {memory['VmHWM']:.0f} MB"
        )
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
