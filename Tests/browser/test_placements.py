"""The whole work-based-learning flow: a partner proposes an internship, a student applies on
a phone, the coordinator places them, all four sign, the supervisor approves hours and
evaluates on a phone, and the placement reaches the student's portfolio and Outcomes."""
import datetime
from zoneinfo import ZoneInfo
import re

from playwright.sync_api import expect

from conftest import BASE_URL, sign_in


def new_page(browser, phone=False):
    options = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True} if phone else {}
    page = browser.new_context(base_url=BASE_URL, **options).new_page()
    page.set_default_timeout(10_000)
    return page


def notice(page, text):
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def test_from_a_partner_proposal_to_a_completed_placement_in_the_portfolio_and_outcomes(browser):
    # The demo district's own day: in UTC, yesterday evening can still lie ahead in Denver.
    now = datetime.datetime.now(ZoneInfo("America/Denver"))
    stamp = now.strftime("%H%M%S%f")
    title = f"Drone shop internship {stamp}"
    first_day = (now.date() - datetime.timedelta(days=3)).isoformat()
    last_day = (now.date() + datetime.timedelta(days=120)).isoformat()

    partner = new_page(browser)
    sign_in(partner, "supervisor@demo.test")
    partner.goto("/opportunities/new")
    partner.get_by_label("Title").fill(title)
    partner.get_by_label("Kind").select_option(label="Internship")
    partner.get_by_label("Pay").select_option(label="Paid by the district")
    partner.get_by_label("Pathway").select_option(value="DT.6")
    partner.get_by_label("Seats").fill("2")
    partner.get_by_label("First day").fill(first_day)
    partner.get_by_label("Last day").fill(last_day)
    partner.get_by_role("button", name="Propose").click()
    notice(partner, "Proposed; the coordinator publishes it.")

    coordinator = new_page(browser)
    sign_in(coordinator, "coordinator@demo.test")
    expect(coordinator.get_by_role("link", name=f"Proposal to publish: {title}")).to_be_visible()
    coordinator.get_by_role("link", name=f"Proposal to publish: {title}").click()
    coordinator.get_by_role("button", name="Publish").click()
    notice(coordinator, "Published.")

    student = new_page(browser, phone=True)
    sign_in(student, "student17@demo.test")
    student.goto("/opportunities")
    student.get_by_role("link", name=title).click()
    student.get_by_label("Why do you want to take part?").fill("I keep our show drones flying and want to learn repairs properly.")
    student.get_by_role("button", name="Send application").click()
    notice(student, "Application sent.")

    coordinator.reload()
    coordinator.get_by_role("button", name="Offer a seat").click()
    notice(coordinator, "offered a seat")
    student.goto("/")
    student.get_by_role("button", name="Accept").first.click()
    student.goto("/opportunities")
    student.get_by_role("link", name=title).click()
    expect(student.get_by_text("Accepted", exact=True)).to_be_visible()

    coordinator.reload()
    coordinator.get_by_role("button", name="Place at the worksite").click()
    coordinator.get_by_label("Learning objectives").fill("Diagnose and repair quadcopter motors; test-fly repairs with a licensed pilot.")
    coordinator.get_by_label("Schedule").fill("Tuesdays and Fridays, 3:30–5:30 pm")
    coordinator.get_by_label("Safety training", exact=True).fill("Shop safety and LiPo battery handling")
    coordinator.get_by_label("Safety training completed").check()
    coordinator.get_by_label("Worksite supervisor").select_option(label="Sam Patel")
    coordinator.get_by_label("Hourly wage (dollars)").fill("16.50")
    coordinator.get_by_role("button", name="Save the agreement").click()
    notice(coordinator, "Agreement saved as version 2.")
    placement_url = coordinator.url.split("?")[0]

    guardian = new_page(browser, phone=True)
    sign_in(guardian, "guardian@demo.test")
    supervisor = new_page(browser, phone=True)
    sign_in(supervisor, "supervisor@demo.test")
    for signer, name in [(student, "Jordan Whitfield"), (guardian, "Renata Whitfield"), (supervisor, "Sam Patel"), (coordinator, "Corey Nakamura")]:
        signer.goto(placement_url)
        signer.get_by_label(re.compile("Type your full name to sign version 2")).fill(name)
        signer.get_by_role("button", name="Sign the agreement").click()
        notice(signer, "Signed")
    expect(coordinator.get_by_text("Everyone has signed version 2.")).to_be_visible()

    student.goto(placement_url)
    student.get_by_text("Log hours worked").click()
    worked = (now.date() - datetime.timedelta(days=1)).isoformat()
    start_minute = 18 * 60 + (now.second % 6) * 10
    student.get_by_label("Date", exact=True).fill(worked)
    student.get_by_label("From", exact=True).fill(f"{start_minute // 60:02d}:{start_minute % 60:02d}")
    student.get_by_label("To", exact=True).fill(f"{(start_minute + 60) // 60:02d}:{(start_minute + 60) % 60:02d}")
    student.get_by_role("button", name="Send to my supervisor").click()
    notice(student, "your supervisor approves them")

    supervisor.goto("/")
    item = supervisor.locator("li", has=supervisor.get_by_role("link", name="Hours to approve: Jordan W."))
    item.get_by_role("button", name=re.compile("Approve")).click()
    notice(supervisor, "Approved")
    supervisor.goto(placement_url)
    expect(supervisor.get_by_text("Jordan Whitfield")).to_have_count(0)
    for point in ["midpoint evaluation", "final evaluation"]:
        for criterion, level in [("Communication", 3), ("Teamwork", 4), ("Professionalism", 3), ("Problem solving", 3), ("Technical skill", 4)]:
            supervisor.locator(f'input[name="rating.{criterion}"][value="{level}"]').check()
        supervisor.get_by_role("button", name=f"Submit the {point}").click()
        notice(supervisor, "evaluation recorded")

    student.goto(placement_url)
    student.get_by_label("What did you learn at the worksite?").fill("I learned to trace a motor fault before swapping parts.")
    student.get_by_role("button", name="Save my reflection").click()
    notice(student, "Reflection saved.")

    coordinator.goto(placement_url)
    coordinator.get_by_role("button", name="Complete the placement").click()
    notice(coordinator, "Completed")

    student.goto("/portfolio")
    student.get_by_role("button", name=re.compile("link", re.I)).first.click()
    link = student.locator("a[href*='/p/']").first.get_attribute("href")
    student.goto(link)
    expect(student.get_by_text(title)).to_be_visible()
    expect(student.get_by_text("I learned to trace a motor fault before swapping parts.")).to_be_visible()

    coordinator.goto("/outcomes")
    coordinator.get_by_label("Indicator").select_option(label="Worksite placements")
    coordinator.get_by_role("button", name="Show").click()
    expect(coordinator.get_by_role("heading", name=re.compile("Worksite placements by"))).to_be_visible()
    expect(coordinator.locator("table").nth(1)).to_contain_text("Worksite hours (all placements)")
