"""Things built from the archive's reference lists (types, actors, districts, place spellings),
kept by the process and built again only when a list changes.

Every search page reads the lists several times (labels, the names queries expand, facets);
they change a few times a year. Each request asks the archive once for the lists' generation
(archive/reference_edits.py: the last edit's audit row, or the last restore or bundle import),
so an edit made through any process of the server is seen by the next request of every process.
Kept per archive file. What is kept is shared by requests: callers only read it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g

from archive import reference_edits

from .store import get_db

T = TypeVar("T")

# Archive files kept at once: a server has one; a test run makes an archive per test.
KEPT_FILES = 2
# Archive file -> ((inode, generation), name -> what was built for that generation).
_kept: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}
_lock = threading.Lock()


def generation() -> tuple[int, int]:
    """The archive file's identity and its reference lists' generation, read once a request."""
    if "reference_generation" not in g:
        path = current_app.config["DATABASE"]
        inode = os.stat(path).st_ino if os.path.exists(path) else 0
        g.reference_generation = (inode, reference_edits.reference_generation(get_db()))
    return g.reference_generation


def cached(name: str, build: Callable[[Any], T]) -> T:
    """`build(db)` for the current generation of the reference lists, built once per
    generation by each process (read first, built after: a list edited in between makes the
    next request build again, never keeps the older lists under the newer generation)."""
    path = current_app.config["DATABASE"]
    now = generation()
    with _lock:
        held = _kept.get(path)
        if held is None or held[0] != now:
            _kept.pop(path, None)
            while len(_kept) >= KEPT_FILES:
                _kept.pop(next(iter(_kept)))
            held = _kept[path] = (now, {})
        if name in held[1]:
            return held[1][name]
    built = build(get_db())
    with _lock:
        held[1][name] = built
    return built
