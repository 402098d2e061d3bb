"""The accounts' pages in Urdu: signing in (and its refusals), the set-up link, passwords,
sessions, two-factor sign-in, API tokens, the administrator's pages, the home page, the error
pages and the commands. Each page asked for in Urdu shows no English interface word
(`english_left`), and the same page in English still shows its English words."""

from __future__ import annotations

import re

import pyotp
import pytest
from lxml import html as lxml_html

from app import create_app
from tests.conftest import TEST_PASSWORD, ensure_user, signed_in_client
from tests.i18n_check import LATIN_WORD, english_left

URDU = {"HTTP_ACCEPT_LANGUAGE": "ur-PK,ur;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
# Drawn by the entries' own macros (_entries.html), whose words their own page test checks.
OTHER_AREAS = ("//article[contains(@class, 'entry ')]", "//nav[@class='pagination']")


def reading(client, language: dict):
    """`client`, asking every page in `language` from now on."""
    client.environ_base.update(language)
    return client


def english_on(page: str, names: tuple[str, ...] = ()) -> list[str]:
    """The interface's English left on `page`. The tab's title may hold a username (`names`):
    a <title> cannot mark content, so those words alone are let through there."""
    root = lxml_html.document_fromstring(page)
    for xpath in OTHER_AREAS:
        for element in root.xpath(xpath):
            element.getparent().remove(element)
    found = english_left(lxml_html.tostring(root, encoding="unicode"))
    return [
        text for text in found
        if not (
            text.startswith("<title>")
            and set(LATIN_WORD.findall(text.partition(": ")[2])) <= set(names)
        )
    ]  # fmt: skip


def urdu_page(response, status: int = 200, names: tuple[str, ...] = ()) -> str:
    """The page of `response`, checked: the status expected, in Urdu, and no English left."""
    page = response.get_data(as_text=True)
    assert response.status_code == status, page
    assert lxml_html.document_fromstring(page).get("lang") == "ur"
    assert english_on(page, names) == []
    return page


def words(page: str) -> str:
    """The page's text, without its tags (names are wrapped in their own elements)."""
    return re.sub(r"<[^>]+>", "", page)


def urdu_client(app, role: str):
    return reading(signed_in_client(app, role), URDU)


def english_client(app, role: str):
    return reading(signed_in_client(app, role), ENGLISH)


# Signing in, its refusals, and signing out


def test_the_sign_in_page_and_a_failed_sign_in_are_in_urdu(app, anonymous):
    ensure_user(app, "reader")
    reading(anonymous, URDU)
    assert "سائن ان" in urdu_page(anonymous.get("/sign-in"))
    refused = anonymous.post("/sign-in", data={"username": "test-reader", "password": "wrong"})
    assert "یہ صارف نام اور پاس ورڈ کسی فعال اکاؤنٹ" in urdu_page(refused, 401)
    empty = anonymous.post("/sign-in", data={"username": "", "password": ""})
    assert "یہ خانہ پُر کرنا ضروری ہے۔" in urdu_page(empty)  # WTForms' own message


def test_the_sign_in_page_in_english_is_unchanged(app, anonymous):
    ensure_user(app, "reader")
    refused = anonymous.post("/sign-in", data={"username": "test-reader", "password": "wrong"})
    page = refused.get_data(as_text=True)
    assert "That username and password do not match an active account." in page
    assert "<title>Sign in · Gawahi</title>" in page
    empty = anonymous.post("/sign-in", data={"username": "", "password": ""})
    assert "This field is required." in empty.get_data(as_text=True)


def test_the_throttled_sign_in_says_the_wait_in_urdu(app, anonymous):
    ensure_user(app, "reader")
    reading(anonymous, URDU)
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        anonymous.post("/sign-in", data={"username": "test-reader", "password": "a wrong guess"})
    response = anonymous.post("/sign-in", data={"username": "test-reader", "password": "x"})
    page = urdu_page(response, 429)
    # The wait, about 30 seconds (less on a slow machine), in Urdu words.
    assert "بہت زیادہ ناکام سائن ان" in page and re.search(r"\d+ سیکنڈ انتظار کریں", page)


def test_signing_out_says_so_in_the_language_of_the_account(app):
    client = urdu_client(app, "reader")
    client.post("/language", data={"language": "ur", "next": "/"})
    response = reading(client, ENGLISH).post("/sign-out", follow_redirects=True)
    assert "آپ سائن آؤٹ ہو گئے ہیں۔" in urdu_page(response)


def test_signing_out_everywhere_counts_in_urdu(app):
    client = urdu_client(app, "reader")
    response = client.post("/sign-out/everywhere", follow_redirects=True)
    assert "آپ ہر جگہ سے سائن آؤٹ ہو گئے (1 سیشن ختم ہوا)۔" in urdu_page(response)


# The set-up link, passwords and sessions


def test_the_set_up_page_and_its_errors_are_in_urdu(tmp_path, caplog):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False})
    link = re.search(r"/setup/[\w-]+", caplog.text).group(0)
    client = reading(app.test_client(), URDU)
    assert "پہلا منتظم مقرر کریں" in urdu_page(client.get(link))
    form = {"username": "a b", "password": "short", "confirm": "other"}
    page = urdu_page(client.post(link, data=form))
    assert "کم از کم 10 حروف استعمال کریں۔" in page and "دونوں ایک جیسے نہیں۔" in page
    english = app.test_client().post(link, data=form).get_data(as_text=True)
    assert "Use at least 10 characters." in english and "The two do not match." in english


