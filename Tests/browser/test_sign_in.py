"""Signing in and out as every demo role, and what each lands on."""
import re

import pytest
from playwright.sync_api import expect

from conftest import sign_in

HOMES = [
    ("admin@demo.test", "District admin", "Review the audit log"),
    ("coordinator@demo.test", "Program coordinator", "Active students"),
    ("lead@demo.test", "Team lead", "Find a person"),
    ("counselor@demo.test", "Counselor", "Active students"),
    ("student15@demo.test", "Student", "Your record"),
    ("student17@demo.test", "Student", "Your record"),
    ("mentor@demo.test", "Mentor", "Students you work with"),
    ("client@demo.test", "Client contact", "Students you work with"),
    ("supervisor@demo.test", "Worksite supervisor", "Students you work with"),
    ("analyst@demo.test", "Network analyst", "Cells with fewer than 10 students are suppressed"),
]


@pytest.mark.parametrize("email,role,landmark", HOMES)
def test_each_demo_role_signs_in_sees_its_home_and_signs_out(page, email, role, landmark):
    sign_in(page, email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".who")).to_contain_text(role)
    expect(page.get_by_text(landmark).first).to_be_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sign-in\?signedOut=1$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in"))


def test_wrong_password_shows_an_error(page):
    sign_in(page, "coordinator@demo.test", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right.")
    expect(page.get_by_label("Email")).to_have_value("coordinator@demo.test")


def test_a_form_posted_without_its_anti_forgery_token_is_refused(page, context):
    sign_in(page, "admin@demo.test")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    # The browser's own cookies, but no _csrf field: what a forged cross-site form sends.
    response = context.request.post("/district", form={"name": "Forged District"})
    assert response.status == 403
    assert "did not come from Pathwork" in response.text()
    page.goto("/district")
    expect(page.get_by_label("Name")).not_to_have_value("Forged District")


def test_students_phone_home_fits_the_screen(phone):
    sign_in(phone, "student15@demo.test")
    expect(phone.get_by_text("Your record")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide on a 375px phone"
