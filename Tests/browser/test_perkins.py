"""An admin sets the state's concentrator rule, marks a pathway non-traditional, and reads the
Perkins V report with its definitions; a coordinator reads it on a phone."""
import re

from playwright.sync_api import expect

from conftest import sign_in


def test_admin_sets_the_rule_and_reads_the_perkins_report(page):
    sign_in(page, "admin@demo.test")
    page.goto("/outcomes/perkins")
    page.get_by_label("School year").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    report = page.locator("#perkins")
    expect(report).to_contain_text("1S1 Four-year graduation rate")
    expect(report).to_contain_text("Two or more courses in one CTE program (Perkins V)")
    expect(page.locator("#definitions")).to_contain_text("(D) Single parents, including single pregnant women: counted as")

    page.get_by_role("link", name="Concentrator rule and non-traditional pathways").click()
    rule = page.locator("#rule")
    rule.get_by_label("The state's rule").select_option("twoCarnegieUnits")
    rule.get_by_role("button", name="Save rule").click()
    expect(page.get_by_text("Concentrators are now: Two or more Carnegie units in one CTE program (Colorado).")).to_be_visible()
    marks = page.locator("#nontraditional")
    marks.get_by_role("button", name="Mark pathway").click()
    expect(page.get_by_text("Choose a Career Clusters pathway.").first).to_be_visible()
    rule = page.locator("#rule")
    rule.get_by_label("The state's rule").select_option("twoCourses")
    rule.get_by_role("button", name="Save rule").click()
    expect(page.get_by_text("Concentrators are now: Two or more courses in one CTE program (Perkins V).")).to_be_visible()
    expect(page.locator("#nontraditional")).to_contain_text("non-traditional for female students")

    page.get_by_role("link", name="Back to the Perkins report").click()
    expect(page.get_by_role("link", name="Download for the state collection (CSV)")).to_be_visible()


def test_coordinator_reads_the_report_by_special_population_on_a_phone(phone):
    sign_in(phone, "coordinator@demo.test")
    phone.goto("/outcomes/perkins")
    phone.get_by_label("School year").select_option(index=1)
    phone.get_by_label("Student groups").select_option(label="Preparing for a non-traditional field")
    phone.get_by_role("button", name="Show").click()
    expect(phone.locator("#perkins-groups")).to_contain_text("Preparing for a non-traditional field")
    expect(phone.locator("#perkins-groups")).to_contain_text("Not in a non-traditional program")
