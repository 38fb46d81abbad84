"""Hours and pay: a student clocks in and out on a phone, a lead rejects then approves,
a coordinator closes a period, downloads payroll and issues an invoice the client then sees."""
import datetime
import re

from conftest import BASE_URL, sign_in


def test_student_clocks_in_and_out_on_a_phone(phone):
    sign_in(phone, "student17@demo.test")
    phone.goto("/time")
    assert "Not clocked in" in phone.content()
    work = phone.locator("select[name=work]").first
    training = [o for o in work.locator("option").all_inner_texts() if "Training" in o][0]
    work.select_option(label=training)
    phone.click("button:has-text('Clock in')")
    assert "Clocked in." in phone.content()
    assert "Clocked in since" in phone.content()
    # The page fits a phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.click("button:has-text('Clock out')")
    assert "Clocked out:" in phone.content()
    assert "Not clocked in" in phone.content()


def test_lead_rejects_then_approves(page):
    sign_in(page, "lead@demo.test")
    page.goto("/approvals")
    assert "Waiting for approval" in page.content()
    reason = page.locator("form.inline input[name=reason]").first
    reason.fill("Please add what you worked on")
    page.locator("form.inline button:has-text('Reject')").first.click()
    assert "Sent back to the student with your reason." in page.content()
    page.locator("input[name='ids[]']").first.check()
    page.locator("input[name='ids[]']").nth(1).check()
    page.click("button:has-text('Approve ticked entries')")
    assert "Approved 2 entries." in page.content()


def test_coordinator_closes_period_downloads_payroll_issues_invoice_client_sees_it(page, browser):
    sign_in(page, "coordinator@demo.test")
    page.goto("/payroll")
    page.fill("input[name=startsOn]", "2030-01-01")
    page.fill("input[name=endsOn]", "2030-01-14")
    page.click("button:has-text('Add pay period')")
    assert "Pay period 2030-01-01 to 2030-01-14 was added." in page.content()
    row = page.locator("tr", has_text="2030-01-01 to 2030-01-14")
    row.locator("button:has-text('Close period')").click()
    assert "Closed 2030-01-01 to 2030-01-14" in page.content()
    with page.expect_download() as download:
        page.locator("a:has-text('Download payroll CSV')").last.click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("studentNumber,familyName,givenName,approvedMinutes,hourlyWageCents,grossPayCents")
    assert len(text.strip().splitlines()) > 5

    today = datetime.date.today()
    page.goto("/invoices")
    page.select_option("select[name=clientId]", label="St. Vrain Water Treatment Plant")
    page.fill("input[name=periodStart]", (today - datetime.timedelta(days=60)).isoformat())
    page.fill("input[name=periodEnd]", today.isoformat())
    page.click("button:has-text('Draft invoice')")
    assert "Draft ready" in page.content()
    assert "Intake inspection and quarterly check-ups" in page.content()
    page.click("button:has-text('Issue invoice')")
    match = re.search(r"Invoice (INV-\d{5}) is issued", page.content())
    assert match

    client = browser.new_context(base_url=BASE_URL).new_page()
    sign_in(client, "client@demo.test")
    client.goto("/invoices")
    assert match.group(1) in client.content()
    client.click(f"a:has-text('{match.group(1)}')")
    assert "Intake inspection and quarterly check-ups" in client.content()
    client.context.close()


def test_student_adds_forgotten_time_then_changes_it_on_a_phone(phone):
    sign_in(phone, "student17@demo.test")
    phone.goto("/time")
    yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    add = phone.locator("form", has=phone.locator("button:has-text('Add entry')"))
    work = add.locator("select[name=work]")
    work.select_option(label=[o for o in work.locator("option").all_inner_texts() if "Training" in o][0])
    add.locator("input[name=date]").fill(yesterday)
    add.locator("input[name=from]").fill("07:00")
    add.locator("input[name=to]").fill("07:30")
    add.locator("button:has-text('Add entry')").click()
    assert f"Added 30 minutes on {yesterday}" in phone.content()
    phone.locator("tr", has_text="7:00–7:30").locator("a:has-text('Change')").click()
    assert phone.get_by_label("From").input_value() == "07:00"
    phone.get_by_label("To").fill("07:45")
    phone.click("button:has-text('Save entry')")
    assert f"Saved: 45 minutes on {yesterday}." in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
