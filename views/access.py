"""Who is asking and what they may do: the one place views ask about the current user.

Until accounts exist (issue 5) everyone acts as "staff" and no one sees confidential fields.
Views call these functions and decorators; the accounts work fills them in.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

ROLES = ("reader", "documenter", "reviewer", "admin")


def current_actor() -> str:
    """The name recorded in revisions for changes made by this request."""
    return "staff"


def can_see_confidential() -> bool:
    """Whether the reader may see confidential fields (victim and witness names)."""
    return False


def role_required(role: str) -> Callable:
    """Decorate a view so only users holding `role` (or a higher one) reach it."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        return wrapper

    return decorate
