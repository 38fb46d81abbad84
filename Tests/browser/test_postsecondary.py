"""An admin imports the Clearinghouse's StudentTracker detail file for the newest graduating
class and opens the postsecondary dashboard; a coordinator records a student's graduation."""
import re

from playwright.sync_api import expect

from conftest import sign_in

HEADER = ("Your Unique Identifier,First Name,Middle Initial,Last Name,Name Suffix,Requester Return Field,Record Found Y/N,Search Date,"
          "College Code/Branch,College Name,College State,2-year / 4-year,Public / Private,Enrollment Begin,Enrollment End,"
          "Enrollment Status,Class Level,Graduated?,Graduation Date,Degree Title,College Sequence\n")


def detail_file(class_of):
    """Sixty graduates: the first 30 at a 4-year college this fall, the next 12 at a 2-year, the rest not found."""
    lines = [HEADER]
    for index in range(60):
        number = f"G{class_of % 100}{index + 1:03d}"
        if index < 30:
            lines.append(f"{number},A,,B,,,Y,{class_of}1101,DEMO01-00,UNIVERSITY OF COLORADO BOULDER,CO,4,Public,{class_of}0825,{class_of}1218,F,F,N,,,1\n")
        elif index < 42:
            lines.append(f"{number},A,,B,,,Y,{class_of}1101,DEMO03-00,FRONT RANGE COMMUNITY COLLEGE,CO,2,Public,{class_of}0822,{class_of}1212,H,F,N,,,1\n")
        else:
            lines.append(f"{number},A,,B,,,N,{class_of}1101,,,,,,,,,,,,,\n")
    return "".join(lines).encode()


def test_admin_imports_a_studenttracker_file_and_reads_the_dashboard(page):
    sign_in(page, "admin@demo.test")
    page.goto("/outcomes/postsecondary")
    heading = page.get_by_role("heading", level=1).inner_text()
    class_of = int(re.search(r"class of (\d{4})", heading).group(1))
    expect(page.get_by_text(f"The Clearinghouse searched 0 of the class's graduates.")).to_be_visible()

    page.get_by_role("link", name="Student files").first.click()
    card = page.locator("#upload-clearinghouse")
    card.get_by_label("File (.csv)").set_input_files(files=[{"name": "studenttracker.csv", "mimeType": "text/csv", "buffer": detail_file(class_of)}])
    card.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("No errors: it can be applied.")).to_be_visible()
    expect(page.locator("#report")).to_contain_text("Students matched")
    page.get_by_role("button", name="Apply this file").click()
    expect(page.get_by_text("Applied: 60 students' records replaced.")).to_be_visible()

    page.get_by_role("link", name="Postsecondary outcomes").click()
    expect(page.get_by_text(f"The Clearinghouse searched 60 of the class's graduates, most recently on {class_of}-11-01.")).to_be_visible()
    all_students = page.locator("#postsecondary tr", has=page.get_by_role("cell", name="All students", exact=True))
    expect(all_students).to_contain_text("42 (70.0%)")
    expect(all_students).to_contain_text("30 (50.0%)")
    expect(all_students).to_contain_text("12 (20.0%)")
    page.get_by_label("Student groups").select_option(label="Credential in high school")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#postsecondary")).to_contain_text("Earned a credential")


def test_a_file_with_an_error_names_its_line_and_changes_nothing(page):
    sign_in(page, "admin@demo.test")
    page.goto("/district/student-files")
    bad = HEADER.encode() + b"G25001,A,,B,,,Y,20251101,DEMO01-00,UNIVERSITY OF COLORADO BOULDER,CO,3,Public,20250825,20251218,F,F,N,,,1\n"
    card = page.locator("#upload-clearinghouse")
    card.get_by_label("File (.csv)").set_input_files(files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": bad}])
    card.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 error: fix the file and check it again. Nothing was changed.")).to_be_visible()
    row = page.locator("#report tr", has=page.get_by_role("cell", name="2-year / 4-year"))
    expect(row).to_contain_text("2")
    expect(page.get_by_role("button", name="Apply this file")).to_have_count(0)


def test_a_coordinator_records_a_students_graduation_on_a_phone(phone):
    sign_in(phone, "coordinator@demo.test")
    phone.goto("/people?q=student17")
    phone.get_by_role("link", name=re.compile("Jordan|student17", re.I)).first.click()
    section = phone.locator("#exit")
    expect(section).to_contain_text("No graduation or exit is recorded.")
    section.get_by_label("How the student left").select_option(label="Transferred out")
    section.get_by_label("Exit or graduation date").fill("2026-11-20")
    section.get_by_role("button", name="Save").click()
    expect(phone.get_by_text(re.compile(r"Recorded: transferred out on 2026-11-20"))).to_be_visible()
    section.get_by_label("How the student left").select_option(label="Still enrolled (no exit)")
    section.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("The exit is removed.")).to_be_visible()
