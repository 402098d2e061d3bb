"""The API's blueprint and what every call goes through: the bearer token, the role, reading
the JSON body and query string through their schemas, and errors as JSON.

The session cookie is never read for /api/ (views/accounts.py), so a signed-in browser cannot
make a call, and a page elsewhere cannot make one in its name: the API needs no CSRF token.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from marshmallow import Schema, ValidationError

import archive
from archive import api_tokens, audit
from archive.users import role_at_least

from ..accounts import throttle_policy
from ..store import get_db
from .schemas import MAX_ID

bp = Blueprint("api", __name__, url_prefix="/api")

# A source's text may hold 1,000,000 characters, each up to six bytes as JSON (\u0627): a JSON
# body is never larger than this, and is refused with a 413 before it is read.
MAX_BODY_BYTES = 8 * 1024 * 1024
NO_TOKEN = (
    "Send your API token in the Authorization header: 'Authorization: Bearer <token>'. Make one "
    "on your account's API tokens page (/account/tokens)."
)
WRITES = ("POST", "PATCH", "PUT", "DELETE")
log = logging.getLogger(__name__)


@dataclass
class Operation:
    """What the OpenAPI document says of one call: read by views/api/openapi.py."""

    summary: str
    role: str
    tag: str
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    response: type[Schema] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class ApiError(Exception):
    """A refusal to answer as {"error": {"message": ..., "fields": {...}}} with `status`."""

    def __init__(
        self,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.fields = status, message, dict(fields or {})
        self.headers = dict(headers or {})


def error_response(status: int, message: str, fields: dict[str, str] | None = None) -> Response:
    """The API's one error shape."""
    response = jsonify(error={"message": message, "fields": dict(fields or {})})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="gawahi"'
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    """An ApiError raised by a call."""
    response = error_response(error.status, error.message, error.fields)
    response.headers.update(error.headers)
    return response


@bp.errorhandler(archive.NotFound)
def not_found(error: archive.NotFound) -> Response:
    """Something named in the address or the body is not in the archive."""
    return error_response(404, str(error))


@bp.errorhandler(archive.InvalidRecord)
def invalid(error: archive.InvalidRecord) -> Response:
    """The store refused the record: each field with its reason, as the forms show them."""
    return error_response(422, "The archive refused this; nothing was changed.", error.errors)


@bp.before_request
def authenticate() -> None:
    """Every call but the document carries a live token; its user and role are read afresh."""
    request.max_content_length = MAX_BODY_BYTES
    if request.endpoint == "api.openapi":
        return
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, NO_TOKEN)
    try:
        g.api_user = api_tokens.authenticate(
            get_db(), secret.strip(), request.remote_addr or "", throttle_policy()
        )
    except archive.TokenThrottled as throttled:
        log.warning("API call refused from %s for %s s: too many failed calls",
                    request.remote_addr, throttled.seconds)  # fmt: skip
        headers = {"Retry-After": str(throttled.seconds)}
        raise ApiError(429, str(throttled), headers=headers) from None
    except archive.TokenRefused as refused:
        raise ApiError(401, str(refused)) from None


@bp.after_request
def audit_write(response: Response) -> Response:
    """A change made through the API is audited as such, naming the token (the revisions it
    wrote already name the user)."""
    if request.method in WRITES and response.status_code < 400 and "api_user" in g:
        user = g.api_user
        audit.record(get_db(), "api_write", user["username"], f"{request.method} {request.path}",
                     {"via": f"API token {user['name']}", "token_id": user["token_id"],
                      "status": response.status_code})  # fmt: skip
    return response


def actor() -> str:
    """The name revisions record for this call: the token's user."""
    return g.api_user["username"]


def cleared() -> bool:
    """Whether this call's user may see confidential fields (reviewers and administrators)."""
    return role_at_least(g.api_user["role"], "reviewer")


def holds(role: str) -> bool:
    """Whether this call's user holds `role` or a higher one, now."""
    return role_at_least(g.api_user["role"], role)


def operation(summary: str, *, role: str, tag: str, **doc: Any) -> Callable:
    """Declare a call: who may make it (`role`), the schemas of its body, query string and
    answer, its success status and the errors it may answer with. The view gets the loaded
    `body` and `query` as keyword arguments and returns what the response schema dumps."""
    spec = Operation(summary, role, tag, **doc)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(**kwargs: Any) -> Response:
            too_large = [value for value in kwargs.values() if value > MAX_ID]
            if too_large:
                raise ApiError(404, f"There is nothing numbered {too_large[0]}: ids go up to "
                               f"{MAX_ID}.")  # fmt: skip
            if not holds(role):
                raise ApiError(
                    403, f"Your role ({g.api_user['role']}) does not allow this call; it needs "
                    f"{role}. Nothing was changed.",
                )  # fmt: skip
            if spec.query is not None:
                kwargs["query"] = load(spec.query, request.args.to_dict())
            if spec.body is not None:
                kwargs["body"] = load(spec.body, json_body())
            result = view(**kwargs)
            response = jsonify(spec.response().dump(result))
            response.status_code = spec.status
            return response

        wrapper.api_operation = spec
        return wrapper

    return decorate


def json_body() -> Any:
    """The request's JSON, or a 400 saying why it cannot be read (a 413 when too large)."""
    if request.mimetype != "application/json":
        raise ApiError(400, "Send a JSON object, with 'Content-Type: application/json'.")
    data = request.get_data(cache=True)
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ApiError(400, f"The body is not valid JSON: {error}.") from None


def load(schema: type[Schema], data: Any) -> dict[str, Any]:
    """`data` checked against `schema`; a 400 naming each field that is wrong."""
    if not isinstance(data, dict):
        raise ApiError(400, "Send a JSON object ({...}).")
    try:
        return schema().load(data)
    except ValidationError as error:
        raise ApiError(400, "Some fields could not be read; nothing was changed.",
                       flat(error.messages)) from None  # fmt: skip


def flat(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as dotted field -> message: citations.0.passage."""
    if isinstance(messages, list):
        if all(isinstance(item, str) for item in messages):
            return {prefix or "body": " ".join(messages)}
        messages = dict(enumerate(messages))
    if isinstance(messages, str):
        return {prefix or "body": messages}
    found: dict[str, str] = {}
    for key, value in messages.items():
        name = "body" if key == "_schema" else str(key)
        found |= flat(value, f"{prefix}.{name}" if prefix else name)
    return found
