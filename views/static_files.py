"""Static files: a version in every address, kept by browsers for a year, sent compressed.

`url_for('static', filename=...)` adds `?v=` and the start of the file's SHA-256 (a
`url_defaults` hook, so templates need nothing special). A request carrying the current version
is answered with a year's max-age, `immutable`: later pages use the copy the browser has, with
no revalidation, and a changed file gets a new address. Stylesheets, scripts and SVG are
compressed by Flask-Compress (brotli, zstd or gzip, as the browser accepts). Pages are not:
compressing a page that holds a secret (its CSRF token) beside text others can put in it can
leak the secret (the BREACH attack).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from stat import S_ISREG

from flask import Flask, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

A_YEAR = 365 * 24 * 60 * 60
COMPRESSED_TYPES = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"]
# (file name, modification time, size) -> version, so an edited file gets a new one.
_versions: dict[tuple[str, int, int], str] = {}


def static_version(filename: str) -> str | None:
    """The current version of a static file (12 hex digits of its SHA-256), or None."""
    found = safe_join(current_app.static_folder or "", filename)
    if not found:
        return None
    path = Path(found)
    try:  # one look at the file, not two: a page names some eight static files
        stat = path.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    key = (filename, stat.st_mtime_ns, stat.st_size)
    if key not in _versions:
        _versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _versions[key]


def add_version(endpoint: str, values: dict) -> None:
    """Give every static file's address its version."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def keep_for_a_year(response: Response) -> Response:
    """A static file asked for at its current version may be kept a year without asking again."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    if request.args.get("v") and request.args["v"] == static_version(filename):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = A_YEAR
        response.cache_control.immutable = True
    return response


def read_whole(response: Response) -> Response:
    """Read a static file into the response before it is compressed.

    Compressing the open file as a stream would leave the file for the garbage collector to
    close; our files are small, and a whole one is also compressed with gzip (which
    Flask-Compress leaves out for streams) and keeps its length.
    """
    if request.endpoint == "static" and response.status_code == 200:
        response.direct_passthrough = False
        response.make_sequence()  # closes the file when the response is closed
    return response


def init_app(app: Flask) -> None:
    """Version static addresses, cache versioned files long, compress text static files."""
    app.url_defaults(add_version)
    app.after_request(keep_for_a_year)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    Compress(app)
    # Registered last, so run first: Flask runs after-request functions in reverse order.
    app.after_request(read_whole)
