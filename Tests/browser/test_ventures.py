"""The entrepreneurship pathway so far: a student logs a problem on a phone with a photo, a
classmate says "me too", the team starts a venture, saves two canvas versions and compares them."""
import base64
import datetime
import re

from playwright.sync_api import expect

from conftest import BASE_URL, sign_in

# A 1×1 PNG, as a phone's camera would hand over a (much larger) photo.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def phone_page(browser):
    page = browser.new_context(base_url=BASE_URL, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True).new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_problem_logged_on_a_phone_becomes_a_venture_with_two_canvas_versions(browser):
    stamp = datetime.datetime.now().strftime("%H%M%S%f")
    title = f"Quick costume changes take too long {stamp}"
    student = phone_page(browser)
    sign_in(student, "student17@demo.test")
    student.get_by_role("navigation", name="Main").get_by_role("link", name="Problem log").click()
    student.get_by_text("Log a problem").click()
    student.get_by_label("What is the problem?").fill(title)
    student.get_by_label("Where did you see it?").fill("Backstage, spring musical")
    student.get_by_label("Who does it affect?").fill("Actors with two roles")
    student.get_by_label("How often?").select_option(label="Every week")
    student.get_by_label("A photo (optional)").set_input_files({"name": "backstage.png", "mimeType": "image/png", "buffer": PIXEL})
    student.get_by_role("button", name="Log it").click()
    expect(student.get_by_role("heading", level=1)).to_have_text(title)
    expect(student.get_by_role("img", name=re.compile("Photo of the problem"))).to_be_visible()
    problem_url = student.url.split("?")[0]

    classmate = phone_page(browser)
    sign_in(classmate, "student15@demo.test")
    classmate.goto(problem_url)
    classmate.get_by_role("button", name="Me too").click()
    expect(classmate.get_by_text("1 me too")).to_be_visible()

    student.goto(problem_url)
    student.get_by_role("link", name="Start a venture on this problem").click()
    student.get_by_label("Venture name").fill(f"Reversible theater outfit {stamp}")
    student.get_by_role("button", name="Start the venture").click()
    expect(student.get_by_text("Venture started.")).to_be_visible()
    student.get_by_role("link", name="Write the canvas").click()
    student.get_by_label(re.compile("^Problem —")).fill("Costume changes take too long\nRenting two costumes is costly")
    student.get_by_label(re.compile("^Customer segments —")).fill("School theater departments")
    student.get_by_role("button", name="Save this version").click()
    expect(student.get_by_text("Saved as version 1.")).to_be_visible()
    student.get_by_role("link", name="Save a new version").click()
    student.get_by_label(re.compile("^Solution —")).fill("One outfit that turns inside out into the second costume")
    student.get_by_label(re.compile("^What changed")).fill("Found our solution after three interviews")
    student.get_by_role("button", name="Save this version").click()
    expect(student.get_by_text("Saved as version 2.")).to_be_visible()
    expect(student.get_by_role("heading", name="How the thinking changed: version 1 and version 2")).to_be_visible()
    expect(student.get_by_text("Solution added:")).to_be_visible()

    # A pitch night: the coordinator lines the venture up and invites a judge, who scores it on
    # a phone from the link; after closing, the team reads its results and feedback.
    coordinator = browser.new_context(base_url=BASE_URL).new_page()
    coordinator.set_default_timeout(10_000)
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.goto("/pitch-events")
    coordinator.get_by_text("Schedule an event").click()
    coordinator.get_by_label("Title").fill(f"Pitch night {stamp}")
    coordinator.get_by_label("Kind").select_option(label="Elevator pitch")
    coordinator.get_by_label("Day").fill(datetime.date.today().isoformat())
    coordinator.get_by_role("button", name="Schedule").click()
    coordinator.get_by_label("Add a venture").select_option(label=f"Reversible theater outfit {stamp}")
    coordinator.get_by_role("button", name="Add", exact=True).click()
    coordinator.get_by_label("First name").fill("Jordan")
    coordinator.get_by_label("Last name").fill("Ames")
    coordinator.get_by_label("Email").fill("judge@demo.test")
    coordinator.get_by_role("button", name="Invite and make a sign-in link").click()
    link = coordinator.locator("code").inner_text()
    coordinator.get_by_role("button", name="Open judging").click()
    expect(coordinator.get_by_text("Judging is open.")).to_be_visible()
    event_url = coordinator.url.split("?")[0]

    judge = phone_page(browser)
    judge.goto(link[link.index("/judge/"):])
    judge.get_by_role("link", name=f"Reversible theater outfit {stamp}").click()
    for criterion, level in [("Problem", 4), ("Solution", 4), ("Business model", 3), ("Delivery", 3)]:
        judge.locator(f'input[name="level.{criterion}"][value="{level}"]').check()
    judge.get_by_label("Feedback for the team").fill("Show the inside-out change live.")
    judge.get_by_role("button", name="Save").click()
    expect(judge.get_by_text("Saved.")).to_be_visible()

    coordinator.goto(event_url)
    coordinator.get_by_role("button", name="Close and share the results").click()
    expect(coordinator.get_by_text("Closed: results and feedback are shared.")).to_be_visible()
    student.goto(event_url)
    expect(student.get_by_role("heading", name="Results")).to_be_visible()
    expect(student.get_by_text("Show the inside-out change live.")).to_be_visible()
