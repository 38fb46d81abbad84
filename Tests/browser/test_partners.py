"""Partners: a coordinator finds a partner, logs a visit with a next step, and clears it from home."""
import datetime
import re

from playwright.sync_api import expect

from conftest import sign_in


def test_coordinator_logs_a_visit_and_clears_the_next_step_from_home(page):
    sign_in(page, "coordinator@demo.test")
    # The demo leaves one step overdue: it waits on the coordinator's home.
    expect(page.get_by_role("heading", name=re.compile("^Waiting for you"))).to_be_visible()
    expect(page.locator("li", has_text="Send Skyline the draft training agreement")).to_contain_text("Overdue")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    page.get_by_label("Works with us as").select_option(label="Worksite host")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_have_text("2 partners")
    page.get_by_role("link", name="Skyline Drone Works").click()
    expect(page.get_by_text("Flight operations lead")).to_be_visible()

    step = f"Confirm safety training dates {datetime.datetime.now().strftime('%H%M%S%f')}"
    page.get_by_text("Log an interaction").click()
    page.get_by_label("Kind").select_option(label="Site visit")
    page.get_by_label("What was discussed or done").fill(f"Walked the flight line with Sam ({step[-6:]}).")
    page.get_by_label("Next step (optional)").fill(step)
    page.get_by_label("Owner").select_option(label="Corey Nakamura")
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_role("alert")).to_contain_text("when the next step is due")
    # Due on the district's today, which the form's date starts at.
    page.get_by_label("Due", exact=True).fill(page.get_by_label("Date", exact=True).input_value())
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_text("Interaction logged.")).to_be_visible()
    expect(page.get_by_text(re.compile(f"Walked the flight line with Sam \\({step[-6:]}\\)"))).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    item = page.locator("li", has_text=step)
    expect(item).to_contain_text("Due today")
    item.get_by_role("button", name="Mark done").click()
    expect(page.get_by_text("Next step marked done.")).to_be_visible()
    expect(page.get_by_text(step)).to_have_count(0)


def test_supervisor_answers_the_yearly_questionnaire_and_the_coordinator_reads_it(browser):
    from conftest import BASE_URL
    supervisor = browser.new_context(base_url=BASE_URL, viewport={"width": 375, "height": 740}, is_mobile=True).new_page()
    sign_in(supervisor, "supervisor@demo.test")
    partnership = supervisor.locator("section", has=supervisor.get_by_role("heading", name="Your partnership with the district"))
    partnership.get_by_role("link", name=re.compile("this year's (questionnaire|answers)")).click()
    statements = supervisor.get_by_role("combobox")
    for index in range(statements.count()):
        statements.nth(index).select_option(label="Agree" if index != 2 else "Somewhat agree")
    comment = f"More flight roles next spring, please ({datetime.datetime.now().strftime('%H%M%S%f')})."
    supervisor.get_by_label("Anything else we should know?").fill(comment)
    supervisor.get_by_role("button", name="Send answers").click()
    expect(supervisor.get_by_text("Thank you: your answers are saved.")).to_be_visible()

    coordinator = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.goto("/partners")
    coordinator.get_by_role("link", name="Skyline Drone Works").click()
    expect(coordinator.get_by_role("heading", name=re.compile("^Partnership: "))).to_be_visible()
    coordinator.get_by_role("link", name="Drone internship partnership").click()
    expect(coordinator.get_by_text(comment)).to_be_visible()
    # Interns hosted is counted from the placements that started in the agreement's term.
    expect(coordinator.get_by_text(re.compile(r"\b\d+ of 10 students"))).to_be_visible()
