"""Opportunities: a partner proposes, the coordinator publishes, a student applies on a phone."""
import datetime
import re

from playwright.sync_api import expect

from conftest import sign_in


def test_a_student_on_a_phone_sees_why_not_and_applies_where_they_can(phone):
    sign_in(phone, "student15@demo.test")
    phone.goto("/opportunities")
    card = phone.locator("article", has=phone.get_by_role("link", name="Drone repair internship"))
    expect(card).to_contain_text("You must be 16 or older.")

    phone.context.clear_cookies()
    sign_in(phone, "student17@demo.test")
    phone.goto("/opportunities")
    phone.get_by_label("Only those I can apply to").check()
    phone.get_by_role("button", name="Filter").click()
    expect(phone.get_by_role("link", name="Drone flight operations internship")).to_be_visible()
    phone.get_by_role("link", name="Drone flight operations internship").click()
    if phone.get_by_role("button", name="Withdraw my application").count():
        phone.get_by_role("button", name="Withdraw my application").click()
        expect(phone.get_by_text("Application withdrawn.")).to_be_visible()
    phone.get_by_label("Why do you want to take part?").fill("I hold Part 107 and fly the show drones every week.")
    phone.get_by_role("button", name="Send application").click()
    expect(phone.get_by_text("Application sent.")).to_be_visible()


def test_a_partner_proposes_and_the_coordinator_publishes(browser):
    from conftest import BASE_URL
    title = f"Shop safety tour {datetime.datetime.now().strftime('%H%M%S%f')}"
    partner = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(partner, "supervisor@demo.test")
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Opportunities").click()
    partner.get_by_role("link", name="Propose an opportunity").click()
    partner.get_by_label("Title").fill(title)
    partner.get_by_label("Kind").select_option(label="Worksite tour")
    partner.get_by_label("First day").fill("2030-04-02")
    partner.get_by_role("button", name="Propose").click()
    expect(partner.get_by_text("Proposed; the coordinator publishes it.")).to_be_visible()

    coordinator = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.goto("/opportunities")
    coordinator.get_by_role("link", name=title).click()
    coordinator.get_by_role("button", name="Publish").click()
    expect(coordinator.get_by_text("Published.", exact=True)).to_be_visible()
