"""How `make run` serves the archive: gunicorn, several processes on one port, each with threads.

Python runs one thread of a process at a time, so one process uses about one core however many
threads it has (a single Waitress process served 46 never-asked searches a second on 2 cores);
several processes use every core. What a start must do once happens before any worker starts,
in a process of its own (`app.prepare_server`): migrations, the demo content, the first-start
link, the index caught up with the archive. The workers then only answer; one of them at a time
also merges the index's segments and rebuilds an index of another version (views/serving.py).
Each worker sees another's saves at its next search (a new index generation, a new searcher).

HOST, PORT and WORKERS (default: one per core) come from the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WORKERS") or os.cpu_count() or 1)
worker_class = "gthread"
# While one thread waits for SQLite or the disk, another of the same process runs.
threads = 4
wsgi_app = "app:create_app()"
# A request may take long (an import's upload, an export); the thread model keeps the worker's
# heartbeat going meanwhile, this only ends a worker that is truly stuck.
timeout = 120
# A browser keeps its connection for the page's styles and scripts (gunicorn's default: 2 s).
keepalive = 5
# Search addresses carry every filter; gunicorn's default refuses a line over 4 KB.
limit_request_line = 8190
# Whom to believe about the visitor's address and scheme is the app's decision
# (TRUSTED_PROXIES); gunicorn would otherwise believe any local client's X-Forwarded-* headers.
forwarded_allow_ips = ""
# Each worker builds the app itself after the fork (nothing opened in the master is shared).
preload_app = False
# gunicorn's control socket (a shared path in the home folder) is not needed: signals stop it.
control_socket_disable = True


def on_starting(server) -> None:
    """Before any worker: the start's one-time work, in a fresh process (no thread, index file
    or connection of it is left in the master that forks the workers)."""
    done = subprocess.run(
        [sys.executable, "-c", "import app; app.prepare_server()"],
        cwd=Path(__file__).resolve().parent,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"Preparing the archive failed (exit {done.returncode}); see above")


def post_fork(server, worker) -> None:
    """A worker answers; the start's one-time work is done (views/serving.py)."""
    os.environ["FLASK_SERVER_ROLE"] = "worker"
