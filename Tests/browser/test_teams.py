"""Project teams as a coordinator runs them."""
import re
import time

from playwright.sync_api import expect

from conftest import sign_in


def nav(page, name):
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_coordinator_rotates_a_student_from_one_team_to_another(page):
    sign_in(page, "coordinator@demo.test")
    nav(page, "Teams")
    page.get_by_role("link", name="Web Studio", exact=True).click()
    first_row = page.locator("tbody tr").first
    student = first_row.locator("td").first.inner_text()
    first_row.get_by_role("link", name=re.compile("Rotate or end")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rotate {student}")
    page.get_by_label("Team").select_option(label="Video Production")
    page.get_by_label("Role").select_option(label="Editor")
    page.get_by_label("Hourly wage ($)").fill("16.50")
    page.get_by_role("button", name="Rotate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Video Production")
    expect(page.get_by_text("The student moved to Video Production.")).to_be_visible()
    row = page.locator("tbody tr", has_text=student)
    expect(row).to_contain_text("Editor")
    expect(row).to_contain_text("$16.50/h")
    row.get_by_role("link", name=student, exact=True).click()
    history = page.locator("section", has_text="Teams and roles")
    expect(history).to_contain_text("Video Production — Editor")
    expect(history).to_contain_text(re.compile(r"Web Studio — \w+, from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d"))


def test_coordinator_creates_a_team_with_a_barred_role_and_sees_the_refusal(page):
    sign_in(page, "coordinator@demo.test")
    nav(page, "Teams")
    page.get_by_role("link", name="Create a team").click()
    name = f"Machine Shop {int(time.time())}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Discipline").fill("fabrication")
    page.get_by_label("Lead").select_option(label="Leah Okafor")
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_text(f"{name} was created.")).to_be_visible()
    page.get_by_label("Role name").fill("Equipment maintenance")
    page.get_by_label("Barred for students under 16 (hazardous work)").check()
    page.get_by_role("button", name="Add role").click()
    expect(page.get_by_text("Role Equipment maintenance added.")).to_be_visible()
    page.get_by_label("Student", exact=True).select_option(label="Torres, Maya (D150001)")
    page.get_by_label("Role", exact=True).select_option(label="Equipment maintenance")
    page.get_by_role("button", name="Place student").click()
    expect(page.get_by_role("alert")).to_contain_text("bar this work for students under 16")