def test_changing_a_password_with_mistakes_and_then_rightly_is_in_urdu(app):
    client = urdu_client(app, "reader")
    assert "اپنا پاس ورڈ تبدیل کریں" in urdu_page(client.get("/account/password"))
    wrong = {
        "current_password": "not it",
        "new_password": "a new phrase",
        "confirm": "a new phrase",
    }
    page = urdu_page(client.post("/account/password", data=wrong))
    assert "یہ آپ کا موجودہ پاس ورڈ نہیں۔" in page  # the store's own message
    short = {"current_password": TEST_PASSWORD, "new_password": "short", "confirm": "shorter"}
    page = urdu_page(client.post("/account/password", data=short))
    assert "کم از کم 10 حروف، زیادہ سے زیادہ 200۔" in page  # the hint, with its numbers
    right = {
        "current_password": TEST_PASSWORD,
        "new_password": "a new phrase",
        "confirm": "a new phrase",
    }
    response = client.post("/account/password", data=right, follow_redirects=True)
    assert "آپ کا پاس ورڈ تبدیل ہو گیا" in urdu_page(response)


def test_the_password_page_in_english_is_unchanged(app):
    client = english_client(app, "reader")
    short = {"current_password": TEST_PASSWORD, "new_password": "short", "confirm": "shorter"}
    page = client.post("/account/password", data=short).get_data(as_text=True)
    assert "At least 10 characters, up to 200." in page and "Use at least 10 characters." in page
    assert "The two do not match." in page


def test_ones_own_sessions_are_listed_in_urdu(app):
    client = urdu_client(app, "reader")
    page = urdu_page(client.get("/account/sessions"))
    assert "(یہ براؤزر)" in page and "ہر جگہ سے سائن آؤٹ کریں" in page
    english = english_client(app, "reader").get("/account/sessions").get_data(as_text=True)
    assert "(this browser)" in english and "Sign out everywhere" in english


# Two-factor sign-in


