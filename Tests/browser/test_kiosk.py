"""The kiosk at the center: a student sets a PIN on their phone, a lead opens a browser as a
kiosk, the student clocks in and out there with student number and PIN, staff close it.
The admin sets the district's work rules for minors."""
import re

from conftest import BASE_URL, sign_in


def test_student_uses_the_kiosk_a_lead_opened_then_closed(phone, browser):
    sign_in(phone, "student17@demo.test")
    phone.goto("/time")
    phone.get_by_label("New PIN (4 to 8 digits)").fill("1234")
    phone.get_by_label("The same PIN again").fill("1234")
    phone.locator("form[action='/time/pin'] button").click()
    assert "run of digits" in phone.content()
    phone.get_by_label("New PIN (4 to 8 digits)").fill("60817")
    phone.get_by_label("The same PIN again").fill("60817")
    phone.locator("form[action='/time/pin'] button").click()
    assert "Your kiosk PIN is set." in phone.content()

    kiosk_context = browser.new_context(base_url=BASE_URL, viewport={"width": 800, "height": 1000})
    kiosk = kiosk_context.new_page()
    kiosk.set_default_timeout(10_000)
    sign_in(kiosk, "lead@demo.test")
    kiosk.goto("/kiosks")
    kiosk.get_by_label("Kiosk name").fill("Innovation Center front desk")
    kiosk.click("button:has-text('Open as kiosk')")
    assert kiosk.url.endswith("/kiosk")
    assert "Innovation Center front desk" in kiosk.content()

    kiosk.get_by_label("Student number").fill("D170001")
    kiosk.get_by_label("PIN").fill("11111")
    kiosk.click("button:has-text('Continue')")
    assert "do not match" in kiosk.content()
    kiosk.get_by_label("Student number").fill("D170001")
    kiosk.get_by_label("PIN").fill("60817")
    kiosk.click("button:has-text('Continue')")
    assert "Hello, Jordan W." in kiosk.content()
    work = kiosk.locator("select[name=work]")
    work.select_option(label=[o for o in work.locator("option").all_inner_texts() if "Training" in o][0])
    kiosk.click("button:has-text('Clock in')")
    assert re.search(r"Jordan, you are clocked in since \d+:\d\d", kiosk.content())
    kiosk.get_by_label("Student number").fill("D170001")
    kiosk.get_by_label("PIN").fill("60817")
    kiosk.click("button:has-text('Continue')")
    kiosk.click("button:has-text('Clock out')")
    assert "Jordan, you are clocked out" in kiosk.content()

    staff_context = browser.new_context(base_url=BASE_URL)
    staff = staff_context.new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, "lead@demo.test")
    staff.goto("/kiosks")
    staff.locator("tr", has_text="Innovation Center front desk").locator("button:has-text('Close')").first.click()
    assert "Innovation Center front desk is closed" in staff.content()
    kiosk.goto("/kiosk")
    assert "not open as a kiosk" in kiosk.content()
    kiosk_context.close()
    staff_context.close()


def test_admin_sets_work_rules(page):
    sign_in(page, "admin@demo.test")
    page.goto("/district")
    page.click("a:has-text('Work rules for minors')")
    page.get_by_label("State rules").select_option("colorado")
    page.get_by_label("School day starts").fill("08:15")
    page.click("button:has-text('Save work rules')")
    assert "Work rules saved" in page.content()
    assert page.get_by_label("State rules").input_value() == "colorado"
    page.get_by_label("School day starts").fill("08:00")
    page.get_by_label("State rules").select_option("federal")
    page.click("button:has-text('Save work rules')")
    assert page.get_by_label("State rules").input_value() == "federal"
