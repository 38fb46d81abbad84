"""A student takes the interest inventory on a phone and opens one of the suggestions."""
from playwright.sync_api import expect

from conftest import sign_in


def test_a_student_takes_the_inventory_on_a_phone_and_opens_a_suggestion(phone):
    sign_in(phone, "student15@demo.test")
    phone.goto("/explore/take")
    expect(phone.get_by_role("heading", level=1)).to_have_text("What kind of work sounds fun?")
    groups = phone.locator("fieldset")
    expect(groups).to_have_count(36)
    # Hands-on and creative work sounds fun; the rest is a maybe, except one question skipped.
    for index in range(36):
        group = groups.nth(index)
        legend = group.locator("legend").inner_text()
        if legend.startswith("Proofread"):
            continue
        fun = any(word in legend for word in ("drone", "Build", "Design", "Film", "engine", "Wire"))
        group.get_by_label("Sounds fun" if fun else "Maybe").check()
    phone.get_by_role("button", name="See my profile").click()
    expect(phone.locator(".error-summary")).to_contain_text("Proofread a report and catch every error")
    phone.locator("fieldset", has_text="Proofread a report").get_by_label("Not for me").check()
    phone.get_by_role("button", name="See my profile").click()

    expect(phone.get_by_text("Here is your interest profile.")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Your interest profile: RA")
    first = phone.locator("h2:has-text('Ideas to explore') + p + ol > li").first
    expect(first).to_contain_text("your scores in brackets")
    title = first.get_by_role("link").inner_text()
    first.get_by_role("link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Career clusters")
    opened = phone.locator("details[open]", has_text=title).first
    expect(opened.locator("li").first).to_be_visible()
    # Nothing scrolls sideways on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_student_shares_a_portfolio_link_and_takes_it_back(browser, phone):
    sign_in(phone, "student17@demo.test")
    phone.get_by_role("link", name="Portfolio").click()
    phone.get_by_label("Works for").select_option(label="7 days")
    phone.get_by_role("button", name="Make a share link").click()
    url = phone.locator("section", has_text="Your new link").get_by_role("link").inner_text()

    employer = browser.new_context()
    visitor = employer.new_page()
    visitor.goto(url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Jordan W. — portfolio")
    expect(visitor.locator("main")).to_contain_text("FAA Part 107 Remote Pilot — valid")
    for hidden in ("Whitfield", "D170001", "student17@demo.test"):
        expect(visitor.locator("body")).not_to_contain_text(hidden)
    visitor.get_by_role("link", name="verify").first.click()
    expect(visitor.get_by_text("Valid", exact=True)).to_be_visible()

    phone.locator("li", has_text="works until").first.get_by_role("button", name="Take back").click()
    expect(phone.get_by_text("That link no longer works.")).to_be_visible()
    response = visitor.goto(url)
    assert response.status == 404
    employer.close()


def test_a_counselor_builds_a_plan_from_a_template_and_sees_a_missing_prerequisite(page):
    sign_in(page, "counselor@demo.test")
    page.goto("/people?role=student&q=D150001")
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("link", name="Open the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan of study")
    page.get_by_label("Template").select_option(label="Cybersecurity (Network Systems)")
    page.get_by_role("button", name="Use this template").click()
    expect(page.get_by_text("The plan was saved.")).to_be_visible()
    # Nobody in the demo has completed SEC301, so taking it out leaves SEC401 without it.
    planned = page.locator("li", has_text="SEC301 Cybersecurity Operations")
    planned.get_by_role("button", name="Remove").click()
    expect(page.locator("li.warning", has_text="SEC401 needs SEC301 first")).to_be_visible()
    page.get_by_label("Add a course").select_option(label="SEC301 Cybersecurity Operations")
    page.get_by_label("In grade").select_option(label="11")
    page.get_by_role("button", name="Add to plan").click()
    expect(page.get_by_text("The plan was saved.")).to_be_visible()
    expect(page.locator("li.warning", has_text="SEC401 needs SEC301 first")).to_have_count(0)


def test_a_counselor_keeps_the_course_catalog_and_records_a_completed_course(page):
    sign_in(page, "counselor@demo.test")
    page.goto("/credentials")
    page.get_by_role("link", name="Courses and plan templates").click()
    page.get_by_text("Add a course").click()
    page.get_by_label("Code", exact=True).fill("MED101")
    page.get_by_label("Title", exact=True).fill("Medical Terminology")
    page.get_by_label("Credits (e.g. 1 or 0.5)").fill("0.25")
    page.get_by_role("button", name="Add course").click()
    expect(page.locator("#credits-error")).to_contain_text("Credits are in tenths")
    page.get_by_label("Credits (e.g. 1 or 0.5)").fill("0.5")
    page.get_by_label("Career pathway").select_option("HS.1")
    page.get_by_role("button", name="Add course").click()
    expect(page.get_by_text("Added MED101.")).to_be_visible()

    page.get_by_label("Find a course").fill("medical")
    page.get_by_role("button", name="Find").click()
    row = page.locator("tbody tr", has_text="MED101")
    expect(row).to_contain_text("0.5")
    row.get_by_role("link", name="MED101").click()
    page.get_by_label("Title", exact=True).fill("Medical Terminology I")
    page.get_by_role("button", name="Save course").click()
    expect(page.get_by_text("Saved MED101.")).to_be_visible()

    page.get_by_role("link", name="Add a template").click()
    page.get_by_label("Name").fill("Health Careers Starter")
    page.get_by_label("Career pathway").select_option("HS.1")
    page.get_by_label("Courses, one a line").fill("MED101 9\nMED102 ten")
    page.get_by_role("button", name="Save template").click()
    expect(page.locator("#courses-error")).to_contain_text("Line 2")
    page.get_by_label("Courses, one a line").fill("MED101 9")
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("Added the template “Health Careers Starter”.")).to_be_visible()

    page.goto("/people?role=student&q=D150001")
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("link", name="Open the plan").click()
    page.get_by_label("Record a completed course").select_option("MED101")
    page.get_by_role("button", name="Record completion").click()
    expect(page.get_by_text("Recorded MED101 as completed.")).to_be_visible()
    done = page.locator("li", has_text="MED101 Medical Terminology I")
    done.get_by_role("button", name="Take back").click()
    expect(page.get_by_text("The completion was taken back.")).to_be_visible()
    expect(page.locator("li", has_text="MED101 Medical Terminology I")).to_have_count(0)
