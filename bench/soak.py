"""Soak test: the real server under mixed traffic for some minutes, then every save checked.

    .venv/bin/python bench/soak.py --minutes 10 --entries 20000

Builds a synthetic archive (search_bench.py's generator) in a temporary data folder (or uses
--data-dir's), serves it as `make run` does (loopback only), and runs signed-in clients that
search (words, phrases, facets, dates, sorting, paging, JSON), open entries, sources, histories
and lists, add entries (about 5% of requests) and correct them, all through the real forms with
their CSRF tokens. It prints requests and latency per kind, every error, the load average, each
minute's requests a second, server CPU per request and heap (to see drift), and finally
checks that every acknowledged save and correction is in the store and found by search, and
that `flask index check` is clean. Exits 1 on any error. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import http.cookiejar
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import PLACES, QUERIES, generate, percentile, text, url, vocabulary  # noqa: E402
from server_bench import (  # noqa: E402
    cpu_seconds,
    free_port,
    memory_mb,
    server_command,
    wait_until_up,
)

import archive  # noqa: E402
import index  # noqa: E402
from archive import users  # noqa: E402

PASSWORD = "a soak test pass phrase"
REQUEST_TIMEOUT = 60
# What a client does, with its share of requests.
MIX = {
    "search": 40, "search json": 15, "search page 2": 6, "entry": 12, "history": 2,
    "source": 5, "list": 8, "save": 6, "edit": 2, "check saved": 4,
}  # fmt: skip
EXTRA_QUERIES = ["q=Kech&category=claim", "q=missing&category=abuse&page=3",
                 "q=convoy+OR+ambush&sort=newest", "q=raid+-night", "q=disap*",
                 "q=students&district=Quetta&year=2019", '"missing persons" Turbat']  # fmt: skip


@dataclass
class Tally:
    """What every client saw, behind one lock."""

    times: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    saved: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, id, word)
    not_yet_found: int = 0  # saves a search right after did not find (the queue waited)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def time(self, kind: str, ms: float) -> None:
        with self.lock:
            self.times[kind].append(ms)

    def error(self, kind: str, status: int, body: str) -> None:
        first = " | ".join(gist(body).splitlines()[:3])
        with self.lock:
            self.errors.append((kind, status, first[:200]))


def gist(page: str) -> str:
    """What a page says went wrong: its field errors, else its text without the markup."""
    found = re.findall(r'class="field-error"[^>]*>([^<]*)<', page)
    if found:
        return "field errors: " + "; ".join(found)
    body = re.sub(r"(?s)<(head|script|style|nav|header).*?</\1>", " ", page)
    lines = (line.strip() for line in re.sub(r"<[^>]+>", "\n", body).splitlines())
    return "\n".join(line for line in lines if line)


class FormReader(html.parser.HTMLParser):
    """The values a browser would send from each POST form on a page (buttons left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict[str, str], dict[str, list[str]]]] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append(({}, collections.defaultdict(list)))
        if not self.forms or (not a.get("name") and tag != "option"):
            return
        values, options = self.forms[-1]
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                values[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            options[self._select].append(a.get("value") or "")
            if "selected" in a or self._select not in values:  # unselected: the first one
                values[self._select] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            values[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.forms[-1][0][self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class Form:
    values: dict[str, str]
    options: dict[str, list[str]]


def read_form(page: str) -> Form:
    """The page's main form: the POST form with the most fields (not the sign-out button)."""
    reader = FormReader()
    reader.feed(page)
    values, options = max(reader.forms, key=lambda form: len(form[0]))
    return Form(values, options)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a save's 302 names the new entry: keep it


def sign_in(base: str, username: str) -> urllib.request.OpenerDirector:
    """A browser-like session signed in through the sign-in form, CSRF token included.

    The one place that knows how signing in works (adapt it when sign-in changes)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
    )
    form = read_form(opener.open(base + "/sign-in", timeout=REQUEST_TIMEOUT).read().decode())
    data = form.values | {"username": username, "password": PASSWORD}
    try:
        opener.open(base + "/sign-in", urllib.parse.urlencode(data).encode(), REQUEST_TIMEOUT)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise SystemExit(f"signing in as {username} failed: {answer.code}") from None
    return opener


class Client:
    """One signed-in documenter doing a random mix of what people do, until the deadline."""

    def __init__(self, number: int, base: str, tally: Tally, ids: dict, vocab, seed: int):
        self.number, self.base, self.tally, self.ids, self.vocab = number, base, tally, ids, vocab
        self.rng = random.Random(seed * 100 + number)
        self.opener = sign_in(base, f"soak-{number}")
        self.mine: list[tuple[str, int, str]] = []

    def run(self, deadline: float, budget: int) -> None:
        kinds, weights = list(MIX), list(MIX.values())
        for _ in range(budget):
            if time.monotonic() >= deadline:
                return
            kind = self.rng.choices(kinds, weights)[0]
            getattr(self, "do_" + kind.replace(" ", "_"))(kind)

    def request(
        self, kind: str, path: str, data: dict | None = None, redirects: bool = False
    ) -> tuple[int, str, str]:
        """(status, body, Location) of one request, timed and tallied; errors recorded. A post,
        or a get asked with `redirects`, is answered by a redirect; any other get by a page."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, body, REQUEST_TIMEOUT) as answer:
                status, page, location = answer.status, answer.read().decode(), ""
        except urllib.error.HTTPError as answer:
            status, page = answer.code, answer.read().decode(errors="replace")
            location = answer.headers.get("Location", "")
        except OSError as error:  # refused, reset, timed out
            status, page, location = 0, repr(error), ""
        self.tally.time(kind, (time.perf_counter() - started) * 1000)
        location = location.removeprefix(self.base)
        if status not in (200, 302) or (status == 302) != (data is not None or redirects):
            self.tally.error(kind, status, f"{path}: {page}")
        return status, page, location

    def query(self) -> str:
        pool = [q for queries in QUERIES.values() for q in queries] + EXTRA_QUERIES
        if self.rng.random() < 0.4:  # a word from the archive's own vocabulary
            return url(" ".join(self.rng.choices(self.vocab[0][:400], k=self.rng.randint(1, 2))))
        return url(self.rng.choice(pool))

    def do_search(self, kind: str) -> None:
        self.request(kind, self.query())

    def do_search_json(self, kind: str) -> None:
        self.request(kind, self.query() + "&format=json")

    def do_search_page_2(self, kind: str) -> None:
        self.request(kind, self.query() + f"&category=abuse&page={self.rng.randint(2, 5)}")

    def entry_path(self) -> str:
        kind = self.rng.choice(["abuse", "claim"])
        return f"/{kind}s/{self.rng.choice(self.ids[kind])}"

    def do_entry(self, kind: str) -> None:
        self.request(kind, self.entry_path())

    def do_history(self, kind: str) -> None:
        self.request(kind, self.entry_path() + "/history")

    def do_source(self, kind: str) -> None:
        self.request(kind, f"/sources/{self.rng.randint(1, self.ids['sources'])}")

    def do_list(self, kind: str) -> None:
        district = self.rng.choice(PLACES)[0]
        path = self.rng.choice(["/abuses/", "/claims/", "/sources/"])
        query = urllib.parse.urlencode({"page": self.rng.randint(1, 50), "district": district})
        self.request(kind, f"{path}?{query}")

    def do_save(self, kind: str) -> None:
        category = self.rng.choice(["abuse", "claim"])
        # The add page first sends the browser to its own address holding the form's one-time
        # token (so Back and send again saves once); the form is posted back there.
        status, _, form_path = self.request("save form", f"/{category}s/new", redirects=True)
        if status != 302:
            return
        status, page, _ = self.request("save form", form_path)
        if status != 200:
            return
        form = read_form(page)
        word = self.new_word()
        values = form.values | self.entry_fields(form, word)
        status, _, location = self.request(kind, form_path, values)
        found = re.search(r"/(\d+)$", location)
        if status == 302 and found:
            self.mine.append((category, int(found.group(1)), word))
            with self.tally.lock:
                self.tally.saved.append((category, int(found.group(1)), word))

    def entry_fields(self, form: Form, word: str) -> dict[str, str]:
        pick = {name: self.rng.choice([v for v in form.options[name] if v] or [""])
                for name in ("abuse_type", "claim_type", "claim_medium", "district",
                             "citations-0-source_id")}  # fmt: skip
        return {
            "title": f"{text(self.rng, 6, self.vocab)} {word}",
            "narrative": text(self.rng, self.rng.randint(50, 300), self.vocab),
            "date_precision": "day",
            "date_start": f"20{self.rng.randint(15, 25)}-0{self.rng.randint(1, 9)}-12",
            "citations-0-passage": text(self.rng, 20, self.vocab),
            "group_code": "BLA",
            "save": "1",
            # Random words rarely look like an incident already there; if they do, save anyway.
            "save_anyway": "1",
        } | {name: value for name, value in pick.items() if name in form.values}

    def do_edit(self, kind: str) -> None:
        if not self.mine:
            return
        category, entry_id, _ = self.rng.choice(self.mine)
        path = f"/{category}s/{entry_id}/edit"
        status, page, _ = self.request("edit form", path)
        if status != 200:
            return
        word = self.new_word()
        values = read_form(page).values
        values |= {"narrative": values.get("narrative", "") + " " + word, "save": "1",
                   "reason": "Soak test correction"}  # fmt: skip
        status, _, _ = self.request(kind, path, values)
        if status == 302:
            with self.tally.lock:
                self.tally.saved.append((category, entry_id, word))

    def do_check_saved(self, kind: str) -> None:
        """Search for a word this client saved: found at once, or it is an error."""
        if not self.mine:
            return self.do_search(kind)
        _, entry_id, word = self.rng.choice(self.mine)
        status, page, _ = self.request(kind, url(word) + "&format=json")
        if status == 200 and f'"id":{entry_id},' not in page.replace(" ", ""):
            with self.tally.lock:
                self.tally.not_yet_found += 1
        return None

    def new_word(self) -> str:
        """A word nobody else uses (letters only, so the analyzer keeps it whole)."""
        number, letters = self.rng.getrandbits(40), ""
        while number:
            number, digit = divmod(number, 26)
            letters += chr(ord("a") + digit)
        return f"zq{chr(ord('a') + self.number)}{letters}"


def build_archive(data_dir: Path, entries: int, clients: int, seed: int) -> dict:
    """The synthetic archive, its index, and one documenter per client; returns ids to visit."""
    db = archive.open_db(data_dir / "gawahi.db")
    archive.prepare(db)
    if not archive.entry_ids(db, "abuse"):
        generate(db, entries, seed)
        index.rebuild(index.open_index(data_dir / "index"), db)
    for number in range(clients):
        try:
            users.get_user(db, f"soak-{number}")
        except archive.NotFound:
            users.add_user(db, f"soak-{number}", PASSWORD, "documenter", "soak")
    ids = {kind: archive.entry_ids(db, kind) for kind in ("abuse", "claim")}
    ids["sources"] = db["sources"].count
    db.close()
    return ids


def start_server(data_dir: Path, port: int, log: Path, server: str) -> subprocess.Popen:
    """The server as `make run` starts it (or one Waitress process with 8 threads, as it did
    before 2026-12-02), its log kept for the tracebacks."""
    command, env = server_command(port, server)
    env = os.environ | env | {"FLASK_DATA_DIR": str(data_dir), "FLASK_DEMO_CONTENT": "false"}
    with log.open("w") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def watch(pid: int, tally: Tally, stop: threading.Event, minutes: list[tuple]) -> None:
    """Each minute: requests a second, server CPU per request, its heap (summed over its
    processes) and the load average."""
    requests, cpu = 0, cpu_seconds(pid)
    while not stop.wait(60):
        with tally.lock:
            now = sum(len(values) for values in tally.times.values())
        used = cpu_seconds(pid)
        done = max(now - requests, 1)
        heap = memory_mb(pid)["RssAnon"]
        minutes.append((done / 60, (used - cpu) * 1000 / done, heap, os.getloadavg()[0]))
        requests, cpu = now, used


def verify(base: str, data_dir: Path, saved: list) -> list[str]:
    """Every acknowledged save or correction, in the store and found by search."""
    problems = []
    opener = sign_in(base, "soak-0")
    opener.open(base + "/abuses/", timeout=REQUEST_TIMEOUT).read()  # drains anything queued
    db = archive.open_db(data_dir / "gawahi.db")
    for kind, entry_id, word in saved:
        entry = archive.get_entry(db, kind, entry_id)
        if word not in entry["title"] + " " + (entry["narrative"] or ""):
            problems.append(f"{kind} {entry_id}: '{word}' is not in the store")
        page = opener.open(base + url(word) + "&format=json", timeout=REQUEST_TIMEOUT).read()
        if f'"id":{entry_id},' not in page.decode().replace(" ", ""):
            problems.append(f"{kind} {entry_id}: search for '{word}' does not find it")
    db.close()
    return problems


def index_check(data_dir: Path) -> tuple[int, str]:
    env = os.environ | {"FLASK_DATA_DIR": str(data_dir), "FLASK_DEMO_CONTENT": "false"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "index", "check"],
                          cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    return done.returncode, (done.stdout + done.stderr).strip()


def report(tally: Tally, server_log: str) -> None:
    print(f"{'kind':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for kind in sorted(tally.times, key=lambda k: -len(tally.times[k])):
        values = tally.times[kind]
        print(f"{kind:<16}{len(values):>9}{percentile(values, 0.5):>9.0f}"
              f"{percentile(values, 0.95):>9.0f}{max(values):>9.0f}")  # fmt: skip
    total = sum(len(values) for values in tally.times.values())
    print(f"{'all':<16}{total:>9}\n")
    print(f"errors: {len(tally.errors)}")
    for (kind, status, first), n in collections.Counter(tally.errors).most_common(20):
        print(f"  {n} x {kind} -> {status}: {first}")
    raised = re.findall(r"^(\w+(?:Error|Exception)\b.*)$", server_log, re.MULTILINE)
    print(f"saves a later search did not find yet (the index queue waited): {tally.not_yet_found}")
    print(f"exceptions in the server's log: {len(raised)}")
    for line, n in collections.Counter(raised).most_common(10):
        print(f"  {n} x {line[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=50_000, help="per client")
    parser.add_argument("--data-dir", help="a data folder to reuse (built there if empty)")
    parser.add_argument("--server", choices=("make run", "waitress"), default="make run")
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="gawahi-soak-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ids = build_archive(data_dir, args.entries, args.clients, args.seed)
    print(f"Gawahi soak test, {date.today()}, {platform.node()}, Python "
          f"{platform.python_version()}, whoosh {index.whoosh_version()}")  # fmt: skip
    print(f"{len(ids['abuse']) + len(ids['claim']):,} entries, {ids['sources']:,} sources "
          f"(seed {args.seed}), ready in {time.perf_counter() - started:.0f} s")  # fmt: skip
    print(
        f"{args.clients} signed-in documenters for {args.minutes:g} min, through the real"
        " forms with CSRF on (tokens read from the forms)"
    )
    port, log = free_port(), data_dir / "server.log"
    server = start_server(data_dir, port, log, args.server)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        vocab = vocabulary(random.Random(args.seed))
        tally = Tally()
        clients = [Client(n, base, tally, ids, vocab, args.seed) for n in range(args.clients)]
        load_before = os.getloadavg()
        deadline = time.monotonic() + args.minutes * 60
        threads = [threading.Thread(target=c.run, args=(deadline, args.max_requests))
                   for c in clients]  # fmt: skip
        stop, minutes = threading.Event(), []
        watcher = threading.Thread(target=watch, args=(server.pid, tally, stop, minutes))
        watcher.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        watcher.join()
        load_after = os.getloadavg()
        problems = verify(base, data_dir, tally.saved)
    finally:
        server.terminate()
        server.wait(timeout=60)
    report(tally, log.read_text())
    print(f"{'minute':<8}{'req/s':>8}{'CPU ms/req':>12}{'heap MB':>9}{'load':>7}  (server: "
          f"{args.server})")  # fmt: skip
    for number, (rate, cpu, heap, load) in enumerate(minutes, 1):
        print(f"{number:<8}{rate:>8.1f}{cpu:>12.1f}{heap:>9.0f}{load:>7.2f}")
    loads = [" ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after)]
    print(f"load average (1, 5, 15 min) before: {loads[0]}; after: {loads[1]}"
          f" ({os.cpu_count()} cores)")  # fmt: skip
    print(f"acknowledged saves and corrections: {len(tally.saved)}; "
          f"missing from the store or search: {len(problems)}")  # fmt: skip
    for problem in problems[:20]:
        print(f"  {problem}")
    code, output = index_check(data_dir)
    print(f"flask index check (exit {code}): {output}")
    print(f"data folder: {data_dir}")
    if tally.errors or problems or code:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
