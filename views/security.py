"""Security headers on every response, pages, errors and static files alike."""

from __future__ import annotations

from flask import Flask, Response, request

# Only our own scripts, styles and images; no inline script, no third party, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def add_headers(response: Response) -> Response:
    """Add the headers a view has not set itself (a file download keeps its stricter sandbox),
    and no-store on everything but static files."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "static":
        # Pages, JSON, exports and source files may hold confidential names and documents:
        # kept in no browser or proxy cache. Only the stylesheet and scripts may be cached.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Install the headers on every response."""
    app.after_request(add_headers)
