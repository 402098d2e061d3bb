"""A server of several processes (gunicorn.conf.py): which process does what must happen once.

`SERVER_ROLE` (set by gunicorn.conf.py, `FLASK_SERVER_ROLE`) says what building the app does:

- unset: everything, in this process (tests, `flask` commands, a single-process server);
- "prepare": a start's one-time work and nothing else (migrations, demo content, the
  first-start link, the index caught up with the archive); the process then ends;
- "worker": answer requests. One worker at a time, the lead, also does the background work
  (merging the index's segments, rebuilding an index of another version): whoever holds the
  data folder's lead lock. When the lead exits, a waiting worker takes the lock and the work.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

log = logging.getLogger(__name__)

PREPARE = "prepare"
WORKER = "worker"
LEAD_FILE = "gawahi-lead.lock"


def role(app: Flask) -> str | None:
    """This process's part in a server of several ("prepare", "worker"), or None for all."""
    return app.config.get("SERVER_ROLE") or None


def does_start_work(app: Flask) -> bool:
    """Whether building the app here does a start's one-time work (not in a worker)."""
    return role(app) != WORKER


@contextlib.contextmanager
def lead(app: Flask) -> Iterator[None]:
    """Wait until this process is the lead (holds the data folder's lead lock), then hold it.

    An advisory lock the kernel drops when the process ends, however it ends."""
    path = Path(app.config["DATA_DIR"]) / LEAD_FILE
    with path.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # waits; the thread releases the GIL meanwhile
        log.info("Worker %d does the background work (index merges, rebuilds)", os.getpid())
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


__all__ = ["PREPARE", "WORKER", "does_start_work", "lead", "role"]
