import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor

@Suite("Directory pages")
struct DirectoryPageTests {
    @Test("the people page finds and filters")
    func list() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let all = try await browser.get("/people")
            #expect(all.status == .ok)
            #expect(all.text.contains("8 people"))
            let english = try await browser.get("/people?subgroup=flag:englishLearner&school=\(fixture.a.school)")
            #expect(english.text.contains("1 person"))
            #expect(english.text.contains("Alphason, Student"))
            #expect(!english.text.contains("Alphason, Other"))
            let grade = try await browser.get("/people?grade=12&role=student")
            #expect(grade.text.contains("Alphason, Other"))
            let bad = try await browser.get("/people?grade=13")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Grade must be"))
        }
    }

    @Test("staff see the whole student record; the edit button only for admins")
    func record() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await counselor.get("/people/\(fixture.a.student)")
            #expect(page.status == .ok)
            for text in ["A-1001", "2011-03-14", "Asian", "English learner", "Alpha High (Rural)", "Mentor Alphason"] {
                #expect(page.text.contains(text), "missing \(text)")
            }
            #expect(!page.text.contains("/edit\""))
            #expect(try await counselor.get("/people/\(fixture.a.student)/edit").status == .forbidden)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await admin.get("/people/\(fixture.a.student)").text.contains("/people/\(fixture.a.student.uuidString.lowercased())/edit"))
        }
    }

    @Test("adding a person through the form: inline errors first, then the record")
    func addPerson() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            let bad = try await browser.submit("/people", form: ["givenName": "Lee", "familyName": "", "email": "lee@",
                                                                 "studentNumber": "A-1001", "birthDate": "2011-01-01", "grade": "10"],
                                               from: "/people/new", pairs: [("roles[]", "student")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter a family name."))
            #expect(bad.text.contains("Enter an email address"))
            #expect(bad.text.contains("Another student already has this student number."))
            #expect(bad.text.contains("value=\"Lee\""))
            #expect(try await Person.query(on: app.db).filter(\.$givenName == "Lee").count() == 0)

            let good = try await browser.submit("/people", form: ["givenName": "Lee", "familyName": "Park", "email": "lee.park@alpha.test",
                                                                  "studentNumber": "A-3001", "birthDate": "2011-01-01", "grade": "10",
                                                                  "schoolId": fixture.a.school.uuidString, "raceEthnicity": "asian", "sex": "male"],
                                                from: "/people/new", pairs: [("roles[]", "student"), ("flags[]", "militaryConnected")])
            #expect(good.status == .seeOther)
            let record = try await browser.get(try #require(good.location))
            #expect(record.text.contains("Lee Park was added."))
            #expect(record.text.contains("Military-connected"))
        }
    }

    @Test("editing, disabling and connecting through the pages, each audited")
    func editDisableConnect() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            let student = fixture.a.student
            let edit = try await browser.get("/people/\(student)/edit")
            #expect(edit.text.contains("value=\"A-1001\""))
            let saved = try await browser.submit("/people/\(student)/edit", form: [
                "givenName": "Stu", "familyName": "Alphason", "email": fixture.a.email("student"), "studentNumber": "A-1001",
                "birthDate": "2011-03-14", "grade": "11", "schoolId": fixture.a.school.uuidString, "raceEthnicity": "asian", "sex": "female",
            ], from: "/people/\(student)/edit", pairs: [("roles[]", "student"), ("flags[]", "englishLearner")])
            #expect(saved.status == .seeOther)
            let profile = try await StudentProfile.query(on: app.db).filter(\.$person.$id == student).first()
            #expect(profile?.grade == 11)
            #expect(profile?.economicallyDisadvantaged == false)

            let connections = try await StudentConnection.query(on: app.db).filter(\.$student.$id == student).with(\.$contact).all()
            let mentorLink = try #require(connections.first { $0.$contact.id == fixture.a.mentor })
            #expect(try await browser.submit("/people/\(student)/connections/\(mentorLink.id!)/remove", form: [:],
                                             from: "/people/\(student)").status == .seeOther)
            #expect(try await StudentConnection.query(on: app.db).filter(\.$student.$id == student).count() == 2)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/people/\(student)", token: mentor).status == .notFound)
            #expect(try await browser.submit("/people/\(fixture.a.otherStudent)/connections", form: ["contactId": fixture.a.mentor.uuidString],
                                             from: "/people/\(fixture.a.otherStudent)").status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.otherStudent)", token: mentor).status == .ok)
            let notPartner = try await browser.submit("/people/\(fixture.a.otherStudent)/connections",
                                                      form: ["contactId": fixture.a.coordinator.uuidString], from: "/")
            #expect(notPartner.status == .unprocessableEntity)

            #expect(try await browser.submit("/people/\(student)/disable", form: [:], from: "/").status == .seeOther)
            let disabled = try await browser.get("/people/\(student)")
            #expect(disabled.text.contains("This account is disabled"))
            let entities = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).limit(4).all().map { "\($0.action) \($0.entity)" }
            #expect(entities == ["update person", "create studentConnection", "delete studentConnection", "update person"])
            let audit = try await browser.get("/audit?entity=\(student)")
            #expect(audit.status == .ok)
            #expect(audit.text.contains("disabled: false → true"))
        }
    }

    @Test("schools and district settings")
    func schoolsAndDistrict() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await browser.get("/schools").text.contains("Alpha High"))
            let added = try await browser.submit("/schools/new", form: ["name": "Alpha Tech", "locale": "town"], from: "/schools/new")
            #expect(added.status == .seeOther)
            let dup = try await browser.submit("/schools/new", form: ["name": "Alpha Tech", "locale": ""], from: "/schools/new")
            #expect(dup.status == .unprocessableEntity)
            #expect(dup.text.contains("already has a school"))

            let settings = try await browser.get("/district")
            #expect(settings.text.contains("America/Denver"))
            let bad = try await browser.submit("/district", form: [
                "name": "Alpha Unified", "timeZone": "Mars/Olympus", "schoolYearStartsOn": "2026-08-17", "schoolYearEndsOn": "2027-06-04",
                "nonSchoolDays": "2026-11-26..2026-11-27\nthanksgiving",
            ], from: "/district")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Line 2"))
            #expect(bad.text.contains("IANA time zone"))
            let good = try await browser.submit("/district", form: [
                "name": "Alpha Unified", "timeZone": "America/Chicago", "schoolYearStartsOn": "2026-08-17", "schoolYearEndsOn": "2027-06-04",
                "nonSchoolDays": "2026-11-26..2026-11-27\n2026-12-21..2027-01-01",
            ], from: "/district")
            #expect(good.status == .seeOther)
            let district = try #require(try await PathworkApp.District.find(fixture.a.id, on: app.db))
            #expect(district.timeZone == "America/Chicago")
            #expect(district.calendar.nonSchoolDays.count == 14)
            #expect(!district.calendar.isSchoolDay(.init(iso: "2026-11-26")!))
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get("/district").status == .forbidden)
            #expect(try await coordinator.get("/audit").status == .forbidden)
        }
    }
}
