"""Washington's High School and Beyond Plan: with Washington's rules on, a grade-12 student
updates the plan on a phone from the home queue and adds a résumé line (told what is missing
first); a counselor finds the plan waiting and signs it off; the dashboard offers the indicator
by grade. The overlay goes back to federal rules at the end, as in the papers test."""
from playwright.sync_api import expect

from conftest import sign_in
from test_work_authorizations import set_overlay


def test_a_student_updates_the_plan_on_a_phone_and_a_counselor_signs_it_off(browser, page, phone):
    sign_in(page, "admin@demo.test")
    set_overlay(page, "washington")
    try:
        sign_in(phone, "student17@demo.test")
        phone.get_by_role("link", name="Update your High School and Beyond Plan").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("High School and Beyond Plan: Jordan Whitfield")
        expect(phone.locator("#sign-off")).to_contain_text("Not yet signed off by a counselor this school year.")
        expect(phone.locator("#sign-off")).to_contain_text("Every part grade 12 requires is in the plan.")
        expect(phone.locator("#sign-off")).to_contain_text("Consuelo Barrett")  # last year's sign-off
        phone.get_by_label("Career goals").fill("Commercial drone pilot for site surveys, then a network security analyst.")
        phone.get_by_label("State assessments (Smarter Balanced or WA-AIM) at the graduation score").check()
        phone.get_by_role("button", name="Save the plan").click()
        expect(phone.get_by_text("The plan was saved.")).to_be_visible()
        expect(phone.get_by_label("State assessments (Smarter Balanced or WA-AIM) at the graduation score")).to_be_checked()

        resume = phone.locator("#resume")
        expect(resume).to_contain_text("FAA Part 107 Remote Pilot")  # drawn from Pathwork's credentials
        resume.get_by_label("Kind").select_option(label="Community service")
        resume.get_by_label("What it was").fill("Trail crew volunteer")
        resume.get_by_role("button", name="Add to the résumé").click()
        expect(phone.locator(".error-summary")).to_contain_text("Enter when it started")
        phone.locator("#resume").get_by_label("Started").fill("2026-06-15")
        phone.locator("#resume").get_by_label("How the school recognized it").fill("Counted toward the service cord")
        phone.locator("#resume").get_by_role("button", name="Add to the résumé").click()
        expect(phone.get_by_text("Added to the résumé.")).to_be_visible()
        expect(phone.locator("#resume")).to_contain_text("Trail crew volunteer")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375

        counselor = browser.new_page(base_url=page.url.split("/district")[0])
        sign_in(counselor, "counselor@demo.test")
        counselor.get_by_role("link", name="High School and Beyond Plans to sign off: 1").click()
        counselor.get_by_label("Status").select_option(label="Complete, waiting for sign-off")
        counselor.get_by_role("button", name="Show").click()
        counselor.get_by_role("link", name="Whitfield, Jordan").click()
        counselor.get_by_label("Note from the review").fill("Added the state assessment pathway; on track.")
        counselor.get_by_role("button", name="Sign off for 2026–27").click()
        expect(counselor.get_by_text("Signed off for this school year.")).to_be_visible()
        counselor.close()

        phone.reload()
        expect(phone.locator("#sign-off")).to_contain_text("Signed off by Consuelo Barrett on 2026")

        page.goto("/outcomes?indicator=beyondPlan&by=grade")
        expect(page.get_by_role("heading", name="Current High School and Beyond Plan by grade")).to_be_visible()
    finally:
        set_overlay(page, "federal")