def shown_secret(page: str) -> str:
    return re.search(r'data-testid="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_setting_up_two_factor_sign_in_is_in_urdu(app):
    client = urdu_client(app, "reader")
    page = urdu_page(client.get("/account/two-factor"))
    assert "دو مرحلہ سائن ان <strong>بند</strong> ہے۔" in page
    wrong = client.post("/account/two-factor/enrol", data={"code": "000000"})
    assert "یہ کوڈ مطابقت نہیں رکھتا۔" in urdu_page(wrong, 400)
    code = pyotp.TOTP(shown_secret(page)).now()
    codes = urdu_page(client.post("/account/two-factor/enrol", data={"code": code}))
    assert "آپ کے بحالی کوڈ" in codes
    enrolled = urdu_page(client.get("/account/two-factor"))
    assert "غیر استعمال شدہ بحالی کوڈ ہیں۔" in enrolled
    bad = client.post("/account/two-factor/disable", data={"password": "no", "code": ""})
    assert "اپنی ایپ کا کوڈ یا کوئی بحالی کوڈ ٹائپ کریں۔" in urdu_page(bad, 400)
    english = english_client(app, "documenter").get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor sign-in is <strong>off</strong>" in english


def test_the_code_step_of_signing_in_is_in_urdu(app):
    client = urdu_client(app, "reader")
    page = client.get("/account/two-factor").get_data(as_text=True)
    client.post("/account/two-factor/enrol", data={"code": pyotp.TOTP(shown_secret(page)).now()})
    client.post("/sign-out")
    step = client.post("/sign-in", data={"username": "test-reader", "password": TEST_PASSWORD})
    assert step.location == "/sign-in/code"
    assert "سائن ان کوڈ" in urdu_page(client.get("/sign-in/code"))
    refused = client.post("/sign-in/code", data={"code": "000000"})
    assert "یہ کوڈ درست نہیں۔" in urdu_page(refused, 401)


def test_a_role_that_must_enrol_is_told_so_in_urdu(app):
    app.config["TWO_FACTOR_ROLES"] = "reviewer,admin"
    client = urdu_client(app, "reviewer")
    response = client.get("/", follow_redirects=True)
    page = urdu_page(response)
    assert "آپ کا کردار (جائزہ کار) دوسرے مرحلے کے ساتھ سائن ان کرتا ہے" in page


# API tokens


def test_the_tokens_page_its_error_and_a_new_token_are_in_urdu(app):
    client = urdu_client(app, "reader")
    assert "آپ کے API ٹوکن" in urdu_page(client.get("/account/tokens"))
    nameless = urdu_page(client.post("/account/tokens", data={"name": "", "days": "30"}), 422)
    assert "ٹوکن کا نام اس پر رکھیں" in nameless
    page = urdu_page(client.post("/account/tokens", data={"name": "nightly sync", "days": "30"}))
    assert "nightly sync کالعدم کریں" in words(page)
    token_id = re.search(r"/account/tokens/(\d+)/revoke", page).group(1)
    revoked = client.post(f"/account/tokens/{token_id}/revoke", follow_redirects=True)
    assert "ٹوکن کالعدم کر دیا گیا" in urdu_page(revoked)
    english = english_client(app, "reader").get("/account/tokens").get_data(as_text=True)
    assert "Your API tokens" in english and "Make token" in english


# The administrator's pages


def test_the_users_page_with_a_refused_new_user_is_in_urdu(app):
    ensure_user(app, "reader")
    client = urdu_client(app, "admin")
    page = urdu_page(client.get("/admin/users"))
    assert "قاری: تلاش کرتا اور پڑھتا ہے" in page  # the roles, as the pick-list says them
    refused = {"username": "not valid!", "password": "short", "role": "reader"}
    page = urdu_page(client.post("/admin/users", data=refused), 400)
    assert "کم از کم 10 حروف استعمال کریں۔" in page
    taken = {"username": "test-reader", "password": "a long pass phrase", "role": "reader"}
    page = urdu_page(client.post("/admin/users", data=taken), 400)
    assert "test-reader نام کا صارف پہلے سے موجود ہے۔" in words(page)  # a store Message, translated
    added = {"username": "amina", "password": "a long pass phrase", "role": "reviewer"}
    page = urdu_page(client.post("/admin/users", data=added, follow_redirects=True))
    assert "amina اب بطور جائزہ کار سائن ان کر سکتے ہیں۔" in words(page)
    english = english_client(app, "admin").get("/admin/users").get_data(as_text=True)
    assert "Reader: searches and reads" in english and "Deactivate test-reader" in english


def test_an_account_s_sessions_are_in_urdu(app):
    ensure_user(app, "reader")
    signed_in_client(app, "reader")
    client = urdu_client(app, "admin")
    page = urdu_page(client.get("/admin/users/test-reader/sessions"), names=("test-reader",))
    assert "test-reader کے تمام سیشن ختم کریں" in words(page)
    english = english_client(app, "admin").get("/admin/users/test-reader/sessions")
    assert "End all sessions of test-reader" in english.get_data(as_text=True)
    ended = client.post("/admin/users/test-reader/sessions/end", follow_redirects=True)
    assert "test-reader ہر جگہ سے سائن آؤٹ ہو گئے" in words(
        urdu_page(ended, names=("test-reader",))
    )


def test_the_audit_log_and_its_filter_errors_are_in_urdu(app, anonymous):
    ensure_user(app, "reader")
    anonymous.post("/sign-in", data={"username": "test-reader", "password": "wrong"})
    client = urdu_client(app, "admin")
    page = urdu_page(client.get("/admin/audit?since=yesterday"))
    assert "تاریخ YYYY-MM-DD کی صورت میں لکھیں۔" in page
    failed = urdu_page(client.get("/admin/audit?action=sign_in_failed"))
    assert "سائن ان ناکام" in failed
    english = english_client(app, "admin").get("/admin/audit?action=sign_in_failed")
    assert "Sign-in failed" in english.get_data(as_text=True)


def test_the_integrity_check_is_in_urdu(app):
    client = urdu_client(app, "admin")
    assert "سالمیت کی جانچ" in urdu_page(client.get("/admin/verify"))
    page = urdu_page(client.post("/admin/verify"))
    assert "کیا جانچا گیا" in page and "آڈٹ لاگ کا آخری ہیش" in page
    english = english_client(app, "admin").post("/admin/verify").get_data(as_text=True)
    assert "What was checked" in english and "last audit log hash" in english


# The home page and the error pages


def test_the_home_page_is_in_urdu(app):
    page = urdu_page(urdu_client(app, "documenter").get("/"))
    assert "انسانی حقوق کی دستاویز بندی" in page
    english = english_client(app, "documenter").get("/").get_data(as_text=True)
    assert "Human-rights documentation, every entry cited" in english


@pytest.mark.parametrize(
    ("role", "method", "path", "status", "urdu", "english"),
    [
        ("reader", "get", "/no/such/page", 404, "درخواست کردہ URL سرور پر نہیں ملا۔",
         "The requested URL was not found on the server."),
        ("reader", "get", "/admin/users", 403, "آپ کا کردار (قاری) اس صفحے یا عمل کی اجازت",
         "Your role (reader) does not allow this page or action; it needs admin."),
        ("reader", "post", "/language", 400, "انگریزی یا اردو منتخب کریں۔",
         "Choose English or Urdu."),
        ("reader", "post", "/", 405, "یہ صفحہ اس طرح استعمال نہیں ہو سکتا",
         "The method is not allowed for the requested URL."),
    ],
)  # fmt: skip
def test_error_pages_are_in_urdu(app, role, method, path, status, urdu, english):
    response = getattr(urdu_client(app, role), method)(path, data={"language": "fr"})
    assert urdu in urdu_page(response, status)
    response = getattr(english_client(app, role), method)(path, data={"language": "fr"})
    assert english in response.get_data(as_text=True)


def test_a_form_refused_for_its_missing_csrf_token_says_so_in_urdu(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path), "SECRET_KEY": "x", "TESTING": True})
    client = reading(app.test_client(), URDU)
    refused = client.post("/sign-in", data={"username": "someone", "password": "x"})
    assert "یہ فارم قبول نہیں کیا جا سکا" in urdu_page(refused, 400)
    english = app.test_client().post("/sign-in", data={"username": "someone", "password": "x"})
    assert "This form could not be accepted" in english.get_data(as_text=True)


# The commands


def run(app, language: str, *args: str):
    """A `flask` command as run in a console whose LANG is `language`."""
    env = {"LANG": language, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None}
    return app.test_cli_runner().invoke(args=list(args), env=env)


def test_a_command_speaks_urdu_when_the_console_does(app):
    made = run(app, "ur_PK.UTF-8", "users", "create", "amina", "--role", "reviewer",
               "--password", "a long pass phrase")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert made.output.strip() == "amina اب بطور جائزہ کار سائن ان کر سکتے ہیں۔"
    refused = run(app, "ur_PK.UTF-8", "users", "set-role", "nobody", "reader")
    assert refused.exit_code == 1 and "nobody نام کا کوئی صارف نہیں۔" in refused.output
    english = run(app, "C.UTF-8", "users", "set-role", "amina", "documenter")
    assert english.output.strip() == "amina is now documenter."
