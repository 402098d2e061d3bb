"""The OpenAPI 3.1 document at /api/openapi.json, generated from the API's own routes and
schemas (apispec with its marshmallow plugin), so it cannot drift from what the API does: each
call's path comes from its route, its role, body, query string, answer and errors from its
`operation` declaration (views/api/base.py).
"""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, Response, current_app, g, jsonify
from werkzeug.routing import Rule

from . import schemas
from .base import Operation, bp, operation

TITLE = "Gawahi API"
VERSION = "1"
DESCRIPTION = """Abuse reports and attack claims (two categories, never mixed), their sources,
citations and links, and search, read and written with the same checks as the archive's forms.

Every call but this document needs an API token, made on your account's *API tokens* page and
sent as `Authorization: Bearer <token>`. A token acts as you, with your role at the moment of
the call: readers read, documenters also add and correct, and only reviewers and
administrators see confidential fields (named victims, confidential sources). Every change is
saved under your name with a revision, and audited as made through that token.

Errors are always `{"error": {"message": ..., "fields": {field: reason}}}`: 400 for a request
that cannot be read (not JSON, unknown fields, wrong types), 401 for a missing, unknown,
revoked or expired token, 403 for a role that does not allow the call, 404 for an id not in the
archive, 409 for a source already held, 413 for a body over 8 MB, and 422 for a record the
archive refuses (its rules, as the forms say them), and 429 (with Retry-After) for a wrong
token from an address that has sent many lately. Nothing is changed by a refused call."""
ERROR_WORDS = {
    400: "The request could not be read: not JSON, an unknown field, a wrong type.",
    401: "No token, or one unknown, revoked or expired, or its account deactivated.",
    403: "Your role does not allow this call or field.",
    404: "Not in the archive (or not to be seen by you).",
    409: "The archive already holds this source.",
    413: "The body is larger than the API accepts (8 MB).",
    422: "The archive refused the record: each field with its reason.",
    429: "Too many failed calls from your address lately: wait the seconds Retry-After says "
    "(a valid token is always answered).",
}
PATH_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


@bp.get("/v1/me")
@operation("Who this token acts as", role="reader", tag="tokens", response=schemas.MeOut,
           errors=(401,))  # fmt: skip
def me() -> dict[str, Any]:
    """The token's user, their role now, and the token's name."""
    user = g.api_user
    return {"username": user["username"], "role": user["role"], "token": user["name"]}


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of /api/v1/ (no token needed)."""
    return jsonify(document(current_app))


def document(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document, built from every route declared with `operation`."""
    spec = APISpec(
        title=TITLE, version=VERSION, openapi_version="3.1.0", plugins=[MarshmallowPlugin()],
        info={"description": DESCRIPTION},
    )  # fmt: skip
    spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.ErrorOut)
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        declared = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if declared is not None:
            path = PATH_ARGUMENT.sub(r"{\1}", rule.rule)
            spec.path(path=path, operations={_method(rule): _operation(rule, declared)})
    return spec.to_dict()


def _method(rule: Rule) -> str:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})[0].lower()


def _operation(rule: Rule, declared: Operation) -> dict[str, Any]:
    view = current_app.view_functions[rule.endpoint]
    words = (view.__doc__ or "").strip()
    described = f"{words}\n\nNeeds the role {declared.role} or higher.".strip()
    parameters: list[dict[str, Any]] = [
        {"in": "path", "name": name, "required": True,
         "schema": {"type": "integer", "minimum": 1, "maximum": schemas.MAX_ID}}
        for name in rule.arguments
    ]  # fmt: skip
    if declared.query is not None:
        parameters.append({"in": "query", "schema": declared.query})
    found = {
        str(declared.status): {
            "description": "Done." if declared.status == 201 else "The answer.",
            "content": {"application/json": {"schema": declared.response}},
        }
    }
    # A call that needs a token may meet the throttle on failed ones (views/api/base.py).
    codes = (*declared.errors, 429) if 401 in declared.errors else declared.errors
    for code in codes:
        found[str(code)] = {
            "description": ERROR_WORDS[code],
            "content": {"application/json": {"schema": schemas.ErrorOut}},
        }
    doc: dict[str, Any] = {
        "operationId": rule.endpoint.removeprefix("api."),
        "summary": declared.summary,
        "description": described,
        "tags": [declared.tag],
        "security": [{"token": []}],
        "parameters": parameters,
        "responses": found,
    }
    if declared.body is not None:
        doc["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": declared.body}},
        }
    return doc
