"""A coordinator builds and sends a survey, two students answer it on their phones (one is
told what is missing first), and the coordinator reads the results by group and as CSV."""
import re

from playwright.sync_api import expect

from conftest import sign_in


def test_coordinator_sends_a_survey_students_answer_on_phones_results_by_group(page, browser):
    sign_in(page, "coordinator@demo.test")
    page.goto("/surveys")
    form = page.locator("#new-survey")
    form.get_by_label("Start from").select_option(label="Student experience survey")
    form.get_by_label("Title").fill("Fall check-in (browser)")
    form.get_by_label(re.compile("^Anonymous")).check()
    form.get_by_label("Send to").select_option(label="Students")
    form.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", name="Fall check-in (browser)")).to_be_visible()
    expect(page.locator("#questions")).to_contain_text("I feel I belong on my team or at my worksite.")

    adding = page.locator("#add-question")
    adding.get_by_label("Question", exact=True).fill("How did you hear about the program?")
    adding.get_by_label("Answer", exact=True).select_option(label="One choice")
    adding.get_by_label(re.compile("^Choices")).fill("A teacher\nA friend\nA poster")
    adding.get_by_role("button", name="Add question").click()
    expect(page.get_by_text("The question is added.")).to_be_visible()
    page.get_by_role("button", name="Send the survey").click()
    expect(page.get_by_text(re.compile(r"Sent to \d+ people\."))).to_be_visible()
    survey_url = page.url.split("?")[0]

    for who, complete in (("student17@demo.test", False), ("student15@demo.test", True)):
        context = browser.new_context(base_url=page.url.split("/surveys")[0], viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
        phone = context.new_page()
        phone.set_default_timeout(10_000)
        sign_in(phone, who)
        phone.get_by_role("link", name=re.compile("Answer the survey “Fall check-in \\(browser\\)”")).click()
        expect(phone.get_by_text(re.compile("Anonymous: your answers are kept with no name"))).to_be_visible()
        if not complete:
            phone.get_by_role("button", name="Send my answers").click()
            expect(phone.get_by_text("Please answer the questions marked below")).to_be_visible()
        for prompt in ("I feel I belong on my team or at my worksite.", "There is an adult at work I can go to for help.",
                       "I am learning skills I will use in a career."):
            phone.get_by_role("radiogroup", name=prompt).get_by_label("Agree", exact=True).check()
        phone.get_by_role("radiogroup", name="What do you plan to do after high school?").get_by_label("A 2-year college").check()
        phone.get_by_role("group", name="Which did you do this year?").get_by_label("Paid work on a project team").check()
        phone.get_by_label(re.compile("What would make this program better")).fill("More afternoon hours.")
        phone.get_by_role("button", name="Send my answers").click()
        expect(phone.get_by_text("Thank you: your answers are in. They are kept with no name attached.")).to_be_visible()
        context.close()

    page.goto(survey_url)
    expect(page.locator("#status")).to_contain_text("2 of")
    page.get_by_role("button", name="Send a reminder").click()
    expect(page.get_by_text("Everyone who has not answered sees a reminder on their home.")).to_be_visible()
    page.get_by_role("link", name="Results").click()
    page.get_by_label("Student groups").select_option(label="English learner")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="I feel I belong on my team or at my worksite.")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("English learner")
    expect(page.locator("table").first).to_contain_text("suppressed")
    expect(page.get_by_text("More afternoon hours.")).to_have_count(0)
    expect(page.get_by_role("link", name="Download what is shown (CSV)")).to_be_visible()
