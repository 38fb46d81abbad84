"""Washington's papers: the admin turns on Washington's rules and records the district's
endorsement; a 17-year-old's clock-in is refused until the coordinator records a
Parent/School Authorization on the student's page. The overlay goes back to federal rules at
the end, so the other tests see the demo as it was."""
from playwright.sync_api import expect

from conftest import sign_in


def set_overlay(page, value):
    page.goto("/district/work-rules")
    page.get_by_label("State rules").select_option(value)
    page.click("button:has-text('Save work rules')")
    expect(page.get_by_text("Work rules saved")).to_be_visible()


def test_washington_papers_are_recorded_and_a_clock_in_needs_them(browser, page, phone):
    sign_in(page, "admin@demo.test")
    set_overlay(page, "washington")
    try:
        law = page.locator("section", has=page.get_by_role("heading", name="The law your time is checked by"))
        expect(law).to_contain_text("SHB 1121, chapter 79, Laws of 2025")
        expect(law).to_contain_text("from 2026-07-01")
        expect(law).to_contain_text("WAC 296-125-0285")
        endorsement = page.locator("section", has=page.get_by_role("heading", name="The district's minor work permit endorsement"))
        endorsement.get_by_label("Current from").fill("2026-01-01")
        endorsement.get_by_label("Current until").fill("2027-12-31")
        endorsement.get_by_label("Reference (form number, who signed, where it is kept)").fill("UBI 604-000-000")
        endorsement.get_by_role("button", name="Record").click()
        expect(page.get_by_text("Minor work permit endorsement recorded")).to_be_visible()

        # Without a Parent/School Authorization the student is refused, whatever the hour.
        sign_in(phone, "student17@demo.test")
        phone.goto("/time")
        phone.click("button:has-text('Clock in')")
        expect(phone.get_by_text("No current Parent/School Authorization")).to_be_visible()
        assert "Not clocked in" in phone.content()

        coordinator = browser.new_page(base_url=page.url.split("/district")[0])
        sign_in(coordinator, "coordinator@demo.test")
        coordinator.goto("/people?q=Whitfield")
        coordinator.get_by_role("link", name="Whitfield, Jordan").click()
        papers = coordinator.locator("section", has=coordinator.get_by_role("heading", name="Work authorizations"))
        papers.get_by_label("Paper").select_option(label="Parent/School Authorization")
        papers.get_by_label("Current from").fill("2026-09-01")
        papers.get_by_role("button", name="Record").click()
        expect(coordinator.get_by_text("Parent/School Authorization recorded, current 2026-09-01 to 2027-09-30")).to_be_visible()
        row = coordinator.locator("tr", has_text="Parent/School Authorization")
        expect(row).to_contain_text("current")
        row.get_by_role("button", name="Revoke Parent/School Authorization from 2026-09-01").click()
        expect(coordinator.get_by_text("Parent/School Authorization revoked.")).to_be_visible()
        expect(coordinator.locator("tr", has_text="Parent/School Authorization")).to_contain_text("revoked")
        coordinator.close()
    finally:
        set_overlay(page, "federal")
