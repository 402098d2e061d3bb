"""Error pages: plain words for people, JSON with a reason for API clients; never a trace."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .access import is_api_request

log = logging.getLogger(__name__)

bp = Blueprint("errors", __name__)

TOO_LARGE = (
    "What was sent is larger than the archive accepts: a source file may be up to 10 MB, and "
    "each text up to the length said under its field. Nothing was saved. Go back to the form "
    "and choose a smaller file or shorten the text."
)

API_TOO_LARGE = "The body is larger than the API accepts (8 MB). Nothing was saved."


def wants_json() -> bool:
    """True when the client asked for JSON (format=json or an Accept header preferring it)."""
    if request.args.get("format") == "json" or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Any HTTP error (400, 403, 404, 405, 413...) as a calm page or a JSON reason."""
    if is_api_request():
        return api_error(error)
    if error.code == 413:
        error.description = TOO_LARGE
    if wants_json():
        return jsonify(error=error.name, reason=error.description), error.code
    return render_template("errors/error.html", error=error), error.code


def api_error(error: HTTPException):
    """An HTTP error of the API in its one shape, keeping headers such as Allow for a 405."""
    from .api.base import error_response

    message = API_TOO_LARGE if error.code == 413 else error.description
    if error.code == 404 and request.endpoint is None:
        message = (
            "There is no such address in the API (a number too large to be an id lands here "
            "too): see /api/openapi.json."
        )
    response = error_response(error.code or 500, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(Exception)
def unexpected_error(error: Exception):
    """Log the failure with its trace; show the person only that something went wrong."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return http_error(InternalServerError(description="Something went wrong on our side. "
                                          "It has been logged; please try again."))  # fmt: skip
