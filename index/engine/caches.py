"""Least-recently-used caches that the threads of a server share (cachetools', behind a lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from cachetools import LRUCache


class LRU:
    """Keeps up to `size` items, or items up to `size` in all when `getsizeof` weighs them;
    the least recently used go first, and an item heavier than the whole budget is not kept."""

    def __init__(self, size: int, getsizeof: Callable[[Any], int] | None = None):
        self._items: LRUCache = LRUCache(size, getsizeof=getsizeof)
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        """The cached value, or None."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Any, value: Any) -> None:
        """Keep `value`, dropping the least recently used past the size."""
        with self._lock, suppress(ValueError):  # cachetools' "value too large"
            self._items[key] = value

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._items.clear()


__all__ = ["LRU"]
