"""Mentors: the background-check rule as a coordinator meets it, and a mentor's own page."""
import re

from playwright.sync_api import expect

from conftest import sign_in


def test_coordinator_cannot_assign_a_mentor_whose_check_expired(page):
    sign_in(page, "coordinator@demo.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Teams").click()
    page.get_by_role("link", name="AI Development", exact=True).click()
    page.get_by_label("Assign a mentor").select_option(label="Tom Becker — Colorado Fusion Center (retired)")
    page.get_by_role("button", name="Assign mentor").click()
    expect(page.get_by_role("alert")).to_contain_text("background check expired")


def test_mentor_sees_the_cyber_team_in_short_names_and_logs_a_session(page):
    sign_in(page, "mentor@demo.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentoring").click()
    team = page.locator("section", has=page.get_by_role("heading", name="Cybersecurity"))
    expect(team).to_contain_text("Maya T.")
    expect(team).not_to_contain_text("Torres")
    page.get_by_label("Team").select_option(label="Cybersecurity")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("Topic").fill("Log analysis with open-source tools")
    page.get_by_role("button", name="Log session").click()
    expect(page.get_by_text("Session logged.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"45 min · Log analysis with open-source tools"))).to_be_visible()


def test_client_leaves_feedback_after_completion(browser):
    from conftest import BASE_URL
    coordinator = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Engagements").click()
    coordinator.get_by_role("link", name="Cyber-awareness classes for residents").click()
    if coordinator.get_by_role("button", name="Mark completed").count():
        coordinator.get_by_role("button", name="Mark completed").click()
        expect(coordinator.get_by_text("The engagement is now completed.")).to_be_visible()
    url = coordinator.url.split("?")[0].replace(BASE_URL, "")

    contact = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(contact, "walter.greene@partners.demo.test")
    expect(contact.get_by_role("heading", level=1)).to_contain_text("Welcome")
    contact.goto(url)
    if contact.get_by_role("heading", name="How did it go?").count():
        contact.get_by_label("Satisfaction").select_option(label="5 of 5")
        contact.get_by_label("We would hire the team again").check()
        contact.get_by_label("Comment").fill("Residents loved the scam-spotting class.")
        contact.get_by_role("button", name="Send feedback").click()
        expect(contact.get_by_text("Thank you for your feedback.")).to_be_visible()
    expect(contact.get_by_text("Satisfaction 5 of 5 · would hire again")).to_be_visible()
