"""Writes a synthetic OneRoster 1.2 bulk set: one district, its schools, a school year with two
terms, courses, classes, and USERS users (students with a guardian each, and teachers), with
roles, demographics and nine enrollments per student. Deterministic for a seed.

    python3 Benchmarks/oneroster_set.py FOLDER [USERS=1000000] [CLASSES=20000] [SEED=7] [DOMAIN=synthetic.test]

DOMAIN names the people's email domain, so two sets can go into two districts of one installation.
"""
import csv
import os
import random
import sys

folder = sys.argv[1]
users = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
classes = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
random.seed(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
domain = sys.argv[5] if len(sys.argv) > 5 else "synthetic.test"
os.makedirs(folder, exist_ok=True)
schools = max(1, users // 2000)
teachers = max(1, users // 40)
students = (users - teachers) * 2 // 3
guardians = users - teachers - students
courses = max(1, classes // 8)


def writer(name, header):
    handle = open(os.path.join(folder, name), "w", newline="")
    out = csv.writer(handle, lineterminator="\r\n")
    out.writerow(header)
    return handle, out


with open(os.path.join(folder, "manifest.csv"), "w", newline="") as handle:
    rows = [("manifest.version", "1.0"), ("oneroster.version", "1.2")]
    rows += [(f"file.{name}", "bulk") for name in ("academicSessions", "classes", "courses", "demographics", "enrollments", "orgs", "roles", "users")]
    rows += [(f"file.{name}", "absent") for name in ("categories", "classResources", "courseResources", "lineItems", "resources", "results")]
    csv.writer(handle, lineterminator="\r\n").writerows([("propertyName", "value")] + rows + [("source.systemName", "Synthetic SIS")])

handle, out = writer("orgs.csv", ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"])
out.writerow(["org-d", "", "", "Synthetic District", "district", "0899999", ""])
for s in range(schools):
    out.writerow([f"org-s{s}", "", "", f"School {s}", "school", f"08999990{s:04d}", "org-d"])
handle.close()

handle, out = writer("academicSessions.csv", ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"])
out.writerows([["as-y", "", "", "2026-2027", "schoolYear", "2026-08-15", "2027-06-05", "", "2027"],
               ["as-t1", "", "", "Fall 2026", "term", "2026-08-15", "2026-12-20", "as-y", "2027"],
               ["as-t2", "", "", "Spring 2027", "term", "2027-01-05", "2027-06-05", "as-y", "2027"]])
handle.close()

handle, out = writer("courses.csv", ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"])
for c in range(courses):
    out.writerow([f"crs-{c}", "", "", "as-y", f"Course {c}", f"C{c:05d}", "09,10,11,12", f"org-s{c % schools}", "CTE", ""])
handle.close()

handle, out = writer("classes.csv", ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
                                     "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"])
for k in range(classes):
    c = k % courses
    out.writerow([f"cls-{k}", "", "", f"Course {c} section {k}", "09,10,11,12", f"crs-{c}", f"C{c:05d}-{k}", "scheduled", f"Room {k % 300}",
                  f"org-s{c % schools}", "as-t1,as-t2" if k % 2 else "as-t1", "", "", str(1 + k % 7)])
handle.close()

users_handle, users_out = writer("users.csv", ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName",
                                               "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
                                               "userMasterIdentifier", "preferredGivenName", "preferredMiddleName", "preferredFamilyName",
                                               "primaryOrgSourcedId", "pronouns", "metadata.economicallyDisadvantaged"])
roles_handle, roles_out = writer("roles.csv", ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate",
                                               "orgSourcedId", "userProfileSourcedId"])
demo_handle, demo_out = writer("demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                                                    "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white",
                                                    "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
                                                    "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus"])
enroll_handle, enroll_out = writer("enrollments.csv", ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId",
                                                       "role", "primary", "beginDate", "endDate"])
given = ["Ava", "Ben", "Chloe", "Diego", "Emma", "Farah", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya"]
family = ["Reyes", "Tran", "Nguyen", "Smith", "Garcia", "Johnson", "Lee", "Patel", "Brown", "Martinez", "Kim", "Lopez", "Davis", "Wilson"]
enrollment = 0
for t in range(teachers):
    school = t % schools
    users_out.writerow([f"usr-t{t}", "", "", "true", f"teacher{t}", "", random.choice(given), random.choice(family), "", f"T{t}",
                        f"teacher{t}@{domain}", "", "", "", "", "", "", "", "", "", f"org-s{school}", "", ""])
    roles_out.writerow([f"rol-t{t}", "", "", f"usr-t{t}", "primary", "teacher", "", "", f"org-s{school}", ""])
for s in range(students):
    school = s % schools
    grade = 9 + s % 4
    guardian = f"usr-g{s}" if s < guardians else ""
    users_out.writerow([f"usr-s{s}", "", "", "true", f"student{s}", f"{{SIS:{s}}}", random.choice(given), random.choice(family), "", f"S{s:07d}",
                        f"student{s}@{domain}", "", "", guardian, f"{grade:02d}", "", "", "", "", "", f"org-s{school}", "",
                        "Y" if s % 3 == 0 else "N"])
    roles_out.writerow([f"rol-s{s}", "", "", f"usr-s{s}", "primary", "student", "2026-08-15", "", f"org-s{school}", ""])
    race = random.randrange(7)
    demo_out.writerow([f"usr-s{s}", "", "", f"{2027 - grade - 5}-{1 + s % 12:02d}-{1 + s % 28:02d}", "female" if s % 2 else "male"]
                      + ["true" if race == r else "false" for r in range(5)] + ["false", "true" if race == 5 else "false", "US", "CO", "", ""])
    for k in random.sample(range(classes), 9):
        enroll_out.writerow([f"enr-{enrollment}", "", "", f"cls-{k}", f"org-s{(k % courses) % schools}", f"usr-s{s}", "student", "false", "2026-08-15", ""])
        enrollment += 1
for g in range(guardians):
    users_out.writerow([f"usr-g{g}", "", "", "true", f"guardian{g}", "", random.choice(given), random.choice(family), "", "",
                        f"guardian{g}@home.{domain}", "", "", f"usr-s{g}", "", "", "", "", "", "", "", "", ""])
    roles_out.writerow([f"rol-g{g}", "", "", f"usr-g{g}", "primary", "guardian", "", "", "org-d", ""])
for handle in (users_handle, roles_handle, demo_handle, enroll_handle):
    handle.close()
print(f"{folder}: {schools} schools, {courses} courses, {classes} classes, {teachers} teachers, {students} students, "
      f"{guardians} guardians, {enrollment} enrollments")
