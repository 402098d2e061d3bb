"""Languages: which one a page is in, the switch in the header, and the catalogues.

The interface speaks English and Urdu (`translations/ur/LC_MESSAGES/messages.po`). A request is
in the language its account chose, else the one its visitor chose before signing in, else the
best match for the browser's Accept-Language. Switching changes no URL and no data but the
account's choice. Catalogues are compiled at start-up when their `.po` is newer than the `.mo`,
so `make run` and `make test` need no step of their own.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import flask_babel
from babel import numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import (
    Blueprint,
    Flask,
    abort,
    g,
    has_app_context,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, get_locale, gettext
from flask_login import current_user

from archive import users
from archive.users import LANGUAGES
from forms.common import translated

from .store import get_db

bp = Blueprint("i18n", __name__)
babel = Babel()

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
RIGHT_TO_LEFT = {"ur"}
CHOSEN = "language"  # the session key holding a visitor's choice before sign-in
# Each language is named in itself on the switch, so a reader finds their own.
NAMES = {"en": "English", "ur": "اردو"}


def select_locale() -> str:
    """The language of this request: the account's choice, the visitor's, else the browser's."""
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    if session.get(CHOSEN) in LANGUAGES:
        return session[CHOSEN]
    return request.accept_languages.best_match(LANGUAGES) or "en"


def cli_locale() -> str:
    """The language of a command: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, like gettext."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(variable, "")[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _locale() -> str:
    return select_locale() if has_request_context() else cli_locale()


def page_translations() -> Translations:
    """The catalogue of this page's language, looked up once per request: flask_babel looks it
    up again for each string, and a page of search results says some 150."""
    if "page_translations" not in g:
        g.page_translations = flask_babel.get_translations()
    return g.page_translations


def page_language() -> str:
    """This page's language ("en", "ur"), looked up once per request (flask_babel's
    `get_locale` costs some microseconds a call, and a page of results asks it a hundred times)."""
    if not has_app_context():
        return str(get_locale())
    if "page_locale" not in g:
        g.page_locale = str(get_locale())
    return g.page_locale


def page_gettext(string: str, **variables: object) -> str:
    """flask_babel's `gettext`, from this page's catalogue looked up once per request."""
    if not has_app_context():
        return gettext(string, **variables)
    said = page_translations().ugettext(string)
    return said % variables if variables else said


def page_decimal(number: float, format: str | None = None) -> str:
    """A number as this page's language writes it (templates' `decimalformat`)."""
    return _decimal(number, format, page_language())


@functools.lru_cache(maxsize=4096, typed=True)
def _decimal(number: float, format: str | None, locale: str) -> str:
    # Babel builds the pattern anew for each number; a search page writes ten counts, and the
    # same few (small counts, years) again on every page.
    return numbers.format_decimal(number, format=format, locale=locale)


def page_translated(message: str) -> str:
    """`translated` for templates: a fixed label (a category's, a status's) read from this
    page's catalogue, looked up once per request; anything else as `translated` says it."""
    if type(message) is str and message:
        return page_translations().ugettext(message)
    return translated(message)


def text_direction() -> str:
    """ "rtl" for a page in a right-to-left language, else "ltr"."""
    return "rtl" if page_language() in RIGHT_TO_LEFT else "ltr"


@bp.post("/language")
def switch():
    """Keep the chosen language (with the account, or for this visit) and show the same page."""
    language = request.form.get("language", "")
    if language not in LANGUAGES:
        abort(400, description=gettext("Choose English or Urdu."))
    if current_user.is_authenticated:
        users.set_language(get_db(), current_user.username, language, current_user.username)
    session[CHOSEN] = language
    return redirect(_same_site(request.form.get("next", "")))


def _same_site(target: str) -> str:
    """`target` when it is a path on this site, else the home page (never another site)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


def compile_catalogues(folder: Path = TRANSLATIONS) -> None:
    """Write each `.mo` whose `.po` changed since; atomically, as several processes may start."""
    for po_path in folder.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        partial = mo_path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        partial.replace(mo_path)


def init_app(app: Flask) -> None:
    """Compile the catalogues, pick each request's language, and give templates the switch."""
    compile_catalogues()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=_locale)
    # flask_babel's own, but with the catalogue and locale looked up once per request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["decimalformat"] = page_decimal
    app.register_blueprint(bp)

    app.add_template_filter(page_translated, "translated")

    @app.context_processor
    def language_context() -> dict:
        return {
            "text_direction": text_direction,
            "languages": NAMES,
            "current_language": page_language,
        }
