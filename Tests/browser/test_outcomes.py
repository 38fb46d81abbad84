import csv
import io

from playwright.sync_api import expect

from conftest import sign_in


def test_an_admin_opens_outcomes_switches_to_a_subgroup_view_and_downloads_the_csv(page):
    sign_in(page, "admin@demo.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outcomes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcomes")
    expect(page.get_by_role("heading", name="Participants by race/ethnicity")).to_be_visible()
    page.get_by_label("Student groups").select_option(label="Sex")
    page.get_by_label("Indicator").select_option(label="Paid work")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Paid work by sex")).to_be_visible()
    expect(page.get_by_role("img", name="Paid work: rate by group, with all students for reference")).to_be_visible()
    expect(page.get_by_role("img", name="Paid work: all students' rate by school year")).to_be_visible()
    shown = page.locator("table").nth(1).locator("tbody tr")
    expect(shown.first).to_contain_text("All students")
    rows_on_page = [[cell.inner_text() for cell in row.locator("td").all()] for row in shown.all()]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    table = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert table[0][:3] == ["Group", "Enrolled", "Paid work"]
    assert table[0][-2:] == ["Paid hours", "Earnings"]
    assert table[1:] == rows_on_page
    assert [row[0] for row in table[1:]] == ["All students", "Female", "Male", "Nonbinary (X)", "Not reported"]
