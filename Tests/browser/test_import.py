"""The admin checks a OneRoster set before anything is applied: uploads a zip, reads the error
at its file, line and column, fixes the file, uploads again, reads what applying it would do,
applies it, and finds the new student in People and the import among past imports."""
import io
import re
import zipfile

from playwright.sync_api import expect

from conftest import sign_in

MANIFEST = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\n"
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nd1,,,North,district,,\ns1,,,North High,school,,d1\n"
USERS = ("sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,"
         "agentSourcedIds,grades,password\nu1,,,true,ava,,Ava,Reyes,,,ava@north.test,,,,09,\n")
ROLES = "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n"


def set_zip(roles_rows):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in [("manifest.csv", MANIFEST), ("orgs.csv", ORGS), ("users.csv", USERS), ("roles.csv", ROLES + roles_rows)]:
            archive.writestr(name, text)
    return buffer.getvalue()


def upload(page, data):
    page.get_by_label("OneRoster set (.zip)").set_input_files(files=[{"name": "sis-export.zip", "mimeType": "application/zip", "buffer": data}])
    page.get_by_role("button", name="Check the set").click()


def test_admin_checks_a_set_fixes_it_applies_it_and_finds_the_students(page):
    sign_in(page, "admin@demo.test")
    page.goto("/district")
    page.get_by_role("link", name="Import from the student information system").click()
    upload(page, set_zip("r1,,,u1,primary,Student,,,s1,\nr2,,,u7,primary,student,,,s1,\n"))
    report = page.locator("#report")
    expect(report).to_contain_text("the set cannot be applied until its errors are fixed")
    error = report.locator("tr", has_text="u7")
    expect(error).to_contain_text("roles.csv")
    expect(error).to_contain_text("userSourcedId")
    expect(error.locator("td").nth(2)).to_have_text("3")
    warning = report.locator("tr", has_text="Student")
    expect(warning).to_contain_text(re.compile("writes student; read as that"))

    upload(page, set_zip("r1,,,u1,primary,student,,,s1,\n"))
    expect(page.locator("#report")).to_contain_text("0 errors, 0 warnings: the set can be applied.")
    expect(page.locator("#report").locator("tr", has_text="users.csv")).to_contain_text("1")
    plan = page.locator("#plan")
    expect(plan).to_contain_text("What applying it would do")
    expect(plan.locator("tr", has_text="users.csv").locator("td").nth(1)).to_have_text("1")

    page.get_by_role("button", name="Apply this set").click()
    expect(page.locator("#plan")).to_contain_text("What it did")
    page.get_by_role("link", name="Back to imports").click()
    expect(page.locator("#imports")).to_contain_text("sis-export.zip")

    page.goto("/people?q=reyes")
    expect(page.get_by_role("link", name=re.compile("Ava"))).to_be_visible()
