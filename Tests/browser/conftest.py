"""Browser tests: real Chromium (Debian's) driven by Playwright against a running demo server.

scripts/test starts `pathwork serve --demo` and passes its address in PATHWORK_URL.
"""
import os

import pytest
from playwright.sync_api import sync_playwright

BASE_URL = os.environ.get("PATHWORK_URL", "http://127.0.0.1:8080")
PASSWORD = "demo-password-1"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(base_url=BASE_URL)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def phone(browser):
    context = browser.new_context(base_url=BASE_URL, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email, password=PASSWORD):
    page.goto("/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
