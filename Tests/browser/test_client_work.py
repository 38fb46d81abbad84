"""From a client's call to an accepted deliverable, across three people's browsers."""
import re
import time

from playwright.sync_api import expect

from conftest import BASE_URL, sign_in


def test_request_becomes_engagement_with_visits_then_deliverable_is_accepted(browser):
    stamp = str(int(time.time()))
    client = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(client, "client@demo.test")
    expect(client.get_by_role("heading", name="Your engagements")).to_be_visible()
    client.get_by_role("link", name="Request work").first.click()
    client.get_by_label("What do you need?").fill(f"Inspect clarifier tank {stamp}")
    client.get_by_label("What is wrong, in a few sentences").fill("Sludge is building up faster than usual.")
    client.get_by_label("Where").fill("Clarifier 2")
    client.get_by_role("button", name="Send request").click()
    expect(client.get_by_text("Your request was sent.")).to_be_visible()
    expect(client.locator("tbody")).to_contain_text(f"Inspect clarifier tank {stamp}")

    coordinator = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    coordinator.get_by_role("link", name=f"Inspect clarifier tank {stamp}").click()
    coordinator.get_by_label("Team").select_option(label="Aquatic Robotics")
    coordinator.get_by_label("Hourly rate ($)").fill("45.00")
    coordinator.get_by_label("First visit").fill("2027-03-01")
    coordinator.get_by_label("Every").select_option(label="Quarterly")
    coordinator.get_by_label("Number of visits").fill("4")
    coordinator.get_by_role("button", name="Propose engagement").click()
    expect(coordinator.get_by_text("The engagement was proposed.")).to_be_visible()
    for due in ["2027-03-01", "2027-06-01", "2027-09-01", "2027-12-01"]:
        expect(coordinator.get_by_text(re.compile(f"^{due} — scheduled"))).to_be_visible()
    coordinator.get_by_role("button", name="Mark active").click()
    expect(coordinator.get_by_text("The engagement is now active.")).to_be_visible()
    engagement_url = coordinator.url.split("?")[0]

    lead = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(lead, "lead@demo.test")
    lead.goto(engagement_url.replace(BASE_URL, ""))
    lead.get_by_label("Title").fill("Clarifier sludge report")
    lead.get_by_label("Due on").fill("2026-12-15")
    lead.get_by_role("button", name="Add deliverable").click()
    expect(lead.get_by_text("Clarifier sludge report was added.")).to_be_visible()
    card = lead.locator(".card", has=lead.get_by_role("heading", name="Clarifier sludge report"))
    card.get_by_label(re.compile("Attach a file")).set_input_files(
        files=[{"name": "sludge-readings.csv", "mimeType": "text/csv", "buffer": b"tank,depth_cm\nclarifier 2,41\n"}])
    card.get_by_role("button", name="Attach", exact=True).click()
    expect(lead.get_by_text("sludge-readings.csv is attached to Clarifier sludge report.")).to_be_visible()
    lead.get_by_role("button", name="Submit Clarifier sludge report to the client").click()
    expect(lead.get_by_text("Clarifier sludge report: submitted for review.")).to_be_visible()

    client.goto("/")
    client.get_by_role("link", name=re.compile("Clarifier sludge report")).click()
    client.get_by_role("button", name="Accept Clarifier sludge report").click()
    expect(client.get_by_text("Clarifier sludge report: accepted.")).to_be_visible()
    card = client.locator(".card", has=client.get_by_role("heading", name="Clarifier sludge report"))
    expect(card).to_contain_text("Accepted")
    expect(card).to_contain_text("Submitted for review")
    with client.expect_download() as download:
        card.get_by_role("link", name="sludge-readings.csv").click()
    assert open(download.value.path(), "rb").read() == b"tank,depth_cm\nclarifier 2,41\n"


def test_client_sees_the_reason_a_request_was_declined(page):
    sign_in(page, "client@demo.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    expect(page.locator("tbody")).to_contain_text("Algae in the intake pipes")
    # Another client's requests are not listed.
    expect(page.locator("main")).not_to_contain_text("Drone show for the spring festival")
